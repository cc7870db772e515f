"""What kind of object is this: what a type can do, and which function made it."""

from __future__ import annotations

import enum
from typing import Final

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import Decorator, FuncDef, OverloadedFuncDef, SymbolNode, TypeInfo, Var
from mypy.subtypes import is_same_type
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    Overloaded,
    ProperType,
    TupleType,
    Type,
    TypedDictType,
    TypeVarType,
    UninhabitedType,
    UnionType,
    get_proper_type,
)

from mypy_async_plugin.records import Record

Abilities = int
"""A set of `Can` bits (plain ints: `enum.Flag` arithmetic is slow in a hot path)."""


class Can:
    """The protocols an object supports, as bits of `Abilities`."""

    NOTHING: Final = 0
    AWAIT: Final = 1
    AITER: Final = 2
    ITER: Final = 4
    ACM: Final = 8
    CM: Final = 16
    NEVER: Final = 32
    """Needed where no object belongs (a call thrown away): every object is a suspect there."""


def has(abilities: Abilities, wanted: Abilities) -> bool:
    """Does an object with `abilities` support every protocol in `wanted`?"""
    return abilities & wanted == wanted


_PROTOCOL_METHODS: tuple[tuple[Abilities, tuple[str, ...]], ...] = (
    (Can.AWAIT, ("__await__",)),
    (Can.AITER, ("__aiter__",)),
    (Can.ITER, ("__iter__",)),
    (Can.ACM, ("__aenter__", "__aexit__")),
    (Can.CM, ("__enter__", "__exit__")),
)
ASYNC_SIDE = Can.AWAIT | Can.AITER | Can.ACM
EVERYTHING = Can.AWAIT | Can.AITER | Can.ITER | Can.ACM | Can.CM


_ABILITIES: dict[TypeInfo, Abilities] = {}
_DUAL_PROTOCOL: frozenset[str] = frozenset()


def abilities_of_class(info: TypeInfo) -> Abilities:
    """What instances of `info` can do, judged by the methods in its MRO (remembered)."""
    found = _ABILITIES.get(info)
    if found is None:
        found = _ABILITIES[info] = _judge_class(info)
    return found


def abilities_judged() -> bool:
    """Has any class been judged since the last `forget_abilities`?"""
    return bool(_ABILITIES)


def forget_abilities() -> None:
    """Classes may have changed (dmypy re-parsed a module): judge them afresh."""
    _ABILITIES.clear()


def treat_as_dual_protocol(fullnames: frozenset[str]) -> None:
    """Instances of these classes (and their subclasses) can do everything: never reported.

    For the user's `dual_protocol_types`: classes that really are both sync and async.
    """
    global _DUAL_PROTOCOL
    _DUAL_PROTOCOL = fullnames
    _ABILITIES.clear()


def _judge_class(info: TypeInfo) -> Abilities:
    if _DUAL_PROTOCOL and any(base.fullname in _DUAL_PROTOCOL for base in info.mro):
        return EVERYTHING
    found = Can.NOTHING
    for ability, methods in _PROTOCOL_METHODS:
        for method in methods:
            if not _defines(info, method):
                break
        else:
            found |= ability
    return found


def _defines(info: TypeInfo, method: str) -> bool:
    symbol = info.get(method)
    if symbol is None:
        return False
    # `__iter__ = None` in a class body switches the protocol off.
    node = symbol.node
    return not (isinstance(node, Var) and isinstance(get_proper_type(node.type), NoneType))


def class_of(typ: ProperType) -> TypeInfo | None:
    """The class behind a type, where protocol methods can be looked up."""
    if isinstance(typ, Instance):
        return typ.type
    if isinstance(typ, TupleType):
        return typ.partial_fallback.type
    if isinstance(typ, (TypedDictType, LiteralType)):
        return typ.fallback.type
    if isinstance(typ, TypeVarType):
        bound = get_proper_type(typ.upper_bound)
        return class_of(bound)
    return None


def abilities_of(typ: ProperType) -> Abilities:
    """What an object of this type can do; for a union, what any of its members can do."""
    if isinstance(typ, UnionType):
        found = Can.NOTHING
        for item in typ.relevant_items():
            found |= abilities_of(get_proper_type(item))
        return found
    info = class_of(typ)
    return abilities_of_class(info) if info is not None else Can.NOTHING


def members(typ: Type) -> list[ProperType]:
    """The union members of a type (the type itself when it is not a union)."""
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        return [get_proper_type(item) for item in proper.relevant_items()]
    return [proper]


def is_unknowable(typ: ProperType) -> bool:
    """`Any`, `Never` and types without a class: anything goes, so nothing is reported."""
    if isinstance(typ, NoneType):
        return False
    return isinstance(typ, (AnyType, UninhabitedType)) or class_of(typ) is None


class FunctionKind(enum.Enum):
    """What calling the callee produces, judged by its definition."""

    __hash__ = object.__hash__  # members are singletons; Enum's own hash is slow

    COROUTINE_FUNCTION = "coroutine function"
    ASYNC_GENERATOR_FUNCTION = "async generator function"
    GENERATOR_FUNCTION = "generator function"
    CLASS = "class"
    FUNCTION = "function"


