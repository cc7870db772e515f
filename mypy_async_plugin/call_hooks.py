"""The hook mypy calls for a call of an async-ish callee, and the base of the hooks for
builtins whose every call is looked at (value_hooks.py). None of them ever raises."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from mypy.checker import TypeChecker
from mypy.plugin import FunctionContext, MethodContext
from mypy.types import Type

from mypy_async_plugin.checked_module import reports_errors
from mypy_async_plugin.kinds import FunctionKind, Producer
from mypy_async_plugin.places import ASYNC_ITERATION, NOWHERE, SYNC_ITERATION, Place

if TYPE_CHECKING:
    from mypy_async_plugin.placed_calls import PlacedCalls
    from mypy_async_plugin.plugin import AsyncPlugin

Ctx = TypeVar("Ctx", FunctionContext, MethodContext)
_DEBUG = bool(os.environ.get("MYPY_ASYNC_PLUGIN_DEBUG"))
STR_FORMAT = "builtins.str.format"
BOOL = "builtins.bool"
ISINSTANCE = "builtins.isinstance"
COROUTINE_EQ = "typing.Coroutine.__eq__"
COROUTINE_NE = "typing.Coroutine.__ne__"
FUTURE_ITER = frozenset(
    {
        "_asyncio.Future.__iter__",
        "_asyncio.Task.__iter__",
        "asyncio.futures.Future.__iter__",
        "asyncio.tasks.Task.__iter__",
    }
)
"""A future's `__iter__` (for `yield from` in generator-based coroutines): mypy calls it for
`for x in fut`, by the future's own class, declared in `_asyncio` or, on older Pythons,
in `asyncio`."""
VALUE_HOOK_NAMES = frozenset(
    {STR_FORMAT, BOOL, ISINSTANCE, COROUTINE_EQ, COROUTINE_NE, *FUTURE_ITER}
)
"""The callees whose every call gets a hook (value_hooks.py): f-strings are checked as calls
of `str.format`, `coro == x` as a call of `Coroutine.__eq__`, and `for x in fut` as a call of
`Future.__iter__`."""

MAPPED_PLACES = frozenset(Place) - {Place.FORMATTED, Place.TRUTH_TESTED, Place.TYPE_TESTED}
"""The places a role map gives calls (the value hooks look at the others)."""

ALWAYS_RIGHT: dict[FunctionKind, frozenset[Place]] = {
    # A thrown-away coroutine is mypy's own `unused-coroutine`.
    FunctionKind.COROUTINE_FUNCTION: frozenset({Place.AWAITED, Place.RUNNER, Place.DISCARDED}),
    FunctionKind.ASYNC_GENERATOR_FUNCTION: ASYNC_ITERATION | {Place.ASYNC_CONSUMER, Place.RETURNED},
    FunctionKind.GENERATOR_FUNCTION: SYNC_ITERATION | {Place.RETURNED},
}
"""Where a call of an undecorated function of each kind always belongs (the common case)."""


def always_right(producer: Producer, fitting: frozenset[Place]) -> frozenset[Place]:
    """The places where a call needs no look: where its undecorated kind belongs, or where
    what it certainly gives belongs or no rule finds fault with it (`fitting`)."""
    if producer.decorated:
        return fitting
    return fitting | ALWAYS_RIGHT.get(producer.kind, NOWHERE)


def places_to_look(right: frozenset[Place], reported: frozenset[Place]) -> frozenset[Place]:
    """The places a role map gives where a call may be a mistake that only the hook reports,
    given where it is always right and where mypy itself reports a call that does not belong
    (an error the refiner rewrites)."""
    return MAPPED_PLACES - right - reported


class CallHook(Generic[Ctx]):
    """The hook for calls of one callee: checks where each call stands, never raises."""

    def __init__(
        self,
        plugin: AsyncPlugin,
        fullname: str,
        producer: Producer,
        delegate: Callable[[Ctx], Type] | None,
        fitting: frozenset[Place] = NOWHERE,
        reported: frozenset[Place] = NOWHERE,
    ) -> None:
        self.plugin = plugin
        self.fullname = fullname
        self.short_name = fullname.rsplit(".", 1)[-1]
        self.producer = producer
        self.always_right = always_right(producer, fitting)
        self.delegate: Callable[[Ctx], Type] | None = delegate
        self.places_to_look = places_to_look(self.always_right, reported)

    looks_everywhere = False
    """Every call is a candidate wherever it stands: no role map is needed to decide."""

    def may_need_a_look(self, calls: PlacedCalls) -> bool:
        """Could one of a module's calls of it stand where only the hook can tell it is
        wrong?"""
        return calls.may_stand_in(self.fullname, self.short_name, self.places_to_look)

    def __call__(self, ctx: Ctx) -> Type:
        result = self.delegate(ctx) if self.delegate is not None else ctx.default_return_type
        try:
            return self.plugin.check_call(
                ctx, self.fullname, self.producer, self.always_right, result
            )
        except Exception:
            if _DEBUG:
                raise
            return result


class ValueHook(CallHook[Ctx]):
    """A hook that looks at the values a call is given, wherever the call stands."""

    looks_everywhere = True

    def __call__(self, ctx: Ctx) -> Type:
        result = self.delegate(ctx) if self.delegate is not None else ctx.default_return_type
        try:
            checker = ctx.api
            if isinstance(checker, TypeChecker) and reports_errors(checker):
                self.check(ctx, checker)
        except Exception:
            if _DEBUG:
                raise
        return result

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        raise NotImplementedError
