"""The mistakes users make with async code, as source edits found with `ast` in correct code.

`find_mutants(source, path)` returns every place in one module where each mistake can be made,
as a `Mutant`: the edited source (line numbers unchanged), the lines where the mistake must be
reported, the codes that count as reporting it, and the expression whose type explains a miss.

Edits are made on UTF-8 bytes, because `ast` columns count bytes.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from typing import NamedTuple, Union

KINDS = (
    "drop-await",
    "async-for-to-for",
    "for-await-to-async-for",
    "await-async-generator",
    "drop-asynccontextmanager",
    "async-with-to-with",
    "with-to-async-with",
    "run-async-generator",
)

# The codes that count as catching each kind.  A dropped `await` depends on where the value went.
EXPECTED = {
    "drop-await:statement": frozenset({"unused-coroutine", "missing-await"}),
    "drop-await:iterated": frozenset({"iterate-coroutine"}),
    "drop-await:condition": frozenset({"truthy-coroutine", "missing-await"}),
    "drop-await:value": frozenset({"missing-await"}),
    "async-for-to-for": frozenset({"sync-iterate-async"}),
    "for-await-to-async-for": frozenset({"iterate-coroutine", "async-iterate-sync"}),
    "await-async-generator": frozenset({"await-async-generator"}),
    "drop-asynccontextmanager": frozenset({"async-with-generator"}),
    "async-with-to-with": frozenset({"sync-with-async-cm"}),
    "with-to-async-with": frozenset({"async-with-sync-cm", "async-with-generator"}),
    "run-async-generator": frozenset({"run-async-generator"}),
}

RUNNER_FUNCTIONS = frozenset(
    {"run", "create_task", "ensure_future", "gather", "wait_for", "shield", "run_until_complete"}
)
"""Names of asyncio's coroutine runners (`asyncio.run`, `loop.create_task`, `tg.create_task`...)."""

AGEN_HELPER = "_mutant_agen"
_AGEN_HELPER_SOURCE = (
    "\n\nfrom typing import AsyncIterator as _MutantAsyncIterator\n\n\n"
    f"async def {AGEN_HELPER}() -> _MutantAsyncIterator[int]:\n    yield 0\n"
)

Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]


class Span(NamedTuple):
    """A source range: 1-based lines, byte columns, as `ast` gives them."""

    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def of(cls, node: ast.expr | ast.stmt) -> Span:
        assert node.end_lineno is not None and node.end_col_offset is not None
        return cls(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


class Edit(NamedTuple):
    span: Span
    text: bytes


class Mutant(NamedTuple):
    kind: str
    context: str
    """The kind refined by where the value goes (`drop-await:iterated`), else the kind."""
    path: str
    line: int
    original: bytes
    edits: tuple[Edit, ...]
    check_at: frozenset[tuple[str, int]]
    """The (path, line) pairs where the mistake must be reported."""
    subject: Span
    """The expression whose type decides the mistake (shown with `reveal_type` for a miss)."""
    described: str

    @property
    def expected(self) -> frozenset[str]:
        return EXPECTED[self.context]

    @property
    def source(self) -> bytes:
        """The mutated module (made on demand: a package has thousands of sites)."""
        return apply_edits(self.original, list(self.edits))

    def compiles(self) -> bool:
        try:
            ast.parse(self.source)
        except SyntaxError:
            return False  # an edit the finder got wrong; such a mutant would test nothing
        return True


def apply_edits(source: bytes, edits: list[Edit]) -> bytes:
    """Apply non-overlapping edits; each keeps the newlines of the text it replaces."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    result = source
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.col), reverse=True):
        start = offsets[edit.span.line - 1] + edit.span.col
        end = offsets[edit.span.end_line - 1] + edit.span.end_col
        newlines = result[start:end].count(b"\n")
        result = result[:start] + edit.text + b"\n" * newlines + result[end:]
    return result


def probe_source(source: bytes, subject: Span) -> bytes:
    """The original source with `reveal_type(...)` around the subject expression."""
    return apply_edits(
        source,
        [
            Edit(Span(subject.line, subject.col, subject.line, subject.col), b"reveal_type("),
            Edit(Span(subject.end_line, subject.end_col, subject.end_line, subject.end_col), b")"),
        ],
    )


UsesByName = dict[str, list[tuple[str, Span]]]


def find_mutants(source: bytes, path: str, async_with_uses: UsesByName) -> list[Mutant]:
    """Every mutant of one module; `async_with_uses` comes from `find_async_with_uses`."""
    tree = ast.parse(source)
    finder = _SiteFinder(source, path, async_with_uses)
    finder.visit(tree)
    return finder.mutants


def find_async_with_uses(modules: dict[str, bytes]) -> UsesByName:
    """Where each callee name is called as an `async with` item, across a package's modules."""
    uses: UsesByName = {}
    for path, source in modules.items():
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.AsyncWith):
                continue
            for item in node.items:
                call = item.context_expr
                name = _callee_name(call) if isinstance(call, ast.Call) else None
                if name is not None:
                    assert isinstance(call, ast.Call)
                    uses.setdefault(name, []).append((path, Span.of(call)))
    return uses


