"""The plugin reports the same errors in every way mypy can be run.

Each test writes a small package (``app/``) and a ``mypy.ini`` into its own ``tmp_path`` and
runs mypy there as a subprocess, so the project under test is the temporary one and the plugin
is imported from the installed package, never from the repository checkout.  Outputs are
compared as sorted lines, summary line included.

Modes: cold run, warm run (same cache), incremental run after an edit, parallel workers
(``--num-workers``, mypy 2.x), the daemon (``dmypy run``) and ``-O json`` output.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 180
"""Seconds any one mypy / dmypy invocation may take before the test fails."""
CONFIG = "mypy.ini"
TARGET = "app"

FILES = {
    "app/__init__.py": "",
    "app/db.py": """\
from __future__ import annotations

from collections.abc import AsyncIterator
from types import TracebackType


async def stream_rows() -> AsyncIterator[int]:
    for i in range(3):
        yield i


async def fetch_rows() -> list[int]:
    return [1, 2, 3]


class Session:
    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None
""",
    "app/service.py": """\
from __future__ import annotations

import asyncio

from app.db import Session, fetch_rows, stream_rows


async def wrong_await() -> None:
    await stream_rows()


async def wrong_for() -> None:
    for r in fetch_rows():
        print(r)


async def wrong_with() -> None:
    with Session() as s:
        print(s)


def wrong_run() -> None:
    asyncio.run(stream_rows())


async def stored() -> int:
    rows = fetch_rows()
    return len(rows)


async def tested() -> None:
    if fetch_rows():
        print("always")
""",
    "app/ports.py": """\
from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol


class RowSource(Protocol):
    async def rows(self) -> AsyncIterator[int]: ...
""",
    "app/ok.py": """\
from __future__ import annotations

import asyncio

from app.db import Session, fetch_rows, stream_rows


async def main() -> int:
    total = 0
    async for r in stream_rows():
        total += r
    for r in await fetch_rows():
        total += r
    async with Session() as s:
        print(s)
    return total


def run() -> int:
    return asyncio.run(main())
