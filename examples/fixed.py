"""The order-processing service from `mistakes.py`, written correctly.

`mypy --config-file examples/mypy.ini examples/fixed.py` reports nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from types import TracebackType


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


__all__ = ["main", "run_report"]