def is_type_checked(function: Function) -> bool:
    """mypy checks a body only if its function has an annotation (without check_untyped_defs)."""
    args = function.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return function.returns is not None or any(a is not None and a.annotation for a in every)


class _SiteFinder(ast.NodeVisitor):
    def __init__(self, source: bytes, path: str, async_with_uses: UsesByName) -> None:
        self.async_with_uses = async_with_uses
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.path = path
        self.mutants: list[Mutant] = []
        self.function: Function | None = None
        self.parents: dict[ast.AST, ast.AST] = {}

    # ---------------------------------------------------------------- traversal

    def generic_visit(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.parents[child] = node
        super().generic_visit(node)

    def _visit_function(self, node: Function) -> None:
        outer, self.function = self.function, node
        if isinstance(node, ast.AsyncFunctionDef) and is_type_checked(node):
            self._drop_asynccontextmanager(node)
        self.generic_visit(node)
        self.function = outer

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        outer, self.function = self.function, None
        self.generic_visit(node)
        self.function = outer

    def in_checked_async_function(self) -> bool:
        f = self.function
        return isinstance(f, ast.AsyncFunctionDef) and is_type_checked(f)

    def add(
        self,
        kind: str,
        context: str,
        node: ast.expr,
        edits: list[Edit],
        subject: Span | None = None,
        check_lines: frozenset[int] | None = None,
        check_at: frozenset[tuple[str, int]] | None = None,
    ) -> None:
        subject = subject or Span.of(node)
        if check_lines is None:
            check_lines = frozenset(range(subject.line, subject.end_line + 1))
        if check_at is None:
            check_at = frozenset((self.path, line) for line in check_lines)
        text = self.text(Span.of(node)).decode("utf-8", "replace").split("\n")[0].strip()
        self.mutants.append(
            Mutant(
                kind,
                context,
                self.path,
                node.lineno,
                self.source,
                tuple(edits),
                check_at,
                subject,
                text,
            )
        )

    def text(self, span: Span) -> bytes:
        if span.line == span.end_line:
            return self.lines[span.line - 1][span.col : span.end_col]
        first = self.lines[span.line - 1][span.col :]
        return first + b"".join(self.lines[span.line : span.end_line - 1]) + b"..."

    # ---------------------------------------------------------------- mutation sites

    def visit_Await(self, node: ast.Await) -> None:
        if self.in_checked_async_function() and isinstance(node.value, ast.Call):
            self._drop_await(node)
        self.generic_visit(node)

    def _drop_await(self, node: ast.Await) -> None:
        value = node.value
        if value.lineno != node.lineno:
            return
        parent = self.parents.get(node)
        if isinstance(parent, ast.Expr):
            context = "statement"
        elif isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)) and parent.iter is node:
            context = "iterated"
        elif _is_condition(parent, node):
            context = "condition"
        else:
            context = "value"
        drop = Edit(Span(node.lineno, node.col_offset, value.lineno, value.col_offset), b"")
        self.add("drop-await", f"drop-await:{context}", node, [drop], subject=Span.of(value))

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        if self.in_checked_async_function() and self._starts_with(node, b"async"):
            keyword = self._keyword_span(node, b"for")
            if keyword is not None:
                self.add(
                    "async-for-to-for",
                    "async-for-to-for",
                    node.iter,
                    [Edit(keyword, b"")],
                    subject=Span.of(node.iter),
                )
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        if self.in_checked_async_function():
            self._for_await_to_async_for(node)
        self.generic_visit(node)

    def _for_await_to_async_for(self, node: ast.For) -> None:
        it = node.iter
        if not (isinstance(it, ast.Await) and isinstance(it.value, ast.Call)):
            return
        if it.value.lineno != it.lineno:
            return
        edits = [
            Edit(Span(node.lineno, node.col_offset, node.lineno, node.col_offset), b"async "),
            Edit(Span(it.lineno, it.col_offset, it.value.lineno, it.value.col_offset), b""),
        ]
        kind = "for-await-to-async-for"
        self.add(kind, kind, it.value, edits, subject=Span.of(it.value))

    def visit_comprehension(self, node: ast.comprehension) -> None:
        # Async comprehensions: `async for` -> `for`; `for x in await f()` -> `async for x in f()`.
        if self.in_checked_async_function():
            span = Span.of(node.iter)
            if node.is_async:
                self._comprehension_async_to_sync(node)
            elif isinstance(node.iter, ast.Await) and isinstance(node.iter.value, ast.Call):
                value = node.iter.value
                keyword = self._find_backwards(node.target, b"for")
                if keyword is not None and value.lineno == span.line:
                    edits = [
                        Edit(Span(keyword[0], keyword[1], keyword[0], keyword[1]), b"async "),
                        Edit(Span(span.line, span.col, value.lineno, value.col_offset), b""),
                    ]
                    kind = "for-await-to-async-for"
                    self.add(kind, kind, value, edits, subject=Span.of(value))
        self.generic_visit(node)

    def _comprehension_async_to_sync(self, node: ast.comprehension) -> None:
        keyword = self._find_backwards(node.target, b"async")
        if keyword is None:
            return
        line, col = keyword
        edits = [Edit(Span(line, col, line, col + len(b"async ")), b"")]
        if not self.lines[line - 1][col:].startswith(b"async "):
            return
        kind = "async-for-to-for"
        self.add(kind, kind, node.iter, edits)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        if self.in_checked_async_function() and self._starts_with(node, b"async "):
            line, col = node.lineno, node.col_offset
            item = node.items[0].context_expr
            drop = Edit(Span(line, col, line, col + len(b"async ")), b"")
            self.add("async-with-to-with", "async-with-to-with", item, [drop])
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        if self.in_checked_async_function() and self._starts_with(node, b"with"):
            line, col = node.lineno, node.col_offset
            item = node.items[0].context_expr
            add = Edit(Span(line, col, line, col), b"async ")
            self.add("with-to-async-with", "with-to-async-with", item, [add])
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self.in_checked_async_function():
            self._await_async_generator(node)
            self._run_async_generator(node)
        self.generic_visit(node)

    def _await_async_generator(self, node: ast.Call) -> None:
        """`async for x in agen()` -> `async for x in await agen()`."""
        parent = self.parents.get(node)
        iterated = isinstance(parent, ast.AsyncFor) or (
            isinstance(parent, ast.comprehension) and parent.is_async
        )
        if iterated and getattr(parent, "iter", None) is node:
            add = Edit(Span(node.lineno, node.col_offset, node.lineno, node.col_offset), b"await ")
            self.add("await-async-generator", "await-async-generator", node, [add])

    def _run_async_generator(self, node: ast.Call) -> None:
        """`asyncio.create_task(coro())` -> `asyncio.create_task(_mutant_agen())`."""
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in RUNNER_FUNCTIONS or not node.args:
            return
        arg = node.args[0]
        if not isinstance(arg, ast.Call):
            return
        edits = [
            Edit(Span.of(arg), f"{AGEN_HELPER}()".encode()),
            Edit(_end_of(self.lines), _AGEN_HELPER_SOURCE.encode()),
        ]
        line = arg.lineno
        self.add(
            "run-async-generator",
            "run-async-generator",
            node,
            edits,
            subject=Span(line, arg.col_offset, line, arg.col_offset + len(AGEN_HELPER) + 2),
            check_lines=frozenset(range(node.lineno, arg.lineno + 1)),
        )

    def _drop_asynccontextmanager(self, node: ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name != "asynccontextmanager":
                continue
            uses = self.async_with_uses.get(node.name, [])
            if not uses:
                return
            at = Span.of(decorator)
            if self.lines[at.line - 1][at.col - 1 : at.col] != b"@":
                return
            # Remove "@decorator" and leave the line empty, so that line numbers stay put.
            edit = Edit(Span(at.line, at.col - 1, at.end_line, at.end_col), b"")
            first_path, first_use = uses[0]
            self.add(
                "drop-asynccontextmanager",
                "drop-asynccontextmanager",
                decorator,
                [edit],
                # The probe shows the first use, if it is in this module; else the decorator.
                subject=first_use if first_path == self.path else at,
                check_at=frozenset((path, use.line) for path, use in uses),
            )

    # ---------------------------------------------------------------- source helpers

    def _starts_with(self, node: ast.stmt, word: bytes) -> bool:
        return self.lines[node.lineno - 1][node.col_offset :].startswith(word)

    def _keyword_span(self, node: ast.AsyncFor, word: bytes) -> Span | None:
        """The `async ` before `for` of an `async for` statement."""
        line, col = node.lineno, node.col_offset
        rest = self.lines[line - 1][col:]
        if not rest.startswith(b"async") or word not in rest:
            return None
        gap = rest[len(b"async") :]
        stripped = gap.lstrip(b" \t")
        if not stripped.startswith(word):
            return None
        return Span(line, col, line, col + len(b"async") + len(gap) - len(stripped))

    def _find_backwards(self, before: ast.expr, word: bytes) -> tuple[int, int] | None:
        """Where `word` (`for`, or `async` of `async for`) stands just before a target."""
        prefix = self.lines[before.lineno - 1][: before.col_offset].rstrip()
        if not prefix.endswith(b"for"):
            return None
        index = prefix.rfind(word)
        if index < 0 or (word == b"async" and prefix[index:].split() != [b"async", b"for"]):
            return None
        return before.lineno, index


def _is_condition(parent: ast.AST | None, node: ast.expr) -> bool:
    if isinstance(parent, (ast.If, ast.While, ast.Assert, ast.IfExp)):
        return parent.test is node
    if isinstance(parent, ast.UnaryOp):
        return isinstance(parent.op, ast.Not)
    return isinstance(parent, ast.BoolOp)


def _callee_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _end_of(lines: list[bytes]) -> Span:
    last = len(lines)
    end = len(lines[-1]) if lines else 0
    return Span(last, end, last, end)


def iter_modules(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            if filename.endswith(".py"):
                yield os.path.join(dirpath, filename)
