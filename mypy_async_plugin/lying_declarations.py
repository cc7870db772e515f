"""Which `async def`s lie: declared to return an async iterator, with a placeholder body and
no `yield`, so that they are coroutine functions whatever was meant (rules/declarations.py
words the error). Loaded with the plugin: it is asked about every class mypy analyses.
"""

from __future__ import annotations

from collections.abc import Iterator

from mypy.nodes import (
    Block,
    CallExpr,
    ClassDef,
    Decorator,
    EllipsisExpr,
    ExpressionStmt,
    FuncDef,
    MypyFile,
    NameExpr,
    PassStmt,
    RaiseStmt,
    Statement,
    StrExpr,
    SymbolNode,
)
from mypy.types import CallableType, Instance, UnboundType, get_proper_type

ASYNC_ITERATOR_TYPES = frozenset({"AsyncIterator", "AsyncIterable", "AsyncGenerator"})


def lies(node: SymbolNode | None) -> FuncDef | None:
    """The function, if `node` is an `async def` declared to return an async iterator whose
    body is only a placeholder (so it has no `yield`): a coroutine function, whatever was meant.
    """
    func = node.func if isinstance(node, Decorator) else node
    if not isinstance(func, FuncDef) or not func.is_coroutine or func.is_async_generator:
        return None
    if returned_type_name(func) not in ASYNC_ITERATOR_TYPES or not _is_placeholder(func.body):
        return None
    if isinstance(node, Decorator) and any(_is_overload(d) for d in node.decorators):
        return None
    return func


def module_declarations(tree: MypyFile) -> Iterator[tuple[FuncDef, str]]:
    """The lying module-level functions of a module, with the names to show."""
    return _declarations(tree.defs, "")


def class_declarations(cls: ClassDef) -> Iterator[tuple[FuncDef, str]]:
    """The lying methods of one class (nested classes are analysed on their own)."""
    return _declarations(cls.defs.body, f"{cls.name}.")


def _declarations(body: list[Statement], owner: str) -> Iterator[tuple[FuncDef, str]]:
    for stmt in body:
        if isinstance(stmt, FuncDef):
            func = stmt
        elif isinstance(stmt, Decorator):
            func = stmt.func
        else:
            continue
        lying = lies(stmt) if func.is_coroutine else None  # most are plain `def`s
        if lying is not None:
            yield lying, f"{owner}{lying.name}"


def _is_placeholder(body: Block) -> bool:
    statements = body.body
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    return all(_is_placeholder_statement(stmt) for stmt in statements)


def _is_docstring(stmt: Statement) -> bool:
    return isinstance(stmt, ExpressionStmt) and isinstance(stmt.expr, StrExpr)


def _is_placeholder_statement(stmt: Statement) -> bool:
    if isinstance(stmt, PassStmt):
        return True
    if isinstance(stmt, ExpressionStmt):
        return isinstance(stmt.expr, EllipsisExpr)
    if isinstance(stmt, RaiseStmt):
        raised = stmt.expr.callee if isinstance(stmt.expr, CallExpr) else stmt.expr
        return isinstance(raised, NameExpr) and raised.name == "NotImplementedError"
    return False


def _is_overload(decorator: object) -> bool:
    return (isinstance(decorator, NameExpr) and decorator.name == "overload") or (
        hasattr(decorator, "fullname") and str(decorator.fullname).endswith(".overload")
    )


def returned_type_name(func: FuncDef) -> str | None:
    """The declared result's class, no module: `AsyncIterator` for `typing.AsyncIterator[Row]`."""
    declared = func.unanalyzed_type or func.type
    returned = get_proper_type(declared.ret_type) if isinstance(declared, CallableType) else None
    if isinstance(returned, UnboundType):
        return returned.name.rsplit(".", 1)[-1]
    if isinstance(returned, Instance):
        return returned.type.name
    return None
