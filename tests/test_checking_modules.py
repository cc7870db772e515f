"""mypy loads the plugin in every run; what only checking needs is loaded on first use, all of
it at once (see checking_modules.py). Each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mypy_async_plugin

_COMMAND_LINE_ONLY = {"__main__", "cli", "code_pages", "terminal_text"}
"""`python -m mypy_async_plugin` (the error-code pages); mypy never loads them."""


def _loaded_after(code: str) -> set[str]:
    script = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('mypy_async_plugin.'))))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return {name.removeprefix("mypy_async_plugin.") for name in json.loads(run.stdout)}


def _every_module() -> set[str]:
    """The package's modules, from its files (importing them here would load them into this
    process, whose `sys.modules` pytest-mypy-plugins swaps between cases)."""
    package = Path(mypy_async_plugin.__file__).parent
    found = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found.add(".".join(parts))
    return found


def test_loading_the_plugin_leaves_the_rules_for_later() -> None:
    loaded = _loaded_after("import mypy_async_plugin.plugin")
    assert "plugin" in loaded
    assert not {"rules", "refinements", "scene", "roles", "report"} & loaded


def test_the_first_check_loads_every_module_checking_needs() -> None:
    loaded = _loaded_after(
        "import mypy_async_plugin.plugin\n"
        "from mypy_async_plugin import checking_modules\n"
        "checking_modules.load()"
    )
    assert loaded == _every_module() - _COMMAND_LINE_ONLY
