"""Where does it stand: the syntactic place of every consumed expression in a module."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress
from typing import NamedTuple

from mypy.nodes import (
    ARG_POS,
    ARG_STAR,
    AssertStmt,
    AssignmentStmt,
    AwaitExpr,
    Block,
    BreakStmt,
    CallExpr,
    ClassDef,
    ComparisonExpr,
    ContinueStmt,
    Decorator,
    DelStmt,
    DictionaryComprehension,
    Expression,
    ExpressionStmt,
    ForStmt,
    FuncDef,
    GeneratorExpr,
    GlobalDecl,
    IfStmt,
    Import,
    ImportAll,
    ImportFrom,
    ListComprehension,
    ListExpr,
    MatchStmt,
    MemberExpr,
    MypyFile,
    NameExpr,
    NonlocalDecl,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    PassStmt,
    RaiseStmt,
    RefExpr,
    ReturnStmt,
    SetComprehension,
    SetExpr,
    StarExpr,
    Statement,
    TryStmt,
    TupleExpr,
    WhileStmt,
    WithStmt,
    YieldFromExpr,
)
from mypy.server.subexpr import get_subexpressions

from mypy_async_plugin.placed_calls import PlacedCalls
from mypy_async_plugin.places import (
    ASYNC_PLACES,
    BUILT_IN_CONSUMERS,
    RUNNER_PARAMETERS,
    Consumer,
    Consumers,
    Place,
)

_METHOD_RUNNER = Consumer("", Place.RUNNER)


class Role(NamedTuple):
    """One expression and the place it stands in."""

    place: Place
    expr: Expression
    target: Expression | None = None
    """The loop or `as` target, when there is one."""
    consumer: str | None = None
    """The consuming function as the user would write it (`list`, `asyncio.run`)."""
    consumer_call: CallExpr | None = None
    """The call that consumes the expression, when it is an argument."""
    receiver: Expression | None = None
    receiver_classes: tuple[str, ...] = ()
    """For a method runner (`tg.create_task(...)`): the object and the classes it must be."""
    brackets: str = "[]"
    """For a comprehension: the brackets it is written with."""


class RoleMap:
    """The places of one module's consumed expressions, keyed by expression identity."""

    def __init__(self, tree: MypyFile, consumers: Consumers = BUILT_IN_CONSUMERS) -> None:
        self._defs = tree.defs
        self._consumer_functions, self._method_runners = consumers
        self._roles: dict[int, Role] = {}
        self._placed_calls: PlacedCalls | None = None
        self.async_place_callees: set[str] = set()
        """Short names of the callees whose calls stand in an async place."""
        simple = _SIMPLE_STATEMENTS
        bodies = [tree.defs]
        while bodies:
            for stmt in bodies.pop():
                kind = type(stmt)
                if isinstance(stmt, ExpressionStmt):
                    if type(stmt.expr) is CallExpr:
                        self._roles[id(stmt.expr)] = Role(Place.DISCARDED, stmt.expr)
                elif kind not in simple:
                    if kind is ForStmt or kind is WithStmt:
                        self._add_statement(stmt)
                    bodies.extend(block.body for block in _blocks(stmt))
        for expr in _consuming_expressions(tree):
            if type(expr) is CallExpr:
                self._add_call(expr)
            else:
                self._add_expression(expr)

    def is_for(self, tree: MypyFile) -> bool:
        """Is this map still about `tree`? (dmypy re-parses a module into the same object.)"""
        return tree.defs is self._defs

    def role_of(self, expr: Expression) -> Role | None:
        role = self._roles.get(id(expr))
        return role if role is not None and role.expr is expr else None

    def placed_calls(self) -> PlacedCalls:
        """The calls that stand in a place, by callee (worked out when first asked)."""
        if self._placed_calls is None:
            self._placed_calls = PlacedCalls(self._roles.values())
        return self._placed_calls

    def _put(self, role: Role, *, replace: bool = False) -> None:
        if replace:
            self._roles[id(role.expr)] = role
        else:
            self._roles.setdefault(id(role.expr), role)
        if role.place in ASYNC_PLACES and isinstance(role.expr, CallExpr):
            callee = role.expr.callee
            if isinstance(callee, (NameExpr, MemberExpr)):
                self.async_place_callees.add(callee.name)

    def _add_statement(self, stmt: Statement) -> None:
        if isinstance(stmt, ForStmt):
            place = Place.ASYNC_FOR if stmt.is_async else Place.FOR
            self._put(Role(place, stmt.expr, target=stmt.index))
            if isinstance(stmt.expr, AwaitExpr):
                # `for name in await stream()`: the fix iterates with the user's own name.
                self._put(Role(Place.AWAITED, stmt.expr.expr, target=stmt.index))
        elif isinstance(stmt, WithStmt):
            place = Place.ASYNC_WITH if stmt.is_async else Place.WITH
            for item, target in zip(stmt.expr, stmt.target):
                self._put(Role(place, item, target=target))

    def _add_expression(self, expr: Expression) -> None:
        if isinstance(expr, AwaitExpr):
            self._put(Role(Place.AWAITED, expr.expr))
        elif isinstance(expr, (GeneratorExpr, DictionaryComprehension)):
            brackets = "{}" if isinstance(expr, DictionaryComprehension) else "[]"
            self._add_comprehension(expr, brackets)
        elif isinstance(expr, SetComprehension):
            self._add_comprehension(expr.generator, "{}", replace=True)
        elif isinstance(expr, ComparisonExpr):
            for operator, right in zip(expr.operators, expr.operands[1:]):
                if operator in ("in", "not in"):
                    self._put(Role(Place.MEMBERSHIP, right))
        elif isinstance(expr, (ListExpr, TupleExpr, SetExpr)):
            for item in expr.items:
                if isinstance(item, StarExpr):
                    self._put(Role(Place.STAR, item.expr))
        elif isinstance(expr, YieldFromExpr):
            self._put(Role(Place.YIELD_FROM, expr.expr))

    def _add_comprehension(
        self,
        expr: GeneratorExpr | DictionaryComprehension,
        brackets: str,
        *,
        replace: bool = False,
    ) -> None:
        for sequence, index, is_async in zip(expr.sequences, expr.indices, expr.is_async):
            place = Place.ASYNC_COMPREHENSION if is_async else Place.COMPREHENSION
            role = Role(place, sequence, target=index, brackets=brackets)
            self._put(role, replace=replace)
            if isinstance(sequence, AwaitExpr):
                self._put(Role(Place.AWAITED, sequence.expr, target=index), replace=replace)

    def _add_call(self, call: CallExpr) -> None:
        if ARG_STAR in call.arg_kinds:
            for arg, kind in zip(call.args, call.arg_kinds):
                if kind == ARG_STAR:
                    self._put(Role(Place.STAR, arg))
        callee = call.callee
        method_runners = self._method_runners
        consumer = (
            self._consumer_functions.get(callee.fullname) if isinstance(callee, RefExpr) else None
        )
        if consumer is not None:
            for arg in _consumed_args(call, consumer):
                role = Role(consumer.place, arg, consumer=consumer.shown_as, consumer_call=call)
                self._put(role)
        elif isinstance(callee, MemberExpr) and callee.name in method_runners:
            for arg in _consumed_args(call, _METHOD_RUNNER):
                self._put(
                    Role(
                        Place.RUNNER,
                        arg,
                        consumer=callee.name,
                        consumer_call=call,
                        receiver=callee.expr,
                        receiver_classes=method_runners[callee.name],
                    )
                )


