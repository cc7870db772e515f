"""The user's own spelling of an expression, read back from the source file."""

from __future__ import annotations

import ast
import re

from mypy.nodes import CallExpr, Context, Expression, MemberExpr, NameExpr

_LONGEST = 60
_COMMENT = re.compile(r"\s+#.*$")


class SourceText:
    """Reads each checked file once, and cuts it at mypy's columns: characters from the
    native parser, UTF-8 byte offsets from the ast-based one (`columns_count_utf8_bytes`)."""

    def __init__(self, columns_count_utf8_bytes: bool = False) -> None:
        self._files: dict[str, list[str] | None] = {}
        self.columns_count_utf8_bytes = columns_count_utf8_bytes
        """Whether mypy's columns are UTF-8 byte offsets (its ast-based parser), not characters."""

    def spelling(
        self, path: str, expr: Expression, longest: int = _LONGEST, span: Context | None = None
    ) -> str:
        """How the user wrote `expr` (found at `span`, if given, else at its own position),
        shortened when long; a reconstruction if unreadable."""
        text = self._slice(path, span or expr)
        if text is None or len(text) > longest:
            return _reconstruct(expr)
        return text

    def between(
        self, path: str, line: int, column: int, end_line: int, end_column: int
    ) -> str | None:
        """The source text of one span, as mypy reports it, on one line."""
        lines = self._lines(path)
        if lines is None or not 1 <= line <= end_line <= len(lines):
            return None
        if line == end_line:
            return self._single_line(lines[line - 1], column, end_column).strip() or None
        first, middle, last = lines[line - 1], lines[line : end_line - 1], lines[end_line - 1]
        joined = [
            first[self._index(first, column) :],
            *middle,
            last[: self._index(last, end_column)],
        ]
        return " ".join(" ".join(joined).split()) or None

    def line(self, path: str, line: int) -> str | None:
        lines = self._lines(path)
        return lines[line - 1] if lines is not None and 1 <= line <= len(lines) else None

    def header(self, path: str, line: int, longest: int = 10) -> str | None:
        """A compound statement's header from `line` to its colon, joined onto one line."""
        lines = self._lines(path)
        if lines is None or not 1 <= line <= len(lines):
            return None
        parts: list[str] = []
        for text in lines[line - 1 : line - 1 + longest]:
            code = _COMMENT.sub("", text).strip()
            parts.append(code)
            if code.endswith((":", "...", "pass")):
                return " ".join(parts)
        return None

    def forget(self, path: str) -> None:
        self._files.pop(path, None)

    def _slice(self, path: str, expr: Context) -> str | None:
        lines = self._lines(path)
        end_line, end_column = expr.end_line, expr.end_column
        if lines is None or end_line is None or end_column is None:
            return None
        if not 1 <= expr.line <= end_line <= len(lines):
            return None
        if expr.line == end_line:
            raw = self._single_line(lines[expr.line - 1], expr.column, end_column)
        else:
            first, last = lines[expr.line - 1], lines[end_line - 1]
            middle = lines[expr.line : end_line - 1]
            start, end = self._index(first, expr.column), self._index(last, end_column)
            raw = " ".join([first[start:], *middle, last[:end]])
        text = " ".join(raw.split())
        text = text.replace("( ", "(").replace(" )", ")")
        return text or None

    def _lines(self, path: str) -> list[str] | None:
        if path not in self._files:
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as file:
                    # Lines as mypy counts them: str.splitlines() would also break at a form
                    # feed or U+2028 inside a line.
                    text = file.read().replace("\r\n", "\n").replace("\r", "\n")
                    self._files[path] = text.split("\n")
            except OSError:
                self._files[path] = None
        return self._files[path]

    def _index(self, line: str, column: int) -> int:
        """The index in `line` of one of mypy's columns."""
        if not self.columns_count_utf8_bytes or line.isascii():
            return column
        return len(line.encode("utf-8")[:column].decode("utf-8", errors="ignore"))

    def _single_line(self, line: str, column: int, end_column: int) -> str:
        """The text between two of mypy's columns on one line.

        On a line with non-ASCII text, mypy 2.x's native parser gives columns that are short
        by the extra UTF-8 bytes before them; a slice that is not a whole expression is
        retried with the columns corrected that way.
        """
        if self.columns_count_utf8_bytes:
            return line[self._index(line, column) : self._index(line, end_column)]
        text = line[column:end_column]
        if line.isascii() or _is_expression(text):
            return text
        corrected = line[_char_index(line, column) : _char_index(line, end_column)]
        return corrected if _is_expression(corrected) else text


def _reconstruct(expr: Expression) -> str:
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        return f"{_reconstruct(expr.expr)}.{expr.name}"
    if isinstance(expr, CallExpr):
        return f"{_reconstruct(expr.callee)}({'...' if expr.args else ''})"
    return "..."


def _char_index(line: str, column: int) -> int:
    """The character index mypy's native parser means by `column`."""
    extra = 0
    for index, char in enumerate(line):
        if index - extra == column:
            return index
        extra += len(char.encode("utf-8")) - 1
    return len(line)


def _is_expression(text: str) -> bool:
    try:
        ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return False
    return True
