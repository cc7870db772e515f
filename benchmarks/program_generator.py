"""Random async-heavy Python modules, right and wrong, for fuzzing mypy with the plugin.

`generate_program(rng)` returns the source of one module: a random selection of definitions
(coroutine functions, async and sync generator functions, async context managers, classes with
async methods and async protocols, Protocols, overloads, ParamSpec decorators, TypeVars, unions,
lambdas) and an `async def` body that uses random *producers* of those in random *places*
(`await`, `async for`, `with`, comprehensions, runners, conditions, ...).  Most combinations are
mistakes, which is the point: the plugin must report or ignore them, never crash.  Every program
compiles (`compile()`), so mypy never stops at a blocking syntax error.
"""

from __future__ import annotations

import random

HEADER = """\
from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Awaitable, Callable
from collections.abc import Coroutine, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, Optional, ParamSpec, Protocol, TypeVar, Union, overload

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
"""

# Definitions: each one a name it binds and its source.  Producers below refer to the names.
DEFINITIONS: dict[str, str] = {
    "coro": "async def coro(n: int = 0) -> list[int]:\n    return [n]\n",
    "coro_none": "async def coro_none() -> None:\n    return None\n",
    "coro_opt": "async def coro_opt() -> Optional[int]:\n    return None\n",
    "coro_union": "async def coro_union() -> Union[int, list[str]]:\n    return 1\n",
    "coro_any": "async def coro_any() -> Any:\n    return 1\n",
    "coro_untyped": "async def coro_untyped():\n    return 1\n",
    "agen": "async def agen(n: int = 0) -> AsyncIterator[int]:\n    yield n\n",
    "agen_full": "async def agen_full() -> AsyncGenerator[str, None]:\n    yield 'a'\n",
    "agen_iterable": "async def agen_iterable() -> AsyncIterable[int]:\n    yield 1\n",
    "agen_untyped": "async def agen_untyped():\n    yield 1\n",
    "gen": "def gen() -> Iterator[int]:\n    yield 1\n",
    "gen_full": "def gen_full() -> Generator[int, None, str]:\n    yield 1\n    return 'x'\n",
    "sync": "def sync() -> list[int]:\n    return [1]\n",
    "acm": (
        "@contextlib.asynccontextmanager\nasync def acm() -> AsyncIterator[int]:\n    yield 1\n"
    ),
    "cm": "@contextlib.contextmanager\ndef cm() -> Iterator[int]:\n    yield 1\n",
    "agen_cm": "async def agen_cm() -> AsyncIterator[int]:\n    yield 1\n",
    "gen_cm": "def gen_cm() -> Iterator[int]:\n    yield 1\n",
    "coro_factory": (
        "def coro_factory() -> Coroutine[Any, Any, int]:\n"
        "    async def inner() -> int:\n        return 1\n    return inner()\n"
    ),
    "awaitable_factory": (
        "def awaitable_factory() -> Awaitable[int]:\n    return asyncio.sleep(0, 1)\n"
    ),
    "Session": (
        "class Session:\n"
        "    async def __aenter__(self) -> Session:\n        return self\n"
        "    async def __aexit__(self, t: type[BaseException] | None, e: BaseException | None,"
        " tb: TracebackType | None) -> None:\n        return None\n"
        "    async def fetch(self) -> list[int]:\n        return [1]\n"
        "    async def rows(self) -> AsyncIterator[int]:\n        yield 1\n"
        "    @staticmethod\n    async def static_rows() -> AsyncIterator[int]:\n        yield 1\n"
        "    @classmethod\n    async def make(cls) -> Session:\n        return cls()\n"
        "    @property\n    def pending(self) -> Coroutine[Any, Any, int]:\n"
        "        return coro_factory()\n"
    ),
    "Both": (
        "class Both:\n"
        "    def __enter__(self) -> int:\n        return 1\n"
        "    def __exit__(self, *a: object) -> None:\n        return None\n"
        "    async def __aenter__(self) -> int:\n        return 1\n"
        "    async def __aexit__(self, *a: object) -> None:\n        return None\n"
        "    def __iter__(self) -> Iterator[int]:\n        return iter([1])\n"
        "    def __aiter__(self) -> AsyncIterator[int]:\n        return agen()\n"
    ),
    "Ticker": (
        "class Ticker:\n"
        "    def __aiter__(self) -> Ticker:\n        return self\n"
        "    async def __anext__(self) -> int:\n        raise StopAsyncIteration\n"
    ),
    "NoIter": (
        "class NoIter:\n"
        "    __iter__ = None\n"
        "    async def __aiter__(self) -> AsyncIterator[int]:\n        yield 1\n"
    ),
    "Source": (
        "class Source(Protocol):\n"
        "    async def load(self) -> list[int]: ...\n"
        "    def stream(self) -> AsyncIterator[int]: ...\n"
        "    async def lying(self) -> AsyncIterator[int]: ...\n"
    ),
    "Box": (
        "class Box(Generic[T]):\n"
        "    def __init__(self, item: T) -> None:\n        self.item = item\n"
        "    async def get(self) -> T:\n        return self.item\n"
        "    async def each(self) -> AsyncIterator[T]:\n        yield self.item\n"
    ),
    "over": (
        "@overload\nasync def over(x: int) -> int: ...\n"
        "@overload\nasync def over(x: str) -> str: ...\n"
        "async def over(x: Union[int, str]) -> Union[int, str]:\n    return x\n"
    ),
    "logged": (
        "def logged(f: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:\n"
        "    @functools.wraps(f)\n"
        "    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:\n"
        "        return await f(*args, **kwargs)\n"
        "    return wrapper\n"
        "@logged\nasync def logged_coro(n: int) -> int:\n    return n\n"
    ),
    "generic": "async def generic(x: T) -> T:\n    return x\n",
    "generic_agen": "async def generic_agen(x: T) -> AsyncIterator[T]:\n    yield x\n",
    "make": "def make(cls: type[T]) -> T:\n    return cls()\n",
    "lam": "lam = lambda: coro()\n",
    "either": (
        "def either(flag: bool) -> Union[Coroutine[Any, Any, int], AsyncIterator[int]]:\n"
        "    return agen() if flag else coro_factory()\n"
    ),
}

