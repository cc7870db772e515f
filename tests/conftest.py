"""Shared test setup.

Plugin exceptions must fail the tests instead of falling back silently, and the
`mypy` executable that pytest-mypy-plugins looks up must be the one installed
beside this interpreter, even when its scripts folder is not on PATH.

mypy finds the `async_kinds` stubs from the checkout's `stubs/` folder: an editable
install hides them behind an import hook that mypy does not follow. (A regular
install finds them in site-packages; `.ci/installed-stubs` checks that.)
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3  # noqa: F401  (see below)
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
from mypy_versions import known_gaps, reworded

os.environ["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"
os.environ["MYPYPATH"] = str(Path(__file__).resolve().parent.parent / "stubs")

# pytest-mypy-plugins' same-process mode restores `sys.modules` after each case, which drops the
# `sqlite3` that mypy imported during the case; mypy 1.15's compiled cache code then fails with
# `KeyError: 'sqlite3.dbapi2'` when pytest-mypy-plugins cleans the cache. Imported before any
# case, `sqlite3` stays.

_scripts = [os.path.dirname(sys.executable), sysconfig.get_path("scripts")]
os.environ["PATH"] = os.pathsep.join([*_scripts, os.environ.get("PATH", "")])


def pytest_configure(config: pytest.Config) -> None:
    """Give this test session a mypy cache of its own.

    pytest-mypy-plugins keeps mypy's cache under `--mypy-testing-base` (the temporary folder,
    unless given), in one folder per xdist worker: two sessions at once on one machine (two
    checkouts, or an editor's test run beside a terminal's) would share
    `<tmp>/.mypy_cache/gw0` and fail with `database is locked`.
    """
    option = config.option
    if getattr(option, "mypy_testing_base", None) == tempfile.gettempdir():
        base = tempfile.mkdtemp(prefix="mypy-async-plugin-tests-")
        option.mypy_testing_base = base
        config.add_cleanup(lambda: shutil.rmtree(base, ignore_errors=True))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Expect what this mypy release says (see `mypy_versions.py`)."""
    gaps = known_gaps()
    for item in items:
        if item.nodeid in gaps:
            item.add_marker(pytest.mark.xfail(reason=gaps[item.nodeid], strict=True))
        expected = getattr(item, "expected_output", None)  # a pytest-mypy-plugins case
        if expected is not None:
            item.expected_output = [  # type: ignore[attr-defined]
                dataclasses.replace(line, message=reworded(line.message)) for line in expected
            ]
