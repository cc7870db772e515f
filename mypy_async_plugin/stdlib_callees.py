"""The standard library callees that can make something async: the only ones worth a look.

A project's checks ask about hundreds of standard library names (`len`, `socket.socket`,
`os.path.join`); typeshed declares nothing async in all but a few modules, so the names of
every other module are answered without looking up their definitions.
tests/test_stdlib_callees.py scans typeshed to keep these lists whole.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from mypy.nodes import MypyFile

STDLIB: frozenset[str] = getattr(sys, "stdlib_module_names", frozenset({"builtins", "typing"}))
"""The standard library's top-level modules (Python 3.9 cannot list them: two stand in)."""
ASYNC_STDLIB_MODULES = frozenset(
    {"asyncio", "_asyncio", "contextlib", "pdb", "types", "typing", "unittest", "_typeshed"}
)
"""Top-level standard library modules where typeshed declares something async."""
ASYNC_BUILTINS = frozenset({"builtins.anext"})
"""The builtins that make something async."""


def in_typeshed_stdlib(fullname: str, modules: Mapping[str, MypyFile]) -> bool:
    """Is `fullname` in a standard library module as typeshed stubs it?

    A project's own module may have a standard library module's name (`http`, `queue`): it is
    the user's to fix, and may declare anything.
    """
    top = fullname.partition(".")[0]
    if top not in STDLIB:
        return False
    module = modules.get(top)
    return module is not None and module.is_stub


def makes_nothing_async(fullname: str, modules: Mapping[str, MypyFile]) -> bool:
    """Is `fullname` a standard library callee that cannot make anything async?"""
    if fullname.startswith("builtins."):
        return fullname not in ASYNC_BUILTINS
    top = fullname.partition(".")[0]
    return top not in ASYNC_STDLIB_MODULES and in_typeshed_stdlib(fullname, modules)
