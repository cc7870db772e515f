"""The package's entry point for mypy, `mypy_async_plugin.plugin`, loads the plugin lazily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """\
import json, sys
import mypy_async_plugin
before = sorted(name for name in sys.modules if name.startswith("mypy"))
first = mypy_async_plugin.plugin("2.0")
second = mypy_async_plugin.plugin("2.0")
print(json.dumps({
    "loaded_by_import": before,
    "plugins": [first.__qualname__, second.__qualname__],
    "entry_point_is_a_function": callable(mypy_async_plugin.plugin),
    "AsyncPlugin": mypy_async_plugin.AsyncPlugin is first,
}))
"""


def test_entry_point_loads_the_plugin_on_first_call_and_stays_callable(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["loaded_by_import"] == ["mypy_async_plugin", "mypy_async_plugin.version"]
    assert found["plugins"] == ["AsyncPlugin", "AsyncPlugin"]
    assert found["entry_point_is_a_function"] is True
    assert found["AsyncPlugin"] is True
