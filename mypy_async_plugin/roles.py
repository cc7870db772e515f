"""Where does it stand: the syntactic place of every consumed expression in a module."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from itertools import compress, repeat
from operator import attrgetter, contains, is_, or_
from typing import TypeVar, cast

from mypy.nodes import (
    ARG_POS,
    ARG_STAR,
    AwaitExpr,
    CallExpr,
    ComparisonExpr,
    DictionaryComprehension,
    Expression,
    ExpressionStmt,
    ForStmt,
    GeneratorExpr,
    ImportAll,
    ImportBase,
    ImportFrom,
    ListComprehension,
    ListExpr,
    MemberExpr,
    MypyFile,
    RefExpr,
    SetComprehension,
    SetExpr,
    StarExpr,
    Statement,
    TupleExpr,
    WithStmt,
    YieldFromExpr,
)
from mypy.server.subexpr import get_subexpressions

from mypy_async_plugin.placed_calls import PlacedCalls
from mypy_async_plugin.places import (
    BUILT_IN_CONSUMERS,
    RUNNER_PARAMETERS,
    Consumer,
    Consumers,
    Place,
)
from mypy_async_plugin.records import Record
from mypy_async_plugin.returned_calls import returned_calls
from mypy_async_plugin.statements import BODIES, SIMPLE_STATEMENTS

_METHOD_RUNNER = Consumer("", Place.RUNNER)
_new_role = tuple.__new__
"""Makes a Role in C (`Role(...)` runs Python code), for the thousands made per module."""


class Role(Record):
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
    returned_from: tuple[str, int] | None = None
    """For a call returned by an `async def` without a declared result: that function's name
    and the line of the `return`."""
    comparison: ComparisonExpr | None = None
    """For an operand of `==` or `is`: the whole comparison."""


_NO_DETAILS = tuple(Role._field_defaults.values())
"""A Role's fields after `place` and `expr`, as `Role(place, expr)` leaves them."""
_BEFORE_COMPARISON = _NO_DETAILS[:-1]
"""A Role's fields between `expr` and `comparison`, as `Role(place, expr)` leaves them."""
_CALLEE = attrgetter("callee")
_OPERANDS = attrgetter("operands")
_yields = cast("Callable[[Iterator[object], object], bool]", contains)
"""`item in iterator`, in C (typeshed types `operator.contains` for containers only)."""
_ARG_KINDS = attrgetter("arg_kinds")


