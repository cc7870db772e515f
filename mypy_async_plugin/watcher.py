"""mypy's own errors about expressions no hook sees, refined as they are reported.

The call hooks catch a mistake where the object comes straight from a call. For everything
else (`await gen`, `async for r in self.pending`, `row.id` on a coroutine, `if fetch():`)
mypy reports an error of its own, or a `truthy-bool` message that it drops later when that
code is off. A filter at the bottom of mypy's stack of error watchers sees each of them
before the `# type: ignore` check: it finds the expression by the error's span, works out
what kind of object it is and where it stands, and rewrites the error in place (or moves it
to the line where the fix goes). Errors inside speculative checks never reach it: the
watchers above it discard them first.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode
from mypy.errors import ErrorInfo, Errors, ErrorWatcher
from mypy.nodes import Expression, MypyFile, Var

from mypy_async_plugin import checking_modules, compat
from mypy_async_plugin.mypy_messages import PLUGIN_CODES, Shape, shape_of
from mypy_async_plugin.places import Place

if TYPE_CHECKING:
    from mypy_async_plugin.plugin import AsyncPlugin
    from mypy_async_plugin.positions import PositionIndex, Span
    from mypy_async_plugin.scene import Moved, Refinement, Scene

_DEBUG = bool(os.environ.get("MYPY_ASYNC_PLUGIN_DEBUG"))
_OWN_SPANS = frozenset({"operator", "dict-item"})
_AWAIT_NOTE = 'Maybe you forgot to use "await"?'
_DECLARATION = "async-iterator-declaration"
_OVERRIDE_HINTS = ('Consider declaring "', "See https://mypy.readthedocs.io/en/stable/more_types")


class Refiner:
    """The filter at the bottom of mypy's error watchers (one per mypy `Errors` object)."""

    def __init__(self, plugin: AsyncPlugin) -> None:
        self._plugin = plugin
        self._errors: Errors | None = None
        self._watcher: ErrorWatcher | None = None
        self._positions: PositionIndex | None = None
        self._reported_names: dict[str, set[Var]] = {}
        self._quieted: ErrorInfo | None = None
        self._quieted_span: Span | None = None
        """The last error refined or dropped: its "Maybe you forgot" note goes too."""
        self._checker_hint: TypeChecker | None = None
        self._no_checker_found: dict[str, object] = {}
        """mypy < 1.18: modules where no checker was found, with the scope mypy's errors had
        then (semantic analysis reports errors before the checker exists: it has a scope of
        its own, and the checker sets its own when it starts)."""
        self._flagged: dict[str, set[Span]] = {}
        self._unrefined: Scene | None = None
        """The last error no rule refined: mypy's note after it may change that."""

    def watch(self, checker: TypeChecker) -> None:
        """Make sure the filter sits at the bottom of this checker's error watchers."""
        if self.install(checker.msg.errors):
            self._catch_up(checker.msg.errors, checker.path)

    def install(self, errors: Errors) -> bool:
        """Put the filter at the bottom of `errors`' watchers, unless it is there already."""
        watchers = errors._watchers
        if watchers and watchers[0] is self._watcher and errors is self._errors:
            return False
        if errors is not self._errors:
            self._errors = errors
            self._reported_names.clear()
        self._watcher = ErrorWatcher(errors, filter_errors=self._on_error)
        # At the bottom: watchers above it (speculative checks) see every error first.
        watchers.insert(0, self._watcher)
        return True

    def _catch_up(self, errors: Errors, path: str) -> None:
        """Refine what mypy reported in this module before the filter was in place.

        mypy gives a plugin no hook at the start of a module: the filter goes in when the
        module's first call is checked, and the errors recorded before it are looked at now.
        """
        recorded = errors.error_info_map.get(path)
        if not recorded:
            return
        for info in list(recorded):
            if self._on_error(path, info) and info in recorded:
                recorded.remove(info)

    def remember_checker(self, checker: TypeChecker) -> None:
        """For mypy < 1.18, which cannot say which module is being checked."""
        self._checker_hint = checker

    def remembers_anything(self) -> bool:
        """Is there anything for `forget` to forget?"""
        return self._positions is not None or bool(
            self._no_checker_found or self._reported_names or self._flagged
        )

    def forget(self) -> None:
        self._positions = None
        self._no_checker_found.clear()
        self._reported_names.clear()
        self._flagged.clear()

    def _on_error(self, file: str, info: ErrorInfo) -> bool:
        try:
            return self._refine(file, info)
        except Exception:
            # A surprise must never crash the user's run: mypy's own error stays.
            if _DEBUG:
                raise
            return False

    def _refine(self, file: str, info: ErrorInfo) -> bool:
        errors = self._errors
        if errors is not None and file in errors.ignored_files:
            # A silently followed module: mypy drops its errors after the watchers see them.
            return False
        if info.severity == "note":
            return self._follows_quieted(info) or self._confirms_await(file, info)
        code = info.code
        if code is None:
            return False
        if code.code in PLUGIN_CODES:
            self._flag(file, info)
            return False
        self._quieted = None
        self._unrefined = None
        shape = shape_of(code.code, info.message)
        if shape is None:
            return False
        if shape in _CASCADES and not self._flagged.get(file):
            # Only follows from a mistake reported in this module; there is none.
            return False
        if shape is Shape.UNUSED_AWAITABLE:
            # Off by default, and reported anyway: how a thrown-away `Awaitable` is found.
            # Switched on, mypy's own message says it for every awaitable; switched off by
            # the user, the plugin's version of it stays off too.
            if self._enabled(code) or self._disabled(code):
                return False
        elif shape is not Shape.TRUTHY and not self._enabled(code):
            # The user switched mypy's error off: the plugin's version of it stays off too.
            # (`truthy-bool` is off by default; its messages are how truthy-coroutine is found.)
            return False
        checker = self._checker_for(file)
        if checker is None or not self._plugin.reports_errors(checker):
            return False
        if _ignored_here(checker.msg.errors, info):
            # mypy drops it (real code silences many errors this way): leave it be.
            return False
        checking_modules.load()
        from mypy_async_plugin.refinements import refine
        from mypy_async_plugin.rules.cascades import refine_any_return, refine_unannotated
        from mypy_async_plugin.scene import Scene

        positions = self._positions_of(checker.tree)
        span = _span_of(info)
        scene = Scene(
            self._plugin,
            checker,
            positions,
            info,
            shape,
            positions.expression_at(span) or _outermost_at(positions, info, shape),
            self._reported_names.setdefault(file, set()),
        )
        if shape is Shape.ANY_RETURN:
            refinement = refine_any_return(scene, self._flagged.get(file, set()))
        elif shape is Shape.NEEDS_ANNOTATION:
            refinement = refine_unannotated(scene, self._flagged.get(file, set()))
        else:
            refinement = refine(scene)
        if refinement is None:
            self._unrefined = scene
            return False
        return self._apply(checker, info, refinement)

    def _confirms_await(self, file: str, note: ErrorInfo) -> bool:
        """mypy's "Maybe you forgot to use await?" on an error left as it was: if an
        awaitable object (`Future`, `Task`) is what the note is about, the error is rewritten
        after all (or moved, or dropped), and the note goes."""
        scene = self._unrefined
        if scene is None or note.message != _AWAIT_NOTE:
            return False
        self._unrefined = None
        info = scene.info
        if _span_of(note) != _span_of(info):
            return False
        from mypy_async_plugin.rules.missing_await import refine_suggested_await

        scene.any_awaitable = True
        refinement = refine_suggested_await(scene)
        if refinement is None or info.code is None:
            return False
        errors = scene.checker.msg.errors
        original = info.code.code
        dropped = self._apply(scene.checker, info, refinement)
        if self._quieted is not info:
            return False
        if not dropped and _ignored_here(errors, info):
            # mypy looked for an ignore of its own code; one of ours covers the rewritten error.
            errors.used_ignored_lines[file][info.line].append(info.code.code)
            dropped = True
        # mypy has recorded the error, and a note if the line ignores other codes.
        recorded = errors.error_info_map.get(file, [])
        for code_note in _notes_on_codes(recorded, info):
            if dropped:
                recorded.remove(code_note)
            else:
                code_note.message = code_note.message.replace(
                    f'"{original}"', f'"{info.code.code}"', 1
                )
        if dropped and info in recorded:
            recorded.remove(info)
        return True

    def _apply(self, checker: TypeChecker, info: ErrorInfo, refinement: Refinement) -> bool:
        errors = checker.msg.errors
        assert info.code is not None
        original = info.code.code
        self._quieted_span = _span_of(info)
        if refinement.drop:
            self._quieted = info
            self._flag(errors.file, info)
            return True
        finding = refinement.finding or (refinement.moved.finding if refinement.moved else None)
        if finding is None:
            return False
        from mypy_async_plugin.report import code_for_line

        ours = finding.diagnostic.error_code
        if not errors.is_error_code_enabled(ours):
            return False
        moved = refinement.moved
        if moved is not None:
            self._report_moved(errors, moved)
            self._quieted = info
            self._flag(errors.file, info)
            return True
        relocated = refinement.at
        if relocated is not None and relocated.line == info.line:
            # Where the call hooks would report it: the same column whatever the mypy version.
            info.column = relocated.column
            info.end_column = relocated.end_column or info.end_column
        info.message = finding.message
        info.code = code_for_line(errors, info.line, ours, (original,))
        for other, at in refinement.also:
            code = other.diagnostic.error_code
            if errors.is_error_code_enabled(code):
                errors.report(
                    at.line,
                    at.column,
                    other.message,
                    code=code_for_line(errors, at.line, code, (original,)),
                    end_line=at.end_line,
                    end_column=at.end_column,
                )
        self._quieted = info
        self._flag(errors.file, info)
        return False

    def _report_moved(self, errors: Errors, moved: Moved) -> None:
        """Report on the line where the fix goes; later errors about its variable go."""
        from mypy_async_plugin.report import code_for_line

        if moved.name is not None:
            self._reported_names.setdefault(errors.file, set()).add(moved.name)
        at, finding = moved.at, moved.finding
        errors.report(
            at.line,
            at.column,
            finding.message,
            code=code_for_line(errors, at.line, finding.diagnostic.error_code, ()),
            end_line=at.end_line,
            end_column=at.end_column,
        )

    def report_coroutine_use(
        self,
        checker: TypeChecker,
        expr: Expression,
        culprit: Expression,
        place: Place,
        *,
        future: bool = False,
    ) -> None:
        """A coroutine used as its result in `expr`, where mypy is silent (a hook found it):
        reported only if an `async def` made it (or, with `future`, whatever awaitable object
        it is), where its `await` goes."""
        from mypy_async_plugin.kinds import made_by_coroutine_function
        from mypy_async_plugin.report import report
        from mypy_async_plugin.rules.missing_await import refine_coroutine_use
        from mypy_async_plugin.scene import Scene

        errors = checker.msg.errors
        reported_names = self._reported_names.setdefault(errors.file, set())
        positions = self._positions_of(checker.tree)
        scene = Scene(self._plugin, checker, positions, None, None, expr, reported_names)
        scene.any_awaitable = future
        if not future and not made_by_coroutine_function(scene.producer_of(culprit)):
            return
        refinement = refine_coroutine_use(scene, expr, culprit)
        if refinement is None:
            return
        # Past the watchers above the refiner: mypy may be trying an operator (`==`) or an
        # overload item under them, and an error there would make it fail.
        watchers = errors._watchers
        above = watchers.index(self._watcher) + 1 if self._watcher in watchers else 0
        with compat.errors_kept(checker, above):
            if refinement.moved is not None:
                if errors.is_error_code_enabled(refinement.moved.finding.diagnostic.error_code):
                    self._report_moved(errors, refinement.moved)
            elif refinement.finding is not None:
                report(checker, refinement.at or culprit, refinement.finding, place)

    def _flag(self, file: str, info: ErrorInfo) -> None:
        """Remember where a mistake was reported: errors that follow from it may go."""
        flagged = self._flagged.get(file)
        if flagged is None:
            if len(self._flagged) > 64:
                self._flagged.clear()
            flagged = self._flagged[file] = set()
        flagged.add(_span_of(info))

    def _enabled(self, code: ErrorCode) -> bool:
        errors = self._errors
        return errors is not None and errors.is_error_code_enabled(code)

    def _disabled(self, code: ErrorCode) -> bool:
        """Did the user switch `code` off (not merely leave it off by default)?"""
        errors = self._errors
        options = errors.options if errors is not None else None
        return options is not None and code in options.disabled_error_codes

    def _follows_quieted(self, note: ErrorInfo) -> bool:
        """Is `note` one of mypy's notes on an error the plugin rewrote or dropped?"""
        quieted = self._quieted
        if quieted is None or quieted.code is None or note.message.startswith(_CODE_NOTE):
            # mypy's note that the line's ignore names other codes: it names the rewritten
            # error's code, which is what the user must add to the ignore.
            return False
        if compat.parent_error(note) is quieted:
            return quieted.code.code not in PLUGIN_CODES
        if _span_of(note) != self._quieted_span:
            return False
        if quieted.code.code == _DECLARATION:
            # Keep the protocol's member conflicts; mypy's override hints say what ours says.
            return note.message.startswith(_OVERRIDE_HINTS)
        return True

    def _checker_for(self, file: str) -> TypeChecker | None:
        checker = compat.checker_being_used() or self._checker_hint
        if checker is not None and checker.path == file:
            return checker
        if compat.checker_state() is not None or self._errors is None:
            return None
        # mypy < 1.18, and no call hook has run in this module yet.
        scope = self._errors.scope
        if file in self._no_checker_found and self._no_checker_found[file] is scope:
            return None
        found = compat.checker_holding(self._errors, file)
        if found is None:
            self._no_checker_found[file] = scope
        else:
            self._checker_hint = found
        return found

    def _positions_of(self, tree: MypyFile) -> PositionIndex:
        from mypy_async_plugin.positions import PositionIndex

        positions = self._positions
        if positions is None or not positions.is_for(tree):
            positions = self._positions = PositionIndex(tree)
        return positions


