"""A role map answers a hook's question from the stage it needs: the calls compared or
returned, or the calls given to runners and consumers. Each partial answer must hold what the
complete map holds for those places, whichever stage ran first."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest
from mypy import build
from mypy.modulefinder import BuildSource
from mypy.nodes import MypyFile
from mypy.options import Options

from mypy_async_plugin.configured_names import CONSUMER_PLACES
from mypy_async_plugin.placed_calls import PlacedCalls
from mypy_async_plugin.places import BUILT_IN_CONSUMERS, COMPARED_OR_RETURNED, CONSUMED, Place
from mypy_async_plugin.roles import RoleMap

SOURCE = textwrap.dedent(
    """\
    import asyncio
    from collections.abc import AsyncIterator


    class Ticker:
        def __aiter__(self) -> AsyncIterator[int]:
            return self.ticks()

        async def ticks(self) -> AsyncIterator[int]:
            yield 1

        async def count(self) -> int:
            return 1


    async def fetch() -> int:
        return 1


    async def unannotated(ticker: Ticker):
        return ticker.count()


    async def main(ids: list[int], ticker: Ticker) -> None:
        await asyncio.wait([Ticker() for _ in ids])
        await asyncio.gather(*(Ticker() for _ in ids))
        rows = list(ticker.ticks())
        if fetch() == 1 or 2 != ticker.count() or fetch() is None:
            pass
        if len(rows) < 3 and fetch() in ids:
            pass
        print(*sorted(ids), [*Ticker()])
    """
)

CALLEES = (
    ("m.Ticker", "Ticker"),
    ("m.Ticker.ticks", "ticks"),
    ("m.Ticker.count", "count"),
    ("m.fetch", "fetch"),
    ("builtins.len", "len"),
    ("builtins.sorted", "sorted"),
)


@pytest.fixture(scope="module")
def tree() -> MypyFile:
    options = Options()
    options.preserve_asts = True
    options.incremental = False
    options.semantic_analysis_only = True
    result = build.build([BuildSource(None, "m", SOURCE)], options)
    return result.graph["m"].tree  # type: ignore[return-value]


def _standing(calls: PlacedCalls, places: frozenset[Place]) -> dict[str, set[Place]]:
    """For each callee, the places among `places` where one of its calls may stand."""
    return {
        fullname: {
            place for place in places if calls.may_stand_in(fullname, short, frozenset({place}))
        }
        for fullname, short in CALLEES
    }


def _complete(tree: MypyFile) -> PlacedCalls:
    return RoleMap(tree).placed_calls()


Stage = Callable[[RoleMap], PlacedCalls]
ORDERS: dict[str, tuple[Stage, ...]] = {
    "alone": (),
    "after the comparisons": (RoleMap.compared_or_returned_calls,),
    "after the consumers": (RoleMap.consumed_calls,),
}


def _asked_after(tree: MypyFile, before: tuple[Stage, ...], asked: Stage) -> PlacedCalls:
    """What a new role map answers to `asked`, once the stages `before` have run."""
    roles = RoleMap(tree)
    for stage in before:
        stage(roles)
    return asked(roles)


@pytest.mark.parametrize("before", ORDERS.values(), ids=ORDERS.keys())
def test_the_consumed_calls_are_those_of_the_complete_map(
    tree: MypyFile, before: tuple[Stage, ...]
) -> None:
    consumed = _standing(_asked_after(tree, before, RoleMap.consumed_calls), CONSUMED)
    assert consumed == _standing(_complete(tree), CONSUMED)
    assert consumed["m.Ticker"] == {Place.RUNNER}
    assert consumed["m.Ticker.ticks"] == {Place.SYNC_CONSUMER}


@pytest.mark.parametrize("before", ORDERS.values(), ids=ORDERS.keys())
def test_the_compared_or_returned_calls_are_those_of_the_complete_map(
    tree: MypyFile, before: tuple[Stage, ...]
) -> None:
    asked = _asked_after(tree, before, RoleMap.compared_or_returned_calls)
    compared = _standing(asked, COMPARED_OR_RETURNED)
    assert compared == _standing(_complete(tree), COMPARED_OR_RETURNED)
    # `==`, `!=` and `is` compare a call's own object, either side; `<` and `in` do not.
    assert compared["m.fetch"] == {Place.COMPARED}
    assert compared["m.Ticker.count"] == {Place.COMPARED, Place.RETURNED}
    assert compared["builtins.len"] == set()


def test_a_comparison_without_a_call_gives_no_role(tree: MypyFile) -> None:
    roles = RoleMap(tree)
    roles.compared_or_returned_calls()
    compared = [role for role in roles._roles.values() if role.place is Place.COMPARED]
    assert sorted((role.expr.line, role.expr.column) for role in compared) == [
        (28, 7),  # fetch() == 1
        (28, 28),  # 2 != ticker.count()
        (28, 46),  # fetch() is None
    ]


def test_every_runner_and_consumer_puts_its_arguments_where_the_consumed_calls_answer() -> None:
    built_in = {consumer.place for consumer in BUILT_IN_CONSUMERS.functions.values()}
    assert built_in | set(CONSUMER_PLACES.values()) | {Place.RUNNER} <= CONSUMED