REQUIRES = {
    "coro_factory": ("coro_factory",),
    "Session": ("coro_factory",),
    "Both": ("agen",),
    "lam": ("coro",),
    "either": ("agen", "coro_factory"),
    "awaitable_factory": (),
}

# Producers: an expression and the definitions it needs.
PRODUCERS: list[tuple[str, tuple[str, ...]]] = [
    ("coro()", ("coro",)),
    ("coro(1)", ("coro",)),
    ("coro", ("coro",)),
    ("coro_none()", ("coro_none",)),
    ("coro_opt()", ("coro_opt",)),
    ("coro_union()", ("coro_union",)),
    ("coro_any()", ("coro_any",)),
    ("coro_untyped()", ("coro_untyped",)),
    ("agen()", ("agen",)),
    ("agen", ("agen",)),
    ("agen_full()", ("agen_full",)),
    ("agen_iterable()", ("agen_iterable",)),
    ("agen_untyped()", ("agen_untyped",)),
    ("gen()", ("gen",)),
    ("gen_full()", ("gen_full",)),
    ("sync()", ("sync",)),
    ("acm()", ("acm",)),
    ("cm()", ("cm",)),
    ("agen_cm()", ("agen_cm",)),
    ("gen_cm()", ("gen_cm",)),
    ("coro_factory()", ("coro_factory",)),
    ("awaitable_factory()", ("awaitable_factory",)),
    ("Session()", ("Session",)),
    ("Session().fetch()", ("Session",)),
    ("Session().rows()", ("Session",)),
    ("Session.static_rows()", ("Session",)),
    ("Session.make()", ("Session",)),
    ("Session().pending", ("Session",)),
    ("Both()", ("Both",)),
    ("Ticker()", ("Ticker",)),
    ("NoIter()", ("NoIter",)),
    ("src.load()", ("Source",)),
    ("src.stream()", ("Source",)),
    ("src.lying()", ("Source",)),
    ("Box(1).get()", ("Box",)),
    ("Box('a').each()", ("Box",)),
    ("over(1)", ("over",)),
    ("over('s')", ("over",)),
    ("logged_coro(1)", ("logged",)),
    ("generic(1)", ("generic",)),
    ("generic(agen())", ("generic", "agen")),
    ("generic_agen([1])", ("generic_agen",)),
    ("make(Session)", ("make", "Session")),
    ("make(Ticker)", ("make", "Ticker")),
    ("lam()", ("lam",)),
    ("either(True)", ("either",)),
    ("v", ()),
    ("items[0]", ()),
    ("(agen() if flag else coro())", ("agen", "coro")),
    ("(lambda: agen())()", ("agen",)),
    ("asyncio.sleep(0)", ()),
    ("asyncio.Lock()", ()),
    ("asyncio.Queue[int]().get()", ()),
]

