"""A coroutine used as if it were its result: `row = load_row(); row.id`, `len(load_rows())`.

Code: missing-await. mypy reports each later use of the coroutine (and often adds "Maybe you
forgot to use await?"); the plugin reports once, where `await` goes: on the line that stores
the coroutine when it was stored in a variable, else on the use itself.
"""

from __future__ import annotations

from mypy.nodes import (
    AssignmentStmt,
    CallExpr,
    ComparisonExpr,
    Expression,
    IndexExpr,
    MemberExpr,
    NameExpr,
    OpExpr,
    StarExpr,
    TupleExpr,
    UnaryExpr,
    Var,
    YieldExpr,
)
from mypy.types import AnyType, Instance, Overloaded, ProperType, get_proper_type

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import (
    Can,
    FunctionKind,
    abilities_of,
    awaited_result,
    awaited_result_of_class,
    has,
    made_by_coroutine_function,
)
from mypy_async_plugin.places import Place
from mypy_async_plugin.rules.wording import (
    Finding,
    description,
    enclosing_sync_function,
    in_async_function,
    needs_async_def,
    plain_words,
)
from mypy_async_plugin.scene import Moved, Refinement, Scene
from mypy_async_plugin.values import is_awaitable_value, is_coroutine

_WITH_STATEMENTS = {Place.WITH: ("with", Can.CM), Place.ASYNC_WITH: ("async with", Can.ACM)}
"""A context manager that a coroutine function makes: the fix is the whole statement."""
_AWAITING_PLACES = frozenset({Place.AWAITED, Place.RUNNER, Place.ASYNC_CONSUMER})
"""Where a use of the variable shows the coroutine is meant to be awaited there, later."""


def refine_missing_await(scene: Scene, expr: Expression) -> Refinement | None:
    culprit = _coroutine_in(scene, expr)
    if culprit is None:
        return None
    role = scene.plugin.roles_of(scene.tree).role_of(culprit)
    if role is not None and role.place in _AWAITING_PLACES:
        # Awaited or run right there (`gather(fetch(), return_exceptions="x")`): mypy's
        # error is about something else.
        return None
    return refine_coroutine_use(scene, expr, culprit)


def refine_suggested_await(scene: Scene) -> Refinement | None:
    """mypy's error, followed by its "Maybe you forgot to use await?"."""
    expr = scene.expr
    return refine_missing_await(scene, expr) if expr is not None else None


def refine_thrown_away(scene: Scene) -> Refinement | None:
    """`send(message)` as a statement, where the call is declared to give `Awaitable[None]`:
    mypy's `unused-awaitable`, which is off by default.

    Only the `Awaitable` protocol itself, given by a call in an `async def`: a future or a
    task (`create_task(...)`, `gather(...)`) runs without its `await`; in `await ws.ping()`
    the awaitable is what an `await` gave back, which may be left alone; and where `await`
    cannot be written, an awaitable that works without it (aiohttp's `connector.close()`)
    may be what the code relies on.
    """
    expr = scene.expr
    if not isinstance(expr, CallExpr) or not in_async_function(scene.checker):
        return None
    typ = scene.type_of(expr)
    if not (isinstance(typ, Instance) and typ.type.fullname == "typing.Awaitable"):
        return None
    names = _names(scene, expr, typ.args[0])
    return Refinement(finding=Finding(cat.MISSING_AWAIT, "thrown-away", names))


def refine_coroutine_use(scene: Scene, expr: Expression, culprit: Expression) -> Refinement | None:
    """`culprit`, a coroutine, used as its result in `expr`: where the `await` goes."""
    if scene.is_reported_name(culprit):
        return Refinement(drop=True)
    if isinstance(culprit, NameExpr) and isinstance(culprit.node, Var):
        stored = _stored(scene, culprit, culprit.node)
        if stored is not None:
            return stored
    return _direct(scene, expr, culprit)


