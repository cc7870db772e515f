"""What the configured names refer to, looked up once mypy has analyzed their modules.

A name is looked up in the module that holds it. Until mypy has analyzed that module
(it may not be loaded yet, or come later in the build), the name waits. Once the module is
there, the name either resolves or becomes a problem that names it and its close matches.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Union

from mypy.nodes import (
    Decorator,
    FuncBase,
    MypyFile,
    SymbolNode,
    SymbolTable,
    TypeAlias,
    TypeInfo,
    Var,
)

from mypy_async_plugin.config import PluginConfig, Problem
from mypy_async_plugin.places import BUILT_IN_CONSUMERS, Consumer, Consumers, Place
from mypy_async_plugin.records import Record

CONSUMER_PLACES: Mapping[str, Place] = {
    "runners": Place.RUNNER,
    "async_iterable_consumers": Place.ASYNC_CONSUMER,
    "iterable_consumers": Place.SYNC_CONSUMER,
}
DUAL_PROTOCOL_TYPES = "dual_protocol_types"
_CALLABLE = (TypeInfo, FuncBase, Decorator, Var)
"""What a consumer can be: a class, a function (decorated or not), a callable variable."""


class Found(Record):
    node: SymbolNode | None
    """None for a module that this run has not loaded."""
    owner: TypeInfo | None
    """The class it was looked up in, for a class member."""


class Missing(Record):
    where: str
    """`module "mylib"`, `class "mylib.TaskGroup"`."""
    part: str
    close: list[str]
    """Dotted names close to the missing one."""


Lookup = Union[Found, Missing, None]
"""None: not known yet (the module is not loaded or not analyzed)."""


class ConfiguredNames:
    """The configured consumers and dual-protocol classes, as mypy's fullnames."""

    def __init__(self, config: PluginConfig) -> None:
        self._config = config
        self._waiting = [(key, name) for key, names in config.names.items() for name in names]
        self._functions: dict[str, Consumer] = {}
        self._method_runners: dict[str, tuple[str, ...]] = {}
        self.consumers: Consumers = BUILT_IN_CONSUMERS
        self.consumer_places = frozenset(
            place for key, place in CONSUMER_PLACES.items() if config.names.get(key)
        )
        """The places configured consumers give (mypy need not report a wrong argument)."""
        self.dual_protocol_types = frozenset(config.names.get(DUAL_PROTOCOL_TYPES, ()))
        """As configured, and as the fullnames of the classes they resolve to."""
        self.problems: list[Problem] = []

    @property
    def waiting(self) -> bool:
        return bool(self._waiting)

    def resolve(self, modules: Mapping[str, MypyFile]) -> None:
        """Look up every waiting name whose module mypy has analyzed."""
        still_waiting = []
        for key, name in self._waiting:
            found = look_up(name, modules)
            if found is None:
                still_waiting.append((key, name))
            elif isinstance(found, Missing):
                self._problem(key, _does_not_exist(name, found))
            else:
                self._take(key, name, found)
        if len(still_waiting) < len(self._waiting):
            self._waiting = still_waiting
            self.consumers = Consumers(
                {**BUILT_IN_CONSUMERS.functions, **self._functions},
                _merged(BUILT_IN_CONSUMERS.method_runners, self._method_runners),
            )

    def _take(self, key: str, name: str, found: Found) -> None:
        node, owner = found
        if key == DUAL_PROTOCOL_TYPES:
            if isinstance(node, TypeInfo):
                self.dual_protocol_types |= {node.fullname}
            else:
                self._problem(key, f'"{name}" is {_kind_of(node, owner)}, not a class')
            return
        place = CONSUMER_PLACES[key]
        if not isinstance(node, _CALLABLE):
            wanted = (
                "a function, class or method" if place is Place.RUNNER else "a function or class"
            )
            self._problem(key, f'"{name}" is {_kind_of(node, owner)}, not {wanted}')
        elif owner is not None and not isinstance(node, TypeInfo):
            if place is not Place.RUNNER:
                self._problem(
                    key,
                    f'"{name}" is a method; {key} takes functions and classes '
                    "(only runners takes methods too)",
                )
                return
            method = name.rsplit(".", 1)[-1]
            classes = self._method_runners.get(method, ())
            self._method_runners[method] = (*classes, owner.fullname)
        else:
            self._functions[node.fullname] = Consumer(name, place)

    def _problem(self, key: str, text: str) -> None:
        config = self._config
        problem = Problem(str(config.file), config.line_of(key), f"{config.section} {key}: {text}")
        self.problems.append(problem)


def look_up(name: str, modules: Mapping[str, MypyFile]) -> Lookup:
    """What `name` refers to, walking from the longest module prefix through classes."""
    if name in modules:
        return Found(modules[name], None)
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        module = modules.get(".".join(parts[:split]))
        if module is not None:
            break
    else:
        return None
    if not module.names:
        return None  # parsed, not yet analyzed
    prefix = ".".join(parts[:split])
    owner: TypeInfo | None = None
    rest = parts[split:]
    for index, part in enumerate(rest):
        symbol = owner.get(part) if owner is not None else module.names.get(part)
        node = symbol.node if symbol is not None else None
        last = index == len(rest) - 1
        if node is None:
            if owner is None and _may_be_a_submodule(module, part):
                return Found(None, None) if last else None
            where = f'class "{prefix}"' if owner is not None else f'module "{prefix}"'
            return Missing(where, part, _close(prefix, part, owner, module.names))
        if last:
            return Found(node, owner)
        prefix = f"{prefix}.{part}"
        if isinstance(node, TypeInfo):
            owner = node
        elif isinstance(node, MypyFile):
            if not node.names:
                return None
            module, owner = node, None
        else:
            return Missing(f'"{prefix}" ({_kind_of(node, owner)})', rest[index + 1], [])
    return None


def _may_be_a_submodule(package: MypyFile, name: str) -> bool:
    """Could `name` be a submodule of `package` that this run has not loaded (yet)?"""
    path = package.path
    if not path:
        return True
    if not os.path.basename(path).startswith("__init__."):
        return False
    folder = os.path.dirname(path)
    return any(
        os.path.exists(os.path.join(folder, candidate))
        for candidate in (name, f"{name}.py", f"{name}.pyi")
    )


def _close(prefix: str, part: str, owner: TypeInfo | None, names: SymbolTable) -> list[str]:
    if owner is not None:
        choices = {member for base in owner.mro for member in base.names}
    else:
        choices = set(names)
    import difflib  # only when a configured name is wrong

    return [f"{prefix}.{match}" for match in difflib.get_close_matches(part, sorted(choices), n=3)]


def _does_not_exist(name: str, missing: Missing) -> str:
    text = f'"{name}" does not exist: {missing.where} has no "{missing.part}"'
    if missing.close:
        text += " (did you mean " + " or ".join(f'"{close}"' for close in missing.close) + "?)"
    return text


def _kind_of(node: SymbolNode | None, owner: TypeInfo | None) -> str:
    if isinstance(node, TypeInfo):
        return "a class"
    if node is None or isinstance(node, MypyFile):
        return "a module"
    if isinstance(node, (FuncBase, Decorator)):
        return "a method" if owner is not None else "a function"
    if isinstance(node, Var):
        return "an attribute" if owner is not None else "a variable"
    if isinstance(node, TypeAlias):
        return "a type alias"
    return f"a {type(node).__name__}"


def _merged(
    built_in: Mapping[str, tuple[str, ...]], configured: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    merged = dict(built_in)
    for method, classes in configured.items():
        merged[method] = (*merged.get(method, ()), *classes)
    return merged
