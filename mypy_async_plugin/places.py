"""Where an expression can stand, and what each place demands of it.

Each place says which mypy error code plain mypy reports when the wrong kind of
object stands there; the plugin reports under that code on a line whose
`# type: ignore[...]` names it, so upgrading does not break existing ignores.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from mypy_async_plugin.kinds import Abilities, Can
from mypy_async_plugin.records import Record


class Place(enum.Enum):
    __hash__ = object.__hash__  # members are singletons; Enum's own hash is slow
    AWAITED = "await"
    FOR = "for"
    COMPREHENSION = "comprehension"
    ASYNC_FOR = "async for"
    ASYNC_COMPREHENSION = "async comprehension"
    SYNC_CONSUMER = "sync consumer"
    MEMBERSHIP = "in"
    COMPARED = "=="
    STAR = "star"
    YIELD_FROM = "yield from"
    WITH = "with"
    ASYNC_WITH = "async with"
    RUNNER = "runner"
    ASYNC_CONSUMER = "async consumer"
    DISCARDED = "discarded"
    RETURNED = "return"
    FORMATTED = "formatted"
    TRUTH_TESTED = "bool()"
    TYPE_TESTED = "isinstance()"


NEEDS: dict[Place, Abilities] = {
    Place.AWAITED: Can.AWAIT,
    Place.FOR: Can.ITER,
    Place.COMPREHENSION: Can.ITER,
    Place.SYNC_CONSUMER: Can.ITER,
    Place.MEMBERSHIP: Can.ITER,
    Place.COMPARED: Can.NEVER,
    Place.STAR: Can.ITER,
    Place.YIELD_FROM: Can.ITER,
    Place.ASYNC_FOR: Can.AITER,
    Place.ASYNC_COMPREHENSION: Can.AITER,
    Place.ASYNC_CONSUMER: Can.AITER,
    Place.WITH: Can.CM,
    Place.ASYNC_WITH: Can.ACM,
    Place.RUNNER: Can.AWAIT,
    Place.DISCARDED: Can.NEVER,
    Place.RETURNED: Can.NEVER,
    Place.FORMATTED: Can.NEVER,
    Place.TRUTH_TESTED: Can.NEVER,
    Place.TYPE_TESTED: Can.NEVER,
}

SYNC_ITERATION = frozenset(
    {
        Place.FOR,
        Place.COMPREHENSION,
        Place.SYNC_CONSUMER,
        Place.MEMBERSHIP,
        Place.STAR,
        Place.YIELD_FROM,
    }
)
NOWHERE: frozenset[Place] = frozenset()
ASYNC_ITERATION = frozenset({Place.ASYNC_FOR, Place.ASYNC_COMPREHENSION})
CONSUMED = frozenset({Place.RUNNER, Place.SYNC_CONSUMER, Place.ASYNC_CONSUMER})
"""Where runners and consumers put their arguments, built-in or configured: the places
`RoleMap.consumed_calls` answers for."""
COMPARED_OR_RETURNED = frozenset({Place.COMPARED, Place.RETURNED})
"""The places `RoleMap.compared_or_returned_calls` answers for."""

MYPY_CODES: dict[Place, tuple[str, ...]] = {
    Place.AWAITED: ("misc",),
    Place.FOR: ("attr-defined", "union-attr"),
    Place.COMPREHENSION: ("attr-defined", "union-attr"),
    Place.ASYNC_FOR: ("attr-defined", "union-attr"),
    Place.ASYNC_COMPREHENSION: ("attr-defined", "union-attr"),
    Place.SYNC_CONSUMER: ("arg-type", "call-overload"),
    Place.MEMBERSHIP: ("operator",),
    Place.COMPARED: ("comparison-overlap",),
    Place.STAR: ("misc",),
    Place.YIELD_FROM: ("misc",),
    Place.WITH: ("attr-defined", "union-attr"),
    Place.ASYNC_WITH: ("attr-defined", "union-attr"),
    Place.RUNNER: ("arg-type", "call-overload", "type-var"),
    Place.ASYNC_CONSUMER: ("arg-type", "call-overload"),
    Place.DISCARDED: (),
    Place.RETURNED: (),
    Place.FORMATTED: (),
    Place.TRUTH_TESTED: (),
    Place.TYPE_TESTED: (),
}


class Consumer(Record):
    """A function that consumes its argument in a way that needs one protocol."""

    shown_as: str
    place: Place
    first_arg: int = 0
    """Index of the first positional argument it consumes."""
    only_one: bool = True
    """Whether it consumes just that argument, or every positional argument from there on."""


def _consumers(place: Place, names: dict[str, str]) -> dict[str, Consumer]:
    return {fullname: Consumer(shown, place) for fullname, shown in names.items()}


_ALL_ARGUMENTS = {"builtins.zip", "asyncio.tasks.gather"}
_AFTER_FUNCTION = {"builtins.map", "builtins.filter"}


def _spread(consumers: dict[str, Consumer]) -> dict[str, Consumer]:
    """Mark the consumers that take several iterables or a function first."""
    for fullname, consumer in consumers.items():
        if fullname in _ALL_ARGUMENTS:
            consumers[fullname] = Consumer(consumer.shown_as, consumer.place, only_one=False)
        elif fullname in _AFTER_FUNCTION:
            consumers[fullname] = Consumer(consumer.shown_as, consumer.place, 1, only_one=False)
    return consumers


SYNC_CONSUMERS = _consumers(
    Place.SYNC_CONSUMER,
    {
        f"builtins.{name}": name
        for name in (
            "list",
            "tuple",
            "set",
            "frozenset",
            "sorted",
            "enumerate",
            "zip",
            "dict",
            "sum",
            "min",
            "max",
            "any",
            "all",
            "reversed",
            "filter",
            "map",
        )
    },
)
ASYNC_CONSUMERS = _consumers(
    Place.ASYNC_CONSUMER, {"builtins.anext": "anext", "builtins.aiter": "aiter"}
)
RUNNERS = _consumers(
    Place.RUNNER,
    {
        "asyncio.runners.run": "asyncio.run",
        "asyncio.tasks.create_task": "asyncio.create_task",
        "asyncio.tasks.ensure_future": "asyncio.ensure_future",
        "asyncio.tasks.gather": "asyncio.gather",
        "asyncio.tasks.wait_for": "asyncio.wait_for",
        "asyncio.tasks.shield": "asyncio.shield",
        "asyncio.tasks.wait": "asyncio.wait",
        "asyncio.tasks.as_completed": "asyncio.as_completed",
        "asyncio.tasks.run_coroutine_threadsafe": "asyncio.run_coroutine_threadsafe",
        "asyncio.runners.Runner.run": "Runner.run",
    },
)
FUNCTION_CONSUMERS: dict[str, Consumer] = _spread({**SYNC_CONSUMERS, **ASYNC_CONSUMERS, **RUNNERS})

METHOD_RUNNERS: dict[str, tuple[str, ...]] = {
    "create_task": ("asyncio.taskgroups.TaskGroup", "asyncio.events.AbstractEventLoop"),
    "run_until_complete": ("asyncio.events.AbstractEventLoop",),
    "run": ("asyncio.runners.Runner",),
}
"""Method name -> the classes whose method of that name runs a coroutine."""

RUNNER_PARAMETERS = frozenset({"main", "coro", "coro_or_future", "fut", "arg", "fs", "future"})
"""The names runners give the parameter that takes the coroutine, for keyword arguments."""


class Consumers(Record):
    """The consuming functions and method runners that role maps look for."""

    functions: Mapping[str, Consumer]
    """Fullname of the function (or class) -> how it consumes its argument."""
    method_runners: Mapping[str, tuple[str, ...]]
    """Method name -> the classes whose method of that name runs a coroutine."""


BUILT_IN_CONSUMERS = Consumers(FUNCTION_CONSUMERS, METHOD_RUNNERS)
"""Those of Python and asyncio; the user's configuration can add more."""
