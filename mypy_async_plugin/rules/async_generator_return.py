"""The myth that an async generator can return a value: `return 1` in an async generator,
and `StopAsyncIteration.value`.

Codes: async-generator-return, stop-async-iteration-value.
"""

from __future__ import annotations

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.rules.wording import Finding
from mypy_async_plugin.scene import Refinement, Scene


def refine_return_value(scene: Scene) -> Refinement | None:
    """`return <value>` in an async generator (mypy reports the statement's span)."""
    info = scene.info
    statement = scene.plugin.source_between(
        scene.tree.path, info.line, info.column, info.end_line, info.end_column
    )
    if statement is None or not statement.startswith("return"):
        statement, value = "return <value>", "<value>"
    else:
        value = statement[len("return") :].strip()
    names = {"statement": statement, "value": value}
    variant = "none" if value == "None" else "main"
    return Refinement(finding=Finding(cat.ASYNC_GENERATOR_RETURN, variant, names))


def refine_stop_value(scene: Scene) -> Refinement | None:
    """`error.value` on a StopAsyncIteration."""
    if scene.expr is None:
        return None
    names = {"call": scene.spell(scene.expr)}
    return Refinement(finding=Finding(cat.STOP_ASYNC_ITERATION_VALUE, "main", names))
