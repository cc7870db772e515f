"""The hooks for builtins whose every call is looked at, wherever it stands: `str.format`
(f-strings are checked as its calls), `bool`, `isinstance`, a coroutine's `==` and a
future's `__iter__`."""

from __future__ import annotations

from typing import Any

from mypy.checker import TypeChecker
from mypy.nodes import CallExpr, ComparisonExpr, Expression, MemberExpr
from mypy.plugin import FunctionContext, MethodContext
from mypy.types import get_proper_type

from mypy_async_plugin import compat
from mypy_async_plugin.call_hooks import (
    BOOL,
    COROUTINE_EQ,
    COROUTINE_NE,
    FUTURE_ITER,
    ISINSTANCE,
    STR_FORMAT,
    Ctx,
    ValueHook,
)
from mypy_async_plugin.checked_module import describer
from mypy_async_plugin.kinds import Producer, iterable_when_awaited
from mypy_async_plugin.places import Place
from mypy_async_plugin.report import report
from mypy_async_plugin.rules.comparison import compared_coroutine
from mypy_async_plugin.rules.formatting import formatted_coroutines, formatted_finding
from mypy_async_plugin.rules.instance_checks import coroutine_tested
from mypy_async_plugin.rules.truthiness import truthy_finding
from mypy_async_plugin.rules.wording import enclosing_sync_function, needs_async_def
from mypy_async_plugin.values import call_producer, value_producer


class FormatHook(ValueHook[Ctx]):
    """The hook for `str.format` (and f-strings): coroutines formatted as text, reported
    where they are formatted."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        if not isinstance(ctx, MethodContext):
            return
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


class InstanceCheckHook(ValueHook[Ctx]):
    """The hook for `isinstance(...)`: a coroutine tested against classes it cannot be."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        if not isinstance(ctx, FunctionContext):
            return
        tested = coroutine_tested(ctx)
        if tested is not None and isinstance(ctx.context, CallExpr):
            self.plugin.refiner.report_coroutine_use(
                checker, ctx.context, tested, Place.TYPE_TESTED
            )


class CoroutineComparedHook(ValueHook[Ctx]):
    """The hook for `Coroutine.__eq__` (and `__ne__`): a coroutine on the left of `==`, such as
    a variable bound to an `async def`'s call (`data == b""`)."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        comparison = ctx.context
        if not isinstance(ctx, MethodContext) or not isinstance(comparison, ComparisonExpr):
            return
        left = compared_coroutine(comparison, checker)
        if left is not None:
            self.plugin.refiner.report_coroutine_use(checker, comparison, left, Place.COMPARED)


class FutureIteratedHook(ValueHook[Ctx]):
    """The hook for `Future.__iter__`: a future iterated by `for` before it is awaited
    (`results = asyncio.gather(...)`, then `for result in results:`)."""

    def check(self, ctx: Ctx, checker: TypeChecker) -> None:
        iterated = ctx.context
        if not isinstance(ctx, MethodContext) or not isinstance(iterated, Expression):
            return
        role = self.plugin.roles_of(checker.tree).role_of(iterated)
        if role is None or role.place not in _LOOPS or not iterable_when_awaited(ctx.type):
            return
        self.plugin.refiner.report_coroutine_use(
            checker, iterated, iterated, role.place, future=True
        )


_LOOPS = frozenset({Place.FOR, Place.COMPREHENSION})
"""Where mypy asks for `__iter__` (`yield from fut` is right in a generator-based coroutine)."""


VALUE_HOOKS: dict[str, type[ValueHook[Any]]] = {
    STR_FORMAT: FormatHook,
    BOOL: TruthHook,
    ISINSTANCE: InstanceCheckHook,
    COROUTINE_EQ: CoroutineComparedHook,
    COROUTINE_NE: CoroutineComparedHook,
    **dict.fromkeys(FUTURE_ITER, FutureIteratedHook),
}


def _producer_of_value(checker: TypeChecker, arg: Expression, spelled: str) -> Producer:
    """Who made a value: the callee when it is a call, else a stand-in named as written."""
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
