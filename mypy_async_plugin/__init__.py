"""mypy-async-plugin: targeted errors for Coroutine / AsyncGenerator mix-ups."""

from __future__ import annotations

from mypy.plugin import Plugin

from mypy_async_plugin.plugin import AsyncPlugin
from mypy_async_plugin.version import __version__

__all__ = ["AsyncPlugin", "__version__", "plugin"]


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls with its own version."""
    return AsyncPlugin
