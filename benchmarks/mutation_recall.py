#!/usr/bin/env python3
"""Mutation recall: inject the mistakes users make into correct real async code, one at a time,
and count how often mypy with the plugin reports each on the mutated line with the right code.

For each selected package: find every mutation site (``mutations.py``), sample ``--per-kind``
sites per mutation kind across the packages with a fixed seed, copy the package, prime a mypy
cache with one full check, then for each mutant write the edited module, check only that module
(everything else comes from the warm cache) and restore it.

A mutant is *caught* when an error with one of the kind's codes is reported on one of its check
lines.  A mutant that is not caught is shown again to mypy with ``reveal_type()`` around the
expression the mistake is about, in the unmutated code; it is *excluded* (not a testable mistake)
when that expression is typed ``Any`` or mypy does not check it at all (unreachable code), or when
the mutant swaps ``with``/``async with`` or ``for``/``async for`` and nothing at all reports it:
the object then supports both protocols, so the mutant is still correct code.  Everything else is a
*miss*, listed with mypy's output.

Standard library only; Python >= 3.9.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diagnostics import parse_diagnostic
from mutations import (
    KINDS,
    Mutant,
    find_async_with_uses,
    find_mutants,
    iter_modules,
    probe_source,
)
from realcode import (
    Bench,
    CheckedPackage,
    add_setup_arguments,
    log,
    package_names,
    prepare_bench,
)

REVEALED_RE = re.compile(r'Revealed type is "(?P<type>.*)"')
SWAPS = frozenset({"async-for-to-for", "async-with-to-with", "with-to-async-with"})
"""Kinds whose mutant is still correct code if the object supports both protocols."""


@dataclass
class Outcome:
    package: str
    mutant: Mutant
    verdict: str  # caught, excluded, missed, crash
    reason: str = ""
    lines: list[str] = field(default_factory=list)
    """mypy's lines that the mutant added (for misses), or the catching line."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_setup_arguments(p, default_packages="all")
    p.add_argument("--per-kind", type=int, default=20, help="mutants sampled per mutation kind")
    p.add_argument("--seed", type=int, default=5, help="seed of the sample")
    p.add_argument(
        "--kinds", nargs="+", default=list(KINDS), choices=KINDS, help="mutation kinds to run"
    )
    p.add_argument("--out", type=Path, help="also write the markdown report to this file")
    p.add_argument("--json", type=Path, help="also write every outcome as JSON")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = package_names(args.packages)
    bench = prepare_bench(args)
    packages = {name: bench.package(name) for name in names}
    sites = {name: collect_sites(pkg, args.kinds) for name, pkg in packages.items()}
    sample = sample_sites(sites, args.per_kind, args.seed)
    outcomes: list[Outcome] = []
    for name in names:
        chosen = [m for pkg, m in sample if pkg == name]
        if chosen:
            outcomes += MutationRun(bench, packages[name]).run(chosen)
    report = build_report(outcomes, args, bench.plugin, sites)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
        log(f"wrote {args.out}")
    if args.json:
        raw = [
            {
                "package": o.package,
                "kind": o.mutant.context,
                "path": o.mutant.path,
                "line": o.mutant.line,
                "code": o.mutant.described,
                "verdict": o.verdict,
                "reason": o.reason,
                "lines": o.lines,
            }
            for o in outcomes
        ]
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
    return 0


def collect_sites(package: CheckedPackage, kinds: Sequence[str]) -> list[Mutant]:
    modules = {
        str(Path(path).relative_to(package.root)): Path(path).read_bytes()
        for path in iter_modules(str(package.target))
    }
    uses = find_async_with_uses(modules)
    found: list[Mutant] = []
    for path, source in modules.items():
        try:
            mutants = find_mutants(source, path, uses)
        except (SyntaxError, ValueError):
            continue  # a file this Python cannot parse: mypy would not check it either
        found += [m for m in mutants if m.kind in kinds]
    return found


