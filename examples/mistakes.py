"""A small order-processing service with one of each async mix-up the plugin explains.

Run `mypy --config-file examples/mypy.ini examples/mistakes.py` to see them;
`fixed.py` is the same service written correctly.
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


__all__ = ["contextlib", "main", "run_report"]
