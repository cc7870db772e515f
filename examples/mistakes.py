"""A small order-processing service with one of each async mix-up the plugin explains.

Run `mypy --config-file examples/mypy.ini examples/mistakes.py` to see them;
`fixed.py` is the same service written correctly.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol


@dataclass
class Order:
    id: int
    total: float


class Database:
    """An async connection with an async context manager protocol."""

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def fetch_orders(self) -> list[Order]:
        """A coroutine function: await it."""
        return [Order(1, 9.5), Order(2, 20.0)]

    async def stream_orders(self) -> AsyncIterator[Order]:
        """An async generator function: iterate it with `async for`."""
        for order in await self.fetch_orders():
            yield order

    async def count(self) -> int:
        return 2


async def transaction(db: Database) -> AsyncIterator[Database]:
    """Meant as a context manager, but @contextlib.asynccontextmanager is missing."""
    yield db


def audit_log() -> Iterator[None]:
    """Meant as a context manager, but @contextlib.contextmanager is missing."""
    yield


def order_ids(orders: list[Order]) -> list[int]:
    return [order.id for order in orders]


def summarize(orders: list[Order]) -> str:
    return f"{len(orders)} orders"


async def main() -> None:
    async with Database() as db:
        orders = await db.stream_orders()
        for order in db.fetch_orders():
            print(order.id)
        totals = [order.total for order in db.stream_orders()]
        async for order_id in order_ids(orders):
            print(order_id)
        with Database() as other:
            print(other)
        async with transaction(db) as tx:
            print(tx)
        with audit_log():
            pass
        async with threading.Lock():
            print("locked")
        print(await summarize(orders), totals)
        last = await anext(db.count())
        print(last)


def run_report(db: Database) -> None:
    asyncio.run(db.stream_orders())


# Mistakes that do not come straight from a call: stored values, boolean tests, discarded
# objects, function objects, and declarations.


class OrderSource(Protocol):
    async def orders(self) -> AsyncIterator[Order]: ...


async def load_order(order_id: int) -> Order:
    return Order(order_id, 0.0)


def every_minute(job: Callable[[], Awaitable[object]]) -> None:
    """A scheduler that runs a coroutine function."""


async def order_feed() -> AsyncIterator[Order]:
    yield Order(3, 1.0)


async def audit(db: Database, source: OrderSource) -> float:
    stream = db.stream_orders()
    await stream
    order = load_order(1)
    print(order.total)
    if db.count():
        db.stream_orders()
    await db.count
    every_minute(order_feed)
    async for pending in source.orders():
        print(pending)
    try:
        await anext(order_feed())
    except StopAsyncIteration as done:
        print(done.value)
    return load_order(2).total


async def order_totals() -> AsyncIterator[float]:
    yield 1.0
    return 1.0


__all__ = ["audit", "contextlib", "every_minute", "main", "order_totals", "run_report"]
