"""The standard library callees that can make something async: the only ones worth a look.

A project's checks ask about hundreds of standard library names (`len`, `socket.socket`,
`os.path.join`); typeshed declares nothing async in all but a few modules, so the names of
every other module are answered without looking up their definitions.
tests/test_stdlib_callees.py scans typeshed to keep these lists whole.
"""

from __future__ import annotations

from mypy_async_plugin.declaration_reports import STDLIB

ASYNC_STDLIB_MODULES = frozenset(
    {"asyncio", "_asyncio", "contextlib", "pdb", "types", "typing", "unittest", "_typeshed"}
)
"""Top-level standard library modules where typeshed declares something async."""
ASYNC_BUILTINS = frozenset({"builtins.anext"})
"""The builtins that make something async."""


def makes_nothing_async(fullname: str) -> bool:
    """Is `fullname` a standard library callee that cannot make anything async?"""
    top = fullname.partition(".")[0]
    if top == "builtins":
        return fullname not in ASYNC_BUILTINS
    return top in STDLIB and top not in ASYNC_STDLIB_MODULES
