"""`async def rows(self) -> AsyncIterator[Row]: ...` with no `yield`: a coroutine function
returning an async iterator, declared where an async generator function was meant.

Code: async-iterator-declaration. Reported at the declaration (a Protocol, an ABC, a stub, any
placeholder body), and named in the errors it causes elsewhere: an implementation written with
`yield` that does not match it, and `async for` over a call of it.
"""

from __future__ import annotations

import os
import re

from mypy.nodes import FUNC_NO_INFO, FuncDef, TypeInfo
from mypy.types import Instance

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import FunctionKind, function_kind
from mypy_async_plugin.lying_declarations import lies, returned_type_name
from mypy_async_plugin.rules.wording import Finding
from mypy_async_plugin.scene import Refinement, Scene

# Patterns are compiled when first used (`re` keeps them): most runs use none of them.
_OVERRIDDEN = r'of "(?P<method>\w+)" incompatible with .* in supertype "(?P<base>\w+)"'
_EXPECTED_CLASS = (
    # Argument 1 to "f" has ...; expected "Source"  (and "List item 0 ...", "Dict entry 0 ...")
    r'^(Argument|List item|Dict entry|Set item) .*; expected "(?P<name>[\w.]+)"$',
    # Incompatible return value type (got "Impl", expected "Source")
    r'^Incompatible return value type \(got .*, expected "(?P<name>[\w.]+)"\)$',
    # Incompatible types in assignment (expression has type "Impl", variable has type "Source")
    r'^Incompatible types in assignment .*, variable has type "(?P<name>[\w.]+)"\)$',
)
_ASYNC_DEF_LINE = (
    r"^\s*async (?P<header>def \w+\(.*\))\s*->\s*(?P<result>.+?)\s*:\s*(\.\.\.|pass)?\s*(#.*)?$"
)


def declaration_finding(func: FuncDef, name: str, source_line: str | None) -> Finding:
    header, result = _signature(func, source_line)
    names = {"name": name, "result": result, "fix": f"{header} -> {result}: ..."}
    return Finding(cat.ASYNC_ITERATOR_DECLARATION, "main", names)


def declared_at(path: str, line: int, current_path: str) -> str:
    """Where a lying declaration is, as the user finds it from the current module."""
    same_file = not path or os.path.abspath(path) == os.path.abspath(current_path)
    return f"line {line}" if same_file else f"{path}:{line}"


def refine_empty_body(scene: Scene) -> Refinement | None:
    """mypy's "Missing return statement" for the placeholder body of a lying declaration
    becomes the declaration's own error (mypy drops the second copy if both are reported).
    """
    func = scene.positions.function_at(scene.info.line)
    if func is None or lies(func) is None:
        return None
    owner = "" if func.info is FUNC_NO_INFO else f"{func.info.name}."
    source_line = scene.plugin.source_header(scene.tree.path, func.line)
    return Refinement(finding=declaration_finding(func, owner + func.name, source_line))


def refine_override(scene: Scene) -> Refinement | None:
    """An implementation with `yield` overriding a lying declaration of a base class."""
    match = re.search(_OVERRIDDEN, scene.info.message)
    info = scene.checker.scope.active_class()
    if match is None or info is None:
        return None
    for base in info.mro[1:]:
        if base.name == match["base"]:
            symbol = base.names.get(match["method"])
            func = lies(symbol.node) if symbol is not None else None
            if func is not None:
                return _consequence(scene, func, f"{base.name}.{func.name}")
    return None


def refine_protocol_argument(scene: Scene) -> Refinement | None:
    """A class with an async generator method passed (returned, assigned, listed) where a
    protocol or base class that lies is expected."""
    message = scene.info.message
    match = next(filter(None, (re.match(pattern, message) for pattern in _EXPECTED_CLASS)), None)
    if match is None:
        return None
    try:
        expected = scene.checker.lookup_qualified(match["name"]).node
    except KeyError:  # not a name visible here (`Sized` from typing's stubs, say)
        return None
    if not isinstance(expected, TypeInfo):
        return None
    given = scene.type_of(scene.expr) if scene.expr is not None else None
    if not isinstance(given, Instance):
        return None
    for name, member in expected.names.items():
        func = lies(member.node)
        if func is not None and _is_async_generator_method(given.type, name):
            return _consequence(scene, func, f"{expected.name}.{name}")
    return None


def _is_async_generator_method(info: TypeInfo, name: str) -> bool:
    """Does the class define `name` as an async generator function (with `yield`)?"""
    member = info.get(name)
    if member is None:
        return False
    return function_kind(member.node)[0] is FunctionKind.ASYNC_GENERATOR_FUNCTION


def _consequence(scene: Scene, func: FuncDef, declared: str) -> Refinement:
    path = scene.plugin.path_of(func)
    _, result = _signature(func, scene.plugin.source_header(path, func.line))
    names = {
        "original": scene.info.message,
        "declared": declared,
        "where": declared_at(path, func.line, scene.tree.path),
        "result": result,
    }
    return Refinement(finding=Finding(cat.ASYNC_ITERATOR_DECLARATION, "consequence", names))


def _signature(func: FuncDef, source: str | None) -> tuple[str, str]:
    """`def rows(self)` and `AsyncIterator[Row]`, as the user wrote them where possible.

    `source` is the `async def` statement's text up to its body, joined onto one line.
    """
    match = re.match(_ASYNC_DEF_LINE, source or "")
    if match is None:
        return f"def {func.name}(...)", f"{returned_type_name(func)}[...]"
    header = " ".join(match["header"].replace("( ", "(").replace(" )", ")").split())
    return header.replace(", )", ")"), match["result"].strip("'\"")