_CASCADES = frozenset({Shape.ANY_RETURN, Shape.NEEDS_ANNOTATION})


def _ignored_here(errors: Errors, info: ErrorInfo) -> bool:
    """Does a `# type: ignore` on the error's line cover mypy's error?"""
    ignored = errors.ignored_lines.get(errors.file, {}).get(info.line)
    if ignored is None:
        return False
    return not ignored or (info.code is not None and info.code.code in ignored)


def _span_of(info: ErrorInfo) -> Span:
    return (info.line, info.column, info.end_line, info.end_column)


def _notes_on_codes(recorded: list[ErrorInfo], error: ErrorInfo) -> list[ErrorInfo]:
    """mypy's notes after `error` that its code is not the one the line's ignore names."""
    if error not in recorded:
        return []
    after = recorded[recorded.index(error) + 1 :]
    return [
        info
        for info in after
        if info.severity == "note"
        and (info.line, info.column) == (error.line, error.column)
        and info.message.startswith(_CODE_NOTE)
    ]


_CODE_NOTE = 'Error code "'


def _outermost_at(positions: PositionIndex, info: ErrorInfo, shape: Shape) -> Expression | None:
    """For an error mypy reports at a span of its own (an operator, a dict entry's key and
    value): the outermost expression starting there."""
    code = info.code.code if info.code is not None else ""
    if shape is not Shape.WRONG_KIND:
        return None
    if code in _OWN_SPANS:
        return positions.expression_starting_at(info.line, info.column)
    if code == "return-value":
        # "No return value expected" is reported at the whole `return x`.
        return positions.expression_starting_at(info.line, info.column + len("return "))
    return None
