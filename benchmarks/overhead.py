#!/usr/bin/env python3
"""Measure what ``mypy_async_plugin`` costs on top of plain mypy, on real async packages.

For every package it downloads a pinned release from PyPI, installs the package's runtime
dependencies into one benchmark venv (together with the same mypy version as the interpreter
running this script, and the plugin), then type-checks the package's source directory with two
configurations that differ only in ``plugins = mypy_async_plugin``.  Runs alternate between the
two variants, each variant has its own cache directory, and every run is a separate process whose
wall time (``time.perf_counter``) and peak RSS (``os.wait4``) are recorded.

Standard library only; Python >= 3.9; POSIX only (``os.wait4``).  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from diagnostics import count_errors, diff_outputs, parse_diagnostics
from realcode import (
    PACKAGES,
    PLUGIN_MODULE,
    add_setup_arguments,
    describe_plugin,
    log,
    package_names,
    prepare_bench,
    run_checked,
    venv_python,
)

VARIANTS = ("plain", "plugin")
IREFS_RE = re.compile(r"I\s+refs:\s+([\d,]+)")
LAYOUT_STEP = 1000
"""Objects allocated before mypy starts, per heap layout after the first (see --layouts)."""


# --------------------------------------------------------------------------- helpers


def mib(kib: int) -> float:
    return kib / 1024.0


# --------------------------------------------------------------------------- running mypy


@dataclass
class RunResult:
    variant: str
    mode: str
    index: int
    wall_s: float
    cpu_s: float  # user + sys of the child (and any children it waited for)
    peak_rss_kib: int
    exit_code: int
    n_errors: int
    lines: list[str] = field(repr=False)


@dataclass(frozen=True)
class Job:
    """Everything that is the same for all mypy runs of one package."""

    mypy_cmd: list[str]
    extra_args: list[str]
    cwd: Path
    target: str
    env: dict[str, str]
    log_dir: Path

    def command(self, config: Path, cache_dir: Path) -> list[str]:
        return [
            *self.mypy_cmd,
            "--config-file",
            str(config),
            "--cache-dir",
            str(cache_dir),
            *self.extra_args,
            self.target,
        ]


def run_mypy(
    job: Job, config: Path, cache_dir: Path, tag: str
) -> tuple[float, float, int, int, str]:
    """Run one mypy process; return (wall s, CPU s, peak RSS KiB, exit code, stdout)."""
    cmd = job.command(config, cache_dir)
    job.log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = job.log_dir / f"{tag}.out", job.log_dir / f"{tag}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=str(job.cwd), env=job.env)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    exit_code = os.waitstatus_to_exitcode(status)
    proc.returncode = exit_code  # the child is reaped; keep Popen from waiting for it again
    peak = rusage.ru_maxrss
    if sys.platform == "darwin":  # bytes there, KiB on Linux
        peak //= 1024
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    if exit_code not in (0, 1):
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        raise SystemExit(
            f"mypy failed (exit code {exit_code}) for {tag}:\n$ {' '.join(cmd)}\n"
            f"{stdout[-3000:]}{stderr[-3000:]}"
        )
    return wall, rusage.ru_utime + rusage.ru_stime, peak, exit_code, stdout


def run_cachegrind(
    job: Job, config: Path, cache_dir: Path, tag: str, layout: int = 0
) -> tuple[int, float]:
    """One cold run under cachegrind; return (instructions executed, wall seconds).

    `layout` > 0 shifts where mypy's objects land in memory: mypy hashes its classes by
    address, and whether a hash fits a small integer changes the instructions executed (by up
    to 0.5 % for the same program). Averaging a few layouts measures the program, not the luck.
    """
    if cache_dir.exists():
        shutil.rmtree(cache_dir)
    log_dir = job.log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    vg_log = log_dir / f"{tag}.valgrind"
    command = job.command(config, cache_dir)
    if layout:
        python, _, _, *mypy_args = command  # python -m mypy ...
        padding = (
            "import runpy, sys; "
            f"_layout = [bytes(n % 500) for n in range({layout * LAYOUT_STEP})]; "
            "sys.argv[0] = 'mypy'; runpy.run_module('mypy', run_name='__main__', alter_sys=True)"
        )
        command = [python, "-c", padding, *mypy_args]
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        f"--log-file={vg_log}",
        *command,
    ]
    log("$ " + " ".join(cmd))
    # A fixed hash seed makes set/dict iteration order, and so the instruction count, repeatable.
    env = {**job.env, "PYTHONHASHSEED": "0"}
    with (log_dir / f"{tag}.out").open("wb") as out, (log_dir / f"{tag}.err").open("wb") as err:
        t0 = time.perf_counter()
        rc = subprocess.call(cmd, stdout=out, stderr=err, cwd=str(job.cwd), env=env)
        wall = time.perf_counter() - t0
    if rc not in (0, 1):
        raise SystemExit(f"mypy under valgrind failed with exit code {rc}; see {log_dir}")
    match = IREFS_RE.search(vg_log.read_text(errors="replace"))
    if match is None:
        raise SystemExit(f"no 'I refs' line in {vg_log}")
    return int(match.group(1).replace(",", "")), wall


# --------------------------------------------------------------------------- analysis


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def ratio(a: float, b: float) -> str:
    return f"{b / a:.3f}" if a else "n/a"


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_setup_arguments(p)
    p.add_argument("--repeats", type=int, default=3, help="timed runs per variant and mode")
    p.add_argument("--mode", choices=("cold", "warm", "both"), default="both")
    p.add_argument("--out", type=Path, help="also write the markdown report to this file")
    p.add_argument("--json", type=Path, help="also write every run's raw numbers as JSON")
    p.add_argument(
        "--mypy-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for every mypy run, e.g. --mypy-arg=--num-workers=2 (repeatable)",
    )
    p.add_argument(
        "--cachegrind",
        action="store_true",
        help="also count instructions of one cold run per variant under valgrind (slow: ~20x)",
    )
    p.add_argument(
        "--layouts",
        type=int,
        default=1,
        help="with --cachegrind: heap layouts to average over, one run per variant each",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="with --cachegrind: runs at a time (instruction counts do not depend on load)",
    )
    p.add_argument(
        "--max-diff-lines", type=int, default=40, help="diagnostic lines to list per package"
    )
    return p.parse_args(argv)


def machine_info(
    venv: Path, env: dict[str, str], plugin: dict[str, str], load_at_start: tuple[float, ...]
) -> list[str]:
    py = run_checked(
        [str(venv_python(venv)), "-c", "import sys; print(sys.version.split()[0])"]
    ).stdout.strip()
    mypy_v = subprocess.run(
        [str(venv_python(venv)), "-m", "mypy", "--version"],
        text=True,
        capture_output=True,
        env=env,
    ).stdout.strip()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    start = " / ".join(f"{x:.2f}" for x in load_at_start)
    end = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- machine: {platform.system()} {platform.machine()}, {cpu}, "
        f"nproc {affinity if affinity is not None else os.cpu_count()} "
        f"(cpu_count {os.cpu_count()}); load average (1/5/15 min) at start {start}, at end {end}"
        " (wall times are only comparable on an otherwise idle machine)",
        f"- python: {py} ({venv_python(venv)})",
        f"- mypy: {mypy_v}",
        f"- plugin: `{PLUGIN_MODULE}` from `{plugin['file']}` (sha256 of its .py files "
        f"{plugin['sha256']})"
        + (f", PYTHONPATH={env['PYTHONPATH']}" if "PYTHONPATH" in env else ""),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = package_names(args.packages)
    if args.repeats < 1:
        raise SystemExit("--repeats must be >= 1")
    if not hasattr(os, "wait4"):
        raise SystemExit("os.wait4 is not available on this platform (POSIX only)")
    if args.cachegrind and shutil.which("valgrind") is None:
        raise SystemExit("--cachegrind needs valgrind on PATH")
    if args.layouts < 1 or args.jobs < 1:
        raise SystemExit("--layouts and --jobs must be >= 1")
    modes = ["cold", "warm"] if args.mode == "both" else [args.mode]
    bench = prepare_bench(args)
    venv, env, plugin, workdir = bench.venv, bench.env, bench.plugin, bench.workdir
    run_stamp = time.strftime("%Y%m%d-%H%M%S")
    load_at_start = os.getloadavg()

    results: dict[str, list[RunResult]] = {}
    cachegrind: dict[str, dict[str, list[tuple[int, float]]]] = {}
    cachegrind_jobs: list[tuple[str, str, int, Job, Path, Path]] = []
    for name in names:
        package = bench.package(name)
        spec, configs = package.spec, package.configs
        job = Job(
            bench.mypy_cmd,
            list(args.mypy_arg),
            package.root,
            package.relative_target,
            env,
            workdir / "logs" / run_stamp / name,
        )
        cache_root = workdir / "cache" / f"{spec.name}-{spec.version}"
        runs: list[RunResult] = []
        for mode in modes:
            caches = {v: cache_root / mode / v for v in VARIANTS}
            if mode == "warm":
                for v in VARIANTS:
                    if caches[v].exists():
                        shutil.rmtree(caches[v])
                    log(f"[{name} warm] priming {v} cache (untimed)")
                    run_mypy(job, configs[v], caches[v], f"warm-prime-{v}")
            for i in range(args.repeats):
                # Alternate variants, and flip which goes first every repeat to cancel order bias.
                order = VARIANTS if i % 2 == 0 else VARIANTS[::-1]
                for v in order:
                    if mode == "cold" and caches[v].exists():
                        shutil.rmtree(caches[v])
                    wall, cpu, peak, rc, stdout = run_mypy(
                        job, configs[v], caches[v], f"{mode}-{i}-{v}"
                    )
                    lines = parse_diagnostics(stdout)
                    res = RunResult(v, mode, i, wall, cpu, peak, rc, count_errors(lines), lines)
                    runs.append(res)
                    log(
                        f"[{name} {mode} {i + 1}/{args.repeats}] {v:6s} {wall:7.2f} s wall "
                        f"{cpu:7.2f} s cpu "
                        f"{mib(peak):7.1f} MiB  {res.n_errors} errors"
                    )
        results[name] = runs
        if args.cachegrind:
            for layout in range(args.layouts):
                for v in VARIANTS:
                    cache_dir = cache_root / "cachegrind" / f"{v}-{layout}"
                    cachegrind_jobs.append((name, v, layout, job, configs[v], cache_dir))

    def count(task: tuple[str, str, int, Job, Path, Path]) -> tuple[int, float]:
        name, v, layout, job, config, cache_dir = task
        log(f"[{name} cachegrind] {v}, layout {layout} (one cold run; this is slow)")
        found = run_cachegrind(job, config, cache_dir, f"cachegrind-{v}-{layout}", layout)
        log(f"[{name} cachegrind] {v}, layout {layout}: {found[0]:,} I refs")
        return found

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for task, found in zip(cachegrind_jobs, pool.map(count, cachegrind_jobs)):
            cachegrind.setdefault(task[0], {}).setdefault(task[1], []).append(found)

    machine = machine_info(venv, env, plugin, load_at_start)
    plugin_after = describe_plugin(venv, env)
    if plugin_after["sha256"] != plugin["sha256"]:
        machine.append(
            f"- **WARNING: the plugin's sources changed during the run** ({plugin['sha256']} -> "
            f"{plugin_after['sha256']}): runs mix plugin versions and warm caches may have been "
            "invalidated. Re-run with --freeze."
        )
    report = build_report(args, names, modes, results, cachegrind, machine)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n")
        log(f"wrote {args.out}")
    if args.json:
        raw = {
            "plugin": plugin,
            "runs": {n: [asdict(r) for r in rs] for n, rs in results.items()},
            "cachegrind": cachegrind,
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
        log(f"wrote {args.json}")
    return 0


def build_report(
    args: argparse.Namespace,
    names: list[str],
    modes: list[str],
    results: dict[str, list[RunResult]],
    cachegrind: dict[str, dict[str, list[tuple[int, float]]]],
    machine: list[str],
) -> str:
    out: list[str] = ["## mypy_async_plugin overhead", ""]
    out += machine
    out.append(
        f"- method: `mypy <pkg dir>` from the {args.dist}, config `ignore_missing_imports = True`, "
        f"`follow_imports = silent`; plugin config adds `plugins = {PLUGIN_MODULE}`; "
        f"{args.repeats} timed runs per variant, alternating; medians; cold = cache dir "
        "deleted before each run, warm = cache primed by one untimed run"
        + (f"; extra mypy args: `{' '.join(args.mypy_arg)}`" if args.mypy_arg else "")
    )
    out.append("")
    out.append(
        "| package | mode | wall plain (s) | wall plugin (s) | ratio "
        "| peak RSS plain (MiB) | peak RSS plugin (MiB) | ratio | errors plain | errors plugin "
        "| CPU plain (s) | CPU plugin (s) | ratio |"
    )
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes: list[str] = []
    for name in names:
        spec = PACKAGES[name]
        for mode in modes:
            by = {
                v: [r for r in results[name] if r.mode == mode and r.variant == v] for v in VARIANTS
            }
            wall = {v: median([r.wall_s for r in by[v]]) for v in VARIANTS}
            cpu = {v: median([r.cpu_s for r in by[v]]) for v in VARIANTS}
            rss = {v: median([mib(r.peak_rss_kib) for r in by[v]]) for v in VARIANTS}
            errs: dict[str, str] = {}
            for v in VARIANTS:
                counts = sorted({r.n_errors for r in by[v]})
                errs[v] = "/".join(str(c) for c in counts)
                if len(counts) > 1:
                    notes.append(f"- {name} {mode} {v}: error count differs between runs {counts}")
            out.append(
                f"| {spec.name} {spec.version} | {mode} | {wall['plain']:.2f} | "
                f"{wall['plugin']:.2f} | {ratio(wall['plain'], wall['plugin'])} | "
                f"{rss['plain']:.0f} | {rss['plugin']:.0f} | "
                f"{ratio(rss['plain'], rss['plugin'])} | {errs['plain']} | {errs['plugin']} | "
                f"{cpu['plain']:.2f} | {cpu['plugin']:.2f} | {ratio(cpu['plain'], cpu['plugin'])} |"
            )
            for v in VARIANTS:
                times = ", ".join(f"{r.wall_s:.2f}" for r in by[v])
                cpus = ", ".join(f"{r.cpu_s:.2f}" for r in by[v])
                notes.append(f"- {name} {mode} {v}: wall (s) {times}; CPU (s) {cpus}")
    if notes:
        out += ["", "Per-run detail:", "", *notes]

    if cachegrind:
        layouts = len(next(iter(cachegrind.values()))["plain"])
        out += [
            "",
            "Instructions executed in cold runs under "
            "`valgrind --tool=cachegrind --cache-sim=no`, with `PYTHONHASHSEED=0`"
            + (
                f", one run per variant in each of {layouts} heap layouts (mean; the per-layout "
                "ratios show how much the layout alone moves them):"
                if layouts > 1
                else ", one run per variant:"
            ),
            "",
            "| package | I refs plain | I refs plugin | ratio | per-layout ratios "
            "| valgrind wall plain (s) | valgrind wall plugin (s) |",
            "|---|---:|---:|---:|---|---:|---:|",
        ]
        for name, cg in cachegrind.items():
            plain = [i for i, _ in cg["plain"]]
            plugin_irefs = [i for i, _ in cg["plugin"]]
            ip, ig = statistics.mean(plain), statistics.mean(plugin_irefs)
            each = ", ".join(ratio(a, b) for a, b in zip(plain, plugin_irefs))
            wp = statistics.mean(w for _, w in cg["plain"])
            wg = statistics.mean(w for _, w in cg["plugin"])
            out.append(
                f"| {name} | {ip:,.0f} | {ig:,.0f} | {ratio(ip, ig)} | {each} "
                f"| {wp:.0f} | {wg:.0f} |"
            )
        out.append("")
        for name, cg in cachegrind.items():
            for v in VARIANTS:
                runs = ", ".join(f"{i:,}" for i, _ in cg[v])
                out.append(f"- {name} {v}: I refs by layout {runs}")

    for name in names:
        first = {
            v: next(r for r in results[name] if r.variant == v and r.mode == modes[0])
            for v in VARIANTS
        }
        d = diff_outputs(first["plain"].lines, first["plugin"].lines)
        n_added_err = count_errors(d.added)
        out += [
            "",
            f"### {name}: diagnostics, first {modes[0]} run of each variant",
            "",
            f"Errors the plugin adds: {n_added_err} error line(s) "
            f"({len(d.added)} line(s) including notes) present only in the plugin run.",
        ]
        out += _listing(d.added, args.max_diff_lines)
        out += [
            "",
            f"Errors the plugin removes/rewrites: {len(d.removed) + len(d.rewritten)} line(s) "
            f"of the plain run are missing from the plugin run: {len(d.rewritten)} rewritten "
            f"(same file:line still reported), {len(d.removed)} removed.",
        ]
        out += _listing(d.rewritten + d.removed, args.max_diff_lines)
        plain_errs = [ln for ln in first["plain"].lines if count_errors([ln])]
        if plain_errs:
            out += [
                "",
                f"Errors plain mypy reports on {name} with this config ({len(plain_errs)}):",
            ]
            out += _listing(plain_errs, args.max_diff_lines)
    return "\n".join(out)


def _listing(lines: list[str], limit: int) -> list[str]:
    if not lines:
        return []
    shown = lines[:limit]
    body = ["", "```", *shown]
    if len(lines) > limit:
        body.append(f"... and {len(lines) - limit} more (raise --max-diff-lines)")
    body.append("```")
    return body


if __name__ == "__main__":
    sys.exit(main())
