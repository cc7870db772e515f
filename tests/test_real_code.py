"""Real, correct async code from released packages stays clean under the plugin.

`tests/real_code/` holds a few modules vendored unchanged from anyio, httpcore and aiohttp (see
the header of each, and LICENSES.md). mypy with the plugin must print nothing about them at all:
not an error, not a note. Plain mypy prints nothing either, so any line would be the plugin's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REAL_CODE = Path(__file__).parent / "real_code"
TIMEOUT = 180

CONFIG = """\
[mypy]
plugins = mypy_async_plugin
ignore_missing_imports = True
show_column_numbers = True
error_summary = False
"""


def run_mypy(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "mypy.ini"
    config.write_text(CONFIG)
    modules = sorted(str(p) for p in REAL_CODE.glob("*.py"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    env["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), *flags]
    command += ["--cache-dir", str(tmp_path / "cache"), *modules]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=TIMEOUT
    )


def test_vendored_real_code_gets_no_output(tmp_path: Path) -> None:
    result = run_mypy(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_vendored_real_code_gets_no_output_with_untyped_bodies_checked(tmp_path: Path) -> None:
    result = run_mypy(tmp_path, "--check-untyped-defs")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
