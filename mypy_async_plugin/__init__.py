"""mypy-async-plugin: targeted errors for Coroutine / AsyncGenerator mix-ups."""

from __future__ import annotations

from mypy.plugin import Plugin

from mypy_async_plugin.plugin import AsyncPlugin

__version__ = "0.1.0"


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls with its own version."""
    return AsyncPlugin
