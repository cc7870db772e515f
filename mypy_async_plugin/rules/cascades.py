"""mypy's errors that only follow from a mistake already reported.

The plugin types a flagged expression as `Any` (so that nothing cascades from it), but under
`--strict` returning a value derived from it adds `no-any-return`; and where mypy's own error was
rewritten, the value it infers (`aiter(pending)`: `AsyncIterator[Never]`) leaves the variable
bound from it with `Need type annotation`. Those errors go: the fix of the reported mistake
removes them.
"""

from __future__ import annotations

from mypy.nodes import Expression, ForStmt, NameExpr, Var
from mypy.server.subexpr import get_subexpressions

from mypy_async_plugin.positions import Span, span_of
from mypy_async_plugin.scene import Refinement, Scene

_RETURN = len("return ")


def refine_any_return(scene: Scene, flagged: set[Span]) -> Refinement | None:
    """`return x` where `x` is (or is bound from) an expression the plugin reported."""
    if not flagged:
        return None
    info = scene.info
    returned = scene.positions.expression_starting_at(info.line, info.column + _RETURN)
    if returned is None:
        return None
    if _derived_from(scene, returned, flagged, depth=2):
        return Refinement(drop=True)
    return None


def _derived_from(scene: Scene, expr: Expression, flagged: set[Span], depth: int) -> bool:
    for part in (expr, *get_subexpressions(expr)):
        if span_of(part) in flagged:
            return True
        if depth and isinstance(part, NameExpr) and isinstance(part.node, Var):
            for source in scene.positions.bound_from(part.node):
                if _derived_from(scene, source, flagged, depth - 1):
                    return True
    return False


def refine_unannotated(scene: Scene, flagged: set[Span]) -> Refinement | None:
    """`name = value` or `for name in value:`, where `value` holds an expression the plugin
    reported.

    mypy reports it at the value (at the name on some versions), or at the whole `for`."""
    if not flagged:
        return None
    expr = scene.expr if scene.expr is not None else _value_reported_at(scene)
    if expr is None:
        return None
    values = [expr]
    if isinstance(expr, NameExpr) and isinstance(expr.node, Var):
        values = [
            value for value in scene.positions.bound_from(expr.node) if value.line == expr.line
        ]
    if any(_derived_from(scene, value, flagged, depth=0) for value in values):
        return Refinement(drop=True)
    return None


def _value_reported_at(scene: Scene) -> Expression | None:
    """The value of a binding, where mypy's span is not an expression's own: the expression
    starting there (a lambda, on mypy 1.18), or the iterable of a `for` starting there."""
    info = scene.info
    starting = scene.positions.expression_starting_at(info.line, info.column)
    if starting is not None:
        return starting
    loop = scene.positions.statement_at(info.line, info.column)
    if isinstance(loop, ForStmt) and (loop.line, loop.column) == (info.line, info.column):
        return loop.expr
    return None
