"""`with` / `async with` on the wrong kind of object, or on a generator function that misses
its `@contextmanager` / `@asynccontextmanager` decorator.

Codes: sync-with-async-cm, async-with-generator, with-generator, async-with-sync-cm.
"""

from __future__ import annotations

from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import Can, FunctionKind, Producer, abilities_of, has
from mypy_async_plugin.places import Place
from mypy_async_plugin.rules.wording import Finding


def judge_with(
    place: Place, member: ProperType, producer: Producer, names: dict[str, str]
) -> Finding | None:
    can = abilities_of(member)
    kind = producer.kind
    # A decorator that keeps the generator type (`F -> F`) does not make a context manager.
    no_manager = not can & (Can.ACM | Can.CM)
    still_agen = not producer.decorated or (has(can, Can.AITER) and no_manager)
    still_gen = not producer.decorated or (has(can, Can.ITER) and no_manager)
    if kind is FunctionKind.ASYNC_GENERATOR_FUNCTION and still_agen:
        variant = "main" if place is Place.ASYNC_WITH else "sync-with"
        return Finding(cat.ASYNC_WITH_GENERATOR, variant, names)
    if kind is FunctionKind.GENERATOR_FUNCTION and still_gen:
        variant = "main" if place is Place.WITH else "async-with"
        return Finding(cat.WITH_GENERATOR, variant, names)
    if place is Place.WITH and has(can, Can.ACM):
        return Finding(cat.SYNC_WITH_ASYNC_CM, "main", names)
    if place is Place.ASYNC_WITH and has(can, Can.CM):
        return Finding(cat.ASYNC_WITH_SYNC_CM, "main", names)
    return None
