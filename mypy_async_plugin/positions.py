"""Which expression an error of mypy's is about: the node at the error's exact span."""

from __future__ import annotations

from collections.abc import Iterator

from mypy.nodes import (
    AssertStmt,
    AssignmentExpr,
    AssignmentStmt,
    ConditionalExpr,
    Decorator,
    DictExpr,
    DictionaryComprehension,
    Expression,
    ForStmt,
    FuncDef,
    GeneratorExpr,
    IfStmt,
    MypyFile,
    NameExpr,
    OpExpr,
    Statement,
    UnaryExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.server.subexpr import get_subexpressions

from mypy_async_plugin.statements import all_statements, bodies_of, compound_statements

Span = tuple[int, int, int, int]
"""line, column, end line, end column: where mypy reports an error about a node."""


def span_of(expr: Expression) -> Span:
    # PositionIndex builds its spans inline (tens of thousands of them): keep the two alike.
    return (expr.line, expr.column, expr.end_line or expr.line, expr.end_column or -1)


class PositionIndex:
    """The expressions of one module by their span, and decorated functions by decorator.

    Most modules have an error or two the refiner looks at: an expression is looked for in
    the innermost statement holding its start (it can be nowhere else), and the whole module
    is indexed only when no statement holds it (a class decorator's line) or a rule needs
    more than one expression.
    """

    def __init__(self, tree: MypyFile) -> None:
        self._tree = tree
        self._defs = tree.defs
        self._every_expression: list[Expression] | None = None
        self._expressions: dict[Span, Expression] | None = None
        self._starts: dict[tuple[int, int], Expression] | None = None
        self._assignments: dict[Var, list[AssignmentStmt]] | None = None
        self._bindings: dict[Var, list[Expression]] | None = None
        self._functions: dict[int, FuncDef] | None = None
        self._uses: dict[Var, list[NameExpr]] | None = None
        self._conditions: dict[int, tuple[str, Expression]] | None = None
        self._walruses: dict[int, AssignmentExpr] | None = None
        self._decorated: dict[tuple[int, int], Decorator] | None = None
        self._near_statement: Statement | None = None
        self._near_expressions: list[Expression] = []

    def is_for(self, tree: MypyFile) -> bool:
        return tree.defs is self._defs

    @property
    def _all(self) -> list[Expression]:
        """Every expression of the module, in the order mypy's traverser visits them."""
        if self._every_expression is None:
            self._every_expression = get_subexpressions(self._tree)
        return self._every_expression

    def expression_at(self, span: Span) -> Expression | None:
        """The first expression (in traversal order) at exactly this span."""
        if self._expressions is None:
            near = self._near(span[0], span[1])
            if near is not None:
                return next((expr for expr in near[1] if span_of(expr) == span), None)
            # The first expression at a span wins: built from the last one back.
            self._expressions = {
                (expr.line, expr.column, expr.end_line or expr.line, expr.end_column or -1): expr
                for expr in reversed(self._all)
            }
        return self._expressions.get(span)

    def decorated_at(self, line: int, column: int) -> Decorator | None:
        """The decorated function whose decorator stands at (line, column), if any.

        mypy reports a decorator that rejects its function at the decorator's start.
        """
        if self._decorated is None:
            self._decorated = {}
            for stmt in compound_statements(self._defs):
                if isinstance(stmt, Decorator):
                    for decorator in stmt.decorators:
                        self._decorated[decorator.line, decorator.column] = stmt
        return self._decorated.get((line, column))

    def assignments_to(self, var: Var) -> list[AssignmentStmt]:
        """The `name = value` statements that bind `var` (built when first asked)."""
        if self._assignments is None:
            self._assignments = {}
            for stmt in all_statements(self._tree.defs):
                if isinstance(stmt, AssignmentStmt):
                    for lvalue in stmt.lvalues:
                        if isinstance(lvalue, NameExpr) and isinstance(lvalue.node, Var):
                            self._assignments.setdefault(lvalue.node, []).append(stmt)
        return self._assignments.get(var, [])

    def assignment_with_value(self, value: Expression) -> AssignmentStmt | None:
        """The `target = value` statement whose value is `value`."""
        for stmt in all_statements(self._tree.defs):
            if isinstance(stmt, AssignmentStmt) and stmt.rvalue is value:
                return stmt
        return None

    def dict_value_of(self, key: Expression) -> Expression | None:
        """The value of the dict display entry whose key is `key`."""
        for expr in self._all:
            if isinstance(expr, DictExpr):
                for item_key, value in expr.items:
                    if item_key is key:
                        return value
        return None

    def walrus_binding(self, target: Expression) -> AssignmentExpr | None:
        """The `(target := value)` that binds `target`, when `target` is its target."""
        if self._walruses is None:
            near = self._near(target.line, target.column)
            if near is not None:
                # A walrus starts where its target does: inside the statement found.
                walruses = (expr for expr in near[1] if isinstance(expr, AssignmentExpr))
                return next((expr for expr in walruses if expr.target is target), None)
            self._walruses = {
                id(expr.target): expr for expr in self._all if isinstance(expr, AssignmentExpr)
            }
        found = self._walruses.get(id(target))
        return found if found is not None and found.target is target else None

    def expression_starting_at(self, line: int, column: int) -> Expression | None:
        """The outermost expression that starts at (line, column)."""
        if self._starts is None:
            near = self._near(line, column)
            if near is not None:
                return _outermost_starting_at(near[1], line, column)
            self._starts = {}
            for expr in self._all:
                key = (expr.line, expr.column)
                known = self._starts.get(key)
                if known is None or _wider(expr, known):
                    self._starts[key] = expr
        return self._starts.get((line, column))

    def statement_at(self, line: int, column: int) -> Statement | None:
        """The innermost statement that holds (line, column)."""
        return _statement_at(self._defs, line, column)

    def _near(self, line: int, column: int) -> tuple[Statement, list[Expression]] | None:
        """The innermost statement holding (line, column), and its expressions: the
        expression starting there, and the constructs around it, are among them."""
        stmt = _statement_at(self._defs, line, column)
        if stmt is None:
            return None
        if self._near_statement is not stmt:
            self._near_statement = stmt
            self._near_expressions = get_subexpressions(stmt)
        return stmt, self._near_expressions

    def bound_from(self, var: Var) -> list[Expression]:
        """What `var` is bound from: assignments, `for` loop and `with ... as` targets."""
        if self._bindings is None:
            self._bindings = {}
            for stmt in all_statements(self._tree.defs):
                for target, source in _bindings(stmt):
                    if isinstance(target, NameExpr) and isinstance(target.node, Var):
                        self._bindings.setdefault(target.node, []).append(source)
        return self._bindings.get(var, [])

    def function_at(self, line: int) -> FuncDef | None:
        """The function defined on `line` (its `def` line)."""
        if self._functions is None:
            self._functions = {}
            for stmt in all_statements(self._tree.defs):
                func = stmt.func if isinstance(stmt, Decorator) else stmt
                if isinstance(func, FuncDef):
                    self._functions[func.line] = func
        return self._functions.get(line)

    def uses_of(self, var: Var) -> list[NameExpr]:
        if self._uses is None:
            self._uses = {}
            for expr in self._all:
                if isinstance(expr, NameExpr) and isinstance(expr.node, Var):
                    self._uses.setdefault(expr.node, []).append(expr)
        return self._uses.get(var, [])

    def condition_of(self, expr: Expression) -> tuple[str, Expression] | None:
        """How `expr` is tested for truth: the construct's keyword and the test expression."""
        conditions = self._conditions
        if conditions is None:
            near = self._near(expr.line, expr.column)
            if near is not None:
                # What tests `expr` holds it: the statement found, or an expression in it.
                conditions = dict(_conditions([near[0]], near[1]))
            else:
                conditions = self._conditions = dict(_conditions(self._tree.defs, self._all))
        found = conditions.get(id(expr))
        return found if found is not None and found[1] is expr else None


def _statement_at(body: list[Statement], line: int, column: int) -> Statement | None:
    """The innermost statement that holds (line, column).

    Statements a plugin added to a class body (mypy's dataclass support adds methods) carry
    the class's line and no end: they hold nothing.
    """
    found: Statement | None = None
    position = (line, column)
    while body:
        holding = None
        for stmt in body:
            end_line = stmt.end_line
            if end_line is None or (stmt.line, stmt.column) > position:
                continue
            end_column = stmt.end_column
            if (end_line, end_column if end_column is not None else column) >= position:
                holding = stmt
        if holding is None:
            break
        found = holding
        body = [stmt for inner in bodies_of(holding) for stmt in inner]
    return found


def _outermost_starting_at(
    expressions: list[Expression], line: int, column: int
) -> Expression | None:
    found: Expression | None = None
    for expr in expressions:
        if expr.line == line and expr.column == column and (found is None or _wider(expr, found)):
            found = expr
    return found


def _wider(expr: Expression, other: Expression) -> bool:
    return ((expr.end_line or 0), (expr.end_column or 0)) > (
        (other.end_line or 0),
        (other.end_column or 0),
    )


def _bindings(stmt: Statement) -> Iterator[tuple[Expression, Expression]]:
    if isinstance(stmt, AssignmentStmt):
        for lvalue in stmt.lvalues:
            yield lvalue, stmt.rvalue
    elif isinstance(stmt, ForStmt):
        yield stmt.index, stmt.expr
    elif isinstance(stmt, WithStmt):
        for item, target in zip(stmt.expr, stmt.target):
            if target is not None:
                yield target, item


def _conditions(
    body: list[Statement], expressions: list[Expression]
) -> Iterator[tuple[int, tuple[str, Expression]]]:
    for stmt in all_statements(body):
        if isinstance(stmt, IfStmt):
            for test in stmt.expr:
                yield id(test), ("if", test)
        elif isinstance(stmt, WhileStmt):
            yield id(stmt.expr), ("while", stmt.expr)
        elif isinstance(stmt, AssertStmt):
            yield id(stmt.expr), ("assert", stmt.expr)
    for expr in expressions:
        if isinstance(expr, UnaryExpr) and expr.op == "not":
            yield id(expr.expr), ("not", expr.expr)
        elif isinstance(expr, OpExpr) and expr.op in ("and", "or"):
            yield id(expr.left), (expr.op, expr.left)
            yield id(expr.right), (f"... {expr.op}", expr.right)
        elif isinstance(expr, ConditionalExpr):
            yield id(expr.cond), ("ternary", expr.cond)
        elif isinstance(expr, (GeneratorExpr, DictionaryComprehension)):
            for conditions in expr.condlists:
                for test in conditions:
                    yield id(test), ("comprehension", test)