def sample_sites(
    sites: dict[str, list[Mutant]], per_kind: int, seed: int
) -> list[tuple[str, Mutant]]:
    """Up to `per_kind` sites of each kind (of each context, for a dropped `await`), taken in
    turn from each package that has some."""
    rng = random.Random(seed)
    chosen: list[tuple[str, Mutant]] = []
    contexts = sorted({m.context for ms in sites.values() for m in ms}, key=_kind_order)
    for context in contexts:
        pools = {}
        for name in sorted(sites):
            pool = [m for m in sites[name] if m.context == context]
            rng.shuffle(pool)
            if pool:
                pools[name] = pool
        taken = 0
        while pools and taken < per_kind:
            for name in list(pools):
                if taken >= per_kind:
                    break
                mutant = pools[name].pop()
                if mutant.compiles():
                    chosen.append((name, mutant))
                    taken += 1
                if not pools[name]:
                    del pools[name]
    return chosen


class MutationRun:
    """One package copied to a scratch directory, its cache warm, checked module by module."""

    def __init__(self, bench: Bench, package: CheckedPackage) -> None:
        self.bench = bench
        self.package = package
        self.name = package.spec.name
        self.root = bench.workdir / "mutation" / self.name
        self.cache = bench.workdir / "cache" / "mutation" / self.name
        self.baselines: dict[str, list[str]] = {}
        self.clock = int(time.time())

    def run(self, mutants: list[Mutant]) -> list[Outcome]:
        self._copy_package()
        log(f"[{self.name}] priming the cache")
        self._mypy([self.package.relative_target])
        outcomes = []
        for i, mutant in enumerate(mutants, 1):
            outcome = self._try(mutant)
            log(
                f"[{self.name} {i}/{len(mutants)}] {mutant.context} "
                f"{mutant.path}:{mutant.line}: {outcome.verdict} {outcome.reason}"
            )
            outcomes.append(outcome)
        return outcomes

    def _copy_package(self) -> None:
        top = self._top_package()
        if self.root.exists():
            shutil.rmtree(self.root)
        if self.cache.exists():
            shutil.rmtree(self.cache)
        shutil.copytree(
            self.package.root / top,
            self.root / top,
            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"),
        )

    def _top_package(self) -> Path:
        """The outermost package containing the checked one (`lib/sqlalchemy` for ext/asyncio)."""
        relative = Path(self.package.relative_target)
        for depth in range(1, len(relative.parts) + 1):
            prefix = Path(*relative.parts[:depth])
            if (self.package.root / prefix / "__init__.py").exists():
                return prefix
        return relative

    def _mypy(self, targets: list[str]) -> tuple[int, list[str]]:
        cmd = [
            *self.bench.mypy_cmd,
            "--config-file",
            str(self.package.configs["plugin"]),
            "--cache-dir",
            str(self.cache),
            "--show-column-numbers",
            *targets,
        ]
        env = {**self.bench.env, "MYPY_ASYNC_PLUGIN_DEBUG": "1"}
        proc = subprocess.run(cmd, cwd=self.root, env=env, text=True, capture_output=True)
        return proc.returncode, (proc.stdout + proc.stderr).splitlines()

    def _check(self, mutant: Mutant, source: bytes) -> tuple[int, list[str]]:
        file = self.root / mutant.path
        original = file.read_bytes()
        self._write(file, source)
        try:
            return self._mypy(_targets(mutant))
        finally:
            self._write(file, original)

    def _write(self, file: Path, content: bytes) -> None:
        """Write with a modification time never used before: mypy takes a file whose size and
        whole-second mtime match its cache entry as unchanged, and two mutants of one module
        often have the same size."""
        file.write_bytes(content)
        self.clock += 1
        os.utime(file, (self.clock, self.clock))

    def _baseline(self, mutant: Mutant) -> list[str]:
        targets = _targets(mutant)
        key = "\0".join(targets)
        if key not in self.baselines:
            self.baselines[key] = self._mypy(targets)[1]
        return self.baselines[key]

    def _try(self, mutant: Mutant) -> Outcome:
        baseline = self._baseline(mutant)
        status, lines = self._check(mutant, mutant.source)
        if status not in (0, 1):
            return Outcome(self.name, mutant, "crash", f"mypy exit status {status}", lines[-30:])
        for line in lines:
            d = parse_diagnostic(line)
            if (
                d is not None
                and d.severity == "error"
                and (d.path, d.line) in mutant.check_at
                and d.code in mutant.expected
            ):
                return Outcome(self.name, mutant, "caught", d.code or "", [line])
        added = list((Counter(lines) - Counter(baseline)).elements())
        return self._explain_miss(mutant, added)

    def _explain_miss(self, mutant: Mutant, added: list[str]) -> Outcome:
        if mutant.kind == "drop-asynccontextmanager" and not any(map(_is_error, added)):
            # Any checked `async with` of the undecorated function draws an error from mypy.
            reason = "no checked use of this function (the uses found by name call another one)"
            return Outcome(self.name, mutant, "excluded", reason, added)
        original = (self.root / mutant.path).read_bytes()
        _, probe = self._check(mutant, probe_source(original, mutant.subject))
        revealed = None
        for line in probe:
            d = parse_diagnostic(line)
            match = REVEALED_RE.search(line)
            if d is not None and d.path == mutant.path and d.line == mutant.subject.line and match:
                revealed = match.group("type")
                break
        if revealed is None:
            reason = "not checked by mypy (unreachable code for this platform/version)"
            return Outcome(self.name, mutant, "excluded", reason, added)
        if revealed == "Any":
            return Outcome(self.name, mutant, "excluded", "typed Any", added)
        if mutant.kind in SWAPS and not any(_is_error(line) for line in added):
            reason = f"still correct: {revealed} supports both protocols"
            return Outcome(self.name, mutant, "excluded", reason, added)
        flagged = sorted({d.code or "?" for d in map(parse_diagnostic, added) if d and d.code})
        reason = f"type {revealed}; " + (
            f"reported only as {', '.join(flagged)}" if flagged else "nothing reported"
        )
        return Outcome(self.name, mutant, "missed", reason, added)


