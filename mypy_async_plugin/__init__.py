"""mypy-async-plugin: targeted errors for Coroutine / AsyncGenerator mix-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mypy_async_plugin.version import __version__

if TYPE_CHECKING:
    from mypy.plugin import Plugin

    from mypy_async_plugin.plugin import AsyncPlugin

__all__ = ["AsyncPlugin", "__version__", "plugin"]


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls with its own version."""
    # Imported here so that `python -m mypy_async_plugin` does not load mypy's checker.
    from mypy_async_plugin.plugin import AsyncPlugin

    return AsyncPlugin


def __getattr__(name: str) -> object:
    if name == "AsyncPlugin":
        from mypy_async_plugin.plugin import AsyncPlugin

        return AsyncPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
