"""The calls an `async def` without a declared result returns, directly or through a variable.

Such a function's own result is typed `Any`, so mypy says nothing when it returns a coroutine
it forgot to await: `await parse_response(...)` then gives back that coroutine, not its result.
The role map gives these calls the place `return`, and the call hook looks at their types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mypy.nodes import (
    LDEF,
    AssignmentStmt,
    AwaitExpr,
    CallExpr,
    ClassDef,
    Decorator,
    FuncDef,
    NameExpr,
    OverloadedFuncDef,
    ReturnStmt,
    Statement,
    Var,
)
from mypy.types import AnyType, CallableType, TypeOfAny

from mypy_async_plugin.records import Record
from mypy_async_plugin.statements import BODIES

_NESTED_SCOPES = frozenset({FuncDef, Decorator, OverloadedFuncDef, ClassDef})
_HOLDERS = frozenset(BODIES) - {FuncDef, Decorator, OverloadedFuncDef}
"""The statements outside functions whose bodies may hold functions (`class`, `if`, ...)."""


class ReturnedCall(Record):
    """A call whose object an `async def` without a declared result returns."""

    call: CallExpr
    variable: NameExpr | None
    """The variable it is stored in and returned through (`response = conn.read()`)."""
    function: str
    """The name of the `async def` that returns it."""
    line: int
    """The line of that `return`."""


def returned_calls(
    defs: list[Statement], awaits: Callable[[], list[AwaitExpr]]
) -> Iterator[ReturnedCall]:
    """The calls returned by a module's `async def`s without a declared result (at module
    level or in a class); a variable is followed only if none of the module's `awaits()`
    awaits it."""
    awaited: set[Var] | None = None
    for function in _undeclared_coroutine_functions(defs):
        for returned in _returned_by(function):
            if returned.variable is not None:
                if awaited is None:
                    awaited = _awaited_variables(awaits())
                if returned.variable.node in awaited:
                    continue
            yield returned


def _undeclared_coroutine_functions(defs: list[Statement]) -> list[FuncDef]:
    """The `async def`s without `yield` and without a return annotation, outside functions."""
    found: list[FuncDef] = []
    bodies = [defs]
    while bodies:
        for stmt in bodies.pop():
            kind = type(stmt)
            if kind is FuncDef or kind is Decorator:
                function = stmt.func if isinstance(stmt, Decorator) else stmt
                if (
                    isinstance(function, FuncDef)
                    and function.is_coroutine
                    and not function.is_async_generator
                    and _no_declared_result(function)
                ):
                    found.append(function)
            elif kind in _HOLDERS:
                bodies += BODIES[kind](stmt)
    return found


def _awaited_variables(awaits: list[AwaitExpr]) -> set[Var]:
    return {
        awaited.expr.node
        for awaited in awaits
        if isinstance(awaited.expr, NameExpr) and isinstance(awaited.expr.node, Var)
    }


def _no_declared_result(function: FuncDef) -> bool:
    written = function.unanalyzed_type
    if written is None:
        return True
    return (
        isinstance(written, CallableType)
        and isinstance(written.ret_type, AnyType)
        and written.ret_type.type_of_any == TypeOfAny.unannotated
    )


def _returned_by(function: FuncDef) -> Iterator[ReturnedCall]:
    """`return fetch()`, and `rows = fetch()` where `return rows` follows somewhere."""
    name = function.name
    returned: dict[Var, int] = {}
    stored: list[tuple[AssignmentStmt, NameExpr, Var]] = []
    stack = [function.body.body]
    while stack:
        for stmt in stack.pop():
            kind = type(stmt)
            if isinstance(stmt, ReturnStmt):
                value = stmt.expr
                if type(value) is CallExpr:
                    yield ReturnedCall(value, None, name, stmt.line)
                elif isinstance(value, NameExpr) and _local(value):
                    assert isinstance(value.node, Var)
                    returned.setdefault(value.node, stmt.line)
            elif isinstance(stmt, AssignmentStmt):
                target = stmt.lvalues[0]
                if (
                    len(stmt.lvalues) == 1
                    and stmt.type is None
                    and type(stmt.rvalue) is CallExpr
                    and isinstance(target, NameExpr)
                    and _local(target)
                ):
                    assert isinstance(target.node, Var)
                    stored.append((stmt, target, target.node))
            elif kind not in _NESTED_SCOPES:
                bodies = BODIES.get(kind)
                if bodies is not None:
                    stack.extend(bodies(stmt))
    for stmt, target, var in stored:
        line = returned.get(var)
        if line is not None:
            assert isinstance(stmt.rvalue, CallExpr)
            yield ReturnedCall(stmt.rvalue, target, name, line)


def _local(name: NameExpr) -> bool:
    return name.kind == LDEF and isinstance(name.node, Var)