def _targets(mutant: Mutant) -> list[str]:
    """The mutated module first, then the other modules where the mistake must be reported."""
    return [mutant.path, *sorted({path for path, _ in mutant.check_at} - {mutant.path})]


def _is_error(line: str) -> bool:
    d = parse_diagnostic(line)
    return d is not None and d.severity == "error"


def build_report(
    outcomes: list[Outcome],
    args: argparse.Namespace,
    plugin: dict[str, str],
    sites: dict[str, list[Mutant]],
) -> str:
    by_context: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_context[o.mutant.context].append(o)
    out = [
        "## Mutation recall",
        "",
        f"plugin: `{plugin['file']}` (sha256 of its .py files {plugin['sha256']}); "
        f"packages: {', '.join(sorted(sites))}; {args.per_kind} sampled sites per kind, "
        f"seed {args.seed}",
        "",
        "| mutation (where the value went) | sites found | sampled | caught | excluded | missed "
        "| recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    found = Counter(m.context for ms in sites.values() for m in ms)
    for context in sorted(by_context, key=_kind_order):
        group = by_context[context]
        verdicts = Counter(o.verdict for o in group)
        testable = len(group) - verdicts["excluded"]
        # One decimal: 18 of 19 is 94.7 %, which a whole percentage would round up to 95 %.
        recall = f"{verdicts['caught'] / testable:.1%}" if testable else "n/a"
        out.append(
            f"| {context} | {found[context]} | {len(group)} | {verdicts['caught']} "
            f"| {verdicts['excluded']} | {verdicts['missed'] + verdicts['crash']} | {recall} |"
        )
    for verdict in ("crash", "missed", "excluded"):
        listed = [o for o in outcomes if o.verdict == verdict]
        if not listed:
            continue
        out += ["", f"### {verdict} ({len(listed)})", ""]
        for o in listed:
            out.append(
                f"- {o.mutant.context} at {o.package}: `{o.mutant.path}:{o.mutant.line}` "
                f"`{o.mutant.described}`: {o.reason}"
            )
            if verdict != "excluded":
                out += [f"  - `{line}`" for line in o.lines[:6]]
    return "\n".join(out)


def _kind_order(context: str) -> tuple[int, str]:
    return KINDS.index(context.split(":")[0]), context


if __name__ == "__main__":
    sys.exit(main())
