"""A coroutine formatted into a string (`f"{load_name()}"`, `"{}".format(row)`).

Code: missing-await. Plain mypy says nothing: the text shows `<coroutine object ...>`.
mypy checks an f-string as a call of `str.format`, so one method hook sees both.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from mypy.nodes import CallExpr, Context, Expression, MemberExpr, StrExpr
from mypy.plugin import MethodContext
from mypy.types import ProperType, get_proper_type

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import awaited_result
from mypy_async_plugin.rules.wording import Finding
from mypy_async_plugin.values import is_coroutine


def formatted_coroutines(ctx: MethodContext) -> list[tuple[Expression, ProperType]]:
    """The arguments of a `str.format` call that are coroutines shown as text, with their
    types. `{coro!r}` asks for the object's repr on purpose: that is left alone."""
    found = []
    shown_as_repr = _repr_positions(ctx.context)
    position = 0
    for args, types in zip(ctx.args, ctx.arg_types):
        for arg, typ in zip(args, types):
            proper = get_proper_type(typ)
            if is_coroutine(proper) and position not in shown_as_repr:
                found.append((arg, proper))
            position += 1
    return found


def _repr_positions(call: Context) -> set[int]:
    """Positional arguments that `"...".format(...)` formats with `!r` or `!a`."""
    if not isinstance(call, CallExpr) or not isinstance(call.callee, MemberExpr):
        return set()
    template = call.callee.expr
    if not isinstance(template, StrExpr) or "!" not in template.value:
        return set()
    positions: set[int] = set()
    automatic = 0
    try:
        fields = list(string.Formatter().parse(template.value))
    except ValueError:
        return set()
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        if field == "":
            index, automatic = automatic, automatic + 1
        elif field.isdigit():
            index = int(field)
        else:
            continue
        if conversion in ("r", "a"):
            positions.add(index)
        automatic += (spec or "").count("{}")  # nested fields (`{x:{width}}`) take arguments
    return positions


def formatted_finding(
    spelled: str,
    typ: ProperType,
    describe: Callable[[ProperType], str],
    enclosing: str,
) -> Finding | None:
    result = awaited_result(typ)
    if result is None:
        return None
    names = {
        "call": spelled,
        "description": "a coroutine",
        "result": describe(result),
        "enclosing": enclosing,
    }
    return Finding(cat.MISSING_AWAIT, "formatted", names)