def _consuming_expressions(tree: MypyFile) -> Iterator[Expression]:
    """The module's expressions that consume a value (calls, `await`, comprehensions, ...)."""
    expressions = get_subexpressions(tree)
    # Filtered without a Python-level step per expression: a module has tens of thousands.
    wanted = map(_CONSUMING_EXPRESSIONS.__contains__, map(type, expressions))
    return compress(expressions, wanted)


def has_async_functions(tree: MypyFile) -> bool:
    """Does the module define any `async def` (where `await`, `async for/with` can stand)?"""
    for stmt in compound_statements(tree.defs):
        if isinstance(stmt, FuncDef) and stmt.is_coroutine:
            return True
        if isinstance(stmt, Decorator) and stmt.func.is_coroutine:
            return True
        if isinstance(stmt, OverloadedFuncDef) and any(
            isinstance(item, (FuncDef, Decorator)) and _func(item).is_coroutine
            for item in [*stmt.items, *([stmt.impl] if stmt.impl else [])]
        ):
            return True
    return False


def _func(item: FuncDef | Decorator) -> FuncDef:
    return item.func if isinstance(item, Decorator) else item


def _consumed_args(call: CallExpr, consumer: Consumer) -> Iterator[Expression]:
    """The arguments a consumer consumes; runners also take lists of awaitables."""
    positional = [arg for arg, kind in zip(call.args, call.arg_kinds) if kind == ARG_POS]
    consumed = positional[consumer.first_arg :]
    for arg in consumed[:1] if consumer.only_one else consumed:
        if consumer.place is Place.RUNNER:
            yield from _awaitables_in(arg)
        else:
            yield arg
    if consumer.place is Place.RUNNER:
        for arg, name in zip(call.args, call.arg_names):
            if name in RUNNER_PARAMETERS:
                yield from _awaitables_in(arg)
    if consumer.place is Place.RUNNER and not consumer.only_one:
        # `gather(*(fetch(i) for i in ids))`, `gather(*[fetch(i) for i in ids])`
        for arg, kind in zip(call.args, call.arg_kinds):
            if kind == ARG_STAR:
                yield from _awaitables_in(arg)


