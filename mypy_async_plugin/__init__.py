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
    # Imported on first use, so that `python -m mypy_async_plugin` starts without mypy's
    # checker. The import binds the submodule `plugin` to this package's attribute of that
    # name, where mypy looks this function up again in each build of the process: rebind it.
    from mypy_async_plugin.plugin import AsyncPlugin

    globals()["plugin"] = _entry_point
    return AsyncPlugin


_entry_point = plugin


def __getattr__(name: str) -> object:
    if name == "AsyncPlugin":
        from mypy_async_plugin.plugin import AsyncPlugin

        globals()["plugin"] = _entry_point
        return AsyncPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
