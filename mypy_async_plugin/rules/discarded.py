"""A call whose result is thrown away, where that result is an async generator.

Code: unused-async-generator. (A thrown-away coroutine is mypy's own `unused-coroutine`.)
"""

from __future__ import annotations

from mypy.types import Instance, ProperType, Type

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import (
    FunctionKind,
    Producer,
    made_by_async_generator_function,
    members,
)
from mypy_async_plugin.rules.wording import Finding


def may_be_async_generator(producer: Producer, result: Type) -> bool:
    """A cheap first look before a thrown-away call is judged (most calls are thrown away)."""
    if producer.kind is FunctionKind.ASYNC_GENERATOR_FUNCTION:
        return True
    return any(is_async_generator(member) for member in members(result))


def judge_discarded(
    member: ProperType, producer: Producer, names: dict[str, str]
) -> Finding | None:
    if made_by_async_generator_function(producer):
        return Finding(cat.UNUSED_ASYNC_GENERATOR, "main", names)
    if is_async_generator(member):
        return Finding(cat.UNUSED_ASYNC_GENERATOR, "object", names)
    return None


def is_async_generator(typ: ProperType) -> bool:
    """An async generator object itself, not just any async iterator."""
    return isinstance(typ, Instance) and typ.type.fullname == "typing.AsyncGenerator"
