"""The standard library callees that can make something async: the only ones worth a look.

A project's checks ask about hundreds of standard library names (`len`, `socket.socket`,
`os.path.join`); typeshed declares nothing async in all but a few modules, so the names of
every other module are answered without looking up their definitions.
tests/test_stdlib_callees.py scans typeshed to keep these lists whole.
"""

from __future__ import annotations

from collections.abc import Mapping

from mypy.nodes import MypyFile

from mypy_async_plugin.declaration_reports import STDLIB

ASYNC_STDLIB_MODULES = frozenset(
    {"asyncio", "_asyncio", "contextlib", "pdb", "types", "typing", "unittest", "_typeshed"}
)
"""Top-level standard library modules where typeshed declares something async."""
ASYNC_BUILTINS = frozenset({"builtins.anext"})
"""The builtins that make something async."""


def makes_nothing_async(fullname: str, modules: Mapping[str, MypyFile]) -> bool:
    """Is `fullname` a standard library callee that cannot make anything async?

    A project's own module may have a standard library module's name (`http`, `queue`): only
    typeshed's stubs are known to declare nothing async.
    """
    top = fullname.partition(".")[0]
    if top == "builtins":
        return fullname not in ASYNC_BUILTINS
    if top not in STDLIB or top in ASYNC_STDLIB_MODULES:
        return False
    module = modules.get(top)
    return module is not None and module.is_stub
