"""Walking a module's statements: the bodies inside each compound statement, in source order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from mypy.nodes import (
    AssertStmt,
    AssignmentStmt,
    Block,
    BreakStmt,
    ClassDef,
    ContinueStmt,
    Decorator,
    DelStmt,
    ExpressionStmt,
    ForStmt,
    FuncDef,
    GlobalDecl,
    IfStmt,
    Import,
    ImportAll,
    ImportFrom,
    MatchStmt,
    NonlocalDecl,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    PassStmt,
    RaiseStmt,
    ReturnStmt,
    Statement,
    TryStmt,
    WhileStmt,
    WithStmt,
)


def compound_statements(body: list[Statement]) -> Iterator[Statement]:
    """Every statement with a body of its own (for, with, def, class, ...), nested ones too."""
    simple = SIMPLE_STATEMENTS
    stack = [stmt for stmt in body if type(stmt) not in simple]
    while stack:
        stmt = stack.pop()
        yield stmt
        for body in bodies_of(stmt):
            stack.extend(inner for inner in body if type(inner) not in simple)


def all_statements(body: list[Statement]) -> Iterator[Statement]:
    """Every statement, simple or compound, nested ones too."""
    stack = list(body)
    while stack:
        stmt = stack.pop()
        yield stmt
        for body in bodies_of(stmt):
            stack.extend(body)


SIMPLE_STATEMENTS = frozenset(
    {
        AssignmentStmt,
        ExpressionStmt,
        ReturnStmt,
        Import,
        ImportFrom,
        ImportAll,
        PassStmt,
        RaiseStmt,
        AssertStmt,
        OperatorAssignmentStmt,
        BreakStmt,
        ContinueStmt,
        DelStmt,
        GlobalDecl,
        NonlocalDecl,
    }
)


def _loop_bodies(stmt: ForStmt | WhileStmt) -> list[list[Statement]]:
    if stmt.else_body is None:
        return [stmt.body.body]
    return [stmt.body.body, stmt.else_body.body]


def _if_bodies(stmt: IfStmt) -> list[list[Statement]]:
    bodies = [block.body for block in stmt.body]
    if stmt.else_body is not None:
        bodies.append(stmt.else_body.body)
    return bodies


def _try_bodies(stmt: TryStmt) -> list[list[Statement]]:
    bodies = [stmt.body.body]
    bodies.extend(handler.body for handler in stmt.handlers)
    for extra in (stmt.else_body, stmt.finally_body):
        if extra is not None:
            bodies.append(extra.body)
    return bodies


def _overload_bodies(stmt: OverloadedFuncDef) -> list[list[Statement]]:
    bodies = [item.func.body.body for item in stmt.items if isinstance(item, Decorator)]
    if isinstance(stmt.impl, Decorator):
        bodies.append(stmt.impl.func.body.body)
    elif isinstance(stmt.impl, FuncDef):
        bodies.append(stmt.impl.body.body)
    return bodies


BODIES: dict[type[Statement], Callable[[Any], list[list[Statement]]]] = {
    FuncDef: lambda stmt: [stmt.body.body],
    ForStmt: _loop_bodies,
    WhileStmt: _loop_bodies,
    WithStmt: lambda stmt: [stmt.body.body],
    Decorator: lambda stmt: [stmt.func.body.body],
    OverloadedFuncDef: _overload_bodies,
    ClassDef: lambda stmt: [stmt.defs.body],
    IfStmt: _if_bodies,
    TryStmt: _try_bodies,
    MatchStmt: lambda stmt: [block.body for block in stmt.bodies],
    Block: lambda stmt: [stmt.body],
}
"""The statement lists directly inside a compound statement, by its type, in source order."""
_NO_BODIES: list[list[Statement]] = []


def bodies_of(stmt: Statement) -> list[list[Statement]]:
    """The statement lists directly inside `stmt`, in source order (none for a simple one)."""
    bodies = BODIES.get(type(stmt))
    return bodies(stmt) if bodies is not None else _NO_BODIES