# Places: a statement template with holes {e} (a producer) and {f} (another producer).
PLACES: list[str] = [
    "await {e}",
    "x = await {e}",
    "x = {e}",
    "v = {e}",
    "items = [{e}]",
    "async for i in {e}:\n    pass",
    "for i in {e}:\n    pass",
    "async for i in await {e}:\n    pass",
    "for i in await {e}:\n    pass",
    "async with {e} as c:\n    pass",
    "with {e} as c:\n    pass",
    "async with {e}:\n    pass",
    "async with {e} as c, {f} as d:\n    pass",
    "ys = [i async for i in {e}]",
    "ys = [i for i in {e}]",
    "ys = {{i: i async for i in {e}}}",
    "ys = [i for i in await {e}]",
    "ys = [await {e} for _ in range(2)]",
    "ys = list({e})",
    "ys = sorted({e})",
    "ys = [*{e}]",
    "z = {e} in {f}",
    "await anext({e})",
    "aiter({e})",
    "asyncio.run({e})",
    "asyncio.create_task({e})",
    "asyncio.ensure_future({e})",
    "await asyncio.gather({e}, {f})",
    "await asyncio.wait_for({e}, 1)",
    "asyncio.get_running_loop().run_until_complete({e})",
    "if {e}:\n    pass",
    "while {e}:\n    break",
    "assert {e}",
    "z = not {e}",
    "z = {e} and {f}",
    "z = 1 if {e} else 2",
    "{e}",
    "print({e}.attr)",
    "print({e}[0])",
    "print(len({e}))",
    "print(f'{{{e}}}')",
    "z = {e} == {f}",
    "z = {e} is not None",
    "z = 1 < {e} != {f}",
    "z = isinstance({e}, int)",
    "z = isinstance({e}, (Session, list))",
    "v = {e}\nz = isinstance(v, str)",
    "fn = lambda: {e}",
    "fn2 = functools.partial(lambda q: q, {e})",
    "return {e}",
    "return await {e}",
    "def inner() -> None:\n    for i in {e}:\n        pass",
    "async def inner2() -> int:\n    return await {e}",
    "x = await {e}  # type: ignore",
    "x = await {e}  # type: ignore[misc]",
    "with contextlib.suppress(Exception):\n    await {e}",
    "async with asyncio.timeout(1):\n    await {e}",
]

GENERATOR_PLACES = ["yield {e}", "yield await {e}"]
SYNC_GENERATOR_PLACES = ["yield from {e}"]


def generate_program(rng: random.Random) -> str:
    """One module, different with each state of `rng`; it always compiles."""
    while True:
        source = _attempt(rng)
        try:
            compile(source, "<fuzz>", "exec", dont_inherit=True)
        except SyntaxError:
            continue
        return source


def _attempt(rng: random.Random) -> str:
    uses = [rng.choice(PRODUCERS) for _ in range(rng.randint(3, 12))]
    needed: list[str] = []
    for _, names in uses:
        for name in names:
            for dep in (*REQUIRES.get(name, ()), name):
                if dep not in needed:
                    needed.append(dep)
    extra = rng.sample(sorted(DEFINITIONS), k=rng.randint(0, 4))
    for name in extra:
        for dep in (*REQUIRES.get(name, ()), name):
            if dep not in needed:
                needed.append(dep)
    ordered = sorted(needed, key=lambda n: (n in REQUIRES, n)) if rng.random() < 0.5 else needed
    parts = [HEADER, *(DEFINITIONS[name] for name in ordered)]

    body: list[str] = []
    exprs = [expr for expr, _ in uses]
    is_generator = rng.random() < 0.2
    for index, expr in enumerate(exprs):
        places = PLACES + (GENERATOR_PLACES if is_generator else [])
        place = rng.choice(places)
        if place.startswith("return") and (is_generator or index < len(exprs) - 1):
            # mypy does not check code after a return; an async generator cannot return a value.
            place = "yield {e}" if is_generator else "x = {e}"
        stmt = place.format(e=expr, f=rng.choice(exprs))
        body.append(stmt)
    returns = "AsyncIterator[Any]" if is_generator else rng.choice(["None", "Any", "int"])
    params = (
        "src: Source, flag: bool, items: list[Any], v: Any"
        if "Source" in needed
        else ("flag: bool, items: list[Any], v: Any")
    )
    if "Source" not in needed:
        body = [line for line in body if "src." not in line]
    wrapper = rng.choice(["plain", "method", "decorated", "nested"])
    parts.append(_wrap(wrapper, returns, params, body or ["pass"]))
    if rng.random() < 0.3:
        sync_body = [rng.choice(SYNC_GENERATOR_PLACES).format(e=rng.choice(exprs))]
        parts.append(_function("def", "sync_user", "Iterator[Any]", "", sync_body))
    return "\n\n".join(parts)


def _wrap(style: str, returns: str, params: str, body: list[str]) -> str:
    if style == "method":
        inner = _function("async def", "run", returns, "self, " + params, body)
        return "class Runner:\n" + _indent(inner)
    if style == "decorated" and returns != "AsyncIterator[Any]":
        return (
            "@logged_any\n"
            + _function("async def", "main", returns, params, body)
            + (
                "\n\ndef logged_any(f: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:\n"
                "    return f\n"
            )
        )
    if style == "nested":
        inner = _function("async def", "main", returns, params, body)
        return "def outer() -> None:\n" + _indent(inner)
    return _function("async def", "main", returns, params, body)


def _function(keyword: str, name: str, returns: str, params: str, body: list[str]) -> str:
    lines = [f"{keyword} {name}({params}) -> {returns}:"]
    for stmt in body:
        lines.append(_indent(stmt))
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else line for line in text.splitlines())
