"""Definitions loaded from mypy's cache are judged as when they were analysed in the same run.

A decorated function read back from the cache has lost its decorator expressions; only a flag
says it was decorated. Found by the mutation-recall run (a `@contextmanager` function imported
from a cached module was taken for an undecorated generator function).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

TIMEOUTS = """\
import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def fail_after(delay: float) -> Iterator[None]:
    yield
"""
USER = """\
from pkg.timeouts import fail_after


async def main() -> None:
    async with fail_after(1):
        pass
"""
CONFIG = "[mypy]\nplugins = mypy_async_plugin\nstrict = True\nshow_column_numbers = True\n"
EXPECTED = (
    'pkg/user.py:5:16: error: "fail_after(1)" is a synchronous context manager '
    '("_GeneratorContextManager[None, None, None]"): it has "__enter__"/"__exit__", not '
    '"__aenter__"/"__aexit__"; write "with fail_after(1):"  [async-with-sync-cm]\n'
)


def test_decorated_function_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "timeouts.py").write_text(TIMEOUTS)
    (tmp_path / "pkg" / "user.py").write_text(USER)
    (tmp_path / "mypy.ini").write_text(CONFIG)
    config = ["--config-file", "mypy.ini"]
    first, _, _ = api.run([*config, "--cache-dir", "warm", "pkg/timeouts.py"])
    assert first.startswith("Success")
    # pkg.timeouts now comes from the cache; pkg.user is checked against it.
    warm, _, _ = api.run([*config, "--cache-dir", "warm", "pkg/user.py"])
    cold, _, _ = api.run([*config, "--cache-dir", "cold", "--no-incremental", "pkg/user.py"])
    assert cold.splitlines()[0] + "\n" == EXPECTED
    assert warm == cold
