"""Each code's page says what Python really does when the mistake runs.

For every code, small programs make the mistake; a line Python prints for each (the exception,
or a warning) must be quoted on the code's page, where "..." stands for
an address or a name that changes from run to run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from mypy_async_plugin.catalogue import CATALOGUE

PAGES = Path(__file__).resolve().parent.parent / "docs" / "codes"

pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the pages quote the messages of Python 3.11 and newer"
)


class Mistake(NamedTuple):
    """A program that makes a code's mistake, and what the page shows Python saying."""

    code: str
    program: str
    shown: str
    exit_status: int = 1
    """0 where Python only warns and the program goes on."""


AGEN = "async def agen():\n    yield 1\n"
GEN = "def gen():\n    yield 1\n"
CORO = "async def fetch_user_ids():\n    return [1, 2, 3]\n"


def running(body: str, *definitions: str) -> str:
    """A program that runs `body` as the body of `async def main()`."""
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    return (
        "import asyncio\n"
        + "".join(definitions)
        + f"async def main():\n{indented}asyncio.run(main())\n"
    )


ROW_USED_UNAWAITED = running(
    "row = load_row(1)\nprint(row.id)",
    "class Row:\n    id = 1\n",
    "async def load_row(key):\n    return Row()\n",
)
"""A coroutine's result used without `await`: Python fails on the use, and warns."""

MISTAKES = (
    Mistake(
        "async-iterate-sync",
        running("async for name in ['ada']:\n    pass"),
        "TypeError: 'async for' requires an object with __aiter__ method, got list",
    ),
    Mistake(
        "async-with-generator",
        running("async with agen():\n    pass", AGEN),
        "TypeError: 'async_generator' object does not support the asynchronous context manager "
        "protocol",
    ),
    Mistake(
        "async-with-generator",
        running("with agen():\n    pass", AGEN),
        "TypeError: 'async_generator' object does not support the context manager protocol",
    ),
    Mistake(
        "async-with-sync-cm",
        running("import sqlite3\nasync with sqlite3.connect(':memory:'):\n    pass"),
        "TypeError: 'sqlite3.Connection' object does not support the asynchronous context "
        "manager protocol",
    ),
    Mistake(
        "await-async-generator",
        running("await agen()", AGEN),
        "TypeError: object async_generator can't be used in 'await' expression",
    ),
    Mistake(
        "await-not-awaitable",
        running("await total_price()", "def total_price():\n    return 9.5\n"),
        "TypeError: object float can't be used in 'await' expression",
    ),
    Mistake(
        "await-not-awaitable",
        running("await gen()", GEN),
        "TypeError: object generator can't be used in 'await' expression",
    ),
    Mistake(
        "await-not-awaitable",
        running("await anext(fetch_user_ids())", CORO),
        "TypeError: 'coroutine' object is not an async iterator",
    ),
    Mistake(
        "await-not-awaitable",
        running("aiter(fetch_user_ids())", CORO),
        "TypeError: 'coroutine' object is not an async iterable",
    ),
    Mistake(
        "iterate-coroutine",
        running("for user_id in fetch_user_ids():\n    pass", CORO),
        "TypeError: 'coroutine' object is not iterable",
    ),
    Mistake(
        "iterate-coroutine",
        running("for user_id in fetch_user_ids():\n    pass", CORO),
        "RuntimeWarning: coroutine 'fetch_user_ids' was never awaited",
    ),
    Mistake(
        "iterate-coroutine",
        running("async for user_id in fetch_user_ids():\n    pass", CORO),
        "TypeError: 'async for' requires an object with __aiter__ method, got coroutine",
    ),
    Mistake(
        "run-async-generator",
        "import asyncio\nasync def ticks():\n    yield 1\nasyncio.run(ticks())\n",
        "ValueError: a coroutine was expected, got <async_generator object ticks at 0x...>",
    ),
    Mistake(
        "run-async-generator",
        running("asyncio.create_task(agen())", AGEN),
        "TypeError: a coroutine was expected, got <async_generator object ...>",
    ),
    Mistake(
        "run-async-generator",
        running("await asyncio.gather(agen())", AGEN),
        "TypeError: An asyncio.Future, a coroutine or an awaitable is required",
    ),
    Mistake(
        "run-async-generator",
        running("await asyncio.wait([fetch_user_ids()])", CORO),
        "TypeError: Passing coroutines is forbidden, use tasks explicitly.",
    ),
    Mistake(
        "sync-iterate-async",
        running("for item in agen():\n    pass", AGEN),
        "TypeError: 'async_generator' object is not iterable",
    ),
    Mistake(
        "sync-iterate-async",
        running("1 in agen()", AGEN),
        "TypeError: argument of type 'async_generator' is not iterable",
    ),
    Mistake(
        "sync-iterate-async",
        running("print(*agen())", AGEN),
        "TypeError: print() argument after * must be an iterable, not async_generator",
    ),
    Mistake(
        "sync-with-async-cm",
        running(
            "with AsyncSession():\n    pass",
            "class AsyncSession:\n"
            "    async def __aenter__(self):\n        return self\n"
            "    async def __aexit__(self, *exc_info):\n        return None\n",
        ),
        "TypeError: 'AsyncSession' object does not support the context manager protocol",
    ),
    Mistake(
        "with-generator",
        running("with gen():\n    pass", GEN),
        "TypeError: 'generator' object does not support the context manager protocol",
    ),
    Mistake(
        "with-generator",
        running("async with gen():\n    pass", GEN),
        "TypeError: 'generator' object does not support the asynchronous context manager protocol",
    ),
    Mistake(
        "missing-await",
        ROW_USED_UNAWAITED,
        "AttributeError: 'coroutine' object has no attribute 'id'",
    ),
    Mistake(
        "missing-await",
        ROW_USED_UNAWAITED,
        "RuntimeWarning: coroutine 'load_row' was never awaited",
    ),
    Mistake(
        "truthy-coroutine",
        running("if is_ready():\n    print('ready')", "async def is_ready():\n    return False\n"),
        "RuntimeWarning: coroutine 'is_ready' was never awaited",
        exit_status=0,
    ),
    Mistake(
        "uncalled-async-function",
        "import asyncio\nasync def main():\n    pass\nasyncio.run(main)\n",
        "ValueError: a coroutine was expected, got <function main at 0x...>",
    ),
    Mistake(
        "uncalled-async-function",
        running("await fetch", "async def fetch():\n    return 1\n"),
        "TypeError: object function can't be used in 'await' expression",
    ),
    Mistake(
        "uncalled-async-function",
        running(
            "async for row in stream_rows:\n    pass", "async def stream_rows():\n    yield 1\n"
        ),
        "TypeError: 'async for' requires an object with __aiter__ method, got function",
    ),
    Mistake(
        "async-function-kind",
        running(
            "await run_job(job)",
            "async def run_job(job):\n    return await job()\n",
            "async def job():\n    yield 1\n",
        ),
        "TypeError: object async_generator can't be used in 'await' expression",
    ),
    Mistake(
        "async-function-kind",
        running(
            "await drain(source)",
            "async def drain(source):\n    async for item in source():\n        pass\n",
            "async def source():\n    return [1]\n",
        ),
        "TypeError: 'async for' requires an object with __aiter__ method, got coroutine",
    ),
    Mistake(
        "async-iterator-declaration",
        running(
            "async for row in rows():\n    pass",
            "async def rows():\n    return iter([1])\n",
        ),
        "TypeError: 'async for' requires an object with __aiter__ method, got coroutine",
    ),
    Mistake(
        "async-generator-return",
        "async def totals():\n    yield 1\n    return 1\n",
        "SyntaxError: 'return' with value in async generator",
    ),
    Mistake(
        "stop-async-iteration-value",
        running(
            "items = numbers()\nawait anext(items)\n"
            "try:\n    await anext(items)\nexcept StopAsyncIteration as end:\n    print(end.value)",
            "async def numbers():\n    yield 1\n",
        ),
        "AttributeError: 'StopAsyncIteration' object has no attribute 'value'",
    ),
)

