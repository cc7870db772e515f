"""Which catalogue entry fits: an object of some kind standing in some place.

One module per diagnostic family; this one only dispatches on the place.
"""

from __future__ import annotations

from mypy.types import NoneType, ProperType, Type

from mypy_async_plugin.kinds import Producer, abilities_of, has, is_unknowable, members
from mypy_async_plugin.places import ASYNC_ITERATION, NEEDS, SYNC_ITERATION, Place
from mypy_async_plugin.roles import Role
from mypy_async_plugin.rules.awaiting import judge_async_consumer, judge_await
from mypy_async_plugin.rules.comparison import judge_compared
from mypy_async_plugin.rules.context_managers import judge_with
from mypy_async_plugin.rules.discarded import judge_discarded
from mypy_async_plugin.rules.iteration import judge_iteration
from mypy_async_plugin.rules.returned import judge_returned
from mypy_async_plugin.rules.runners import judge_runner
from mypy_async_plugin.rules.wording import LAMBDA, Describe, Finding, Words, names_for

__all__ = ["LAMBDA", "Describe", "Finding", "Words", "find", "judge", "suspects"]


def suspects(role: Role, result: Type) -> list[ProperType]:
    """The members of `result` that do not belong where `role` stands."""
    candidates = members(result)
    return [
        member
        for member in candidates
        if not is_unknowable(member)
        # An Optional is a different mistake (a missing None check): mypy explains it.
        and not (len(candidates) > 1 and isinstance(member, NoneType))
        and not has(abilities_of(member), NEEDS[role.place])
    ]


def find(
    role: Role, found: list[ProperType], producer: Producer, words: Words, describe: Describe
) -> Finding | None:
    """The first finding among the suspects."""
    for member in found:
        finding = judge(role, member, producer, words, describe)
        if finding is not None:
            return finding
    return None


def judge(
    role: Role, member: ProperType, producer: Producer, words: Words, describe: Describe
) -> Finding | None:
    """The finding for `member` (a call result, or one member of its union) in `role`."""
    if has(abilities_of(member), NEEDS[role.place]):
        return None
    names = names_for(role, member, producer, words, describe)
    place = role.place
    if place is Place.AWAITED:
        return judge_await(member, producer, names)
    if place is Place.ASYNC_CONSUMER:
        return judge_async_consumer(member, producer, names, describe)
    if place in SYNC_ITERATION or place in ASYNC_ITERATION:
        return judge_iteration(role, member, producer, words, names, describe)
    if place in (Place.WITH, Place.ASYNC_WITH):
        return judge_with(place, member, producer, names)
    if place is Place.DISCARDED:
        return judge_discarded(member, producer, names)
    if place is Place.COMPARED:
        return judge_compared(role, member, producer, words, names, describe)
    if place is Place.RETURNED:
        return judge_returned(role, member, words, names)
    return judge_runner(member, names)
