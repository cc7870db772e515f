"""Report it once, under a code that keeps the user's existing ignores working."""

from __future__ import annotations

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode, error_codes
from mypy.nodes import Context
from mypy.types import AnyType, Type, TypeOfAny

from mypy_async_plugin.places import MYPY_CODES, Place
from mypy_async_plugin.rules import Finding


def report(checker: TypeChecker, context: Context, finding: Finding, place: Place) -> Type | None:
    """Report `finding`; the type the expression then has, or None to leave it to mypy.

    Returning `Any` replaces mypy's own error(s) for the expression, and nothing
    cascades from a variable bound to it.
    """
    errors = checker.msg.errors
    code = finding.diagnostic.error_code
    mypy_codes = MYPY_CODES[place]
    if not errors.is_error_code_enabled(code):
        return None
    if not all(errors.is_error_code_enabled(error_codes[name]) for name in mypy_codes):
        return None
    checker.fail(finding.message, context, code=_code_for_line(checker, context, code, mypy_codes))
    return AnyType(TypeOfAny.from_error)


def _code_for_line(
    checker: TypeChecker, context: Context, code: ErrorCode, mypy_codes: tuple[str, ...]
) -> ErrorCode:
    """Plain mypy's code where the line's `# type: ignore[...]` names it, else the plugin's."""
    errors = checker.msg.errors
    ignored = errors.ignored_lines.get(errors.file, {}).get(context.line)
    if not ignored or code.code in ignored:
        return code
    for name in mypy_codes:
        if name in ignored:
            return error_codes[name]
    return code
