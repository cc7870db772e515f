#!/usr/bin/env python3
"""Robustness: mypy with the plugin must never crash, on generated programs or on mypy's own tests.

1. `--programs N` random async-heavy modules (``program_generator.py``), `--batch` of them per
   mypy run as separate modules, each batch under one of several flag sets (strict, default,
   warn-unreachable with extra codes, Python 3.9 with untyped defs checked).
2. With `--mypy-test-data DIR` (mypy's ``test-data/unit``): every case of every ``*.test`` file
   there that mentions ``async``/``await``, written out as files.  Single-file cases are checked in
   batches (grouped by their ``# flags:``), multi-file cases one by one.

mypy runs with ``MYPY_ASYNC_PLUGIN_DEBUG=1``, so an exception inside the plugin is raised instead of
being swallowed.  A *crash* is a traceback, ``INTERNAL ERROR``, or an exit status other than 0, 1
and 2.  A batch that crashes or stops at a blocking error is re-checked module by module so that
the culprit is named; crashing inputs are copied to ``WORKDIR/crashes/``.  The mypy and plugin are
whatever the interpreter running this script has installed.

Standard library only; Python >= 3.9.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from mypy_test_data import Case, read_cases, write_case
from program_generator import generate_program

FLAG_SETS: list[list[str]] = [
    ["--strict"],
    [],
    [
        "--strict",
        "--warn-unreachable",
        "--enable-error-code=truthy-bool",
        "--enable-error-code=ignore-without-code",
        "--enable-error-code=redundant-expr",
        "--disable-error-code=misc",
    ],
    ["--python-version=3.10", "--check-untyped-defs"],
]
CONFIG = "[mypy]\nplugins = mypy_async_plugin\nshow_traceback = True\n"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "mypy-async-plugin-fuzz"


class Result(NamedTuple):
    status: int
    output: str

    @property
    def crashed(self) -> bool:
        text = self.output
        return (
            self.status not in (0, 1, 2)
            or "Traceback (most recent call last)" in text
            or "INTERNAL ERROR" in text
        )

    @property
    def blocked(self) -> bool:
        """mypy stopped at a blocking error (exit status 2) without crashing."""
        return self.status == 2 and not self.crashed


class Fuzzer:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.config = workdir / "mypy.ini"
        self.config.write_text(CONFIG)
        self.crashes: list[tuple[str, Path, str]] = []
        self.runs = 0

    def mypy(self, cwd: Path, targets: list[str], flags: list[str]) -> Result:
        self.runs += 1
        cache = self.workdir / "cache" / ("-".join(flags) or "default").replace("/", "_")
        cmd = [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(self.config),
            "--cache-dir",
            str(cache),
            *flags,
            *targets,
        ]
        env = {**_clean_environment(), "MYPY_ASYNC_PLUGIN_DEBUG": "1"}
        proc = subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True)
        return Result(proc.returncode, proc.stdout + proc.stderr)

    def record_crash(self, what: str, inputs: Path, result: Result) -> None:
        keep = self.workdir / "crashes" / f"{len(self.crashes):03d}"
        if keep.exists():
            shutil.rmtree(keep)
        shutil.copytree(inputs, keep) if inputs.is_dir() else _copy_file(inputs, keep)
        (keep / "mypy-output.txt").write_text(result.output)
        self.crashes.append((what, keep, _last_lines(result.output)))
        print(f"CRASH: {what} (kept in {keep})\n{_last_lines(result.output)}", file=sys.stderr)

    # ------------------------------------------------------------------ generated programs

    def fuzz_programs(self, count: int, batch: int, seed: int) -> Counter[str]:
        rng = random.Random(seed)
        tally: Counter[str] = Counter()
        root = self.workdir / "programs"
        if root.exists():
            shutil.rmtree(root)
        for start in range(0, count, batch):
            directory = root / f"batch_{start // batch:03d}"
            directory.mkdir(parents=True)
            names = []
            for i in range(start, min(start + batch, count)):
                name = f"prog_{i:05d}.py"
                (directory / name).write_text(generate_program(rng))
                names.append(name)
            flags = FLAG_SETS[(start // batch) % len(FLAG_SETS)]
            result = self.mypy(directory, names, flags)
            tally["programs"] += len(names)
            print(
                f"[programs {start + len(names)}/{count}] exit {result.status} "
                f"flags {' '.join(flags) or '(none)'}",
                file=sys.stderr,
            )
            if result.crashed or result.blocked:
                tally["batches re-checked one by one"] += 1
                for name in names:
                    alone = self.mypy(directory, [name], flags)
                    if alone.crashed:
                        self.record_crash(
                            f"{directory.name}/{name} {flags}", directory / name, alone
                        )
                        tally["crashes"] += 1
                    elif alone.blocked:
                        tally["blocking errors"] += 1
        return tally

    # ------------------------------------------------------------------ mypy's test data

    def fuzz_test_data(self, test_data: Path, batch: int) -> Counter[str]:
        tally: Counter[str] = Counter()
        cases = [c for f in sorted(test_data.glob("*.test")) for c in read_cases(f) if c.is_async]
        root = self.workdir / "test-data"
        if root.exists():
            shutil.rmtree(root)
        singles: dict[tuple[str, ...], list[tuple[int, Case]]] = {}
        for index, case in enumerate(cases):
            tally[f"cases from {case.source_file}"] += 1
            if len(case.files) == 1:
                singles.setdefault(tuple(case.flags), []).append((index, case))
            else:
                directory = root / f"case_{index:04d}"
                write_case(case, directory)
                self._check_case(case, directory, ["main.py"], tally)
        for group_number, (flags, group) in enumerate(singles.items()):
            for start in range(0, len(group), batch):
                chunk = group[start : start + batch]
                directory = root / f"singles_{group_number:03d}_{start:04d}"
                directory.mkdir(parents=True)
                names = []
                for index, case in chunk:
                    name = f"case_{index:04d}.py"
                    (directory / name).write_text(case.files["main.py"], encoding="utf-8")
                    names.append(name)
                result = self._mypy_with_flags(directory, names, list(flags))
                if result.crashed or result.blocked:
                    for (_, case), name in zip(chunk, names):
                        self._check_case(case, directory, [name], tally, directory / name)
                else:
                    tally["cases checked"] += len(chunk)
        print(f"[test data] {len(cases)} async cases checked", file=sys.stderr)
        return tally

    def _check_case(
        self,
        case: Case,
        directory: Path,
        targets: list[str],
        tally: Counter[str],
        keep: Path | None = None,
    ) -> None:
        result = self._mypy_with_flags(directory, targets, case.flags)
        tally["cases checked"] += 1
        if result.crashed:
            tally["crashes"] += 1
            self.record_crash(f"{case.source_file}::{case.name}", keep or directory, result)
        elif result.blocked:
            tally["cases mypy stops at (blocking error, no crash)"] += 1

    def _mypy_with_flags(self, directory: Path, targets: list[str], flags: list[str]) -> Result:
        result = self.mypy(directory, targets, flags)
        if result.blocked and flags and "usage:" in result.output:
            # A flag of another mypy version (or of mypy's test harness only): check without.
            result = self.mypy(directory, targets, [])
        return result


def _clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}


def _copy_file(source: Path, keep: Path) -> None:
    keep.mkdir(parents=True)
    shutil.copy(source, keep / source.name)


def _last_lines(text: str, count: int = 12) -> str:
    return "\n".join(text.splitlines()[-count:])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--programs", type=int, default=1000, help="generated programs to check")
    p.add_argument("--batch", type=int, default=100, help="modules per mypy run")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--mypy-test-data",
        type=Path,
        help="mypy's test-data/unit directory (from a clone of python/mypy)",
    )
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    fuzzer = Fuzzer(args.workdir.resolve())
    tally = fuzzer.fuzz_programs(args.programs, args.batch, args.seed)
    if args.mypy_test_data:
        tally += fuzzer.fuzz_test_data(args.mypy_test_data.resolve(), args.batch)
    tally["mypy runs"] = fuzzer.runs
    print("## Fuzzing")
    print()
    for key, value in sorted(tally.items()):
        print(f"- {key}: {value}")
    print(f"- crashes: {len(fuzzer.crashes)}")
    for what, kept, tail in fuzzer.crashes:
        print(f"\n### {what}\n\nkept in `{kept}`\n\n```\n{tail}\n```")
    return 1 if fuzzer.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
