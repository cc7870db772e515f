"""Which catalogue entry fits: an object of some kind standing in some place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.catalogue import Diagnostic
from mypy_async_plugin.kinds import (
    Can,
    FunctionKind,
    Producer,
    abilities_of,
    awaited_result,
)
from mypy_async_plugin.places import ASYNC_ITERATION, NEEDS, SYNC_ITERATION, Place
from mypy_async_plugin.roles import Role


@dataclass(frozen=True)
class Words:
    """The user's own names for what is being reported, as source text."""

    call: str
    target: str
    as_target: str
    consumer: str
    enclosing_sync_function: str | None
    """The enclosing plain `def`, when the fix needs `async def`."""
    in_current_module: bool
    union: str | None = None
    """The whole result type, when the member being judged is one member of a union."""


@dataclass(frozen=True)
class Finding:
    diagnostic: Diagnostic
    variant: str
    names: dict[str, str]

    @property
    def message(self) -> str:
        return self.diagnostic.message(self.variant, **self.names)


Describe = Callable[[ProperType], str]
"""Formats a type the way mypy would."""


def judge(
    role: Role, member: ProperType, producer: Producer, words: Words, describe: Describe
) -> Finding | None:
    """The finding for `member` (a call result, or one member of its union) in `role`."""
    can = abilities_of(member)
    if NEEDS[role.place] in can:
        return None
    names = _names(role, member, producer, words, describe)
    place = role.place
    kind = producer.kind

    if place is Place.AWAITED:
        if kind is FunctionKind.ASYNC_GENERATOR_FUNCTION:
            return Finding(cat.AWAIT_ASYNC_GENERATOR, "main", names)
        if Can.AITER in can:
            return Finding(cat.AWAIT_ASYNC_GENERATOR, "object", names)
        if kind is FunctionKind.GENERATOR_FUNCTION:
            return Finding(cat.AWAIT_NOT_AWAITABLE, "generator", names)
        if kind in (FunctionKind.FUNCTION, FunctionKind.CLASS) and not producer.decorated:
            return Finding(cat.AWAIT_NOT_AWAITABLE, "main", names)
        return None

    if place in SYNC_ITERATION or place in ASYNC_ITERATION:
        if Can.AWAIT in can:
            return _iterate_coroutine(role, member, names, describe)
        if place in SYNC_ITERATION and Can.AITER in can:
            names["fix"] = _async_fix(role, words)
            return Finding(cat.SYNC_ITERATE_ASYNC, "main", names)
        if place in ASYNC_ITERATION and Can.ITER in can:
            names["fix"] = _sync_fix(role, words)
            return Finding(cat.ASYNC_ITERATE_SYNC, "main", names)
        return None

    if place is Place.ASYNC_CONSUMER:
        if Can.AWAIT not in can:
            return None
        result = awaited_result(member)
        if result is not None and Can.AITER not in abilities_of(result):
            names["result"] = describe(result)
            return Finding(cat.AWAIT_NOT_AWAITABLE, "anext-not-iterable", names)
        return Finding(cat.AWAIT_NOT_AWAITABLE, "anext", names)

    if place in (Place.WITH, Place.ASYNC_WITH):
        return _context_manager(place, can, kind, producer, names)

    if place is Place.RUNNER and Can.AITER in can:
        return Finding(cat.RUN_ASYNC_GENERATOR, "main", names)
    return None


def _context_manager(
    place: Place, can: Can, kind: FunctionKind, producer: Producer, names: dict[str, str]
) -> Finding | None:
    undecorated = not producer.decorated
    if kind is FunctionKind.ASYNC_GENERATOR_FUNCTION and undecorated:
        variant = "main" if place is Place.ASYNC_WITH else "sync-with"
        return Finding(cat.ASYNC_WITH_GENERATOR, variant, names)
    if kind is FunctionKind.GENERATOR_FUNCTION and undecorated:
        variant = "main" if place is Place.WITH else "async-with"
        return Finding(cat.WITH_GENERATOR, variant, names)
    if place is Place.WITH and Can.ACM in can:
        return Finding(cat.SYNC_WITH_ASYNC_CM, "main", names)
    if place is Place.ASYNC_WITH and Can.CM in can:
        return Finding(cat.ASYNC_WITH_SYNC_CM, "main", names)
    return None


def _iterate_coroutine(
    role: Role, member: ProperType, names: dict[str, str], describe: Describe
) -> Finding | None:
    if role.place is Place.ASYNC_CONSUMER:
        return None
    result = awaited_result(member)
    if result is None:
        return None
    result_can = abilities_of(result)
    awaited = f"await {names['call']}"
    if Can.AITER in result_can and role.place in (Place.FOR, Place.ASYNC_FOR):
        names["fix"] = f"async for {names['target']} in {awaited}:"
    elif Can.ITER in result_can:
        names["fix"] = _sync_fix(role, _replace_call(names, awaited))
    elif Can.AITER in result_can:
        names["fix"] = _async_fix(role, _replace_call(names, awaited))
    else:
        names["result"] = describe(result)
        return Finding(cat.ITERATE_COROUTINE, "not-iterable", names)
    return Finding(cat.ITERATE_COROUTINE, "main", names)