def _coroutine_in(scene: Scene, expr: Expression) -> Expression | None:
    """The expression holding a coroutine that mypy's error is about: `expr` or an operand."""
    # No overload matching a call's arguments is about the arguments, not what the call gives.
    about_arguments = isinstance(expr, CallExpr) and scene.code == "call-overload"
    whole: tuple[Expression, ...] = () if about_arguments else (expr,)
    for candidate in (*whole, *_operands(expr), *_reported_at_the_whole(scene, expr)):
        if _awaitable(scene, scene.type_of(candidate)):
            return candidate
    return None


def _reported_at_the_whole(scene: Scene, expr: Expression) -> tuple[Expression, ...]:
    """Parts mypy reports at something larger: an overloaded call's arguments (`range(n())`),
    a dict entry's value (reported at its key)."""
    if isinstance(expr, CallExpr) and scene.code == "call-overload":
        return () if _takes_awaitables(scene.type_of(expr.callee)) else tuple(expr.args)
    if scene.code == "dict-item":
        value = scene.positions.dict_value_of(expr)
        return (value,) if value is not None else ()
    return ()


def _takes_awaitables(callee: ProperType | None) -> bool:
    """Does some overload of the callee take an awaitable (`gather(...)`)? Then a coroutine
    argument may be right, and mypy's error is about something else."""
    if not isinstance(callee, Overloaded):
        return True
    return any(
        has(abilities_of(get_proper_type(arg)), Can.AWAIT)
        for item in callee.items
        for arg in item.arg_types
    )


def _operands(expr: Expression) -> tuple[Expression, ...]:
    if isinstance(expr, MemberExpr):
        return (expr.expr,)
    if isinstance(expr, IndexExpr):
        return (expr.base,)
    if isinstance(expr, CallExpr):
        return (expr.callee,)
    if isinstance(expr, OpExpr):
        return (expr.left, expr.right)
    if isinstance(expr, ComparisonExpr):
        return tuple(expr.operands)
    if isinstance(expr, (UnaryExpr, StarExpr)):
        return (expr.expr,)
    if isinstance(expr, YieldExpr) and expr.expr is not None:
        return (expr.expr,)
    if isinstance(expr, TupleExpr):
        return tuple(expr.items)
    return ()


def _stored(scene: Scene, use: NameExpr, var: Var) -> Refinement | None:
    """`row = load_row()` ... `row.id`: reported on the assignment, where `await` goes."""
    positions = scene.positions
    assignments = positions.assignments_to(var)
    if len(assignments) != 1:
        return None
    statement = assignments[0]
    if len(statement.lvalues) != 1 or not _made_there(scene, statement):
        return None
    if _awaited_use(scene, var) is not None:
        # Awaited (or run) elsewhere: `await` at the assignment would break that use.
        return None
    value = statement.rvalue
    typ = scene.type_of(value)
    result = _result(scene, typ)
    if result is None or not _await_is_the_fix(scene, value, result):
        return None
    names = _names(scene, value, result)
    spelled = names["call"]
    names.update(
        statement=f"{use.name} = {spelled}",
        name=use.name,
        use_line=str(use.line),
        fix=f"{use.name} = await {spelled}",
        enclosing=needs_async_def(enclosing_sync_function(scene.checker)),
    )
    finding = Finding(cat.MISSING_AWAIT, "stored", names)
    return Refinement(moved=Moved(finding, value, var))


def _awaitable(scene: Scene, typ: ProperType | None) -> bool:
    """A coroutine or an `Awaitable[T]`; any awaitable object where the scene says so."""
    if is_awaitable_value(typ):
        return True
    return scene.any_awaitable and typ is not None and awaited_result_of_class(typ) is not None


def _result(scene: Scene, typ: ProperType | None) -> ProperType | None:
    if typ is None:
        return None
    result = awaited_result(typ)
    if result is None and scene.any_awaitable:
        result = awaited_result_of_class(typ)
    return result


