"""Which catalogue entry fits one of mypy's errors, if any: the rules for errors, by shape."""

from __future__ import annotations

from mypy.nodes import (
    ARG_STAR,
    AwaitExpr,
    CallExpr,
    ComparisonExpr,
    Expression,
    ListExpr,
    SetExpr,
    StarExpr,
    TupleExpr,
    YieldFromExpr,
)

from mypy_async_plugin import compat
from mypy_async_plugin.mypy_messages import Shape
from mypy_async_plugin.places import MYPY_CODES, SYNC_ITERATION, Place
from mypy_async_plugin.roles import awaitables_in
from mypy_async_plugin.rules import find, suspects
from mypy_async_plugin.rules.async_generator_return import (
    refine_return_value,
    refine_stop_value,
)
from mypy_async_plugin.rules.declarations import (
    refine_empty_body,
    refine_override,
    refine_protocol_argument,
)
from mypy_async_plugin.rules.function_objects import (
    refine_decorated,
    refine_function_argument,
    refine_uncalled,
)
from mypy_async_plugin.rules.missing_await import refine_missing_await, refine_thrown_away
from mypy_async_plugin.rules.truthiness import refine_truthy
from mypy_async_plugin.scene import Refinement, Scene
from mypy_async_plugin.values import function_object

_CALL_CODES = frozenset({"call-overload", "arg-type", "type-var"})
"""What mypy reports at a call given the wrong kind of argument (`type-var`: a runner given a
list of them, as in `asyncio.wait([...])`)."""
_AWAIT_MESSAGE = 'Incompatible types in "await"'
_STAR_MESSAGE = "Expected iterable as variadic argument"
_YIELD_FROM_MESSAGE = '"yield from" can\'t be applied to'


def refine(scene: Scene) -> Refinement | None:
    shape = scene.shape
    if shape is Shape.TRUTHY:
        return refine_truthy(scene)
    if shape is Shape.ASYNC_GENERATOR_RETURN:
        return refine_return_value(scene)
    if shape is Shape.STOP_ASYNC_ITERATION_VALUE:
        return refine_stop_value(scene)
    if shape is Shape.OVERRIDE:
        return refine_override(scene)
    if shape is Shape.EMPTY_BODY:
        return refine_empty_body(scene)
    if shape is Shape.UNUSED_AWAITABLE:
        return refine_thrown_away(scene)
    return refine_wrong_kind(scene)


def refine_wrong_kind(scene: Scene) -> Refinement | None:
    """An object of the wrong kind where something async-ish (or its result) belongs."""
    expr = scene.expr
    if expr is None:
        return refine_decorated(scene)
    if scene.is_reported_name(expr):
        return Refinement(drop=True)
    consumed = _consumed(scene, expr)
    refinements = [_refine_in_place(scene, candidate) for candidate in consumed]
    found = [refinement for refinement in refinements if refinement is not None]
    if found:
        first, *others = found
        also = tuple(
            (other.finding, other.at)
            for other in others
            if other.finding is not None and other.at is not None
        )
        return first._replace(also=also) if also else first
    expr = consumed[0] if consumed else expr
    return (
        refine_function_argument(scene, expr)
        or refine_protocol_argument(scene)
        or refine_missing_await(scene, expr)
    )


def _refine_in_place(scene: Scene, expr: Expression) -> Refinement | None:
    """The finding for `expr` where it stands, if mypy's error is about that place."""
    role = scene.plugin.roles_of(scene.tree).role_of(expr)
    if role is None or not scene.plugin.receiver_fits(scene.checker, role):
        return None
    if not _about_the_place(scene, role.place):
        return None
    typ = scene.type_of(expr)
    function = function_object(expr, typ)
    if function is not None:
        return refine_uncalled(scene, role, function)
    if typ is None:
        return None
    found = suspects(role, typ)
    producer = scene.producer_of(expr)
    words = scene.plugin.words(scene.checker, role, producer, typ)
    finding = find(role, found, producer, words, scene.plugin.describe(scene.checker))
    if finding is None:
        return None
    return Refinement(finding=finding, at=compat.generator_argument_span(expr, role.consumer_call))


def _consumed(scene: Scene, expr: Expression) -> list[Expression]:
    """The expressions standing in a place, where mypy's error is about that place (the
    first that a rule finds fault with is the one the error is about).

    mypy reports a wrong `await` at the whole `await x`, a consumer given the wrong kind of
    argument (`list(rows)`, `gather(fetch(), ticks())`) at the whole call, `x in rows` at the
    whole comparison, `yield from rows` as a whole, and `*rows` at the whole call or display.
    """
    roles = scene.plugin.roles_of(scene.tree)
    if isinstance(expr, AwaitExpr):
        return [expr.expr] if scene.info.message.startswith(_AWAIT_MESSAGE) else []
    if isinstance(expr, YieldFromExpr):
        return [expr.expr] if scene.info.message.startswith(_YIELD_FROM_MESSAGE) else []
    parts: list[Expression] = []
    star = scene.code == "misc" and scene.info.message == _STAR_MESSAGE
    if isinstance(expr, CallExpr) and scene.code in _CALL_CODES:
        # A runner's awaitables may stand in a list, a set or a comprehension given to it.
        parts = list(expr.args)
        parts += (item for arg in expr.args for item in awaitables_in(arg) if item is not arg)
    elif scene.code in _CALL_CODES:
        # A list, set or comprehension of awaitables given to a runner (`as_completed([...])`).
        parts = [item for item in awaitables_in(expr) if item is not expr]
    elif isinstance(expr, CallExpr) and star:
        parts = [arg for arg, kind in zip(expr.args, expr.arg_kinds) if kind == ARG_STAR]
    elif isinstance(expr, (ListExpr, TupleExpr, SetExpr)) and star:
        parts = [item.expr for item in expr.items if isinstance(item, StarExpr)]
    elif isinstance(expr, ComparisonExpr) and scene.code == "operator":
        parts = list(expr.operands[1:])
    placed = [part for part in parts if roles.role_of(part) is not None]
    return placed or [expr]


def _about_the_place(scene: Scene, place: Place) -> bool:
    """Is mypy's error the one it reports for the wrong kind of object in `place`?"""
    if scene.code in MYPY_CODES[place]:
        return True
    # A class that switches iteration off with `__iter__ = None`.
    return place in SYNC_ITERATION and scene.info.message == '"None" not callable'