class RoleMap:
    """The places of one module's consumed expressions, keyed by expression identity.

    The expressions of the kinds roles come of are picked out first. The places they give
    (arguments, comparisons, comprehensions), those `await` gives, those statements give
    (`for`, `with`, a call thrown away) and those `return` gives in an `async def` without a
    declared result are worked out when first needed; the calls compared or returned can be
    read alone.
    """

    def __init__(self, tree: MypyFile, consumers: Consumers = BUILT_IN_CONSUMERS) -> None:
        self._defs = tree.defs
        self._imports = tree.imports
        self._consumer_functions, self._method_runners = consumers
        self._roles: dict[int, Role] = {}
        self._consumers_done = False
        self._expressions_done = False
        self._awaits_done = False
        self._statements_done = False
        self._comparisons_done = False
        self._returns_done = False
        self._placed_calls: PlacedCalls | None = None
        self._partial_calls: dict[str, PlacedCalls] = {}
        expressions = get_subexpressions(tree)
        # Filtered without a Python-level step per expression: a module has tens of
        # thousands. About one in four is of a kind a role comes of; those are picked first.
        self._scanned = list(
            compress(expressions, map(_SCANNED.__contains__, map(type, expressions)))
        )
        self._kinds = list(map(type, self._scanned))

    def _with_consumers(self) -> None:
        """The roles of the arguments runners and consumers take (and of `*args`)."""
        if not self._consumers_done:
            self._consumers_done = True
            for call in self._consuming(_only(CallExpr, self._scanned, self._kinds), self._imports):
                self._add_call(call)

    def _with_expressions(self) -> None:
        if not self._expressions_done:
            self._expressions_done = True
            self._with_consumers()
            scanned, kinds = self._scanned, self._kinds
            for expr in compress(scanned, map(_CONSUMING_EXPRESSIONS.__contains__, kinds)):
                if isinstance(expr, ComparisonExpr):
                    if not _MEMBERSHIP.isdisjoint(expr.operators):
                        self._add_membership(expr)
                elif isinstance(expr, StarExpr):
                    # `[*rows]`, `(*rows, last)`, `{*rows}`: unpacking iterates `rows`.
                    self._put(Role(Place.STAR, expr.expr))
                else:
                    self._add_expression(expr)
            self._with_comparisons()

    def _consuming(self, calls: list[CallExpr], imports: list[ImportBase]) -> list[CallExpr]:
        """The calls that consume their arguments (runners, consumers, `*args`)."""
        names = self._consumer_names(imports)
        if names is not None:
            # Picked first by the name they are called by, in fewer passes over every call.
            called = map(getattr, map(_CALLEE, calls), repeat("name"), repeat(None))
            calls = list(
                compress(calls, map(or_, map(names.__contains__, called), _starred(calls)))
            )
        callees = list(map(_CALLEE, calls))
        fullnames = map(getattr, callees, repeat("fullname"), repeat(None))
        consumer = map(self._consumer_functions.__contains__, fullnames)
        runner = map(
            self._method_runners.__contains__, map(getattr, callees, repeat("name"), repeat(None))
        )
        return list(compress(calls, map(or_, map(or_, consumer, runner), _starred(calls))))

    def _consumer_names(self, imports: list[ImportBase]) -> set[str] | None:
        """The names a call of a consumer or a method runner can be written with here: its
        own, or one it is imported as (None if a `*` import could bring any name)."""
        names = set(_own_names(self._consumer_functions, self._method_runners))
        for imported in imports:
            if isinstance(imported, ImportFrom):
                names.update(alias or name for name, alias in imported.names)
            elif isinstance(imported, ImportAll):
                return None
        return names

    def _add_statements(self, body: list[Statement]) -> list[Role]:
        """The roles statements give: discarded calls, `for`/`with` (nested ones too).

        They take precedence over the roles expressions give (`for name in await f()`)."""
        roles = self._roles
        made: list[Role] = []
        simple = SIMPLE_STATEMENTS
        bodies_of = BODIES
        discarded = Place.DISCARDED
        stack = [body]
        while stack:
            for stmt in stack.pop():
                kind = type(stmt)
                if isinstance(stmt, ExpressionStmt):
                    expr = stmt.expr
                    if type(expr) is CallExpr:
                        role = roles[id(expr)] = _new_role(Role, (discarded, expr, *_NO_DETAILS))
                        made.append(role)
                elif kind not in simple:
                    if kind is ForStmt or kind is WithStmt:
                        made += self._add_statement(stmt)
                    bodies = bodies_of.get(kind)
                    if bodies is not None:
                        stack.extend(bodies(stmt))
        return made

    def is_for(self, tree: MypyFile) -> bool:
        """Is this map still about `tree`? (dmypy re-parses a module into the same object.)"""
        return tree.defs is self._defs

    def role_of(self, expr: Expression) -> Role | None:
        self._with_expressions()
        self._with_awaits()
        self._with_statements()
        self._with_returns()
        role = self._roles.get(id(expr))
        return role if role is not None and role.expr is expr else None

    def placed_calls(
        self, *, awaits: bool = True, statements: bool = True, returns: bool = True
    ) -> PlacedCalls:
        """The calls that stand in a place, by callee (worked out when first asked);
        without `awaits`, `statements` or `returns`, the calls standing under `await`, in
        `for`, `with` and thrown away, or returned, may be left out."""
        self._with_expressions()
        if awaits:
            self._with_awaits()
        if statements:
            self._with_statements()
        if returns:
            self._with_returns()
        calls = self._placed_calls
        if calls is None:
            calls = self._placed_calls = PlacedCalls(self._roles.values())
        return calls

    def compared_or_returned_calls(self) -> PlacedCalls:
        """The calls compared with `==`, `!=`, `is` or `is not`, or returned by an `async def`
        without a declared result (worked out when first asked), or more: the placed calls,
        if worked out already."""
        return self._calls_after("compared or returned", self._with_comparisons, self._with_returns)

    def consumed_calls(self) -> PlacedCalls:
        """The calls given to a runner or a consumer (worked out when first asked), or more:
        the placed calls, if worked out already."""
        return self._calls_after("consumed", self._with_consumers)

    def _calls_after(self, name: str, *stages: Callable[[], None]) -> PlacedCalls:
        """The placed calls, if worked out already (topped up by `stages`); else the calls of
        every role made once `stages` have run, kept under `name`."""
        for stage in stages:
            stage()
        if self._placed_calls is not None:
            return self._placed_calls
        calls = self._partial_calls.get(name)
        if calls is None:
            # Every role made so far: the stages' at least, whichever stage made them first
            # (the refiner may have asked for a role before any hook was decided).
            calls = self._partial_calls[name] = PlacedCalls(self._roles.values())
        return calls

    def _with_comparisons(self) -> None:
        """The roles of the calls compared with `==`, `!=`, `is` or `is not`."""
        if self._comparisons_done:
            return
        self._comparisons_done = True
        comparisons = _only(ComparisonExpr, self._scanned, self._kinds)
        # Most comparisons compare no call: those are passed over in C.
        operand_kinds = map(map, repeat(type), map(_OPERANDS, comparisons))
        comparing_calls = compress(comparisons, map(_yields, operand_kinds, repeat(CallExpr)))
        self._keep(
            [role for comparison in comparing_calls for role in _compared_operands(comparison)]
        )

    def _with_returns(self) -> None:
        """The roles of the calls an `async def` without a declared result returns."""
        if self._returns_done:
            return
        self._returns_done = True
        made = [
            Role(
                Place.RETURNED,
                returned.call,
                target=returned.variable,
                returned_from=(returned.function, returned.line),
            )
            for returned in returned_calls(self._defs, self._awaits)
        ]
        self._keep(made)

    def _awaits(self) -> list[AwaitExpr]:
        return _only(AwaitExpr, self._scanned, self._kinds)

    def _with_awaits(self) -> None:
        if not self._awaits_done:
            self._awaits_done = True
            awaited_place = Place.AWAITED
            made = [
                _new_role(Role, (awaited_place, expr.expr, *_NO_DETAILS)) for expr in self._awaits()
            ]
            self._keep(made)

    def _keep(self, made: list[Role]) -> None:
        """Keep roles just made, unless their expressions have one already."""
        setdefault = self._roles.setdefault
        for role in made:
            setdefault(id(role.expr), role)
        self._placed_calls_take(made)

    def _with_statements(self) -> None:
        if not self._statements_done:
            self._statements_done = True
            self._placed_calls_take(self._add_statements(self._defs))

    def _placed_calls_take(self, made: list[Role]) -> None:
        """Keep the placed calls, if already worked out, up to date with roles just made.

        A place stays for a call whose role a statement's has replaced, and one is added for
        a role not kept (the expression had one): at worst a hook is given where none was
        needed, never withheld."""
        if self._placed_calls is not None:
            self._placed_calls.add(made)

    def _put(self, role: Role, *, replace: bool = False) -> None:
        if replace:
            self._roles[id(role.expr)] = role
        else:
            self._roles.setdefault(id(role.expr), role)

    def _add_membership(self, expr: ComparisonExpr) -> None:
        """`x in rows` consumes `rows` (`fetch() == x`, which compares the call's own object,
        is one of the comparisons `_with_comparisons` reads)."""
        for operator, right in zip(expr.operators, expr.operands[1:]):
            if operator in _MEMBERSHIP:
                self._put(Role(Place.MEMBERSHIP, right))

    def _add_statement(self, stmt: Statement) -> list[Role]:
        made = []
        if isinstance(stmt, ForStmt):
            place = Place.ASYNC_FOR if stmt.is_async else Place.FOR
            made.append(Role(place, stmt.expr, target=stmt.index))
            if isinstance(stmt.expr, AwaitExpr):
                # `for name in await stream()`: the fix iterates with the user's own name.
                made.append(Role(Place.AWAITED, stmt.expr.expr, target=stmt.index))
        elif isinstance(stmt, WithStmt):
            place = Place.ASYNC_WITH if stmt.is_async else Place.WITH
            for item, target in zip(stmt.expr, stmt.target):
                made.append(Role(place, item, target=target))
        for role in made:
            self._put(role, replace=True)
        return made

    def _add_expression(self, expr: Expression) -> None:
        if isinstance(expr, (GeneratorExpr, DictionaryComprehension)):
            brackets = "{}" if isinstance(expr, DictionaryComprehension) else "[]"
            self._add_comprehension(expr, brackets)
        elif isinstance(expr, SetComprehension):
            self._add_comprehension(expr.generator, "{}", replace=True)
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


