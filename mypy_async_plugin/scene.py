"""One of mypy's errors (or a mistake a hook found where mypy is silent), seen by the rules
that may refine it, and what they decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mypy.checker import TypeChecker
from mypy.errors import ErrorInfo
from mypy.nodes import (
    CallExpr,
    Context,
    Expression,
    MemberExpr,
    MypyFile,
    NameExpr,
    SymbolNode,
    Var,
)
from mypy.types import ProperType, get_proper_type

from mypy_async_plugin import compat
from mypy_async_plugin.kinds import Producer, declared_result
from mypy_async_plugin.mypy_messages import Shape
from mypy_async_plugin.positions import PositionIndex
from mypy_async_plugin.records import Record
from mypy_async_plugin.rules.wording import Finding
from mypy_async_plugin.values import call_producer, callee_definition, value_producer

if TYPE_CHECKING:
    from mypy_async_plugin.plugin import AsyncPlugin


class Moved(Record):
    """A finding reported on another line (where the fix goes) instead of mypy's error."""

    finding: Finding
    at: Expression
    name: Var | None
    """The variable it is about: mypy's later errors about it are dropped."""


class Refinement(Record):
    """What to do with one of mypy's errors: rewrite it, move it, or drop it."""

    finding: Finding | None = None
    moved: Moved | None = None
    drop: bool = False
    at: Context | None = None
    """Where the rewritten error points, when not where mypy's did (`x` of `await x`)."""
    also: tuple[tuple[Finding, Context], ...] = ()
    """Findings about other parts of the expression mypy's one error is about (each wrong
    argument of `zip(fetch_ids(), fetch_names())`), reported as errors of their own."""


class Scene:
    """What a rule may look at for one error: the module, its checker, the expression."""

    def __init__(
        self,
        plugin: AsyncPlugin,
        checker: TypeChecker,
        positions: PositionIndex,
        info: ErrorInfo | None,
        shape: Shape | None,
        expr: Expression | None,
        reported_names: set[Var],
    ) -> None:
        self.plugin = plugin
        self.checker = checker
        self.positions = positions
        self._info = info
        self._shape = shape
        self.expr = expr
        self.reported_names = reported_names
        self.any_awaitable = False
        """Is an instance of any awaitable class (`Future`, `Task`) taken for a missing
        `await`, not only a coroutine? Where mypy suggested `await`, or a future is iterated."""

    @property
    def info(self) -> ErrorInfo:
        """mypy's error (only a mistake a hook found where mypy is silent has none)."""
        assert self._info is not None
        return self._info

    @property
    def shape(self) -> Shape:
        assert self._shape is not None
        return self._shape

    @property
    def tree(self) -> MypyFile:
        return self.checker.tree

    @property
    def code(self) -> str:
        """mypy's error code ("" where mypy is silent)."""
        info = self._info
        return info.code.code if info is not None and info.code is not None else ""

    def type_of(self, expr: Expression) -> ProperType | None:
        found = self.checker.lookup_type_or_none(expr)
        if found is None and isinstance(expr, NameExpr) and isinstance(expr.node, Var):
            # mypy checks some expressions against several type contexts and reports the
            # errors of the winning one after dropping its types; a variable keeps its own.
            # A variable of a function mypy checks as copies has none: see compat.
            found = expr.node.type or compat.type_at_same_span(self.checker, expr)
        elif found is None and isinstance(expr, CallExpr):
            found = compat.type_at_same_span(self.checker, expr) or declared_result(
                self._callee_of(expr)
            )
        return get_proper_type(found) if found is not None else None

    def _callee_of(self, call: CallExpr) -> SymbolNode | None:
        callee = call.callee
        receiver = self.type_of(callee.expr) if isinstance(callee, MemberExpr) else None
        return callee_definition(callee, receiver)

    def spell(self, expr: Expression, longest: int = 60) -> str:
        return self.plugin.spell(self.checker.tree.path, expr, longest)

    def is_reported_name(self, expr: Expression) -> bool:
        """Is `expr` a variable whose missing `await` was reported already?"""
        return (
            isinstance(expr, NameExpr)
            and isinstance(expr.node, Var)
            and expr.node in self.reported_names
        )

    def producer_of(self, expr: Expression) -> Producer:
        """Who made the object: the callee of a call, or of the call a variable was bound to."""
        made_by = expr
        if isinstance(expr, NameExpr) and isinstance(expr.node, Var):
            assignments = self.positions.assignments_to(expr.node)
            if len(assignments) == 1:
                made_by = assignments[0].rvalue
        found = None
        if isinstance(made_by, CallExpr):
            callee = made_by.callee
            receiver = self.type_of(callee.expr) if isinstance(callee, MemberExpr) else None
            found = call_producer(made_by, self.tree.fullname, receiver)
            if found is not None:
                where = self.plugin.lie_declared_at(callee_definition(callee, receiver))
                found = found._replace(declared_at=where)
        return found or value_producer(self.spell(expr))