def _await_is_the_fix(scene: Scene, value: Expression, result: ProperType) -> bool:
    """A `Coroutine[..., Any]` is more often a wrong annotation than a missing `await`,
    unless an `async def` made it (`async def execute(self) -> Any`), decorated or not
    (a decorator that gives back a coroutine function: `def retry(f: F) -> F`)."""
    if not isinstance(result, AnyType):
        return True
    producer = scene.producer_of(value)
    return made_by_coroutine_function(producer) or (
        producer.kind is FunctionKind.COROUTINE_FUNCTION and is_coroutine(scene.type_of(value))
    )


def _made_there(scene: Scene, statement: AssignmentStmt) -> bool:
    return statement.type is None and _awaitable(scene, scene.type_of(statement.rvalue))


def _direct(scene: Scene, expr: Expression, culprit: Expression) -> Refinement | None:
    """`load_row().id`, `len(load_rows())`, `return self.queue.get()`."""
    typ = scene.type_of(culprit)
    result = _result(scene, typ)
    if result is None or not _await_is_the_fix(scene, culprit, result):
        return None
    names = _names(scene, culprit, result)
    names["enclosing"] = needs_async_def(enclosing_sync_function(scene.checker))
    awaited = None
    if isinstance(culprit, NameExpr) and isinstance(culprit.node, Var):
        awaited = _awaited_use(scene, culprit.node)
    if awaited is not None:
        # `(await row).id` would await it a second time.
        names["awaited_line"] = str(awaited.line)
        return Refinement(finding=Finding(cat.MISSING_AWAIT, "awaited-elsewhere", names))
    names["fix"] = _fixed(scene, expr, culprit, result)
    # Reported at the coroutine itself where mypy's error spans more than it.
    spans_more = scene.code in ("dict-item", "call-overload") or isinstance(expr, TupleExpr)
    at = culprit if spans_more else None
    return Refinement(finding=Finding(cat.MISSING_AWAIT, "direct", names), at=at)


def _awaited_use(scene: Scene, var: Var) -> NameExpr | None:
    """A use of `var` that awaits it (or hands it to a runner), if there is one."""
    roles = scene.plugin.roles_of(scene.tree)
    for use in scene.positions.uses_of(var):
        role = roles.role_of(use)
        if role is not None and role.place in _AWAITING_PLACES:
            return use
    return None


def _names(scene: Scene, value: Expression, result: object) -> dict[str, str]:
    describe = scene.plugin.describe(scene.checker)
    typ = scene.type_of(value)
    spelled = scene.spell(value)
    producer = scene.producer_of(value)
    words = plain_words(spelled)
    assert typ is not None
    described = description(typ, producer, words, describe)
    if described.startswith("a coroutine returning"):
        described = "a coroutine"  # the message names the result type itself
    return {
        "call": spelled,
        "description": described,
        "result": describe(result),  # type: ignore[arg-type]
    }


def _fixed(scene: Scene, expr: Expression, culprit: Expression, result: ProperType) -> str:
    """`expr` as the user wrote it, with `await` before the coroutine."""
    awaited = f"await {scene.spell(culprit)}"
    role = scene.plugin.roles_of(scene.tree).role_of(culprit)
    if role is not None and role.place in _WITH_STATEMENTS:
        statement, needed = _WITH_STATEMENTS[role.place]
        if has(abilities_of(result), needed):
            as_target = f" as {scene.spell(role.target)}" if role.target is not None else ""
            return f"{statement} {awaited}{as_target}:"
    prefix = "return " if scene.code == "return-value" else ""
    if culprit is expr:
        return prefix + awaited
    if _binds_tighter_than_await(expr, culprit):
        awaited = f"({awaited})"
    whole, part = scene.spell(expr, longest=100), scene.spell(culprit)
    if part not in whole:
        return prefix + awaited
    return prefix + whole.replace(part, awaited, 1)


def _binds_tighter_than_await(expr: Expression, culprit: Expression) -> bool:
    """`(await x).id`, `(await x)[0]`, `(await x)()`: these need the parentheses."""
    return isinstance(expr, (MemberExpr, IndexExpr, CallExpr)) and culprit is _operands(expr)[0]
