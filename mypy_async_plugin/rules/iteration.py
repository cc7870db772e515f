"""Iterating the wrong kind of object: a coroutine, an async iterable synchronously, a sync
iterable with `async for`.

Codes: iterate-coroutine, sync-iterate-async, async-iterate-sync.
"""

from __future__ import annotations

from mypy.nodes import GeneratorExpr
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
from mypy_async_plugin.places import ASYNC_ITERATION, SYNC_ITERATION, Place
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
        if isinstance(role.expr, GeneratorExpr):
            return _sync_iterate_async_generator_expression(role, role.expr, words, names)
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


def _sync_iterate_async_generator_expression(
    role: Role, expr: GeneratorExpr, words: Words, names: dict[str, str]
) -> Finding:
    """`sum(await price(i) for i in ids)`: a generator expression with `await` (or `async for`)
    in an `async def` is an async generator, which a consumer cannot iterate; a list
    comprehension, which may await, can be."""
    uses = "async for" if any(expr.is_async) else "await"
    names["description"] = f'an async generator expression (it uses "{uses}")'
    inner = _without_enclosing_parentheses(words.call)
    names["call"] = f"({inner})"
    comprehension = f"[{inner}]"
    place = role.place
    if place is Place.SYNC_CONSUMER:
        call = role.consumer_call
        if words.consumer == "list":
            names["fix"] = comprehension
        elif call is not None and call.args == [expr]:
            names["fix"] = f"{words.consumer}({comprehension})"
        else:
            consumer_call = words.with_call(names["call"]).with_call(comprehension).consumer_call
            names["fix"] = consumer_call or f"{words.consumer}({comprehension})"
    elif place is Place.MEMBERSHIP:
        names["fix"] = f"... in {comprehension}"
    elif place is Place.STAR:
        names["fix"] = f"*{comprehension}"
    else:
        names["fix"] = async_fix(role, words.with_call(names["call"]))
    return Finding(cat.SYNC_ITERATE_ASYNC, "main", names)


def _without_enclosing_parentheses(text: str) -> str:
    """`(x for x in y)` -> `x for x in y`; `(a) + b for a in c` stays as it is."""
    if not text.startswith("("):
        return text
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return text[1:-1] if index == len(text) - 1 else text
    return text
