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
import email.parser
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PLUGIN_MODULE = "mypy_async_plugin"
VARIANTS = ("plain", "plugin")
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "mypy-async-plugin-bench"


@dataclass(frozen=True)
class PackageSpec:
    """A pinned PyPI release and where its importable source lives."""

    name: str
    version: str
    sdist_subdir: str  # path of the import package inside the unpacked sdist root
    wheel_subdir: str  # path of the import package inside the unpacked wheel
    # Requirements from optional extras that matter to an async checker (typed backends).
    extra_requirements: tuple[str, ...] = ()


PACKAGES: dict[str, PackageSpec] = {
    spec.name: spec
    for spec in (
        PackageSpec("anyio", "4.16.0", "src/anyio", "anyio", ("trio>=0.32.0",)),
        PackageSpec(
            "starlette",
            "1.10.0",
            "starlette",
            "starlette",
            ("httpx>=0.27.0,<0.29.0", "jinja2", "itsdangerous", "python-multipart>=0.0.18"),
        ),
        PackageSpec("httpx", "0.28.1", "httpx", "httpx"),
        PackageSpec("httpcore", "1.0.9", "httpcore", "httpcore", ("anyio>=4.0,<5.0", "trio<1.0")),
        PackageSpec("trio", "0.35.0", "src/trio", "trio"),
    )
}

DIAG_RE = re.compile(r"^(?P<loc>.+?:\d+(?::\d+)?): (?P<sev>error|note|warning): (?P<msg>.*)$")
IREFS_RE = re.compile(r"I\s+refs:\s+([\d,]+)")


