"""A coroutine formatted into a string (`f"{load_name()}"`, `"{}".format(row)`).

Code: missing-await. Plain mypy says nothing: the text shows `<coroutine object ...>`.
mypy checks an f-string as a call of `str.format`, so one method hook sees both.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import Expression
from mypy.plugin import MethodContext
from mypy.types import ProperType, get_proper_type

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import awaited_result
from mypy_async_plugin.rules.wording import Finding
from mypy_async_plugin.values import is_coroutine

STR_FORMAT = "builtins.str.format"


def formatted_coroutines(ctx: MethodContext) -> list[tuple[Expression, ProperType]]:
    """The arguments of a `str.format` call that are coroutines, with their types."""
    found = []
    for args, types in zip(ctx.args, ctx.arg_types):
        for arg, typ in zip(args, types):
            proper = get_proper_type(typ)
            if is_coroutine(proper):
                found.append((arg, proper))
    return found


def formatted_finding(
    arg: Expression,
    typ: ProperType,
    spell: Callable[[Expression], str],
    describe: Callable[[ProperType], str],
    enclosing: str,
) -> Finding | None:
    result = awaited_result(typ)
    if result is None:
        return None
    names = {
        "call": spell(arg),
        "description": "a coroutine",
        "result": describe(result),
        "enclosing": enclosing,
    }
    return Finding(cat.MISSING_AWAIT, "formatted", names)