""",
}

INI = """\
[mypy]
plugins = mypy_async_plugin
strict = True
show_column_numbers = True
cache_dir = {cache_dir}
"""


@dataclass(frozen=True)
class Error:
    path: str
    line: int
    column: int
    code: str
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}  [{self.code}]"


AWAIT_STREAM_ROWS = Error(
    "app/service.py",
    9,
    11,
    "await-async-generator",
    '"stream_rows" (in app.db) is an async generator function (it contains "yield"), so '
    '"stream_rows()" cannot be awaited; iterate it with "async for item in stream_rows():" '
    'or collect it with "[item async for item in stream_rows()]"',
)
FOR_FETCH_ROWS_COROUTINE = Error(
    "app/service.py",
    13,
    14,
    "iterate-coroutine",
    '"fetch_rows" (in app.db) is a coroutine function, so "fetch_rows()" must be awaited '
    'before it is iterated; write "for r in await fetch_rows():"',
)
WITH_SESSION = Error(
    "app/service.py",
    18,
    10,
    "sync-with-async-cm",
    '"Session()" is an async context manager ("Session"): it has "__aenter__"/"__aexit__", '
    'not "__enter__"/"__exit__"; write "async with Session() as s:"',
)
RUN_STREAM_ROWS = Error(
    "app/service.py",
    23,
    17,
    "run-async-generator",
    '"asyncio.run" needs a coroutine, but "stream_rows()" is an async generator (made by '
    'async generator function "stream_rows"); iterate it inside a coroutine '
    '("async for item in stream_rows(): ...") and pass that coroutine instead',
)
# After `fetch_rows` becomes an async generator function:
FOR_FETCH_ROWS_ASYNC_GENERATOR = Error(
    "app/service.py",
    13,
    14,
    "sync-iterate-async",
    '"fetch_rows()" is an async generator (made by async generator function "fetch_rows"), '
    'which a "for" loop cannot iterate; write "async for r in fetch_rows():"',
)
AWAIT_FETCH_ROWS_IN_OK = Error(
    "app/ok.py",
    12,
    20,
    "await-async-generator",
    '"fetch_rows" (in app.db) is an async generator function (it contains "yield"), so '
    '"fetch_rows()" cannot be awaited; iterate it with "async for r in fetch_rows():" '
    'or collect it with "[r async for r in fetch_rows()]"',
)

STORED_FETCH_ROWS = Error(
    "app/service.py",
    27,
    12,
    "missing-await",
    '"rows = fetch_rows()" stores a coroutine (made by coroutine function "fetch_rows"), '
    'not its result, and "rows" is used as the result on line 28; '
    'write "rows = await fetch_rows()"',
)
TESTED_FETCH_ROWS = Error(
    "app/service.py",
    32,
    8,
    "truthy-coroutine",
    '"fetch_rows()" is a coroutine (made by coroutine function "fetch_rows"), which is always '
    'true: testing it does not run it; write "if await fetch_rows():"',
)
DECLARED_ROWS = Error(
    "app/ports.py",
    8,
    5,
    "async-iterator-declaration",
    '"RowSource.rows" is declared "async def" with no "yield" in its body, so it is a '
    'coroutine function returning "AsyncIterator[int]", not an async generator function: '
    'implementations that "yield" do not match it, and "async for" over a call of it fails; '
    'declare it without "async": "def rows(self) -> AsyncIterator[int]: ..."',
)
# After `fetch_rows` becomes an async generator function, `len(rows)` is mypy's own error:
LEN_OF_ASYNC_ITERATOR = Error(
    "app/service.py",
    28,
    16,
    "arg-type",
    'Argument 1 to "len" has incompatible type "AsyncIterator[int]"; expected "Sized"',
)
TESTED_FETCH_ROWS_ASYNC_GENERATOR = Error(
    "app/service.py",
    32,
    8,
    "truthy-coroutine",
    '"fetch_rows()" is an async generator (made by async generator function "fetch_rows"), '
    "which is always true: testing it does not run it; to test whether it yields anything, "
    'write "await anext(fetch_rows(), None) is not None"; to use its items, write '
    '"async for item in fetch_rows():"',
)

EXPECTED = (
    AWAIT_STREAM_ROWS,
    FOR_FETCH_ROWS_COROUTINE,
    WITH_SESSION,
    RUN_STREAM_ROWS,
    STORED_FETCH_ROWS,
    TESTED_FETCH_ROWS,
    DECLARED_ROWS,
)


@dataclass(frozen=True)
class Edit:
    """One module rewritten, and the errors the whole project then has."""

    path: str
    old: str
    new: str
    expected: tuple[Error, ...]


EDITS = {
    # An interface change: dependants are rechecked against the new definition.
    "db-fetch-rows-becomes-async-generator": Edit(
        "app/db.py",
        "async def fetch_rows() -> list[int]:\n    return [1, 2, 3]\n",
        "async def fetch_rows() -> AsyncIterator[int]:\n    for i in [1, 2, 3]:\n        yield i\n",
        (
            AWAIT_STREAM_ROWS,
            FOR_FETCH_ROWS_ASYNC_GENERATOR,
            WITH_SESSION,
            RUN_STREAM_ROWS,
            AWAIT_FETCH_ROWS_IN_OK,
            LEN_OF_ASYNC_ITERATOR,
            TESTED_FETCH_ROWS_ASYNC_GENERATOR,
            DECLARED_ROWS,
        ),
    ),
    # A local fix: only service.py is rechecked, app.db comes from the cache / daemon state.
    "service-fixes-with": Edit(
        "app/service.py",
        "    with Session() as s:\n",
        "    async with Session() as s:\n",
        (
            AWAIT_STREAM_ROWS,
            FOR_FETCH_ROWS_COROUTINE,
            RUN_STREAM_ROWS,
            STORED_FETCH_ROWS,
            TESTED_FETCH_ROWS,
            DECLARED_ROWS,
        ),
    ),
}


def expected_output(errors: tuple[Error, ...]) -> list[str]:
    """mypy's text output for `errors`, normalized like `normalize` does."""
    files = {error.path for error in errors}
    summary = (
        f"Found {len(errors)} error{'s' if len(errors) != 1 else ''} in {len(files)} "
        f"file{'s' if len(files) != 1 else ''} (checked {len(FILES)} source files)"
    )
    return sorted([*(error.render() for error in errors), summary])