# --------------------------------------------------------------------------- helpers


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_checked(cmd: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    log("$ " + " ".join(str(c) for c in cmd))
    proc = subprocess.run(list(cmd), text=True, capture_output=True, **kwargs)
    if proc.returncode != 0:
        log(proc.stdout)
        log(proc.stderr)
        raise SystemExit(f"command failed with exit code {proc.returncode}: {' '.join(cmd)}")
    return proc


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def pip_cmd(venv: Path) -> list[str]:
    return [str(venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "-q"]


def current_mypy_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - Python < 3.8
        return None
    try:
        return version("mypy")
    except PackageNotFoundError:
        return None


def mib(kib: int) -> float:
    return kib / 1024.0


# --------------------------------------------------------------------------- environment


def ensure_venv(workdir: Path, base_python: str, mypy_version: str) -> Path:
    """Create (once) the benchmark venv and pin mypy in it."""
    venv = workdir / "venv"
    if not venv_python(venv).exists():
        run_checked([base_python, "-m", "venv", str(venv)])
    constraints = workdir / "constraints.txt"
    constraints.write_text(f"mypy=={mypy_version}\n")
    stamp = venv / ".bench-mypy-version"
    if not stamp.exists() or stamp.read_text().strip() != mypy_version:
        run_checked([*pip_cmd(venv), "install", f"mypy=={mypy_version}"])
        stamp.write_text(mypy_version + "\n")
    return venv


def setup_plugin(
    venv: Path, workdir: Path, repo: Path, plugin_path: Path | None, install_mode: str
) -> dict[str, str]:
    """Make ``mypy_async_plugin`` importable by the venv's mypy; return the child environment."""
    # Drop settings that would make the two variants or two machines differ silently
    # (MYPYPATH, MYPY_CACHE_DIR, MYPY_NUM_WORKERS, MYPY_FORCE_COLOR, ...).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("MYPY")}
    if plugin_path is not None:
        env["PYTHONPATH"] = str(plugin_path)
    else:
        args = ["-e", str(repo)] if install_mode == "editable" else [str(repo)]
        cmd = [*pip_cmd(venv), "install", "-c", str(workdir / "constraints.txt"), *args]
        log("$ " + " ".join(cmd))
        proc = subprocess.run(cmd, text=True, capture_output=True)
        if proc.returncode != 0:
            log(proc.stdout + proc.stderr)
            log(
                f"WARNING: installing {repo} failed (see above); falling back to "
                f"PYTHONPATH={repo}.  The measurement still uses the plugin source in that repo."
            )
            env["PYTHONPATH"] = str(repo)
    return env


def describe_plugin(venv: Path, env: dict[str, str]) -> dict[str, str]:
    """Import the plugin the way mypy will and fingerprint its source files."""
    probe = (
        "import hashlib, json, pathlib, sys\n"
        f"import {PLUGIN_MODULE} as m\n"
        "entry = getattr(m, 'plugin', None)\n"
        "if not callable(entry):\n"
        "    sys.exit('module ' + repr(m.__name__) + ' (' + str(getattr(m, '__file__', None))"
        " + ') has no callable plugin(version) entry point')\n"
        "root = pathlib.Path(m.__file__).parent\n"
        "h = hashlib.sha256()\n"
        "for p in sorted(root.rglob('*.py')):\n"
        "    h.update(p.relative_to(root).as_posix().encode())\n"
        "    h.update(p.read_bytes())\n"
        "print(json.dumps({'file': m.__file__, 'sha256': h.hexdigest()[:12]}))\n"
    )
    proc = subprocess.run(
        [str(venv_python(venv)), "-c", probe],
        text=True,
        capture_output=True,
        env=env,
        cwd=str(venv),
    )
    if proc.returncode != 0:
        raise SystemExit(
            f"cannot import the plugin with the benchmark venv:\n{proc.stderr}{proc.stdout}\n"
            "Is the plugin written yet?  Use --plugin-path DIR to point at another copy "
            "(a directory containing mypy_async_plugin/)."
        )
    info: dict[str, str] = json.loads(proc.stdout)
    return info


# --------------------------------------------------------------------------- sources


def _safe_extract_tar(archive: Path, dest: Path) -> None:
    with tarfile.open(archive) as tf:
        data_filter = getattr(tarfile, "data_filter", None)
        if data_filter is not None:
            tf.extractall(dest, filter=data_filter)
        else:  # Python < 3.11.4 without the backported filters
            root = dest.resolve()
            for member in tf.getmembers():
                target = (dest / member.name).resolve()
                if root not in target.parents and target != root:
                    raise SystemExit(f"refusing to extract {member.name!r} from {archive}")
            tf.extractall(dest)


def _parse_metadata(text: str) -> tuple[list[str], bool]:
    """Return (Requires-Dist entries, whether they can be trusted)."""
    msg = email.parser.Parser().parsestr(text, headersonly=True)
    reqs = [str(r) for r in msg.get_all("Requires-Dist") or []]
    dynamic = {str(d).lower() for d in msg.get_all("Dynamic") or []}
    raw_version = str(msg.get("Metadata-Version", "1.0"))
    try:
        major, minor = (int(x) for x in raw_version.split(".")[:2])
    except ValueError:
        major, minor = 1, 0
    # Before metadata 2.2 an sdist's PKG-INFO may silently omit requirements.
    trusted = (major, minor) >= (2, 2) and "requires-dist" not in dynamic
    return reqs, trusted


def _download(venv: Path, spec: PackageSpec, dist: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    existing = sorted(p for p in dest.iterdir() if p.suffix in (".gz", ".zip", ".whl"))
    if not existing:
        binary_flag = ["--no-binary", ":all:"] if dist == "sdist" else ["--only-binary", ":all:"]
        run_checked(
            [
                *pip_cmd(venv),
                "download",
                "--no-deps",
                *binary_flag,
                f"{spec.name}=={spec.version}",
                "-d",
                str(dest),
            ]
        )
        existing = sorted(p for p in dest.iterdir() if p.suffix in (".gz", ".zip", ".whl"))
    if len(existing) != 1:
        raise SystemExit(f"expected exactly one archive in {dest}, found {existing}")
    return existing[0]


def fetch_sources(venv: Path, workdir: Path, spec: PackageSpec, dist: str) -> tuple[Path, Path]:
    """Download and unpack a release; return (directory to run mypy in, directory to check)."""
    tag = f"{spec.name}-{spec.version}-{dist}"
    unpacked = workdir / "src" / tag
    done = unpacked / ".bench-unpacked"
    if not done.exists():
        archive = _download(venv, spec, dist, workdir / "downloads" / tag)
        if unpacked.exists():
            shutil.rmtree(unpacked)
        unpacked.mkdir(parents=True)
        if archive.suffix == ".whl" or archive.suffix == ".zip":
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(unpacked)
        else:
            _safe_extract_tar(archive, unpacked)
        done.write_text(archive.name + "\n")
    if dist == "sdist":
        roots = [p for p in unpacked.iterdir() if p.is_dir()]
        if len(roots) != 1:
            raise SystemExit(f"expected one top-level directory in the sdist, got {roots}")
        root, sub = roots[0], spec.sdist_subdir
    else:
        root, sub = unpacked, spec.wheel_subdir
    target = root / sub
    if not (target / "__init__.py").exists():
        raise SystemExit(f"{target} is not a package directory; fix the table in {__file__}")
    return root, target


def runtime_requirements(
    venv: Path, workdir: Path, spec: PackageSpec, dist: str, root: Path
) -> list[str]:
    """Requires-Dist of the release, without optional extras (plus spec.extra_requirements)."""
    reqs: list[str] = []
    trusted = False
    if dist == "wheel":
        metas = list(root.glob("*.dist-info/METADATA"))
        if metas:
            reqs, trusted = _parse_metadata(metas[0].read_text(encoding="utf-8"))
            trusted = True  # wheel metadata is always static
    else:
        pkg_info = root / "PKG-INFO"
        if pkg_info.exists():
            reqs, trusted = _parse_metadata(pkg_info.read_text(encoding="utf-8"))
    if not trusted:
        # The sdist does not declare its requirements statically: read the wheel's instead.
        _, wheel_root = fetch_sources(venv, workdir, spec, "wheel")
        metas = list(wheel_root.parent.glob("*.dist-info/METADATA"))
        if not metas:
            raise SystemExit(f"no METADATA found for {spec.name} {spec.version}")
        reqs, _ = _parse_metadata(metas[0].read_text(encoding="utf-8"))
    # pip evaluates environment markers itself; only requirements of extras are dropped.
    runtime = [r for r in reqs if not re.search(r"\bextra\s*==", r)]
    return runtime + list(spec.extra_requirements)


def install_requirements(venv: Path, workdir: Path, spec: PackageSpec, reqs: list[str]) -> None:
    digest = hashlib.sha256("\n".join(sorted(reqs)).encode()).hexdigest()[:12]
    stamp = venv / f".bench-deps-{spec.name}-{spec.version}-{digest}"
    if stamp.exists() or not reqs:
        return
    run_checked([*pip_cmd(venv), "install", "-c", str(workdir / "constraints.txt"), *reqs])
    stamp.write_text("\n".join(reqs) + "\n")


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


def write_configs(workdir: Path, spec: PackageSpec, python_version: str) -> dict[str, Path]:
    cfg_dir = workdir / "configs" / f"{spec.name}-{spec.version}"
    cfg_dir.mkdir(parents=True, exist_ok=True)
    base = (
        "[mypy]\n"
        f"python_version = {python_version}\n"
        "ignore_missing_imports = True\n"
        "follow_imports = silent\n"
        # Output knobs only, so that both variants print comparable, parseable lines.
        "color_output = False\n"
        "error_summary = False\n"
        "pretty = False\n"
    )
    paths = {"plain": cfg_dir / "plain.ini", "plugin": cfg_dir / "plugin.ini"}
    paths["plain"].write_text(base)
    paths["plugin"].write_text(base + f"plugins = {PLUGIN_MODULE}\n")
    return paths


def parse_diagnostics(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if DIAG_RE.match(line)]


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


def run_cachegrind(job: Job, config: Path, cache_dir: Path, tag: str) -> tuple[int, float]:
    """One cold run under cachegrind; return (instructions executed, wall seconds)."""
    if cache_dir.exists():
        shutil.rmtree(cache_dir)
    log_dir = job.log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    vg_log = log_dir / f"{tag}.valgrind"
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        f"--log-file={vg_log}",
        *job.command(config, cache_dir),
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


@dataclass
class DiffSummary:
    added: list[str]
    rewritten: list[str]
    removed: list[str]


def diff_outputs(plain: list[str], plugin: list[str]) -> DiffSummary:
    """Lines only in the plugin run; plain lines rewritten (same file:line) or removed."""
    plain_c, plugin_c = Counter(plain), Counter(plugin)
    added = list((plugin_c - plain_c).elements())
    gone = list((plain_c - plugin_c).elements())

    def loc(line: str) -> str:
        m = DIAG_RE.match(line)
        if not m:
            return line
        parts = m.group("loc").split(":")
        return ":".join(parts[:2])  # file:line, ignoring a column if present

    plugin_locs = {loc(line) for line in plugin}
    rewritten = [line for line in gone if loc(line) in plugin_locs]
    removed = [line for line in gone if loc(line) not in plugin_locs]
    return DiffSummary(sorted(added), sorted(rewritten), sorted(removed))


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def ratio(a: float, b: float) -> str:
    return f"{b / a:.3f}" if a else "n/a"


def count_errors(lines: list[str]) -> int:
    return sum(1 for line in lines if (m := DIAG_RE.match(line)) and m.group("sev") == "error")


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument(
        "--packages",
        nargs="+",
        default=["anyio"],
        help=f"packages to check (comma or space separated, or 'all'): {', '.join(PACKAGES)}",
    )
    p.add_argument("--repeats", type=int, default=3, help="timed runs per variant and mode")
    p.add_argument("--mode", choices=("cold", "warm", "both"), default="both")
    p.add_argument("--out", type=Path, help="also write the markdown report to this file")
    p.add_argument("--json", type=Path, help="also write every run's raw numbers as JSON")
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    p.add_argument(
        "--dist",
        choices=("sdist", "wheel"),
        default="sdist",
        help="check the package directory from the sdist or from the wheel",
    )
    p.add_argument(
        "--plugin-path",
        type=Path,
        help="directory containing mypy_async_plugin/ to put on PYTHONPATH instead of "
        "installing --repo into the venv",
    )
    p.add_argument("--repo", type=Path, default=REPO_ROOT, help="repository to pip install")
    p.add_argument(
        "--freeze",
        action="store_true",
        help="copy the plugin package (from --plugin-path or --repo) into WORKDIR/frozen/ and "
        "measure that copy, so edits made during the run can't mix versions or "
        "invalidate warm caches",
    )
    p.add_argument(
        "--install",
        choices=("editable", "regular"),
        default="editable",
        help="pip install -e REPO or pip install REPO",
    )
    p.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter the venv is created from (sets python_version too)",
    )
    p.add_argument(
        "--mypy-version",
        default=current_mypy_version(),
        help="mypy version to install in the venv (default: the one this interpreter has)",
    )
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
    names: list[str] = []
    for chunk in args.packages:
        names.extend(n.strip() for n in chunk.split(",") if n.strip())
    if names == ["all"]:
        names = list(PACKAGES)
    unknown = [n for n in names if n not in PACKAGES]
    if unknown:
        raise SystemExit(f"unknown package(s) {unknown}; known: {', '.join(PACKAGES)}")
    if args.repeats < 1:
        raise SystemExit("--repeats must be >= 1")
    if not args.mypy_version:
        raise SystemExit("mypy is not installed in this interpreter; pass --mypy-version")
    if not hasattr(os, "wait4"):
        raise SystemExit("os.wait4 is not available on this platform (POSIX only)")
    if args.cachegrind and shutil.which("valgrind") is None:
        raise SystemExit("--cachegrind needs valgrind on PATH")
    modes = ["cold", "warm"] if args.mode == "both" else [args.mode]
    plugin_path = args.plugin_path.resolve() if args.plugin_path else None
    if plugin_path is not None and not (plugin_path / PLUGIN_MODULE).is_dir():
        raise SystemExit(f"--plugin-path {plugin_path} has no {PLUGIN_MODULE}/ directory")

    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if args.freeze:
        origin = (plugin_path or args.repo.resolve()) / PLUGIN_MODULE
        plugin_path = workdir / "frozen" / time.strftime("%Y%m%d-%H%M%S")
        if plugin_path.exists():
            shutil.rmtree(plugin_path)
        shutil.copytree(
            origin, plugin_path / PLUGIN_MODULE, ignore=shutil.ignore_patterns("__pycache__")
        )
        log(f"froze {origin} as {plugin_path / PLUGIN_MODULE}")
    venv = ensure_venv(workdir, args.python, args.mypy_version)
    if plugin_path is not None:
        # As `pip install` does: mypy then loads bytecode, not source, even where
        # PYTHONDONTWRITEBYTECODE is set (as on these machines).
        run_checked([str(venv_python(venv)), "-m", "compileall", "-q", str(plugin_path)])
    env = setup_plugin(venv, workdir, args.repo.resolve(), plugin_path, args.install)
    plugin = describe_plugin(venv, env)
    log(f"plugin module: {plugin['file']} ({plugin['sha256']})")
    pyver = run_checked(
        [str(venv_python(venv)), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    ).stdout.strip()
    mypy_cmd = [str(venv_python(venv)), "-m", "mypy"]
    run_stamp = time.strftime("%Y%m%d-%H%M%S")
    load_at_start = os.getloadavg()

    results: dict[str, list[RunResult]] = {}
    cachegrind: dict[str, dict[str, tuple[int, float]]] = {}
    for name in names:
        spec = PACKAGES[name]
        root, target_dir = fetch_sources(venv, workdir, spec, args.dist)
        install_requirements(
            venv, workdir, spec, runtime_requirements(venv, workdir, spec, args.dist, root)
        )
        configs = write_configs(workdir, spec, pyver)
        job = Job(
            mypy_cmd,
            list(args.mypy_arg),
            root,
            os.path.relpath(target_dir, root),
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
            cachegrind[name] = {}
            for v in VARIANTS:
                log(f"[{name} cachegrind] {v} (one cold run; this is slow)")
                cachegrind[name][v] = run_cachegrind(
                    job, configs[v], cache_root / "cachegrind" / v, f"cachegrind-{v}"
                )
                log(f"[{name} cachegrind] {v}: {cachegrind[name][v][0]:,} I refs")

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
    cachegrind: dict[str, dict[str, tuple[int, float]]],
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
        out += [
            "",
            "Instructions executed, one cold run each under "
            "`valgrind --tool=cachegrind --cache-sim=no`, with `PYTHONHASHSEED=0`:",
            "",
            "| package | I refs plain | I refs plugin | ratio | valgrind wall plain (s) "
            "| valgrind wall plugin (s) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, cg in cachegrind.items():
            (ip, wp), (ig, wg) = cg["plain"], cg["plugin"]
            out.append(f"| {name} | {ip:,} | {ig:,} | {ratio(ip, ig)} | {wp:.0f} | {wg:.0f} |")

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