SILENT = (
    (
        "unused-async-generator",
        running("log_event()", "async def log_event():\n    print('ran')\n    yield\n"),
        "an async generator that is never\nstarted gives no `RuntimeWarning` either",
    ),
)
"""Mistakes Python says nothing about: a program that runs clean and prints nothing, and the
words of the page that say so."""


def page(code: str) -> str:
    return (PAGES / f"{code}.md").read_text(encoding="utf-8")


def as_pattern(shown: str) -> re.Pattern[str]:
    """A whole line saying `shown`, each "..." matching anything, perhaps after a warning's
    `file:line: ` prefix."""
    return re.compile("(?:.*: )?" + ".*?".join(re.escape(part) for part in shown.split("...")))


def test_every_code_has_a_mistake_that_runs() -> None:
    covered = {mistake.code for mistake in MISTAKES} | {code for code, _, _ in SILENT}
    missing = [entry.code for entry in CATALOGUE if entry.code not in covered]
    assert missing == [], "add a program that makes each code's mistake to MISTAKES"


@pytest.mark.parametrize("mistake", MISTAKES, ids=[f"{m.code}-{n}" for n, m in enumerate(MISTAKES)])
def test_page_shows_what_python_says(mistake: Mistake, tmp_path: Path) -> None:
    assert mistake.shown in page(mistake.code)
    program = tmp_path / "mistake.py"
    program.write_text(mistake.program, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-W", "always", str(program)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == mistake.exit_status
    pattern = as_pattern(mistake.shown)
    assert any(pattern.fullmatch(line) for line in done.stderr.splitlines()), done.stderr


@pytest.mark.parametrize(("code", "program", "words"), SILENT, ids=[code for code, _, _ in SILENT])
def test_page_says_python_is_silent(code: str, program: str, words: str, tmp_path: Path) -> None:
    assert words in page(code)
    (tmp_path / "mistake.py").write_text(program, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-W", "always", str(tmp_path / "mistake.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