class Producer(Record):
    """The callable whose call made the object."""

    name: str
    """How the user refers to it: `stream_rows`, `Repo.rows`, `AsyncSession`."""
    kind: FunctionKind
    module: str
    decorated: bool
    """True when decorators stand between the definition and the call."""
    declared_at: tuple[str, int] | None = None
    """For an `async def` that lies (`-> AsyncIterator[T]` with a placeholder body): where."""


def made_by_coroutine_function(producer: Producer) -> bool:
    """Whether the object comes straight from an undecorated `async def` without `yield`."""
    return producer.kind is FunctionKind.COROUTINE_FUNCTION and not producer.decorated


def made_by_async_generator_function(producer: Producer) -> bool:
    """Whether the object comes straight from an undecorated `async def` with `yield`."""
    return producer.kind is FunctionKind.ASYNC_GENERATOR_FUNCTION and not producer.decorated


def function_kind(node: SymbolNode | None) -> tuple[FunctionKind, bool]:
    """Classify a definition; the flag says whether it is decorated."""
    decorated = False
    func: FuncDef | None = None
    if isinstance(node, Decorator):
        func, decorated = node.func, _is_decorated(node)
    elif isinstance(node, OverloadedFuncDef):
        impl = node.impl
        if isinstance(impl, Decorator):
            func, decorated = impl.func, _is_decorated(impl)
        elif isinstance(impl, FuncDef):
            func = impl
        elif node.items and isinstance(node.items[0], Decorator):
            func, decorated = node.items[0].func, False
    elif isinstance(node, FuncDef):
        func = node
    elif isinstance(node, TypeInfo):
        return FunctionKind.CLASS, False
    if func is None:
        return FunctionKind.FUNCTION, decorated
    if func.is_coroutine:
        if func.is_async_generator:
            return FunctionKind.ASYNC_GENERATOR_FUNCTION, decorated
        return FunctionKind.COROUTINE_FUNCTION, decorated
    if func.is_generator:
        return FunctionKind.GENERATOR_FUNCTION, decorated
    return FunctionKind.FUNCTION, decorated


def _is_decorated(node: Decorator) -> bool:
    """Do decorators stand between the definition and its callers?

    `@classmethod` and `@staticmethod` do not count (mypy takes them out of the list). A
    definition loaded from mypy's cache has lost its decorator expressions: there, the
    decorators count when they changed the function's type.
    """
    if node.decorators:
        return True
    declared, decorated = node.func.type, node.var.type
    if not node.func.is_decorated or declared is None or decorated is None:
        return False
    if node.func.is_class or node.func.is_static:
        declared, decorated = get_proper_type(declared), get_proper_type(decorated)
        if isinstance(declared, CallableType) and isinstance(decorated, CallableType):
            return not is_same_type(declared.ret_type, decorated.ret_type)
    return not is_same_type(declared, decorated)


ALWAYS_WORTH_A_LOOK = frozenset(
    {FunctionKind.COROUTINE_FUNCTION, FunctionKind.ASYNC_GENERATOR_FUNCTION}
)
"""The kinds of function whose calls always make something async."""


def async_comes_of(node: SymbolNode) -> bool:
    """Can what a call of it gives be awaited (or used with `async for`, `async with`)?"""
    if isinstance(node, TypeInfo):
        return bool(abilities_of_class(node) & ASYNC_SIDE)
    result = declared_result(node)
    return result is not None and bool(abilities_of(result) & ASYNC_SIDE)


def declared_result(node: SymbolNode | None) -> ProperType | None:
    """The type a call of `node` gives, as far as the definition says."""
    if isinstance(node, TypeInfo):
        return None
    typ = None
    if isinstance(node, Decorator):
        typ = node.var.type
    elif isinstance(node, (FuncDef, OverloadedFuncDef)):
        typ = node.type
    proper = get_proper_type(typ)
    if isinstance(proper, CallableType):
        return get_proper_type(proper.ret_type)
    if isinstance(proper, Overloaded):
        return get_proper_type(proper.items[0].ret_type) if proper.items else None
    return None


def awaited_result(typ: ProperType) -> ProperType | None:
    """`R` for a `Coroutine[Any, Any, R]` or an `Awaitable[R]`, when it can be read off."""
    if isinstance(typ, Instance) and typ.args:
        if typ.type.fullname == "typing.Coroutine" and len(typ.args) == 3:
            return get_proper_type(typ.args[2])
        if typ.type.fullname == "typing.Awaitable":
            return get_proper_type(typ.args[0])
    return None


def iterable_when_awaited(typ: Type) -> bool:
    """Does awaiting an instance of an awaitable class give something to iterate?"""
    result = awaited_result_of_class(get_proper_type(typ))
    return result is not None and has(abilities_of(result), Can.ITER)


def awaited_result_of_class(typ: ProperType) -> ProperType | None:
    """`R` for an instance of a class based on `Awaitable[R]` (`Future[R]`, `Task[R]`)."""
    if not isinstance(typ, Instance):
        return None
    for base in typ.type.mro:
        if base.fullname == "typing.Awaitable":
            mapped = map_instance_to_supertype(typ, base)
            return get_proper_type(mapped.args[0]) if mapped.args else None
    return None
