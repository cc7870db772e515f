"""Report it once, under a code that keeps the user's existing ignores working."""

from __future__ import annotations

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode, error_codes
from mypy.errors import Errors
from mypy.nodes import Context

from mypy_async_plugin import compat
from mypy_async_plugin.places import MYPY_CODES, Place
from mypy_async_plugin.rules import Finding


def report(checker: TypeChecker, context: Context, finding: Finding, place: Place) -> bool:
    """Report `finding`, unless the user has switched it (or mypy's own error) off."""
    errors = checker.msg.errors
    code = finding.diagnostic.error_code
    mypy_codes = MYPY_CODES[place]
    if not errors.is_error_code_enabled(code):
        return False
    if not all(errors.is_error_code_enabled(error_codes[name]) for name in mypy_codes):
        return False
    discarding = compat.first_discarding_watcher(checker)
    if discarding is not None and compat.speculation_failed(checker):
        # mypy is trying an overload item that has failed already: another item will match.
        return False
    # Reported past mypy's speculative checks: an error inside them would make mypy reject
    # the overload item that is about to match (hooks run after the argument checks).
    with compat.errors_kept(checker, discarding):
        checker.fail(
            finding.message, context, code=code_for_line(errors, context.line, code, mypy_codes)
        )
    return True


def code_for_line(
    errors: Errors, line: int, code: ErrorCode, mypy_codes: tuple[str, ...]
) -> ErrorCode:
    """Plain mypy's code where the line's `# type: ignore[...]` names it, else the plugin's."""
    ignored = errors.ignored_lines.get(errors.file, {}).get(line)
    if not ignored or code.code in ignored:
        return code
    for name in mypy_codes:
        if name in ignored:
            return error_codes[name]
    return code
