"""A coroutine function's call compared with `==`, `!=` or `is`, or a variable bound to
one compared with `==` or `!=`: what is compared is a coroutine object, never the result it
returns, so the test always comes out the same.

Code: missing-await. Plain mypy says nothing unless `strict_equality` is on; then its
`comparison-overlap` error for the same comparison is this one.
"""

from __future__ import annotations

from mypy.checker import TypeChecker
from mypy.nodes import (
    BytesExpr,
    ComparisonExpr,
    ComplexExpr,
    Expression,
    FloatExpr,
    IntExpr,
    StrExpr,
)
from mypy.types import ProperType, get_proper_type

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import Producer, awaited_result, made_by_coroutine_function
from mypy_async_plugin.roles import Role
from mypy_async_plugin.rules.wording import Describe, Finding, Words
from mypy_async_plugin.values import is_awaitable_value, is_coroutine


def judge_compared(
    role: Role,
    member: ProperType,
    producer: Producer,
    words: Words,
    names: dict[str, str],
    describe: Describe,
) -> Finding | None:
    if not made_by_coroutine_function(producer) and not _awaitable_against_literal(role, member):
        # Any other callee may hand back an object kept elsewhere (`task.get_coro() is coro`).
        return None
    result = awaited_result(member)
    if result is None:
        return None
    awaited = words.with_call(f"await {words.call}")
    names["result"] = describe(result)
    names["fix"] = awaited.consumer_call or awaited.call
    return Finding(cat.MISSING_AWAIT, "direct", names)


def compared_coroutine(comparison: ComparisonExpr, checker: TypeChecker) -> Expression | None:
    """The coroutine on the left of the comparison's first `==` or `!=` that has one."""
    operands = comparison.operands
    for operator, left in zip(comparison.operators, operands):
        if operator in ("==", "!="):
            found = checker.lookup_type_or_none(left)
            if found is not None and is_coroutine(get_proper_type(found)):
                return left
    return None


def _awaitable_against_literal(role: Role, member: ProperType) -> bool:
    """`sock.recv(1) == b"a"`: an object declared awaitable, compared with a literal."""
    comparison = role.comparison
    if comparison is None or not is_awaitable_value(member):
        return False
    return any(
        isinstance(operand, _LITERALS)
        for operator, left, right in zip(
            comparison.operators, comparison.operands, comparison.operands[1:]
        )
        if operator in ("==", "!=") and role.expr in (left, right)
        for operand in (left, right)
    )


_LITERALS = (StrExpr, BytesExpr, IntExpr, FloatExpr, ComplexExpr)
