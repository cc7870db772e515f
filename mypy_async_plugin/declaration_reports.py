"""Report `async def` declarations that lie about being async generator functions, at the
declaration: while mypy analyses each class, and when it starts checking a module."""

from __future__ import annotations

import os

from mypy.checker import TypeChecker
from mypy.errors import Errors
from mypy.nodes import ClassDef, FuncDef, MypyFile, Statement
from mypy.plugin import ClassDefContext
from mypy.semanal import SemanticAnalyzer

from mypy_async_plugin import checking_modules
from mypy_async_plugin.checked_module import reports_errors
from mypy_async_plugin.lying_declarations import class_declarations, module_declarations
from mypy_async_plugin.source import SourceText

_DEBUG = bool(os.environ.get("MYPY_ASYNC_PLUGIN_DEBUG"))


class DeclarationReports:
    def __init__(self, source: SourceText) -> None:
        self._source = source
        self._first_class_of: tuple[list[Statement] | None, ClassDef | None] = (None, None)

    def in_class(self, ctx: ClassDefContext) -> None:
        """Called for every class while mypy analyses it (again whenever the daemon or a
        deferral re-analyses it): modules that define classes but call nothing are covered."""
        try:
            api = ctx.api
            if not isinstance(api, SemanticAnalyzer) or api.cur_mod_node is None:
                return
            if api.cur_mod_node.path in api.errors.ignored_files:
                return
            tree = api.cur_mod_node
            found = list(class_declarations(ctx.cls))
            if ctx.cls is self._first_class(tree):
                # Stubs have no calls (so no check-time look): their functions go with a class.
                found += module_declarations(tree)
            for func, name in found:
                self._report(func, name, tree.path, api.errors, api)
        except Exception:
            if _DEBUG:
                raise

    def in_module(self, checker: TypeChecker) -> None:
        """The module-level declarations of a module mypy starts checking."""
        if reports_errors(checker):
            for func, name in module_declarations(checker.tree):
                self._report(func, name, checker.path, checker.msg.errors)

    def _first_class(self, tree: MypyFile) -> ClassDef | None:
        """The module's first top-level class (remembered: asked once per class analysed)."""
        defs, first = self._first_class_of
        if defs is not tree.defs:
            first = next((stmt for stmt in tree.defs if isinstance(stmt, ClassDef)), None)
            self._first_class_of = (tree.defs, first)
        return first

    def _report(
        self,
        func: FuncDef,
        name: str,
        path: str,
        errors: Errors,
        analyzer: SemanticAnalyzer | None = None,
    ) -> None:
        """Report one declaration.

        It may be reported more than once (mypy re-analyses classes, and the placeholder
        body's empty-body error is rewritten into the same message): mypy shows it once.
        """
        checking_modules.load()
        from mypy_async_plugin.rules.declarations import declaration_finding

        finding = declaration_finding(func, name, self._source.header(path, func.line))
        code = finding.diagnostic.error_code
        if not errors.is_error_code_enabled(code):
            return
        if analyzer is not None:
            analyzer.fail(finding.message, func, code=code)
        else:
            errors.report(func.line, func.column, finding.message, code=code, end_line=func.line)
