"""A coroutine or async generator tested for truth: always true, and it never runs.

Code: truthy-coroutine. Plain mypy says nothing unless `truthy-bool` is on; its messages
reach the plugin's watcher either way.
"""

from __future__ import annotations

from mypy.nodes import Expression
from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import Producer, made_by_async_generator_function
from mypy_async_plugin.rules.discarded import is_async_generator
from mypy_async_plugin.rules.wording import (
    Describe,
    Finding,
    description,
    enclosing_sync_function,
    needs_async_def,
    plain_words,
)
from mypy_async_plugin.scene import Refinement, Scene
from mypy_async_plugin.values import is_awaitable_value

_FIXES = {
    "if": "if {awaited}:",
    "elif": "elif {awaited}:",
    "while": "while {awaited}:",
    "assert": "assert {awaited}",
    "not": "not {awaited}",
    "and": "{awaited} and ...",
    "or": "{awaited} or ...",
    "... and": "... and {awaited}",
    "... or": "... or {awaited}",
    "ternary": "... if {awaited} else ...",
    "comprehension": "... if {awaited}",
}


def refine_truthy(scene: Scene) -> Refinement | None:
    expr = scene.expr
    if expr is None:
        return None
    if scene.is_reported_name(expr):
        return Refinement(drop=True)
    typ = scene.type_of(expr)
    if typ is None:
        return None
    walrus = scene.positions.walrus_binding(expr)
    producer = scene.producer_of(walrus.value if walrus is not None else expr)
    if not _may_be_async(typ, producer):
        # mypy reports every object without `__bool__` tested for truth: most are not async.
        return None
    if walrus is not None:
        # `if (found := fetch()):` is reported at `found`; the await goes before the value.
        spelled = f"{scene.spell(walrus.target)} := {scene.spell(walrus.value)}"
        awaited = f"({scene.spell(walrus.target)} := await {scene.spell(walrus.value)})"
        generator_spelled = scene.spell(walrus.value)
    else:
        spelled = generator_spelled = scene.spell(expr)
        awaited = f"await {spelled}"
    condition = scene.positions.condition_of(walrus or expr)
    construct = condition[0] if condition is not None else ""
    if construct == "if" and _written_as_elif(scene, expr):
        construct = "elif"
    finding = truthy_finding(
        typ,
        producer,
        spelled,
        _FIXES.get(construct, "{awaited}").format(awaited=awaited),
        scene.plugin.describe(scene.checker),
        enclosing_sync_function(scene.checker),
    )
    if finding is not None and finding.variant == "async-generator":
        finding.names["call"] = generator_spelled
    return Refinement(finding=finding) if finding is not None else None


def truthy_finding(
    typ: ProperType,
    producer: Producer,
    spelled: str,
    fix: str,
    describe: Describe,
    enclosing_function: str | None,
) -> Finding | None:
    """A coroutine (or an async generator) tested for truth; `fix` is the awaited test."""
    names = {
        "call": spelled,
        "description": description(typ, producer, plain_words(spelled), describe),
        "target": "item",
        "enclosing": needs_async_def(enclosing_function),
        "fix": fix,
    }
    if is_awaitable_value(typ):
        return Finding(cat.TRUTHY_COROUTINE, "coroutine", names)
    if _made_by_async_generator(typ, producer):
        return Finding(cat.TRUTHY_COROUTINE, "async-generator", names)
    return None


def _may_be_async(typ: ProperType, producer: Producer) -> bool:
    return is_awaitable_value(typ) or _made_by_async_generator(typ, producer)


def _made_by_async_generator(typ: ProperType, producer: Producer) -> bool:
    return made_by_async_generator_function(producer) or is_async_generator(typ)


def _written_as_elif(scene: Scene, expr: Expression) -> bool:
    """mypy parses `elif x:` as an `if` nested in an `else`: the source tells them apart."""
    line = scene.plugin.source_line(scene.tree.path, expr.line)
    return line is not None and line.lstrip().startswith("elif")