def _replace_call(names: dict[str, str], new_call: str) -> Words:
    return Words(
        call=new_call,
        target=names["target"],
        as_target=names["as_target"],
        consumer=names["consumer"],
        enclosing_sync_function=None,
        in_current_module=True,
    )


def _sync_fix(role: Role, words: Words) -> str:
    """The same place, spelled for a synchronous iterable."""
    call, target = words.call, words.target
    place = role.place
    if place in (Place.FOR, Place.ASYNC_FOR):
        return f"for {target} in {call}:"
    if place in (Place.COMPREHENSION, Place.ASYNC_COMPREHENSION):
        return f"[... for {target} in {call}]"
    if place is Place.SYNC_CONSUMER:
        return f"{words.consumer}({call})"
    if place is Place.MEMBERSHIP:
        return f"... in {call}"
    if place is Place.STAR:
        return f"*{call}"
    return f"yield from {call}"


def _async_fix(role: Role, words: Words) -> str:
    """The same place, spelled for an async iterable."""
    call, target = words.call, words.target
    collected = f"[{target} async for {target} in {call}]"
    place = role.place
    if place is Place.FOR:
        return f"async for {target} in {call}:"
    if place is Place.COMPREHENSION:
        return f"[... async for {target} in {call}]"
    if place is Place.SYNC_CONSUMER:
        if words.consumer == "list":
            return collected
        return f"{words.consumer}({collected})"
    if place is Place.MEMBERSHIP:
        return f"... in {collected}"
    if place is Place.STAR:
        return f"*{collected}"
    if place is Place.YIELD_FROM:
        return f"async for {target} in {call}: yield {target}"
    return f"async for {target} in {call}:"


def _names(
    role: Role, member: ProperType, producer: Producer, words: Words, describe: Describe
) -> dict[str, str]:
    defined_in = "" if words.in_current_module else f" (in {producer.module})"
    needs_async = words.enclosing_sync_function is not None and role.place in (
        Place.FOR,
        Place.COMPREHENSION,
        Place.SYNC_CONSUMER,
        Place.MEMBERSHIP,
        Place.STAR,
        Place.YIELD_FROM,
        Place.WITH,
    )
    enclosing = (
        f' (and "{words.enclosing_sync_function}" must become "async def")' if needs_async else ""
    )
    return {
        "callee": f'"{producer.name}"{defined_in}',
        "name": producer.name.rsplit(".", 1)[-1],
        "call": words.call,
        "target": words.target,
        "as_target": words.as_target,
        "consumer": words.consumer,
        "enclosing": enclosing,
        "type": _member_type(member, words, describe),
        "description": _description(member, producer, words, describe),
        "construct": _construct(role, words),
    }


_MADE_BY = {
    FunctionKind.ASYNC_GENERATOR_FUNCTION: ("an async generator", "async generator function"),
    FunctionKind.COROUTINE_FUNCTION: ("a coroutine", "coroutine function"),
    FunctionKind.GENERATOR_FUNCTION: ("a generator", "generator function"),
}


def _member_type(member: ProperType, words: Words, describe: Describe) -> str:
    """The type's name, quoted, and for a union member the union it belongs to."""
    shown = f'"{describe(member)}"'
    return f'{shown} (a member of "{words.union}")' if words.union else shown


def _description(member: ProperType, producer: Producer, words: Words, describe: Describe) -> str:
    """`an async generator (from async generator function "rows")`, and the like."""
    can = abilities_of(member)
    shown = _member_type(member, words, describe)
    made_by = _MADE_BY.get(producer.kind) if not producer.decorated else None
    if made_by is not None:
        return f'{made_by[0]} (made by {made_by[1]} "{producer.name}")'
    if Can.AITER in can:
        return f"an async iterable ({shown})"
    if Can.ACM in can:
        return f"an async context manager ({shown})"
    if Can.CM in can:
        return f"a synchronous context manager ({shown})"
    if Can.ITER in can:
        return f"a synchronous iterable ({shown})"
    return shown


def _construct(role: Role, words: Words) -> str:
    place = role.place
    if place is Place.FOR:
        return 'a "for" loop'
    if place is Place.COMPREHENSION:
        return "a comprehension without async"
    if place is Place.SYNC_CONSUMER:
        return f'"{words.consumer}()"'
    if place is Place.MEMBERSHIP:
        return '"in"'
    if place is Place.STAR:
        return '"*" unpacking'
    if place is Place.YIELD_FROM:
        return '"yield from"'
    shown: str = place.value
    return shown
