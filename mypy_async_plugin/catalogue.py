"""Every diagnostic the plugin can report, as data.

The hooks report from here, the docs and tests mirror it one file per code, and
`tests/test_docs.py` checks that the three agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from mypy.errorcodes import ErrorCode

from mypy_async_plugin.records import Record

DOCS_ROOT = "docs/codes"


class Diagnostic(Record):
    """One entry of the catalogue."""

    code: str
    summary: str
    refines: tuple[str, ...]
    """The mypy error codes plain mypy uses for this mistake (empty when it says nothing)."""
    messages: Mapping[str, str]
    """Message templates by variant; `main` is the usual one."""

    def message(self, variant: str, **names: str) -> str:
        return self.messages[variant].format(**names)

    @property
    def error_code(self) -> ErrorCode:
        return ERROR_CODES[self.code]

    @property
    def docs_page(self) -> str:
        return f"{DOCS_ROOT}/{self.code}.md"


AWAIT_ASYNC_GENERATOR = Diagnostic(
    code="await-async-generator",
    summary="An async generator is awaited instead of iterated with `async for`.",
    refines=("misc",),
    messages={
        "main": '{callee} is an async generator function (it contains "yield"), so "{call}" '
        'cannot be awaited; iterate it with "async for {target} in {call}:" '
        'or collect it with "[{target} async for {target} in {call}]"',
        "object": '"{call}" is {description}, not an awaitable; iterate it with '
        '"async for {target} in {call}:" or collect it with '
        '"[{target} async for {target} in {call}]"',
    },
)
ITERATE_COROUTINE = Diagnostic(
    code="iterate-coroutine",
    summary="A coroutine is iterated before it is awaited.",
    refines=("attr-defined", "union-attr", "arg-type", "call-overload", "operator", "misc"),
    messages={
        "main": '{callee} is a coroutine function, so "{call}" must be awaited before it is '
        'iterated; write "{fix}"{enclosing}',
        "not-iterable": '{callee} is a coroutine function returning "{result}", which is not '
        'iterable; "await {call}" gives one {result}, not items to loop over',
        "object-not-iterable": '"{call}" is {description}, and "{result}" is not iterable; '
        '"await {call}" gives one {result}, not items to loop over',
        "declared": '{callee} is declared "async def" with no "yield" ({declared_at}), so it '
        'is a coroutine function and "{call}" must be awaited before it is iterated; if it is '
        'meant to be an async generator function, declare it without "async"; otherwise '
        'write "{fix}"',
        "object": '"{call}" is {description}, so it must be awaited before it is iterated; '
        'write "{fix}"{enclosing}',
    },
)
SYNC_ITERATE_ASYNC = Diagnostic(
    code="sync-iterate-async",
    summary="An async iterable is consumed synchronously (`for`, `list()`, `in`, `*`).",
    refines=("attr-defined", "union-attr", "arg-type", "call-overload", "operator", "misc"),
    messages={
        "main": '"{call}" is {description}, which {construct} cannot iterate; '
        'write "{fix}"{enclosing}',
    },
)
ASYNC_ITERATE_SYNC = Diagnostic(
    code="async-iterate-sync",
    summary="`async for` is used over something only synchronously iterable.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": '"{call}" is {description}, not an async iterable; write "{fix}"',
    },
)
SYNC_WITH_ASYNC_CM = Diagnostic(
    code="sync-with-async-cm",
    summary="`with` is used on an async context manager.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": '"{call}" is {description}: it has "__aenter__"/"__aexit__", not '
        '"__enter__"/"__exit__"; write "async with {call}{as_target}:"{enclosing}',
    },
)
ASYNC_WITH_GENERATOR = Diagnostic(
    code="async-with-generator",
    summary="An async generator function is used as a context manager without "
    "`@contextlib.asynccontextmanager`.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": "{callee} is an async generator function, not an async context manager; add "
        '"@contextlib.asynccontextmanager" above "async def {name}", or, to iterate '
        'it, write "async for {target} in {call}:"',
        "sync-with": "{callee} is an async generator function, not a context manager; add "
        '"@contextlib.asynccontextmanager" above "async def {name}" and write '
        '"async with {call}{as_target}:"{enclosing}',
    },
)
WITH_GENERATOR = Diagnostic(
    code="with-generator",
    summary="A generator function is used as a context manager without "
    "`@contextlib.contextmanager`.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": "{callee} is a generator function, not a context manager; add "
        '"@contextlib.contextmanager" above "def {name}"',
        "async-with": "{callee} is a generator function, not an async context manager; add "
        '"@contextlib.contextmanager" above "def {name}" and write '
        '"with {call}{as_target}:"',
    },
)
ASYNC_WITH_SYNC_CM = Diagnostic(
    code="async-with-sync-cm",
    summary="`async with` is used on a synchronous context manager.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": '"{call}" is {description}: it has "__enter__"/"__exit__", not '
        '"__aenter__"/"__aexit__"; write "with {call}{as_target}:"',
    },
)
RUN_ASYNC_GENERATOR = Diagnostic(
    code="run-async-generator",
    summary="An async generator is passed where a coroutine or awaitable is run.",
    refines=("arg-type", "call-overload", "type-var"),
    messages={
        "main": '"{consumer}" needs a coroutine, but "{call}" is {description}; '
        'iterate it inside a coroutine ("async for {target} in {call}: ...") and pass that '
        "coroutine instead",
    },
)
AWAIT_NOT_AWAITABLE = Diagnostic(
    code="await-not-awaitable",
    summary="`await` (or `anext()`/`aiter()`) is applied to something that is not async.",
    refines=("misc", "arg-type", "call-overload"),
    messages={
        "main": "{callee} is not async: it returns {type}, which cannot be awaited; "
        'drop "await" and write "{call}"',
        "object": '"{call}" is {description}, which cannot be awaited; drop "await"',
        "generator": '{callee} is a generator function ("def" with "yield"), not async, so '
        '"{call}" cannot be awaited; iterate it with "for {target} in {call}:"',
        "anext": '"{consumer}()" needs an async iterator, but "{call}" is a coroutine; await it '
        'first: "{consumer}(await {call})"',
        "anext-not-iterable": '"{consumer}()" needs an async iterator, but {callee} is a '
        'coroutine function returning "{result}"; "await {call}" gives one {result}',
        "anext-object-not-iterable": '"{consumer}()" needs an async iterator, but "{call}" is '
        '{description}; "await {call}" gives one {result}',
    },
)

MISSING_AWAIT = Diagnostic(
    code="missing-await",
    summary="A coroutine is used as if it were its result (`await` is missing).",
    refines=(
        "attr-defined",
        "union-attr",
        "index",
        "arg-type",
        "call-overload",
        "return-value",
        "operator",
        "comparison-overlap",
        "assignment",
        "misc",
        "unused-awaitable",
    ),
    messages={
        "stored": '"{statement}" stores {description}, not its result, and "{name}" is used '
        'as the result on line {use_line}; write "{fix}"{enclosing}',
        "awaited-elsewhere": '"{call}" is {description}, not the "{result}" it returns, and '
        "it is awaited on line {awaited_line}; keep the result there "
        '("{call}_result = await {call}") and use that here',
        "direct": '"{call}" is {description}, not the "{result}" it returns; write '
        '"{fix}"{enclosing}',
        "formatted": '"{call}" is {description}, so formatting it gives "<coroutine object '
        '...>", not the "{result}" it returns; format "await {call}" instead{enclosing}',
        "thrown-away": '"{call}" is {description}, thrown away without being awaited, so '
        'it may never run; write "await {call}"',
        "returned": '"{function}" returns "{call}", {description}, without awaiting it, so '
        '"await {function}(...)" gives back that coroutine, not its result; write "{fix}"',
        "returned-stored": '"{statement}" stores {description}, and "{function}" returns '
        '"{variable}" on line {return_line} without awaiting it, so "await {function}(...)" '
        'gives back that coroutine, not its result; write "{fix}"',
    },
)
TRUTHY_COROUTINE = Diagnostic(
    code="truthy-coroutine",
    summary="A coroutine or async generator is tested for truth: it is always true.",
    refines=("truthy-bool",),
    messages={
        "coroutine": '"{call}" is {description}, which is always true: testing it does not '
        'run it; write "{fix}"{enclosing}',
        "async-generator": '"{call}" is {description}, which is always true: testing it '
        "does not run it; to test whether it yields anything, write "
        '"await anext({call}, None) is not None"; to use its items, write '
        '"async for {target} in {call}:"{enclosing}',
    },
)
UNUSED_ASYNC_GENERATOR = Diagnostic(
    code="unused-async-generator",
    summary="An async generator is created and thrown away: its body never runs.",
    refines=(),
    messages={
        "main": '"{call}" creates an async generator and throws it away, so the body of '
        '{callee} never runs; iterate it with "async for {target} in {call}: ...", or, if it '
        'should run for its side effects, remove "yield" from "{name}" and write '
        '"await {call}"{enclosing}',
        "object": '"{call}" gives {description} and throws it away, so none of its items '
        'is ever produced; iterate it with "async for {target} in {call}: ..."{enclosing}',
    },
)
UNCALLED_ASYNC_FUNCTION = Diagnostic(
    code="uncalled-async-function",
    summary="An async function itself is used where the object its call makes belongs.",
    refines=("misc", "attr-defined", "union-attr", "arg-type", "call-overload", "type-var"),
    messages={
        "main": '"{call}" is {kind_described}, not {made}; call it: "{fix}"',
        "generator-awaited": '"{call}" is an async generator function (it contains "yield"), '
        "and neither it nor its call can be awaited; iterate its call: "
        '"async for {target} in {called}:"',
        "generator-run": '"{consumer}" needs a coroutine, but "{call}" is an async generator '
        'function (it contains "yield"), and its call is an async generator, which cannot be '
        'run either; iterate it inside a coroutine ("async for item in {called}: ...") and '
        "pass that coroutine",
        "generator-with": '"{call}" is an async generator function (it contains "yield"), '
        "and its call is an async generator, not an async context manager either; add "
        '"@contextlib.asynccontextmanager" above "async def {name}" and write '
        '"async with {called}{as_target}:"',
    },
)
ASYNC_FUNCTION_KIND = Diagnostic(
    code="async-function-kind",
    summary="An async generator function is passed where a coroutine function is expected, "
    "or the reverse.",
    refines=("arg-type", "call-overload", "dict-item", "list-item", "assignment", "return-value"),
    messages={
        "needs-coroutine-function": '{argument} needs a coroutine function ("async def" '
        'without "yield"), but "{call}" is an async generator function (it contains "yield"); '
        "pass a coroutine function that consumes it "
        '("async def ...: async for item in {called}: ...")',
        "needs-async-generator-function": "{argument} needs an async generator function "
        '("async def" with "yield"), but "{call}" is a coroutine function (it has no '
        '"yield"); make "{name}" yield its items, or pass an async generator function',
        "needs-async-function": '{argument} needs an async function ("async def"), but '
        '"{call}" is a plain function; declare it "async def {name}"',
        "needs-async-generator-not-generator": "{argument} needs an async generator "
        'function ("async def" with "yield"), but "{call}" is a generator function ("def" '
        'with "yield"); declare it "async def {name}"',
        "needs-async-cm-factory": "{argument} needs an async context manager factory, but "
        '"{call}" is an async generator function; add "@contextlib.asynccontextmanager" '
        'above "async def {name}"',
    },
)
ASYNC_GENERATOR_RETURN = Diagnostic(
    code="async-generator-return",
    summary="An async generator returns a value, which Python forbids.",
    refines=("misc",),
    messages={
        "main": '"{statement}" in an async generator is a SyntaxError when Python compiles '
        "the module: an async generator cannot return a value, and StopAsyncIteration carries "
        'none; yield it as the last item ("yield {value}", then a bare "return"), or move the '
        "summary into a coroutine that consumes the generator",
        "none": '"{statement}" in an async generator is a SyntaxError when Python compiles '
        "the module: an async generator cannot return a value, not even None; write a bare "
        '"return"',
    },
)
STOP_ASYNC_ITERATION_VALUE = Diagnostic(
    code="stop-async-iteration-value",
    summary="`StopAsyncIteration.value` is read: it does not exist.",
    refines=("attr-defined", "union-attr"),
    messages={
        "main": '"{call}" does not exist: StopAsyncIteration carries no value, because an '
        "async generator cannot return one; yield the final value as the last item, or "
        "have a coroutine return it",
    },
)
ASYNC_ITERATOR_DECLARATION = Diagnostic(
    code="async-iterator-declaration",
    summary="`async def ... -> AsyncIterator[...]` without `yield` declares a coroutine "
    "function, not an async generator function.",
    refines=("override", "arg-type", "assignment", "attr-defined", "union-attr", "misc"),
    messages={
        "main": '"{name}" is declared "async def" with no "yield" in its body, so it is a '
        'coroutine function returning "{result}", not an async generator function: '
        'implementations that "yield" do not match it, and "async for" over a call of it '
        'fails; declare it without "async": "{fix}"',
        "consequence": '{original} (because "{declared}" ({where}) is declared "async def" '
        'with no "yield": a coroutine function returning "{result}"; declare it without '
        '"async")',
    },
)

CATALOGUE: tuple[Diagnostic, ...] = (
    AWAIT_ASYNC_GENERATOR,
    ITERATE_COROUTINE,
    SYNC_ITERATE_ASYNC,
    ASYNC_ITERATE_SYNC,
    SYNC_WITH_ASYNC_CM,
    ASYNC_WITH_GENERATOR,
    WITH_GENERATOR,
    ASYNC_WITH_SYNC_CM,
    RUN_ASYNC_GENERATOR,
    AWAIT_NOT_AWAITABLE,
    MISSING_AWAIT,
    TRUTHY_COROUTINE,
    UNUSED_ASYNC_GENERATOR,
    UNCALLED_ASYNC_FUNCTION,
    ASYNC_FUNCTION_KIND,
    ASYNC_ITERATOR_DECLARATION,
    ASYNC_GENERATOR_RETURN,
    STOP_ASYNC_ITERATION_VALUE,
)

ERROR_CODES: dict[str, ErrorCode] = {
    entry.code: ErrorCode(entry.code, entry.summary, "async") for entry in CATALOGUE
}
