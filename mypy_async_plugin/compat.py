"""Every difference between the mypy versions we support, in one place."""

from __future__ import annotations

import gc
import importlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mypy.checker import TypeChecker
from mypy.errors import ErrorInfo, Errors
from mypy.nodes import (
    CallExpr,
    Context,
    Expression,
    FuncItem,
    GeneratorExpr,
    IndexExpr,
    MemberExpr,
    NameExpr,
)
from mypy.options import Options
from mypy.types import Type

try:  # mypy >= 1.18
    _checker_state: Any = importlib.import_module("mypy.checker_state").checker_state
except ImportError:  # pragma: no cover - exercised by the version matrix
    _checker_state = None


def checker_state() -> Any:
    """mypy's record of the module being checked (`.type_checker`), where mypy has one (1.18+)."""
    return _checker_state


def default_config_file() -> str | None:
    """The config file mypy would read when given none, found the way mypy finds it.

    Only a plugin built by hand (mypy.build with extra_plugins) has no `config_file`: mypy
    loads plugins listed in a config file only. This reads mypy's private lookup.
    """
    try:
        found: Any = importlib.import_module("mypy.config_parser")._find_config_file(
            stderr=io.StringIO()
        )
    except Exception:
        return None
    return found[2] if isinstance(found, tuple) and isinstance(found[2], str) else None


def columns_count_utf8_bytes(options: Options) -> bool:
    """mypy's ast-based parser gives columns as UTF-8 byte offsets, as Python's ast does; the
    native parser (mypy 2.x, `native_parser`) counts characters."""
    return not getattr(options, "native_parser", False)


def formatted_value_span(value: Expression, columns_count_utf8_bytes: bool) -> Context:
    """Where a value formatted in an f-string (`f"hello {load_name()}"`) really starts.

    mypy's ast-based parser moves the value's start to the f-string's start, and keeps its
    end; the start is found again from the value's leftmost part. A correct span is kept.
    """
    head = _leftmost_part(value)
    if head is value and not isinstance(head, NameExpr):
        return value
    column = head.column
    if isinstance(head, NameExpr) and head.end_line == head.line and head.end_column is not None:
        width = len(head.name.encode("utf-8")) if columns_count_utf8_bytes else len(head.name)
        column = head.end_column - width
    span = Context(head.line, column)
    span.end_line, span.end_column = value.end_line, value.end_column
    return span


def generator_argument_span(expr: Expression, call: CallExpr | None) -> Context:
    """Where a call's only argument, a generator expression (`sum(x for x in y)`), starts.

    mypy's ast-based parser gives it the call's parentheses, as Python's ast does; the
    native parser does not. The span without them is the same on both.
    """
    if call is None or not isinstance(expr, GeneratorExpr) or call.args != [expr]:
        return expr
    callee = call.callee
    if (expr.line, expr.column) != (callee.end_line, callee.end_column):
        return expr
    span = Context(expr.line, expr.column + 1)
    span.end_line = expr.end_line
    span.end_column = expr.end_column - 1 if expr.end_column is not None else None
    return span


def _leftmost_part(expr: Expression) -> Expression:
    """`load` of `load(...)`, `self` of `self.rows[0]`: the part an expression starts with."""
    while True:
        if isinstance(expr, CallExpr):
            expr = expr.callee
        elif isinstance(expr, MemberExpr):
            expr = expr.expr
        elif isinstance(expr, IndexExpr):
            expr = expr.base
        else:
            return expr


def checker_being_used() -> TypeChecker | None:
    """The checker of the module mypy is type-checking now, where mypy can tell (1.18+)."""
    if _checker_state is None:  # pragma: no cover - exercised by the version matrix
        return None
    checker = _checker_state.type_checker
    return checker if isinstance(checker, TypeChecker) else None


def current_function(checker: TypeChecker) -> FuncItem | None:
    """The innermost function (or lambda) whose body is being checked."""
    scope: Any = checker.scope
    # mypy < 1.18 calls it top_function.
    innermost = getattr(scope, "current_function", None) or scope.top_function
    found = innermost()
    return found if isinstance(found, FuncItem) else None


def type_at_same_span(checker: TypeChecker, expr: Expression) -> Type | None:
    """The type mypy gave the expression of `expr`'s kind written where `expr` is, most
    recent first.

    mypy checks a function with a type variable restricted to values (`TypeVar("T", A, B)`)
    once per value, each time on a copy of its body: the expressions it types are not the
    module's own. This reads mypy's private type maps, one scan per call.
    """
    kind, where = type(expr), (expr.line, expr.column, expr.end_line, expr.end_column)
    maps: list[dict[Expression, Type]] = getattr(checker, "_type_maps", [])
    for types in reversed(maps):
        for node in reversed(types):
            if (
                type(node) is kind
                and node.line == where[0]
                and (node.column, node.end_line, node.end_column) == where[1:]
            ):
                return types[node]
    return None


def first_discarding_watcher(checker: TypeChecker) -> int | None:
    """Where mypy's stack of error watchers starts discarding errors, if it does.

    mypy tries overload items (and argument types for them) speculatively, under a
    watcher that filters every error and keeps none; an error there makes the item
    fail. This reads mypy's private watcher stack.
    """
    for index, watcher in enumerate(checker.msg.errors._watchers):
        if watcher._filter is True and watcher._filtered is None:
            return index
    return None


def speculation_failed(checker: TypeChecker) -> bool:
    """Has the innermost speculative check already seen an error?"""
    watchers = checker.msg.errors._watchers
    return bool(watchers) and watchers[-1].has_new_errors()


@contextmanager
def errors_kept(checker: TypeChecker, start: int | None) -> Iterator[None]:
    """Let an error reported inside reach mypy even under discarding watchers from `start`."""
    watchers = checker.msg.errors._watchers
    if start is None:
        yield
        return
    set_aside = watchers[start:]
    del watchers[start:]
    try:
        yield
    finally:
        watchers.extend(set_aside)


def parent_error(note: ErrorInfo) -> ErrorInfo | None:
    """The error a note belongs to (mypy >= 1.16 links them; older notes stand alone)."""
    parent: ErrorInfo | None = getattr(note, "parent_error", None)
    return parent


def errors_of_this_build(options: Options) -> Errors | None:
    """mypy's `Errors` for the build that is loading the plugin, if it can be found cheaply.

    mypy creates it just before it loads plugins and hands it to none of them; it is then
    among the youngest objects the garbage collector tracks. A plugin that has it can watch
    errors from the first module on. Not found: the plugin finds it at the first call hook.
    """
    for generation in (0, 1):
        for candidate in gc.get_objects(generation):
            if type(candidate) is Errors and candidate.options is options:
                return candidate
    return None


def checker_holding(errors: Errors, file: str) -> TypeChecker | None:
    """mypy < 1.18: the checker of `file`, found among the objects that hold `errors`.

    Slow (the garbage collector looks at every object it tracks): ask once per module.
    """
    for holder in gc.get_referrers(errors):
        if isinstance(holder, TypeChecker) and holder.path == file:
            return holder
    return None
