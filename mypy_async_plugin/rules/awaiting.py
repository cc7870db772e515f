"""`await` (and `anext()`/`aiter()`) on the wrong kind of object.

Codes: await-async-generator, await-not-awaitable.
"""

from __future__ import annotations

from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import (
    Can,
    FunctionKind,
    Producer,
    abilities_of,
    awaited_result,
    has,
    made_by_coroutine_function,
)
from mypy_async_plugin.rules.wording import Describe, Finding


def judge_await(member: ProperType, producer: Producer, names: dict[str, str]) -> Finding | None:
    """`await call()` where the result is not awaitable."""
    can = abilities_of(member)
    kind = producer.kind
    still_agen = not producer.decorated or has(can, Can.AITER)
    if kind is FunctionKind.ASYNC_GENERATOR_FUNCTION and still_agen:
        return Finding(cat.AWAIT_ASYNC_GENERATOR, "main", names)
    if has(can, Can.AITER):
        return Finding(cat.AWAIT_ASYNC_GENERATOR, "object", names)
    if kind is FunctionKind.GENERATOR_FUNCTION and not producer.decorated:
        return Finding(cat.AWAIT_NOT_AWAITABLE, "generator", names)
    if kind in (FunctionKind.FUNCTION, FunctionKind.CLASS) and not producer.decorated:
        return Finding(cat.AWAIT_NOT_AWAITABLE, "main", names)
    if kind is FunctionKind.FUNCTION and not can & Can.ACM:
        return Finding(cat.AWAIT_NOT_AWAITABLE, "object", names)
    return None


def judge_async_consumer(
    member: ProperType, producer: Producer, names: dict[str, str], describe: Describe
) -> Finding | None:
    """`anext(call())` / `aiter(call())` where the call gives a coroutine."""
    if not has(abilities_of(member), Can.AWAIT):
        return None
    result = awaited_result(member)
    if result is not None and not has(abilities_of(result), Can.AITER):
        names["result"] = describe(result)
        by_function = made_by_coroutine_function(producer)
        variant = "anext-not-iterable" if by_function else "anext-object-not-iterable"
        return Finding(cat.AWAIT_NOT_AWAITABLE, variant, names)
    return Finding(cat.AWAIT_NOT_AWAITABLE, "anext", names)
