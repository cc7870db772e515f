"""Shared test setup.

Plugin exceptions must fail the tests instead of falling back silently, and the
`mypy` executable that pytest-mypy-plugins looks up must be the one installed
beside this interpreter, even when its scripts folder is not on PATH.

mypy finds the `async_kinds` stubs from the checkout's `stubs/` folder: an editable
install hides them behind an import hook that mypy does not follow. (A regular
install finds them in site-packages; `.ci/installed-stubs` checks that.)
"""

import os
import sys
import sysconfig
from pathlib import Path

os.environ["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"
os.environ["MYPYPATH"] = str(Path(__file__).resolve().parent.parent / "stubs")

_scripts = [os.path.dirname(sys.executable), sysconfig.get_path("scripts")]
os.environ["PATH"] = os.pathsep.join([*_scripts, os.environ.get("PATH", "")])
