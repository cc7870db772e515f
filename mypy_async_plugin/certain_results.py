"""Where a call is never a mistake the hook alone can report: the callee's definition fixes
the class of what it gives.

A class called builds an instance of itself; a function (as its decorators left it) declared
to return an instance of some class gives an instance of that class, and so does an overloaded
one whose every item returns that class: its type arguments may vary, its class cannot. Where
that class does what the place needs (`with Lock():`, `async with open_nursery():`,
`await decorated()`), or where no rule finds fault with it, the call's hook would find
nothing. Where it cannot do what the place needs (`for row in fetch_rows():`), mypy reports
the call itself, and the refiner of mypy's errors (watcher.py) rewrites that error into the
hook's message. A callee whose calls need the hook nowhere gets none, and no module's role
map is read for it.
"""

from __future__ import annotations

from mypy.nodes import Decorator, FuncDef, OverloadedFuncDef, SymbolNode, TypeInfo
from mypy.types import CallableType, Instance, Overloaded, Type, get_proper_type

from mypy_async_plugin.kinds import (
    Abilities,
    Can,
    Producer,
    abilities_of_class,
    has,
    made_by_async_generator_function,
    made_by_coroutine_function,
)
from mypy_async_plugin.placed_calls import constructs_itself
from mypy_async_plugin.places import NEEDS, NOWHERE, Place
from mypy_async_plugin.values import AWAITABLE_VALUES

_ASYNC_GENERATOR = "typing.AsyncGenerator"
_COROUTINE = "typing.Coroutine"
_DISCARDED = frozenset({Place.DISCARDED})
_COMPARED = frozenset({Place.COMPARED})
_RUNNER = frozenset({Place.RUNNER})
_RETURNED = frozenset({Place.RETURNED})
_PLACES_FOR: dict[Abilities, frozenset[Place]] = {}
_REPORTED_BY_MYPY = frozenset(place for place, needs in NEEDS.items() if needs != Can.NEVER)
"""The places where mypy reports an object that cannot do what the place needs. (A runner
given a list of awaitables gets one error from mypy; the refiner makes it one per wrong
awaitable.)"""


def certain_result(
    node: SymbolNode, producer: Producer
) -> tuple[frozenset[Place], frozenset[Place]]:
    """The places where whatever a call of `node` gives belongs (or where no rule finds
    fault with it), and the places where mypy itself reports such a call, as what it gives
    cannot do what the place needs (the refiner rewrites those errors).

    mypy reports them where the definition fixes the class of the result (it types the call
    so), unless an `Any` among the class's bases lets it take the class for anything.
    """
    made = _class_made(node)
    if made is None:
        return NOWHERE, NOWHERE
    abilities = abilities_of_class(made)
    places = _places_for(abilities)
    if not made_by_async_generator_function(producer) and made.fullname != _ASYNC_GENERATOR:
        # Only an async generator is a mistake to throw away (a coroutine is mypy's own);
        # `@asynccontextmanager` makes an async generator function give something else.
        places |= _DISCARDED
    if not made_by_coroutine_function(producer) and made.fullname not in AWAITABLE_VALUES:
        # Only a call of an `async def`, or an awaitable compared with a literal, is a
        # mistake to compare (rules/comparison.py).
        places |= _COMPARED
    if not has(abilities, Can.AITER):
        # Only an async iterable is a mistake to hand to a runner that mypy lets through
        # (rules/runners.py).
        places |= _RUNNER
    if made.fullname != _COROUTINE:
        # Only a coroutine is a mistake to return unawaited from an `async def` without a
        # declared result (rules/returned.py).
        places |= _RETURNED
    if made.fallback_to_any:
        return places, NOWHERE
    return places, _REPORTED_BY_MYPY - places


def _places_for(abilities: Abilities) -> frozenset[Place]:
    """The places an object with these abilities belongs in (remembered: few combinations)."""
    places = _PLACES_FOR.get(abilities)
    if places is None:
        places = _PLACES_FOR[abilities] = frozenset(
            place for place, needs in NEEDS.items() if has(abilities, needs)
        )
    return places


def _class_made(node: SymbolNode) -> TypeInfo | None:
    """The class of what every call of `node` gives, where its definition fixes it."""
    if isinstance(node, TypeInfo):
        # A TypedDict call gives a dict type, not an instance of the class.
        return node if node.typeddict_type is None and constructs_itself(node) else None
    declared: Type | None
    if isinstance(node, FuncDef) and not node.is_property:
        declared = node.type
    elif isinstance(node, Decorator) and not node.func.is_property:
        declared = node.var.type  # as the decorators left it; None until mypy knows
    elif isinstance(node, OverloadedFuncDef) and not node.is_property:
        declared = node.type
    else:
        return None
    callable_type = get_proper_type(declared)
    if isinstance(callable_type, Overloaded):
        # Every call matches one of the items (or is typed `Any`): all must agree.
        made = {_instance_class(item.ret_type) for item in callable_type.items}
        return made.pop() if len(made) == 1 else None
    if not isinstance(callable_type, CallableType):
        return None
    return _instance_class(callable_type.ret_type)


def _instance_class(typ: Type) -> TypeInfo | None:
    result = get_proper_type(typ)
    return result.type if isinstance(result, Instance) else None
