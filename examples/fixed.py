"""The order-processing service from `mistakes.py`, written correctly.

`mypy --config-file examples/mypy.ini examples/fixed.py` reports nothing.
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


@contextlib.asynccontextmanager
async def transaction(db: Database) -> AsyncIterator[Database]:
    yield db


@contextlib.contextmanager
def audit_log() -> Iterator[None]:
    yield


def order_ids(orders: list[Order]) -> list[int]:
    return [order.id for order in orders]


def summarize(orders: list[Order]) -> str:
    return f"{len(orders)} orders"


async def main() -> None:
    async with Database() as db:
        orders = [order async for order in db.stream_orders()]
        for order in await db.fetch_orders():
            print(order.id)
        totals = [order.total async for order in db.stream_orders()]
        for order_id in order_ids(orders):
            print(order_id)
        async with Database() as other:
            print(other)
        async with transaction(db) as tx:
            print(tx)
        with audit_log():
            pass
        with threading.Lock():
            print("locked")
        print(summarize(orders), totals)
        last = await db.count()
        print(last)


async def report_orders(db: Database) -> None:
    async for order in db.stream_orders():
        print(order)


def run_report(db: Database) -> None:
    asyncio.run(report_orders(db))


class OrderSource(Protocol):
    def orders(self) -> AsyncIterator[Order]: ...


async def load_order(order_id: int) -> Order:
    return Order(order_id, 0.0)


def every_minute(job: Callable[[], Awaitable[object]]) -> None:
    """A scheduler that runs a coroutine function."""


async def order_feed() -> AsyncIterator[Order]:
    yield Order(3, 1.0)


async def print_feed() -> None:
    async for order in order_feed():
        print(order)


async def audit(db: Database, source: OrderSource) -> float:
    async for item in db.stream_orders():
        print(item)
    order = await load_order(1)
    print(order.total)
    if await db.count():
        async for item in db.stream_orders():
            print(item)
    await db.count()
    every_minute(print_feed)
    async for pending in source.orders():
        print(pending)
    async for first in order_feed():
        print(first)
        break
    return (await load_order(2)).total


async def order_totals() -> AsyncIterator[float]:
    yield 1.0


__all__ = ["audit", "every_minute", "main", "order_totals", "run_report"]
