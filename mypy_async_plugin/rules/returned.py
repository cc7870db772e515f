"""A coroutine returned unawaited by an `async def` without a declared result:
`return self.retry.call(...)`, or `response = conn.read()` ... `return response`.

Code: missing-await. The function's result is typed `Any`, so plain mypy says nothing, but
`await parse_response(...)` then gives back the coroutine, never awaited, not its result. A
function meant to hand back a coroutine says so in its return annotation, and mypy checks
that instead.
"""

from __future__ import annotations

from mypy.types import ProperType

from mypy_async_plugin import catalogue as cat
from mypy_async_plugin.kinds import awaited_result
from mypy_async_plugin.roles import Role
from mypy_async_plugin.rules.wording import Finding, Words
from mypy_async_plugin.values import is_coroutine


def judge_returned(
    role: Role, member: ProperType, words: Words, names: dict[str, str]
) -> Finding | None:
    returned_from = role.returned_from
    if returned_from is None or not is_coroutine(member) or awaited_result(member) is None:
        return None
    function, line = returned_from
    names["function"] = function
    if role.target is None:
        names["fix"] = f"return await {words.call}"
        return Finding(cat.MISSING_AWAIT, "returned", names)
    variable = words.target
    names.update(
        statement=f"{variable} = {words.call}",
        variable=variable,
        return_line=str(line),
        fix=f"{variable} = await {words.call}",
    )
    return Finding(cat.MISSING_AWAIT, "returned-stored", names)
