"""Shared test setup.

Plugin exceptions must fail the tests instead of falling back silently, and the
`mypy` executable that pytest-mypy-plugins looks up must be the one installed
beside this interpreter, even when its scripts folder is not on PATH.
"""

import os
import sys
import sysconfig

os.environ["MYPY_ASYNC_PLUGIN_DEBUG"] = "1"

_scripts = [os.path.dirname(sys.executable), sysconfig.get_path("scripts")]
os.environ["PATH"] = os.pathsep.join([*_scripts, os.environ.get("PATH", "")])
