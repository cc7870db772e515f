"""The plugin looks up only the standard library callees that can make something async
(stdlib_callees.py); typeshed must declare nothing async anywhere else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mypy.nodes import MypyFile

from mypy_async_plugin.stdlib_callees import (
    ASYNC_BUILTINS,
    in_typeshed_stdlib,
    makes_nothing_async,
)

_SCAN = Path(__file__).with_name("stdlib_scan.py")


def _scan(argument: str) -> list[str]:
    # A process of its own: the build loads every stdlib stub, and this process's
    # `sys.modules` is swapped by pytest-mypy-plugins between cases.
    run = subprocess.run(
        [sys.executable, str(_SCAN), argument], capture_output=True, text=True, check=True
    )
    found: list[str] = json.loads(run.stdout)
    return found


_NEWEST = "{}.{}".format(*_scan("newest"))
_RUNNING = "{}.{}".format(*sys.version_info[:2])


@pytest.mark.parametrize("version", sorted({_RUNNING, _NEWEST}))
def test_every_stdlib_callee_that_makes_something_async_is_looked_at(version: str) -> None:
    found = _scan(version)
    assert "asyncio.tasks.create_task" in found  # the scan sees what it should
    if version == _NEWEST:
        assert set(found) >= ASYNC_BUILTINS
    typeshed = {name.partition(".")[0]: _module(stub=True) for name in found}
    missed = [name for name in found if makes_nothing_async(name, typeshed)]
    assert missed == [], "add their modules to ASYNC_STDLIB_MODULES (or ASYNC_BUILTINS)"


_KNOWS_THE_STDLIB = sys.version_info >= (3, 10)
"""Python 3.9 cannot list its standard library's modules: only builtins are skipped there."""


@pytest.mark.parametrize(
    ("fullname", "skipped"),
    [
        ("builtins.len", True),
        ("builtins.str.join", True),
        ("socket.socket", _KNOWS_THE_STDLIB),
        ("os.path.join", _KNOWS_THE_STDLIB),
        ("builtins.anext", False),
        ("asyncio.tasks.sleep", False),
        ("contextlib.AsyncExitStack", False),
        ("trio.sleep", False),
        ("myproject.socket.connect", False),
    ],
)
def test_which_names_are_skipped(fullname: str, skipped: bool) -> None:
    modules = {name: _module(stub=True) for name in ("builtins", "socket", "os", "asyncio")}
    assert makes_nothing_async(fullname, modules) is skipped


def test_a_project_module_with_a_standard_library_name_is_looked_at() -> None:
    assert makes_nothing_async("queue.fetch", {"queue": _module(stub=True)}) is _KNOWS_THE_STDLIB
    assert not makes_nothing_async("queue.fetch", {"queue": _module(stub=False)})
    assert in_typeshed_stdlib("queue.Queue", {"queue": _module(stub=True)}) is _KNOWS_THE_STDLIB
    assert not in_typeshed_stdlib("queue.Source", {"queue": _module(stub=False)})
    assert not in_typeshed_stdlib("myproject.Source", {"myproject": _module(stub=True)})


def _module(*, stub: bool) -> MypyFile:
    module = MypyFile([], [])
    module.is_stub = stub
    return module
