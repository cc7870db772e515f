"""The user's own words for a finding: names, descriptions, and the fix spelled as code."""

from __future__ import annotations

from collections.abc import Callable

from mypy.checker import TypeChecker
from mypy.nodes import LambdaExpr
from mypy.types import Instance, ProperType

from mypy_async_plugin import compat
from mypy_async_plugin.catalogue import Diagnostic
from mypy_async_plugin.kinds import (
    Can,
    FunctionKind,
    Producer,
    abilities_of,
    awaited_result,
    has,
)
from mypy_async_plugin.places import Place
from mypy_async_plugin.records import Record
from mypy_async_plugin.roles import Role

Describe = Callable[[ProperType], str]
"""Formats a type the way mypy would."""

LAMBDA = "<lambda>"


class Words(Record):
    """How the user wrote what is being reported, as source text."""

    call: str
    target: str
    as_target: str
    consumer: str
    consumer_call: str | None
    """The whole consuming call (`sorted(rows(), reverse=True)`), for consumers; the whole
    comparison (`fetch() == b""`), for an operand of one."""
    enclosing_sync_function: str | None
    """The enclosing plain `def` (or `LAMBDA`), when the fix needs `async def`."""
    in_current_module: bool
    union: str | None = None
    """The whole result type, when the member being judged is one member of a union."""

    def with_call(self, call: str) -> Words:
        """The same words with the offending expression replaced (the fixed spelling)."""
        consumer_call = self.consumer_call
        if consumer_call is not None:
            found = self.call in consumer_call
            consumer_call = consumer_call.replace(self.call, call, 1) if found else None
        return self._replace(call=call, consumer_call=consumer_call)


def plain_words(spelled: str) -> Words:
    """Words for an expression that stands in no particular place."""
    return Words(spelled, "item", "", "", None, None, True)


class Finding(Record):
    diagnostic: Diagnostic
    variant: str
    names: dict[str, str]

    @property
    def message(self) -> str:
        return self.diagnostic.message(self.variant, **self.names)


_NEEDS_ASYNC_DEF = frozenset(
    {
        Place.FOR,
        Place.COMPREHENSION,
        Place.ASYNC_COMPREHENSION,
        Place.SYNC_CONSUMER,
        Place.MEMBERSHIP,
        Place.COMPARED,
        Place.STAR,
        Place.YIELD_FROM,
        Place.WITH,
        Place.DISCARDED,
    }
)

_NAMED_IN_WORDS = {
    "typing.Coroutine": "a coroutine",
    "typing.Awaitable": "an awaitable",
    "typing.AsyncGenerator": "an async generator",
    "typing.Generator": "a generator",
}
"""Types whose objects are always of one kind, whoever made them."""

_MADE_BY = {
    FunctionKind.ASYNC_GENERATOR_FUNCTION: ("an async generator", "async generator function"),
    FunctionKind.COROUTINE_FUNCTION: ("a coroutine", "coroutine function"),
    FunctionKind.GENERATOR_FUNCTION: ("a generator", "generator function"),
}


def names_for(
    role: Role, member: ProperType, producer: Producer, words: Words, describe: Describe
) -> dict[str, str]:
    """Everything a message template may name."""
    shown_module = not words.in_current_module and producer.module != "builtins"
    defined_in = f" (in {producer.module})" if shown_module else ""
    return {
        "callee": f'"{producer.name}"{defined_in}',
        "name": producer.name.rsplit(".", 1)[-1],
        "call": words.call,
        "target": words.target,
        "as_target": words.as_target,
        "consumer": words.consumer,
        "enclosing": _enclosing(role, words),
        "type": member_type(member, words, describe),
        "description": description(member, producer, words, describe),
        "construct": _construct(role, words),
    }


def _enclosing(role: Role, words: Words) -> str:
    if role.place not in _NEEDS_ASYNC_DEF:
        return ""
    return needs_async_def(words.enclosing_sync_function)


def enclosing_sync_function(checker: TypeChecker) -> str | None:
    """The plain `def` (or "lambda") whose body is being checked; None in an `async def` or at
    module level."""
    function = compat.current_function(checker)
    if function is None or function.is_coroutine:
        return None
    return LAMBDA if isinstance(function, LambdaExpr) else function.name