ExpressionKind = TypeVar("ExpressionKind", bound=Expression)


def _compared_operands(comparison: ComparisonExpr) -> Iterator[Role]:
    """The calls `==`, `!=`, `is` or `is not` compares, in their roles."""
    operands = comparison.operands
    for operator, left, right in zip(comparison.operators, operands, operands[1:]):
        if operator in _EQUALITY:
            for operand in (left, right):
                if type(operand) is CallExpr:
                    details = (*_BEFORE_COMPARISON, comparison)
                    yield _new_role(Role, (Place.COMPARED, operand, *details))


def _starred(calls: list[CallExpr]) -> Iterator[bool]:
    """Which calls are given `*args`, one flag each."""
    return map(contains, map(_ARG_KINDS, calls), repeat(ARG_STAR))


def _only(
    kind: type[ExpressionKind], expressions: list[Expression], kinds: list[type[Expression]]
) -> list[ExpressionKind]:
    """The expressions of exactly `kind` among `expressions` (whose types are `kinds`)."""
    return cast("list[ExpressionKind]", list(compress(expressions, map(is_, kinds, repeat(kind)))))


_OWN_NAMES: list[tuple[Mapping[str, Consumer], Mapping[str, object], frozenset[str]]] = []


def _own_names(
    functions: Mapping[str, Consumer], method_runners: Mapping[str, object]
) -> frozenset[str]:
    """The names consumers and method runners are defined with, remembered for the last
    mappings asked about (configured names make new mappings, never change one)."""
    for known_functions, known_runners, names in _OWN_NAMES:
        if known_functions is functions and known_runners is method_runners:
            return names
    names = frozenset([*(fullname.rpartition(".")[2] for fullname in functions), *method_runners])
    _OWN_NAMES[:] = [(functions, method_runners, names)]
    return names


