"""Say which kind of async callable a function takes or returns, so mypy checks it.

For type checkers only: import these names under `if TYPE_CHECKING:`.

    P = ParamSpec("P")
    R = TypeVar("R")

    def retry(fn: CoroutineFunction[P, R]) -> CoroutineFunction[P, R]: ...

Each alias is generic in the parameters `P` (a ParamSpec: `[int, str]`, `...`, or
a ParamSpec of your own) and in what the call gives (`R`, `Y` or `T`).
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Any, TypeVar

from typing_extensions import ParamSpec, TypeAlias

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Y = TypeVar("_Y")
_T = TypeVar("_T")

CoroutineFunction: TypeAlias = Callable[_P, Coroutine[Any, Any, _R]]
"""An `async def` without `yield`: its call is a coroutine, and `await` on that gives `_R`."""

AwaitableFunction: TypeAlias = Callable[_P, Awaitable[_R]]
"""A coroutine function, or any function whose result is awaited (a future, a task)."""

AsyncGeneratorFunction: TypeAlias = Callable[_P, AsyncIterator[_Y]]
"""An `async def` with `yield`: its call is an async generator, which `async for` iterates.

Accepts functions declared `-> AsyncIterator[Y]` and `-> AsyncGenerator[Y, None]` alike.
"""

AsyncCallable: TypeAlias = Callable[_P, Awaitable[_T] | AsyncIterator[_T]]
"""Either kind of `async def`: a coroutine function returning `_T`, or an async generator
function yielding `_T`. Tell them apart before use (`inspect.isasyncgenfunction`)."""

AsyncContextManagerFunction: TypeAlias = Callable[_P, AbstractAsyncContextManager[_T]]
"""What `@contextlib.asynccontextmanager` makes: `async with f() as value` binds `_T`."""

GeneratorFunction: TypeAlias = Callable[_P, Iterator[_Y]]
"""A `def` with `yield`: its call is a generator, which `for` iterates."""

ContextManagerFunction: TypeAlias = Callable[_P, AbstractContextManager[_T]]
"""What `@contextlib.contextmanager` makes: `with f() as value` binds `_T`."""
