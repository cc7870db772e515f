"""Which of mypy's own messages may be about a mistake the plugin explains better.

Read only the error code and the start of the message: the expression it is about is
found by its span (`positions.py`), and the decision is made on types, not on wording.
"""

from __future__ import annotations

import enum

from mypy_async_plugin.catalogue import CATALOGUE
from mypy_async_plugin.places import MYPY_CODES


class Shape(enum.Enum):
    """What a message of mypy's says, as far as the plugin cares."""

    __hash__ = object.__hash__

    WRONG_KIND = "the wrong kind of object where something async-ish belongs"
    TRUTHY = "an object that is always true, tested for truth"
    ASYNC_GENERATOR_RETURN = "an async generator returning a value"
    STOP_ASYNC_ITERATION_VALUE = "StopAsyncIteration.value"
    OVERRIDE = "an override whose return type does not match"
    ANY_RETURN = "Any returned where a type was declared (no-any-return)"
    NEEDS_ANNOTATION = "a variable whose type could not be inferred (var-annotated)"
    EMPTY_BODY = "a function whose body is a placeholder"
    UNUSED_AWAITABLE = "an awaitable thrown away (unused-awaitable, off by default)"


_PLACE_CODES = frozenset(code for codes in MYPY_CODES.values() for code in codes)
_WRONG_KIND_CODES = _PLACE_CODES | {
    "index",
    "return-value",
    "comparison-overlap",
    "assignment",
    "operator",
    "arg-type",
    "call-overload",
    "dict-item",
    "list-item",
}
PLUGIN_CODES = frozenset(entry.code for entry in CATALOGUE)


def shape_of(code: str, message: str) -> Shape | None:
    """The shape of one of mypy's error messages, or None when the plugin has nothing to add."""
    if code == "truthy-bool":
        return Shape.TRUTHY
    if code == "no-any-return":
        return Shape.ANY_RETURN
    if code == "var-annotated":
        return Shape.NEEDS_ANNOTATION
    if code == "empty-body":
        return Shape.EMPTY_BODY
    if code == "unused-awaitable":
        return Shape.UNUSED_AWAITABLE
    if code == "override":
        return Shape.OVERRIDE if "Coroutine[Any, Any, " in message else None
    if code == "misc" and message.startswith('"return" with value in async generator'):
        return Shape.ASYNC_GENERATOR_RETURN
    if code == "attr-defined" and message == '"StopAsyncIteration" has no attribute "value"':
        return Shape.STOP_ASYNC_ITERATION_VALUE
    if code in _WRONG_KIND_CODES:
        return Shape.WRONG_KIND
    return None


def argument_position(message: str) -> str | None:
    """`Argument 1 to "run"` (or `Dict entry 1`) from mypy's message, as the user reads it."""
    if not message.startswith(("Argument ", "Dict entry ", "List item ")):
        return None
    head, _, _ = message.partition(" has incompatible type ")
    return head or None


def expected_return_kind(message: str) -> str | None:
    """For `...; expected "Callable[[...], R]"`: what R is (awaitable, async-iterable, ...).

    Dict entries are written `expected "K": "Callable[...]"`: the last callable counts.
    Returns and assignments are written `(got "...", expected "Callable[...]")` and
    `(expression has type "...", variable has type "Callable[...]")`.
    """
    for marker in _EXPECTED_MARKERS:
        _, found, expected = message.rpartition(marker)
        if found:
            break
    start = expected.rfind('"Callable[')
    if not found or start < 0:
        return None
    result = _callable_result(expected.removesuffix(")")[start + len('"Callable[') : -1])
    if result is None:
        return None
    for prefixes, kind in _RESULT_KINDS:
        if result.startswith(prefixes):
            return kind
    return None


_EXPECTED_MARKERS = ("; expected ", ", expected ", ", variable has type ")
_RESULT_KINDS = (
    (("Awaitable[", "Coroutine[", "Future["), "awaitable"),
    (("AsyncIterator[", "AsyncIterable[", "AsyncGenerator["), "async-iterable"),
    (("AbstractAsyncContextManager[", "AsyncContextManager["), "async-context-manager"),
)


def _callable_result(inside: str) -> str | None:
    """`R` from the inside of `Callable[[A, B], R]` (or `Callable[..., R]`)."""
    depth = 0
    for index, char in enumerate(inside):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            return inside[index + 1 :].strip().rstrip('"').removesuffix("]")
    return None