def _awaitables_in(arg: Expression) -> Iterator[Expression]:
    """The awaitables a runner argument holds: itself, or the items of a collection of them."""
    if isinstance(arg, (ListExpr, TupleExpr, SetExpr)):
        yield from (item for item in arg.items if not isinstance(item, StarExpr))
    elif isinstance(arg, (ListComprehension, SetComprehension)):
        yield arg.generator.left_expr
    elif isinstance(arg, GeneratorExpr):
        yield arg.left_expr
    else:
        yield arg


def compound_statements(body: list[Statement]) -> Iterator[Statement]:
    """Every statement with a body of its own (for, with, def, class, ...), nested ones too."""
    simple = _SIMPLE_STATEMENTS
    stack = [stmt for stmt in body if type(stmt) not in simple]
    while stack:
        stmt = stack.pop()
        yield stmt
        for block in _blocks(stmt):
            stack.extend(inner for inner in block.body if type(inner) not in simple)


def all_statements(body: list[Statement]) -> Iterator[Statement]:
    """Every statement, simple or compound, nested ones too."""
    stack = list(body)
    while stack:
        stmt = stack.pop()
        yield stmt
        for block in _blocks(stmt):
            stack.extend(block.body)


_CONSUMING_EXPRESSIONS = frozenset(
    {
        AwaitExpr,
        CallExpr,
        GeneratorExpr,
        DictionaryComprehension,
        SetComprehension,
        ComparisonExpr,
        ListExpr,
        TupleExpr,
        SetExpr,
        YieldFromExpr,
    }
)
_SIMPLE_STATEMENTS = frozenset(
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


def _blocks(stmt: Statement) -> Iterator[Block]:
    if isinstance(stmt, (FuncDef, ForStmt, WhileStmt, WithStmt)):
        yield stmt.body
        else_body = getattr(stmt, "else_body", None)
        if else_body is not None:
            yield else_body
    elif isinstance(stmt, Decorator):
        yield stmt.func.body
    elif isinstance(stmt, OverloadedFuncDef):
        for item in stmt.items:
            if isinstance(item, Decorator):
                yield item.func.body
        if isinstance(stmt.impl, Decorator):
            yield stmt.impl.func.body
        elif isinstance(stmt.impl, FuncDef):
            yield stmt.impl.body
    elif isinstance(stmt, ClassDef):
        yield stmt.defs
    elif isinstance(stmt, IfStmt):
        yield from stmt.body
        if stmt.else_body is not None:
            yield stmt.else_body
    elif isinstance(stmt, TryStmt):
        yield stmt.body
        yield from stmt.handlers
        for extra in (stmt.else_body, stmt.finally_body):
            if extra is not None:
                yield extra
    elif isinstance(stmt, MatchStmt):
        yield from stmt.bodies
    elif isinstance(stmt, Block):
        yield stmt
