"""The hooks mypy calls for a call: one per async-ish callee, and two for builtins whose every
call is looked at (`str.format` with f-strings, `bool`). None of them ever raises.

What a hook needs once it has found a suspect (the rules, their wording, reporting) is
imported where it is needed: the plugin loads those modules before it gives mypy a hook
(see checking_modules.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from mypy.checker import TypeChecker
from mypy.nodes import CallExpr, Expression, MemberExpr
from mypy.plugin import FunctionContext, MethodContext
from mypy.types import Type, get_proper_type

from mypy_async_plugin import compat
from mypy_async_plugin.checked_module import describer, reports_errors
from mypy_async_plugin.kinds import FunctionKind, Producer
from mypy_async_plugin.places import ASYNC_ITERATION, NOWHERE, SYNC_ITERATION, Place

if TYPE_CHECKING:
    from mypy_async_plugin.placed_calls import PlacedCalls
    from mypy_async_plugin.plugin import AsyncPlugin

Ctx = TypeVar("Ctx", FunctionContext, MethodContext)
_DEBUG = bool(os.environ.get("MYPY_ASYNC_PLUGIN_DEBUG"))
STR_FORMAT = "builtins.str.format"
BOOL = "builtins.bool"

ALWAYS_RIGHT: dict[FunctionKind, frozenset[Place]] = {
    # A thrown-away coroutine is mypy's own `unused-coroutine`.
    FunctionKind.COROUTINE_FUNCTION: frozenset({Place.AWAITED, Place.RUNNER, Place.DISCARDED}),
    FunctionKind.ASYNC_GENERATOR_FUNCTION: ASYNC_ITERATION | {Place.ASYNC_CONSUMER},
    FunctionKind.GENERATOR_FUNCTION: SYNC_ITERATION,
}
"""Where a call of an undecorated function of each kind always belongs (the common case)."""


class CallHook(Generic[Ctx]):
    """The hook for calls of one callee: checks where each call stands, never raises."""

    def __init__(
        self,
        plugin: AsyncPlugin,
        fullname: str,
        producer: Producer,
        delegate: Callable[[Ctx], Type] | None,
        fitting: frozenset[Place] = NOWHERE,
    ) -> None:
        self.plugin = plugin
        self.fullname = fullname
        self.short_name = fullname.rsplit(".", 1)[-1]
        self.producer = producer
        self.always_right = fitting | (
            ALWAYS_RIGHT.get(producer.kind, NOWHERE) if not producer.decorated else NOWHERE
        )
        """Places where a call of it needs no look (where its undecorated kind belongs, or
        where what it certainly gives belongs)."""
        self.delegate: Callable[[Ctx], Type] | None = delegate

    looks_everywhere = False
    """Every call is a candidate wherever it stands: no role map is needed to decide."""

    def may_need_a_look(self, calls: PlacedCalls) -> bool:
        """Could one of a module's calls of it stand where its kind does not belong?"""
        return calls.may_stand_elsewhere(self.fullname, self.short_name, self.always_right)

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


class FormatHook(ValueHook[Ctx]):
    """The hook for `str.format` (and f-strings): coroutines formatted as text, reported
    where they are formatted."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        if not isinstance(ctx, MethodContext):
            return
        from mypy_async_plugin.report import report
        from mypy_async_plugin.rules.formatting import formatted_coroutines, formatted_finding
        from mypy_async_plugin.rules.wording import enclosing_sync_function, needs_async_def

        source = self.plugin.source_text
        for arg, typ in formatted_coroutines(ctx):
            span = compat.formatted_value_span(arg, source.columns_count_utf8_bytes)
            enclosing = needs_async_def(enclosing_sync_function(checker))
            finding = formatted_finding(
                source.spelling(checker.tree.path, arg, span=span),
                typ,
                describer(checker),
                enclosing,
            )
            if finding is not None:
                report(checker, span, finding, Place.FORMATTED)


class TruthHook(ValueHook[Ctx]):
    """The hook for `bool(...)`: `bool(fetch())` of a coroutine (or an async generator) is
    always true."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        if len(ctx.args) != 1 or len(ctx.args[0]) != 1:
            return
        from mypy_async_plugin.report import report
        from mypy_async_plugin.rules.truthiness import truthy_finding
        from mypy_async_plugin.rules.wording import enclosing_sync_function

        arg, typ = ctx.args[0][0], get_proper_type(ctx.arg_types[0][0])
        spelled = self.plugin.source_text.spelling(checker.tree.path, arg)
        finding = truthy_finding(
            typ,
            _producer_of_value(checker, arg, spelled),
            spelled,
            f"bool(await {spelled})",
            describer(checker),
            enclosing_sync_function(checker),
        )
        if finding is not None:
            report(checker, arg, finding, Place.TRUTH_TESTED)


def _producer_of_value(checker: TypeChecker, arg: Expression, spelled: str) -> Producer:
    """Who made a value: the callee when it is a call, else a stand-in named as written."""
    from mypy_async_plugin.values import call_producer, value_producer

    if isinstance(arg, CallExpr):
        callee = arg.callee
        receiver = None
        if isinstance(callee, MemberExpr):
            found = checker.lookup_type_or_none(callee.expr)
            receiver = get_proper_type(found) if found is not None else None
        producer = call_producer(arg, checker.tree.fullname, receiver)
        if producer is not None:
            return producer
    return value_producer(spelled)
