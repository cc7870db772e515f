"""An async function itself where its call belongs (`await fetch`, `asyncio.run(main)`), and an
async function of the wrong kind where a callable is expected (`run(stream_rows)`).

Codes: uncalled-async-function, async-function-kind.
"""

from __future__ import annotations

from mypy.nodes import Expression, FuncDef

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin import compat
from mypy_async_plugin.kinds import FunctionKind, function_kind
from mypy_async_plugin.mypy_messages import argument_position, expected_return_kind
from mypy_async_plugin.places import ASYNC_ITERATION, SYNC_ITERATION, Place
from mypy_async_plugin.roles import Role
from mypy_async_plugin.rules.wording import Finding, async_fix, sync_fix
from mypy_async_plugin.scene import Refinement, Scene
from mypy_async_plugin.values import (
    FunctionObject,
    named_function,
    takes_arguments_of,
    value_producer,
)

_DESCRIBED = {
    FunctionKind.COROUTINE_FUNCTION: ("a coroutine function", "a coroutine"),
    FunctionKind.ASYNC_GENERATOR_FUNCTION: (
        'an async generator function (it contains "yield")',
        "an async generator",
    ),
}


def refine_uncalled(scene: Scene, role: Role, function: FunctionObject) -> Refinement | None:
    """`await fetch`, `async for x in stream_rows`, `asyncio.run(main)`: the call is missing."""
    spelled = scene.spell(role.expr)
    called = f"{spelled}(...)" if function.takes_arguments else f"{spelled}()"
    words = scene.plugin.words(scene.checker, role, value_producer(spelled), None)
    with_call = words.with_call(called)
    is_generator = function.kind is FunctionKind.ASYNC_GENERATOR_FUNCTION
    place = role.place
    if is_generator and place in (Place.AWAITED, Place.RUNNER):
        # Calling it would not help: an async generator is iterated, not awaited or run.
        names = {
            "call": spelled,
            "called": called,
            "consumer": words.consumer or "await",
            "target": words.target,
        }
        variant = "generator-awaited" if place is Place.AWAITED else "generator-run"
        finding = Finding(cat.UNCALLED_ASYNC_FUNCTION, variant, names)
        return Refinement(finding=finding, at=role.expr)
    if is_generator and place in (Place.WITH, Place.ASYNC_WITH):
        # Calling it would not help either: its call is an async generator, not a context manager.
        names = {
            "call": spelled,
            "called": called,
            "name": spelled.rsplit(".", 1)[-1],
            "as_target": words.as_target,
        }
        finding = Finding(cat.UNCALLED_ASYNC_FUNCTION, "generator-with", names)
        return Refinement(finding=finding, at=role.expr)
    if place is Place.AWAITED:
        fix = f"await {called}"
    elif place in ASYNC_ITERATION or (place in SYNC_ITERATION and is_generator):
        fix = async_fix(role, with_call)
    elif place in SYNC_ITERATION:
        fix = sync_fix(role, words.with_call(f"await {called}"))
    elif place is Place.RUNNER:
        fix = with_call.consumer_call or f"{words.consumer}({called})"
    else:
        fix = called
    kind_described, made = _DESCRIBED[function.kind]
    names = {"call": spelled, "kind_described": kind_described, "made": made, "fix": fix}
    return Refinement(finding=Finding(cat.UNCALLED_ASYNC_FUNCTION, "main", names), at=role.expr)


def refine_function_argument(scene: Scene, expr: Expression) -> Refinement | None:
    """`run(stream_rows)` where `run` takes `Callable[..., Awaitable[T]]`, and the reverse."""
    if scene.code not in _ARGUMENT_CODES:
        return None
    if scene.code == "dict-item":
        # mypy reports a wrong dict entry at its key: the value is what the user got wrong.
        expr = scene.positions.dict_value_of(expr) or expr
    function = named_function(expr, scene.type_of(expr))
    if function is None:
        return None
    return _wrong_kind(scene, scene.spell(expr), function.kind, function.takes_arguments)


def refine_decorated(scene: Scene) -> Refinement | None:
    """`@retry` (typed for coroutine functions) above an async generator function."""
    if scene.code != "arg-type":
        return None
    decorated = scene.positions.decorated_at(scene.info.line, scene.info.column)
    if decorated is None:
        return None
    kind, _ = function_kind(decorated.func)
    takes_arguments = takes_arguments_of(decorated.func, None)
    return _wrong_kind(scene, decorated.func.name, kind, takes_arguments)


def _wrong_kind(
    scene: Scene, name: str, kind: FunctionKind, takes_arguments: bool
) -> Refinement | None:
    message = scene.info.message
    argument = argument_position(message) or _receiver(scene)
    expected = expected_return_kind(message)
    variant = _VARIANTS.get((expected or "", kind))
    if argument is None or variant is None:
        return None
    names = {
        "argument": argument,
        "call": name,
        "called": f"{name}(...)" if takes_arguments else f"{name}()",
        "name": name.rsplit(".", 1)[-1],
    }
    return Refinement(finding=Finding(cat.ASYNC_FUNCTION_KIND, variant, names))


def _receiver(scene: Scene) -> str | None:
    """What takes the function, for mypy's errors that name no argument: the variable it is
    assigned to, or the function that returns it."""
    if scene.code == "assignment" and scene.expr is not None:
        assignment = scene.positions.assignment_with_value(scene.expr)
        if assignment is not None and len(assignment.lvalues) == 1:
            return f'"{scene.spell(assignment.lvalues[0])}"'
    if scene.code == "return-value":
        function = compat.current_function(scene.checker)
        if isinstance(function, FuncDef):
            return f'The return value of "{function.name}"'
    return None


_ARGUMENT_CODES = frozenset(
    {"arg-type", "call-overload", "dict-item", "list-item", "assignment", "return-value"}
)
_VARIANTS: dict[tuple[str, FunctionKind], str] = {
    ("awaitable", FunctionKind.ASYNC_GENERATOR_FUNCTION): "needs-coroutine-function",
    ("awaitable", FunctionKind.FUNCTION): "needs-async-function",
    ("awaitable", FunctionKind.GENERATOR_FUNCTION): "needs-async-function",
    ("async-iterable", FunctionKind.COROUTINE_FUNCTION): "needs-async-generator-function",
    ("async-iterable", FunctionKind.GENERATOR_FUNCTION): "needs-async-generator-not-generator",
    ("async-context-manager", FunctionKind.ASYNC_GENERATOR_FUNCTION): "needs-async-cm-factory",
}
"""(what the parameter's callable returns, the kind of function given) -> message variant."""
