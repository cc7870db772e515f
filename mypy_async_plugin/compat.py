"""Every difference between the mypy versions we support, in one place."""

from __future__ import annotations

import importlib
from typing import Any

from mypy.checker import TypeChecker
from mypy.nodes import FuncItem

try:  # mypy >= 1.18
    _checker_state: Any = importlib.import_module("mypy.checker_state").checker_state
except ImportError:  # pragma: no cover - exercised by the version matrix
    _checker_state = None


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


def is_speculative(checker: TypeChecker) -> bool:
    """Is mypy trying a call speculatively (overload matching), discarding its errors?

    An error reported there would make mypy reject the overload item, so the plugin
    leaves such calls to mypy. This reads mypy's private watcher stack; if its shape
    ever changes, the answer is "speculative", which falls back to mypy's own messages.
    """
    try:
        watchers = checker.msg.errors._watchers
        # A watcher that filters everything and keeps nothing discards the errors:
        # those that keep them report them later, those with a callable choose some.
        return any(watcher._filter is True and watcher._filtered is None for watcher in watchers)
    except AttributeError:  # pragma: no cover - a mypy whose internals moved
        return True
