#!/usr/bin/env python3
"""Every line the plugin adds to, or changes in, plain mypy's output on real async packages.

The packages are correct, released code, so each line the plugin adds is a false error unless a
person who reads it finds a real mistake there.  For each package this runs mypy once without and
once with the plugin (cold caches, same config otherwise) and lists:

- added: diagnostic lines only the plugin run has (each must be examined);
- rewritten: plain-run lines whose file:line the plugin run still reports, with other words;
- removed: plain-run lines the plugin run no longer reports at that file:line.

Standard library only; Python >= 3.9.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from diagnostics import DiffSummary, count_errors, diff_outputs, parse_diagnostics
from realcode import (
    PACKAGES,
    add_setup_arguments,
    check_with_mypy,
    log,
    package_names,
    prepare_bench,
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_setup_arguments(p, default_packages="all")
    p.add_argument("--out", type=Path, help="also write the markdown report to this file")
    p.add_argument("--json", type=Path, help="also write the lines as JSON")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = package_names(args.packages)
    bench = prepare_bench(args)
    outputs: dict[str, dict[str, list[str]]] = {}
    for name in names:
        package = bench.package(name)
        outputs[name] = {}
        for variant in ("plain", "plugin"):
            cache = bench.workdir / "cache" / "false-errors" / name / variant
            if cache.exists():
                shutil.rmtree(cache)
            log(f"[{name}] {variant}")
            stdout = check_with_mypy(bench, package, variant, cache)
            outputs[name][variant] = parse_diagnostics("\n".join(stdout))
    diffs = {n: diff_outputs(o["plain"], o["plugin"]) for n, o in outputs.items()}
    report = build_report(outputs, diffs, bench.plugin)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
        log(f"wrote {args.out}")
    if args.json:
        raw = {n: vars(d) for n, d in diffs.items()}
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
        log(f"wrote {args.json}")
    return 0


def build_report(
    outputs: dict[str, dict[str, list[str]]],
    diffs: dict[str, DiffSummary],
    plugin: dict[str, str],
) -> str:
    out = [
        "## Lines the plugin adds or changes on real packages",
        "",
        f"plugin: `{plugin['file']}` (sha256 of its .py files {plugin['sha256']})",
        "",
        "| package | checked | errors plain | errors plugin | added | rewritten | removed |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, d in diffs.items():
        spec = PACKAGES[name]
        plain, with_plugin = outputs[name]["plain"], outputs[name]["plugin"]
        out.append(
            f"| {name} {spec.version} | `{spec.sdist_subdir}` | {count_errors(plain)} "
            f"| {count_errors(with_plugin)} | {len(d.added)} | {len(d.rewritten)} "
            f"| {len(d.removed)} |"
        )
    for name, d in diffs.items():
        kinds = {"added": d.added, "rewritten": d.rewritten, "removed": d.removed}
        for title, lines in kinds.items():
            if lines:
                out += ["", f"### {name}: {title}", "", "```", *lines, "```"]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
