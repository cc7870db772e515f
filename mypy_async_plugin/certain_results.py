"""Where a call is never a mistake: the callee's definition fixes the class of what it gives.

A class called builds an instance of itself; a function (as its decorators left it) declared
to return an instance of some class gives an instance of that class: its type arguments may
vary, its class cannot. Where that class does what the place needs (`with Lock():`,
`async with open_nursery():`, `await decorated()`), the call's hook would find nothing, so
mypy need not be handed one for it.
"""

from __future__ import annotations

from mypy.nodes import Decorator, FuncDef, SymbolNode, TypeInfo
from mypy.types import CallableType, Instance, Type, get_proper_type

from mypy_async_plugin.kinds import Abilities, FunctionKind, abilities_of_class, has
from mypy_async_plugin.placed_calls import constructs_itself
from mypy_async_plugin.places import NEEDS, NOWHERE, Place

_ASYNC_GENERATOR = "typing.AsyncGenerator"
_DISCARDED = frozenset({Place.DISCARDED})
_PLACES_FOR: dict[Abilities, frozenset[Place]] = {}


def certain_result(node: SymbolNode, kind: FunctionKind) -> tuple[frozenset[Place], bool]:
    """The places where whatever a call of `node` gives belongs, and whether mypy itself
    reports each `await` of such a call where what it gives cannot be awaited.

    mypy does where the definition fixes the class of the result (it types the call so),
    unless an `Any` among the class's bases lets it take the class for an awaitable.
    """
    made = _class_made(node)
    if made is None:
        return NOWHERE, False
    places = _places_for(abilities_of_class(made))
    if kind is not FunctionKind.ASYNC_GENERATOR_FUNCTION and made.fullname != _ASYNC_GENERATOR:
        # Only an async generator is a mistake to throw away (a coroutine is mypy's own).
        places |= _DISCARDED
    return places, not made.fallback_to_any


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
    else:
        return None
    callable_type = get_proper_type(declared)
    if not isinstance(callable_type, CallableType):
        return None
    result = get_proper_type(callable_type.ret_type)
    return result.type if isinstance(result, Instance) else None
