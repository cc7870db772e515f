"""`async def rows(self) -> AsyncIterator[Row]: ...` with no `yield`: a coroutine function
returning an async iterator, declared where an async generator function was meant.

Code: async-iterator-declaration.
"""

from __future__ import annotations

from mypy_async_plugin.scene import Refinement, Scene


def refine_override(scene: Scene) -> Refinement | None:
    return None
