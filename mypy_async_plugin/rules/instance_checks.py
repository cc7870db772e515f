"""A coroutine tested with `isinstance()` against classes it can never be: the `await` is
missing (`event = self.receive_event()`, then `isinstance(event, Data)`). The test is always
false; plain mypy says nothing (it narrows to a subclass of both).

Code: missing-await, reported where the `await` goes, as for any other use of the coroutine.
"""

from __future__ import annotations

from mypy.nodes import Expression, TypeInfo
from mypy.plugin import FunctionContext
from mypy.types import FunctionLike, Instance, ProperType, TupleType, TypeType, get_proper_type

from mypy_async_plugin.values import is_coroutine

_COROUTINE_OBJECT = "types.CoroutineType"
"""The class of every coroutine an `async def` makes."""


def coroutine_tested(ctx: FunctionContext) -> Expression | None:
    """The object `isinstance(obj, classes)` tests, if it is a coroutine that none of the
    classes can match."""
    if len(ctx.args) < 2 or len(ctx.args[0]) != 1 or len(ctx.args[1]) != 1:
        return None
    tested = get_proper_type(ctx.arg_types[0][0])
    if not is_coroutine(tested):
        return None
    assert isinstance(tested, Instance)
    classes = _classes(get_proper_type(ctx.arg_types[1][0]))
    if classes is None or any(_may_match(info, tested.type) for info in classes):
        return None
    return ctx.args[0][0]


def _classes(typ: ProperType) -> list[TypeInfo] | None:
    """The classes an `isinstance()` tests against; None if they cannot all be told."""
    items = [get_proper_type(item) for item in typ.items] if isinstance(typ, TupleType) else [typ]
    found = []
    for item in items:
        if isinstance(item, FunctionLike) and item.is_type_obj():
            found.append(item.type_object())
        elif isinstance(item, TypeType) and isinstance(item.item, Instance):
            found.append(item.item.type)
        else:
            return None
    return found


def _may_match(info: TypeInfo, coroutine: TypeInfo) -> bool:
    """Could a coroutine object be an instance of `info` (or of a subclass of it)?"""
    return (
        info.is_protocol
        or info.fallback_to_any
        or info.fullname == _COROUTINE_OBJECT
        or coroutine.has_base(info.fullname)
    )