def _consumed_args(call: CallExpr, consumer: Consumer) -> Iterator[Expression]:
    """The arguments a consumer consumes; runners also take lists of awaitables."""
    positional = [arg for arg, kind in zip(call.args, call.arg_kinds) if kind == ARG_POS]
    consumed = positional[consumer.first_arg :]
    for arg in consumed[:1] if consumer.only_one else consumed:
        if consumer.place is Place.RUNNER:
            yield from awaitables_in(arg)
        else:
            yield arg
    if consumer.place is Place.RUNNER:
        for arg, name in zip(call.args, call.arg_names):
            if name in RUNNER_PARAMETERS:
                yield from awaitables_in(arg)
    if consumer.place is Place.RUNNER and not consumer.only_one:
        # `gather(*(fetch(i) for i in ids))`, `gather(*[fetch(i) for i in ids])`
        for arg, kind in zip(call.args, call.arg_kinds):
            if kind == ARG_STAR:
                yield from awaitables_in(arg)


def awaitables_in(arg: Expression) -> Iterator[Expression]:
    """The awaitables a runner argument holds: itself, or the items of a collection of them."""
    if isinstance(arg, (ListExpr, TupleExpr, SetExpr)):
        yield from (item for item in arg.items if not isinstance(item, StarExpr))
    elif isinstance(arg, (ListComprehension, SetComprehension)):
        yield arg.generator.left_expr
    elif isinstance(arg, GeneratorExpr):
        yield arg.left_expr
    else:
        yield arg


_CONSUMING_EXPRESSIONS = frozenset(
    {
        GeneratorExpr,
        DictionaryComprehension,
        SetComprehension,
        ComparisonExpr,
        StarExpr,
        YieldFromExpr,
    }
)
_SCANNED = frozenset({CallExpr, AwaitExpr, *_CONSUMING_EXPRESSIONS})
"""The kinds of expression a role comes of."""
_MEMBERSHIP = frozenset({"in", "not in"})
_EQUALITY = frozenset({"==", "!=", "is", "is not"})
"""The comparisons that look at their operands' own objects (a new coroutine, for a call of an
`async def`), where `in` looks inside its right operand."""