def in_async_function(checker: TypeChecker) -> bool:
    """Is the body being checked an `async def`'s, where `await` can be written?"""
    function = compat.current_function(checker)
    return function is not None and function.is_coroutine


def needs_async_def(function: str | None) -> str:
    """The note a fix with `await`/`async for` needs inside a plain `def` (or a lambda)."""
    if function is None:
        return ""
    if function == LAMBDA:
        return ' (and the lambda must become an "async def" function)'
    return f' (and "{function}" must become "async def")'


def member_type(member: ProperType, words: Words, describe: Describe) -> str:
    """The type's name, quoted, and for a union member the union it belongs to."""
    shown = f'"{describe(member)}"'
    return f'{shown} (a member of "{words.union}")' if words.union else shown


def description(member: ProperType, producer: Producer, words: Words, describe: Describe) -> str:
    """`an async generator (made by async generator function "rows")`, and the like."""
    can = abilities_of(member)
    shown = member_type(member, words, describe)
    made_by = _MADE_BY.get(producer.kind) if not producer.decorated else None
    if made_by is not None:
        return f'{made_by[0]} (made by {made_by[1]} "{producer.name}")'
    if isinstance(member, Instance) and member.type.fullname in _NAMED_IN_WORDS:
        result = awaited_result(member)
        if result is not None and not words.union and member.type.fullname == "typing.Coroutine":
            return f'a coroutine returning "{describe(result)}"'
        return f"{_NAMED_IN_WORDS[member.type.fullname]} ({shown})"
    for ability, what in (
        (Can.AITER, "an async iterable"),
        (Can.ACM, "an async context manager"),
        (Can.AWAIT, "an awaitable"),
        (Can.CM, "a synchronous context manager"),
        (Can.ITER, "a synchronous iterable"),
    ):
        if has(can, ability):
            return f"{what} ({shown})"
    return shown


def _construct(role: Role, words: Words) -> str:
    constructs = {
        Place.FOR: 'a "for" loop',
        Place.COMPREHENSION: "a comprehension without async",
        Place.SYNC_CONSUMER: f'"{words.consumer}()"',
        Place.MEMBERSHIP: '"in"',
        Place.STAR: '"*" unpacking',
        Place.YIELD_FROM: '"yield from"',
    }
    return constructs.get(role.place, role.place.value)


def sync_fix(role: Role, words: Words) -> str:
    """The same place, spelled for a synchronous iterable."""
    call, target = words.call, words.target
    place = role.place
    opening, closing = role.brackets[0], role.brackets[1]
    if place in (Place.FOR, Place.ASYNC_FOR):
        return f"for {target} in {call}:"
    if place in (Place.COMPREHENSION, Place.ASYNC_COMPREHENSION):
        return f"{opening}... for {target} in {call}{closing}"
    if place is Place.SYNC_CONSUMER:
        return words.consumer_call or f"{words.consumer}({call})"
    if place is Place.MEMBERSHIP:
        return f"... in {call}"
    if place is Place.STAR:
        return f"*{call}"
    return f"for {target} in {call}: yield {target}"


def async_fix(role: Role, words: Words) -> str:
    """The same place, spelled for an async iterable."""
    call, target = words.call, words.target
    collected = f"[{target} async for {target} in {call}]"
    place = role.place
    opening, closing = role.brackets[0], role.brackets[1]
    if place in (Place.COMPREHENSION, Place.ASYNC_COMPREHENSION):
        return f"{opening}... async for {target} in {call}{closing}"
    if place is Place.SYNC_CONSUMER:
        if words.consumer == "list":
            return collected
        return words.with_call(collected).consumer_call or f"{words.consumer}({collected})"
    if place is Place.MEMBERSHIP:
        return f"... in {collected}"
    if place is Place.STAR:
        return f"*{collected}"
    if place is Place.YIELD_FROM:
        return f"async for {target} in {call}: yield {target}"
    return f"async for {target} in {call}:"
