"""The modules needed only once mypy checks code: the rules, their wording, role maps, the
refiner's scenes. A run that checks nothing (every module fresh in a warm cache) never loads
them, which keeps the plugin's share of mypy's memory small.

They are loaded all at once, through `importlib`, before the first import statement that
needs one of them runs: a test runner that swaps `sys.modules` between mypy runs in one
process (pytest-mypy-plugins' same-process mode) then never finds some of them loaded by an
earlier run and others not, which makes a plain import statement fail.
"""

from __future__ import annotations

import importlib

MODULES = (
    "mypy_async_plugin.certain_results",
    "mypy_async_plugin.positions",
    "mypy_async_plugin.refinements",
    "mypy_async_plugin.report",
    "mypy_async_plugin.roles",
    "mypy_async_plugin.rules",
    "mypy_async_plugin.rules.cascades",
    "mypy_async_plugin.rules.declarations",
    "mypy_async_plugin.rules.discarded",
    "mypy_async_plugin.rules.formatting",
    "mypy_async_plugin.rules.truthiness",
    "mypy_async_plugin.scene",
    "mypy_async_plugin.value_hooks",
    "mypy_async_plugin.values",
)
_loaded = False


def load() -> None:
    """Make sure every module in `MODULES` (and what they import) is loaded."""
    global _loaded
    if not _loaded:
        for name in MODULES:
            importlib.import_module(name)
        _loaded = True
