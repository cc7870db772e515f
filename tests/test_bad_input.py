"""Bad configuration and unreadable input give mypy's clear errors, never a traceback.

Each test runs mypy with the plugin (``MYPY_ASYNC_PLUGIN_DEBUG=1``, so a plugin exception would
surface) in its own temporary directory and checks the exit status and the words of the error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mypy_versions import MYPY_VERSION

TIMEOUT = 180
CONFIG = """\
[mypy]
plugins = mypy_async_plugin
show_column_numbers = True
"""
MISTAKE = """\
from collections.abc import AsyncIterator


async def stream_rows() -> AsyncIterator[int]:
    yield 1


async def main() -> None:
    await stream_rows()
"""


def run_mypy(tmp_path: Path, *args: str, config: str = CONFIG) -> subprocess.CompletedProcess[str]:
    (tmp_path / "mypy.ini").write_text(config)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    env["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"
    command = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", "cache"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=TIMEOUT
    )


def assert_clear_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "INTERNAL ERROR" not in output
    for word in words:
        assert word in output


def test_invalid_utf8_source(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_bytes(b"async def f() -> None:\n    x = '\xff\xfe'\n")
    result = run_mypy(tmp_path, "broken.py")
    assert_clear_failure(result, "broken.py", "codec can't decode")


def test_syntax_error(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("async def f() -> None:\n    await\n")
    result = run_mypy(tmp_path, "broken.py")
    assert_clear_failure(result, "broken.py:2", "syntax")


def test_syntax_error_beside_a_mistake_in_another_module(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("async def f() -> None:\n    async for\n")
    (tmp_path / "mistake.py").write_text(MISTAKE)
    result = run_mypy(tmp_path, "broken.py", "mistake.py")
    assert_clear_failure(result, "broken.py:2")


def test_file_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "gone.py").symlink_to(tmp_path / "nowhere.py")
    result = run_mypy(tmp_path, "gone.py")
    assert_clear_failure(result, "gone.py")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any directory"
)
def test_directory_without_permissions(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "mistake.py").write_text(MISTAKE)
    locked.chmod(0)
    try:
        result = run_mypy(tmp_path, "locked/mistake.py")
    finally:
        locked.chmod(0o755)
    assert_clear_failure(result, "mistake.py")


def test_unknown_error_code_in_config(tmp_path: Path) -> None:
    (tmp_path / "mistake.py").write_text(MISTAKE)
    config = CONFIG + "disable_error_code = await-async-generatr\n"
    result = run_mypy(tmp_path, "mistake.py", config=config)
    if MYPY_VERSION < (2, 0):
        # mypy 1.x checks a config file's codes before it loads plugins: it warns, goes on.
        assert "Invalid error code(s): await-async-generatr" in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    else:
        assert_clear_failure(result, "await-async-generatr")


def test_plugin_name_misspelt(tmp_path: Path) -> None:
    (tmp_path / "mistake.py").write_text(MISTAKE)
    config = CONFIG.replace("mypy_async_plugin", "mypy_async_plugn")
    result = run_mypy(tmp_path, "mistake.py", config=config)
    assert_clear_failure(result, "mypy_async_plugn")


def test_unparsable_config(tmp_path: Path) -> None:
    (tmp_path / "mistake.py").write_text(MISTAKE)
    result = run_mypy(tmp_path, "mistake.py", config=CONFIG + "strict\n")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "mypy.ini" in output


def test_plugin_listed_twice_reports_once(tmp_path: Path) -> None:
    (tmp_path / "mistake.py").write_text(MISTAKE)
    config = CONFIG.replace("mypy_async_plugin", "mypy_async_plugin, mypy_async_plugin")
    result = run_mypy(tmp_path, "mistake.py", config=config)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.count("[await-async-generator]") == 1
