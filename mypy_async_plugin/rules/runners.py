"""An async generator handed to something that runs coroutines.

Code: run-async-generator.
"""

from __future__ import annotations

from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import Can, abilities_of, has
from mypy_async_plugin.rules.wording import Finding


def judge_runner(member: ProperType, names: dict[str, str]) -> Finding | None:
    if not has(abilities_of(member), Can.AITER):
        return None
    return Finding(cat.RUN_ASYNC_GENERATOR, "main", names)