def normalize(stdout: str, *, drop: frozenset[str] = frozenset()) -> list[str]:
    lines = (line.rstrip() for line in stdout.splitlines())
    return sorted(line for line in lines if line and line not in drop)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Nothing from the caller's environment may redirect the cache or change the formatting.
    for name in ("MYPY_CACHE_DIR", "MYPYPATH", "MYPY_FORCE_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    env["MYPY_FORCE_TERMINAL_WIDTH"] = "200"
    # A plugin exception must crash mypy, not quietly fall back to mypy's own errors.
    env["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"
    return env


class Project:
    """The sample package in a directory of its own; mypy always runs with it as cwd."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.status_file = root / ".dmypy.json"
        for name, text in FILES.items():
            self.write(name, text)
        self.write(CONFIG, INI.format(cache_dir=root / ".mypy_cache"))

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, edit: Edit) -> None:
        """Apply `edit`, with a later mtime so no cache can mistake the file for unchanged."""
        path = self.root / edit.path
        before = path.stat()
        text = path.read_text(encoding="utf-8")
        assert text.count(edit.old) == 1, f"{edit.old!r} not found once in {edit.path}"
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
        later = before.st_mtime_ns + 2_000_000_000
        os.utime(path, ns=(later, later))

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv,
            cwd=self.root,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def mypy(self, *flags: str, cache_dir: str | None = None) -> list[str]:
        """Normalized output of one mypy run (with the ini's cache, or a `cache_dir` of its own)."""
        argv = [sys.executable, "-m", "mypy", "--config-file", CONFIG, *flags]
        if cache_dir is not None:
            argv += ["--cache-dir", str(self.root / cache_dir)]
        done = self._run([*argv, TARGET])
        _check_exit(done)
        return normalize(done.stdout)

    def mypy_json(self) -> list[dict[str, object]]:
        argv = [sys.executable, "-m", "mypy", "--config-file", CONFIG, "-O", "json", TARGET]
        done = self._run(argv)
        _check_exit(done)
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]

    def dmypy(self, *command: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(self.status_file)]
        return self._run([*argv, *command])

    def dmypy_run(self) -> list[str]:
        done = self.dmypy(
            "run",
            "--timeout",
            str(TIMEOUT),
            "--log-file",
            str(self.root / "dmypy.log"),
            "--",
            "--config-file",
            CONFIG,
            TARGET,
        )
        _check_exit(done)
        return normalize(done.stdout, drop=frozenset({"Daemon started"}))

    def dmypy_stop(self) -> None:
        if not self.status_file.exists():
            return
        if self.dmypy("stop").returncode != 0 and self.status_file.exists():
            self.dmypy("kill")


def _check_exit(done: subprocess.CompletedProcess[str]) -> None:
    """Every run here finds errors: exit status 1 and nothing on stderr, or show what went wrong."""
    assert done.returncode == 1 and not done.stderr, (
        f"{done.args} exited with {done.returncode}\n"
        f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
    )


@functools.cache
def _mypy_help() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--help"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
        env=_environment(),
    )
    return done.stdout


def _mypy_version() -> tuple[int, ...]:
    from mypy.version import __version__

    release = __version__.split("+")[0].split("-")[0]
    return tuple(int(part) for part in release.split(".")[:2] if part.isdigit())


def assert_same(mode: list[str], reference: list[str], what: str) -> None:
    """`mode` must equal `reference`; on failure, show a line diff naming both."""
    diff = "\n".join(difflib.unified_diff(reference, mode, "cold run", what, lineterm="", n=0))
    assert mode == reference, f"{what} differs from a cold run:\n{diff}"


class ColdRuns:
    """Reference outputs: a sequential run in a fresh project with an empty cache.

    One run per project state (as written, or after one edit), shared by the tests of a session
    (of an xdist worker) because it does not depend on anything a test does.
    """

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._outputs: dict[Edit | None, list[str]] = {}

    def __call__(self, edit: Edit | None = None) -> list[str]:
        if edit not in self._outputs:
            project = Project(self._factory.mktemp("cold"))
            if edit is not None:
                project.edit(edit)
            self._outputs[edit] = project.mypy()
        return self._outputs[edit]


@pytest.fixture(scope="session")
def cold_run(tmp_path_factory: pytest.TempPathFactory) -> ColdRuns:
    return ColdRuns(tmp_path_factory)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def test_cold_run_reports_one_plugin_error_per_mistake(cold_run: ColdRuns) -> None:
    assert cold_run() == expected_output(EXPECTED)


def test_warm_run_matches_cold_run(project: Project) -> None:
    cold = project.mypy()
    warm = project.mypy()
    assert_same(warm, cold, "warm run (same cache)")
    assert cold == expected_output(EXPECTED)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_run_after_edit_matches_cold_run(
    project: Project, cold_run: ColdRuns, edit: Edit
) -> None:
    before = project.mypy()
    project.edit(edit)
    incremental = project.mypy()
    assert_same(before, cold_run(), "first run")
    assert_same(incremental, cold_run(edit), "incremental run after the edit")
    assert cold_run(edit) == expected_output(edit.expected)


@pytest.mark.skipif(
    "--num-workers" not in _mypy_help(),
    reason="this mypy has no --num-workers (parallel checking arrived in mypy 2.0)",
)
def test_parallel_workers_match_sequential_run(project: Project, cold_run: ColdRuns) -> None:
    parallel_cold = project.mypy("--num-workers", "2")
    parallel_warm = project.mypy("--num-workers", "2")
    assert_same(parallel_cold, cold_run(), "--num-workers 2, cold")
    assert_same(parallel_warm, cold_run(), "--num-workers 2, warm")


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_daemon_matches_cold_runs(project: Project, cold_run: ColdRuns, edit: Edit) -> None:
    try:
        first = project.dmypy_run()
        project.edit(edit)
        second = project.dmypy_run()
    finally:
        project.dmypy_stop()
    assert_same(first, cold_run(), "first dmypy run")
    assert_same(second, cold_run(edit), "dmypy run after the edit")
    assert cold_run(edit) == expected_output(edit.expected)


@pytest.mark.skipif(_mypy_version() < (1, 11), reason="-O json arrived in mypy 1.11")
def test_json_output_carries_plugin_codes(project: Project) -> None:
    records = project.mypy_json()
    assert all(record["severity"] == "error" for record in records), records
    found = sorted(
        (str(record["file"]), int(str(record["line"])), str(record["code"]), str(record["message"]))
        for record in records
    )
    expected = [(error.path, error.line, error.code, error.message) for error in EXPECTED]
    assert found == sorted(expected)
