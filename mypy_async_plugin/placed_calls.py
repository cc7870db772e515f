"""Where the calls of a module stand, looked up by the callee that a call hook is for.

mypy asks for a call hook once per call it checks, and each hook it gets costs it (and the
plugin) far more than the question. A callee whose calls in the module being checked all
stand where its kind belongs (every call of a coroutine function awaited) needs no hook there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mypy.nodes import (
    CallExpr,
    Decorator,
    FuncBase,
    FuncDef,
    MemberExpr,
    NameExpr,
    OverloadedFuncDef,
    SuperExpr,
    SymbolNode,
    TypeInfo,
)
from mypy.types import CallableType, Overloaded, TypeVarType, get_proper_type

from mypy_async_plugin.places import NOWHERE, Place

if TYPE_CHECKING:
    from mypy_async_plugin.roles import Role


class PlacedCalls:
    """The places of a module's calls that stand in one, by the names a hook matches them by.

    The call hooks look only at calls of their own callee (`_calls` in plugin.py): a plain
    name whose full name is the callee's, a method call of the callee's name, or any
    attribute with a full name (`module.function`), whatever hook mypy gives its call.
    """

    def __init__(self, roles: Iterable[Role]) -> None:
        self._by_fullname: dict[str, set[Place]] = {}
        self._by_method_name: dict[str, set[Place]] = {}
        self._by_any_callee: set[Place] = set()
        self.add(roles)

    def add(self, roles: Iterable[Role]) -> None:
        """Take in more roles (those `await` or statements give, once worked out)."""
        for role in roles:
            call = role.expr
            if not isinstance(call, CallExpr):
                continue
            callee = call.callee
            if isinstance(callee, NameExpr):
                if callee.fullname:
                    self._by_fullname.setdefault(callee.fullname, set()).add(role.place)
            elif isinstance(callee, MemberExpr) and not isinstance(callee.expr, SuperExpr):
                if not callee.fullname:
                    self._by_method_name.setdefault(callee.name, set()).add(role.place)
                elif _called_by_its_name(callee):
                    self._by_fullname.setdefault(callee.fullname, set()).add(role.place)
                else:
                    self._by_any_callee.add(role.place)

    def may_stand_in(self, fullname: str, short_name: str, places: frozenset[Place]) -> bool:
        """Could a call of `fullname` here stand in one of `places`?"""
        return not (
            places.isdisjoint(self._by_any_callee)
            and places.isdisjoint(self._by_fullname.get(fullname, NOWHERE))
            and places.isdisjoint(self._by_method_name.get(short_name, NOWHERE))
        )


def _called_by_its_name(callee: MemberExpr) -> bool:
    """Does mypy ask for the hook of `module.name()` by that full name (and no other)?

    It does for a function or a class; an alias (of a type, or a variable), a function
    decorated into a class object or a class whose constructor makes something else may be
    called under another name.
    """
    node = callee.node
    if isinstance(node, TypeInfo):
        return node.fullname == callee.fullname and constructs_itself(node)
    if isinstance(node, Decorator):
        called = get_proper_type(node.var.type)
    elif isinstance(node, (FuncDef, OverloadedFuncDef)):
        called = get_proper_type(node.type)
    else:
        return False
    return isinstance(called, (CallableType, Overloaded)) and not called.is_type_obj()


def constructs_itself(info: TypeInfo) -> bool:
    """Does calling the class make an instance of that class (mypy then names the call so)?

    A `__new__` declared to return another type, or a metaclass `__call__`, may make
    something else.
    """
    new = info.get("__new__")
    if new is not None and not _returns_self(new.node):
        return False
    metaclass = info.metaclass_type
    call = metaclass.type.get("__call__") if metaclass is not None else None
    if call is None:
        return True
    return isinstance(call.node, FuncBase) and call.node.info.fullname == "builtins.type"


def _returns_self(new: SymbolNode | None) -> bool:
    if isinstance(new, Decorator):
        new = new.func
    if not isinstance(new, FuncBase):
        return False
    if new.info.fullname == "builtins.object":
        return True
    declared = get_proper_type(new.type)
    items = declared.items if isinstance(declared, Overloaded) else [declared]
    return all(
        isinstance(item, CallableType) and isinstance(get_proper_type(item.ret_type), TypeVarType)
        for item in items
    )
