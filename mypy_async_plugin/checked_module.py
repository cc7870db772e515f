"""Facts about the module mypy is checking that every hook asks for."""

from __future__ import annotations

from collections.abc import Callable

from mypy.checker import TypeChecker
from mypy.messages import format_type_bare
from mypy.types import ProperType


def reports_errors(checker: TypeChecker) -> bool:
    """Would mypy show errors in this module? Stubs and silently followed modules: no."""
    tree = checker.tree
    return not (
        tree.is_stub
        or checker.options.ignore_errors
        or tree.path in checker.msg.errors.ignored_files
    )


def describer(checker: TypeChecker) -> Callable[[ProperType], str]:
    """Types named as mypy names them in this module's messages."""

    def describe(typ: ProperType) -> str:
        return format_type_bare(typ, checker.options)

    return describe
