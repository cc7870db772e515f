"""Iterating the wrong kind of object: a coroutine, an async iterable synchronously, a sync
iterable with `async for`.

Codes: iterate-coroutine, sync-iterate-async, async-iterate-sync.
"""

from __future__ import annotations

from mypy.types import AnyType, ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import (
    Can,
    Producer,
    abilities_of,
    awaited_result,
    has,
    made_by_coroutine_function,
)
from mypy_async_plugin.places import ASYNC_ITERATION, SYNC_ITERATION
from mypy_async_plugin.roles import Role
from mypy_async_plugin.rules.wording import (
    Describe,
    Finding,
    Words,
    async_fix,
    sync_fix,
)


def judge_iteration(
    role: Role,
    member: ProperType,
    producer: Producer,
    words: Words,
    names: dict[str, str],
    describe: Describe,
) -> Finding | None:
    can = abilities_of(member)
    if has(can, Can.AWAIT):
        return _iterate_awaitable(role, member, producer, words, names, describe)
    if role.place in SYNC_ITERATION and has(can, Can.AITER):
        names["fix"] = async_fix(role, words)
        return Finding(cat.SYNC_ITERATE_ASYNC, "main", names)
    if role.place in ASYNC_ITERATION and has(can, Can.ITER):
        names["fix"] = sync_fix(role, words)
        return Finding(cat.ASYNC_ITERATE_SYNC, "main", names)
    return None


def _iterate_awaitable(
    role: Role,
    member: ProperType,
    producer: Producer,
    words: Words,
    names: dict[str, str],
    describe: Describe,
) -> Finding | None:
    result = awaited_result(member)
    if result is None:
        return None
    awaited = words.with_call(f"await {words.call}")
    # An unknown result: suggest the plain loop, the common case.
    result_can = Can.ITER if isinstance(result, AnyType) else abilities_of(result)
    preferred, other = (
        (Can.AITER, Can.ITER) if role.place in ASYNC_ITERATION else (Can.ITER, Can.AITER)
    )
    if has(result_can, preferred):
        chosen = preferred
    elif has(result_can, other):
        chosen = other
    else:
        names["result"] = describe(result)
        variant = "not-iterable" if made_by_coroutine_function(producer) else "object-not-iterable"
        return Finding(cat.ITERATE_COROUTINE, variant, names)
    names["fix"] = sync_fix(role, awaited) if chosen == Can.ITER else async_fix(role, awaited)
    variant = "main" if made_by_coroutine_function(producer) else "object"
    if producer.declared_at is not None:
        path, line = producer.declared_at
        names["declared_at"] = f"line {line}" if words.in_current_module else f"{path}:{line}"
        variant = "declared"
    return Finding(cat.ITERATE_COROUTINE, variant, names)
