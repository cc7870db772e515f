"""What kind of object any expression is: its type, and which function made it, if known.

The call hooks know the callee of the call they are asked about. An error of mypy's about
some other expression (`await gen`, `async for r in self.pending`, `handlers[name]()`) comes
with no callee: this module works out what the plugin can say about it.
"""

from __future__ import annotations

from mypy.checker import TypeChecker
from mypy.nodes import (
    FUNC_NO_INFO,
    CallExpr,
    Decorator,
    Expression,
    FuncDef,
    MemberExpr,
    NameExpr,
    OverloadedFuncDef,
    RefExpr,
    SuperExpr,
    SymbolNode,
    TypeInfo,
)
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    ProperType,
    Type,
    TypeOfAny,
    TypeType,
    get_proper_type,
)

from mypy_async_plugin.kinds import FunctionKind, Producer, function_kind
from mypy_async_plugin.records import Record

_ASYNC_FUNCTION_KINDS = (FunctionKind.COROUTINE_FUNCTION, FunctionKind.ASYNC_GENERATOR_FUNCTION)


class FunctionObject(Record):
    """An async function named where its call belongs (`await fetch`, `asyncio.run(main)`)."""

    name: str
    kind: FunctionKind
    takes_arguments: bool


def value_producer(spelling: str) -> Producer:
    """A stand-in producer for a value whose maker is not known: messages describe its type."""
    return Producer(spelling, FunctionKind.FUNCTION, "", True)


def call_producer(
    call: CallExpr, current_module: str, receiver: ProperType | None = None
) -> Producer | None:
    """The producer of a call no hook was asked about (`super().rows()`), if it is known.

    `receiver` is the type of `obj` in `obj.method()`, where the method is found.
    """
    node = callee_definition(call.callee, receiver)
    if node is None:
        return None
    kind, decorated = function_kind(node)
    fullname = node.fullname or ""
    module, _, name = fullname.rpartition(".")
    if isinstance(node, (FuncDef, Decorator, OverloadedFuncDef)) and node.info is not FUNC_NO_INFO:
        name = f"{node.info.name}.{name}"
        module = node.info.module_name
    shown_module = "" if module == current_module else module
    return Producer(name, kind, shown_module, decorated)


def callee_definition(callee: Expression, receiver: ProperType | None) -> SymbolNode | None:
    """The definition a call's callee names; `receiver` is the type of `obj` in `obj.m()`."""
    node = _named_definition(callee)
    owner = _class_of(receiver)
    if node is None and owner is not None and isinstance(callee, MemberExpr):
        member = owner.get(callee.name)
        node = member.node if member is not None else None
    return node


def _class_of(receiver: ProperType | None) -> TypeInfo | None:
    """The class a method is looked up in: of an instance, or the class object itself."""
    if isinstance(receiver, Instance):
        return receiver.type
    if isinstance(receiver, CallableType) and receiver.is_type_obj():
        return receiver.type_object()
    if isinstance(receiver, TypeType) and isinstance(receiver.item, Instance):
        return receiver.item.type
    return None


def _named_definition(callee: Expression) -> SymbolNode | None:
    if isinstance(callee, SuperExpr):
        # `super().name`: looked up past the class the call is written in.
        info = callee.info
        if info is None:
            return None
        for base in info.mro[1:]:
            symbol = base.names.get(callee.name)
            if symbol is not None:
                return symbol.node
        return None
    if isinstance(callee, RefExpr):
        return callee.node
    return None


def function_object(expr: Expression, typ: ProperType | None) -> FunctionObject | None:
    """The async function `expr` names itself (not a call of it), if it does."""
    found = named_function(expr, typ)
    return found if found is not None and found.kind in _ASYNC_FUNCTION_KINDS else None


def named_function(expr: Expression, typ: ProperType | None) -> FunctionObject | None:
    """The undecorated function of any kind that `expr` names itself, if it does."""
    if not isinstance(expr, (NameExpr, MemberExpr)) or isinstance(expr.node, TypeInfo):
        return None
    node = expr.node
    if node is None and isinstance(typ, CallableType):
        # `obj.method`: mypy knows the method only from the type of `obj`.
        node = typ.definition
    if isinstance(node, (FuncDef, Decorator, OverloadedFuncDef)):
        kind, decorated = function_kind(node)
        if not decorated:
            return FunctionObject(expr.name, kind, takes_arguments_of(node, typ))
    return None


def takes_arguments_of(node: SymbolNode, typ: ProperType | None) -> bool:
    if isinstance(typ, CallableType):
        return typ.min_args > 0
    func = node.func if isinstance(node, Decorator) else node
    if isinstance(func, FuncDef):
        required = [arg for arg in func.arguments if arg.initializer is None]
        bound = 1 if func.info is not FUNC_NO_INFO and not func.is_static else 0
        return len(required) > bound
    return True


def is_awaitable_value(typ: ProperType | None) -> bool:
    """A coroutine, or an object declared only as `Awaitable[T]`: its result needs `await`."""
    return isinstance(typ, Instance) and typ.type.fullname in AWAITABLE_VALUES


AWAITABLE_VALUES = frozenset({"typing.Coroutine", "typing.Awaitable"})


def is_coroutine(typ: ProperType | None) -> bool:
    return isinstance(typ, Instance) and typ.type.fullname == "typing.Coroutine"


def certain_call_type(checker: TypeChecker, producer: Producer, typ: Type) -> Type:
    """A call's type, made certain by its callee where mypy left it unknown.

    A call of an undecorated `async def` is a coroutine (an async generator, with `yield`)
    whatever it returns; mypy < 2.3 types a call of an unannotated one `Any`.
    """
    proper = get_proper_type(typ)
    if producer.decorated or not (
        isinstance(proper, AnyType) and proper.type_of_any == TypeOfAny.unannotated
    ):
        return typ
    unknown = AnyType(TypeOfAny.unannotated)
    if producer.kind is FunctionKind.COROUTINE_FUNCTION:
        return checker.named_generic_type("typing.Coroutine", [unknown, unknown, unknown])
    if producer.kind is FunctionKind.ASYNC_GENERATOR_FUNCTION:
        return checker.named_generic_type("typing.AsyncGenerator", [unknown, unknown])
    return typ
