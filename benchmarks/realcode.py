"""The pinned real async packages the benchmarks check, and the venv they are checked in.

Shared by ``overhead.py``, ``false_errors.py`` and ``mutation_recall.py``: one table of pinned
PyPI releases, one benchmark venv (with the same mypy as the interpreter running the script, and
the plugin), the downloaded and unpacked sources, and the two mypy configs (plain and plugin).

Standard library only; Python >= 3.9.  See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PLUGIN_MODULE = "mypy_async_plugin"
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "mypy-async-plugin-bench"


@dataclass(frozen=True)
class PackageSpec:
    """A pinned PyPI release and where its importable source lives."""

    name: str
    version: str
    sdist_subdir: str  # the (sub)package checked, as a path inside the unpacked sdist root
    wheel_subdir: str  # the same inside the unpacked wheel
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
        PackageSpec("aiohttp", "3.14.5", "aiohttp", "aiohttp"),
        # Only the asyncio subpackages of these two: the rest is synchronous code.
        PackageSpec("redis", "8.1.0", "redis/asyncio", "redis/asyncio"),
        PackageSpec(
            "sqlalchemy",
            "2.1.9",
            "lib/sqlalchemy/ext/asyncio",
            "sqlalchemy/ext/asyncio",
        ),
        PackageSpec("websockets", "17.4", "src/websockets", "websockets"),
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


# --------------------------------------------------------------------------- configs


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


# --------------------------------------------------------------------------- one-call setup


def add_setup_arguments(p: argparse.ArgumentParser, default_packages: str = "anyio") -> None:
    """The options every real-code script shares: which packages, which plugin, where."""
    p.add_argument(
        "--packages",
        nargs="+",
        default=[default_packages],
        help=f"packages to check (comma or space separated, or 'all'): {', '.join(PACKAGES)}",
    )
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


def package_names(chunks: Sequence[str]) -> list[str]:
    """`--packages` values ("a,b", "c", or "all") as a list of known names."""
    names: list[str] = []
    for chunk in chunks:
        names.extend(n.strip() for n in chunk.split(",") if n.strip())
    if names == ["all"]:
        names = list(PACKAGES)
    unknown = [n for n in names if n not in PACKAGES]
    if unknown:
        raise SystemExit(f"unknown package(s) {unknown}; known: {', '.join(PACKAGES)}")
    return names


@dataclass(frozen=True)
class Bench:
    """The benchmark venv with the plugin importable, ready to check packages."""

    workdir: Path
    venv: Path
    env: dict[str, str]
    """Environment for every mypy child (both variants)."""
    plugin: dict[str, str]
    """The plugin file mypy will load and a hash of its sources."""
    python_version: str
    dist: str

    @property
    def mypy_cmd(self) -> list[str]:
        return [str(venv_python(self.venv)), "-m", "mypy"]

    def package(self, name: str) -> CheckedPackage:
        """Download, unpack and install the requirements of one package (once), write configs."""
        spec = PACKAGES[name]
        root, target_dir = fetch_sources(self.venv, self.workdir, spec, self.dist)
        reqs = runtime_requirements(self.venv, self.workdir, spec, self.dist, root)
        install_requirements(self.venv, self.workdir, spec, reqs)
        configs = write_configs(self.workdir, spec, self.python_version)
        return CheckedPackage(spec, root, target_dir, configs)


@dataclass(frozen=True)
class CheckedPackage:
    spec: PackageSpec
    root: Path
    """Where mypy runs (the unpacked sdist or wheel)."""
    target: Path
    """The (sub)package directory mypy checks."""
    configs: dict[str, Path]
    """`plain` and `plugin` mypy config files."""

    @property
    def relative_target(self) -> str:
        return os.path.relpath(self.target, self.root)


def prepare_bench(args: argparse.Namespace) -> Bench:
    """Everything `add_setup_arguments` asks for: venv, mypy, plugin (frozen if asked)."""
    if not args.mypy_version:
        raise SystemExit("mypy is not installed in this interpreter; pass --mypy-version")
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
    return Bench(workdir, venv, env, plugin, pyver, args.dist)


def check_with_mypy(
    bench: Bench,
    package: CheckedPackage,
    variant: str,
    cache_dir: Path,
    targets: Sequence[str] = (),
    extra_env: dict[str, str] | None = None,
) -> list[str]:
    """Run mypy once from the package root; return its stdout lines. A crash stops the script."""
    cmd = [
        *bench.mypy_cmd,
        "--config-file",
        str(package.configs[variant]),
        "--cache-dir",
        str(cache_dir),
        *(targets or [package.relative_target]),
    ]
    env = {**bench.env, **(extra_env or {})}
    proc = subprocess.run(cmd, cwd=package.root, env=env, text=True, capture_output=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"mypy failed (exit code {proc.returncode}):\n$ {' '.join(cmd)}\n"
            f"{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
        )
    return proc.stdout.splitlines()
