"""The refiner finds the expression an error is about in the statement on the error's line,
and indexes the whole module only when that fails. Both ways must give the same answer."""

from __future__ import annotations

import textwrap

import pytest
from mypy import build
from mypy.modulefinder import BuildSource
from mypy.nodes import (
    AssignmentExpr,
    CallExpr,
    ConditionalExpr,
    Expression,
    MypyFile,
    NameExpr,
    OpExpr,
    UnaryExpr,
)
from mypy.options import Options
from mypy.server.subexpr import get_subexpressions

from mypy_async_plugin.positions import PositionIndex, span_of

SOURCE = textwrap.dedent(
    """\
    from dataclasses import dataclass
    from typing import Any


    def f() -> int:
        return 1


    def keep(c: Any) -> Any:
        return c


    x = 1; y = f()
    if (found := f()): pass
    while f() and not f(): x += 1


    @keep(f())
    class C:
        @staticmethod
        @keep
        def g(a: int = f()) -> None:
            assert f() if x else f(), "m"
            values = [v for v in range(3) if f()]
            z = {f(): f(
                1,
            )}
            try:
                pass
            except Exception:
                w = (lambda: f())()
            else:
                u = f() + f()


    @dataclass
    class D:
        size: int = 0

        def grow(self) -> None:
            if (found := f()): self.size += found
    """
)


@pytest.fixture(scope="module")
def tree() -> MypyFile:
    options = Options()
    options.preserve_asts = True
    options.incremental = False
    result = build.build([BuildSource(None, "m", SOURCE)], options)
    return result.graph["m"].tree  # type: ignore[return-value]


def test_every_expression_is_found_at_its_span(tree: MypyFile) -> None:
    every = get_subexpressions(tree)
    for expr in every:
        first_at_span = next(e for e in every if span_of(e) == span_of(expr))
        assert PositionIndex(tree).expression_at(span_of(expr)) is first_at_span


def test_the_outermost_expression_starting_somewhere_is_found(tree: MypyFile) -> None:
    every = get_subexpressions(tree)
    for expr in every:
        starting = [e for e in every if (e.line, e.column) == (expr.line, expr.column)]
        widest = max(starting, key=lambda e: (e.end_line or 0, e.end_column or 0))
        found = PositionIndex(tree).expression_starting_at(expr.line, expr.column)
        assert found is not None
        assert span_of(found) == span_of(widest)


def test_a_span_that_is_no_expression_finds_nothing(tree: MypyFile) -> None:
    index = PositionIndex(tree)
    assert index.expression_at((14, 0, 14, 1)) is None
    assert index.expression_at((1, 0, 99, 0)) is None


def test_walrus_bindings_are_found_only_for_their_target(tree: MypyFile) -> None:
    every = get_subexpressions(tree)
    walruses = {id(e.target): e for e in every if isinstance(e, AssignmentExpr)}
    assert len(walruses) == 2
    for expr in every:
        assert PositionIndex(tree).walrus_binding(expr) is walruses.get(id(expr))


def _calls_of_f(every: list[Expression], line: int) -> list[Expression]:
    return [
        e
        for e in every
        if e.line == line
        and isinstance(e, CallExpr)
        and isinstance(e.callee, NameExpr)
        and e.callee.name == "f"
    ]


def test_conditions_are_named_by_their_construct(tree: MypyFile) -> None:
    every = get_subexpressions(tree)
    walrus, in_dataclass = [e for e in every if isinstance(e, AssignmentExpr)]
    left, right = _calls_of_f(every, 15)
    (both,) = [e for e in every if isinstance(e, OpExpr) and e.op == "and"]
    (negated,) = [e for e in every if isinstance(e, UnaryExpr)]
    (ternary,) = [e for e in every if isinstance(e, ConditionalExpr)]
    (comprehension_test,) = _calls_of_f(every, 24)
    expected = {
        id(walrus): "if",
        id(in_dataclass): "if",
        id(both): "while",
        id(left): "and",
        id(right): "not",
        id(negated): "... and",
        id(ternary): "assert",
        id(ternary.cond): "ternary",
        id(comprehension_test): "comprehension",
    }
    for expr in every:
        found = PositionIndex(tree).condition_of(expr)
        assert (found[0] if found is not None else None) == expected.get(id(expr))
