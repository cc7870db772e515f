"""mypy 2.x parses with its native parser, and with the ast-based one under
`--no-native-parser` (the only parser before). The two place expressions differently: the
ast-based parser counts columns in UTF-8 bytes and moves an f-string value's start to the
f-string's. The plugin's messages must read the same under both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api
from mypy.options import Options

PROGRAM = """\
async def load_name() -> str:
    return ""

class User:
    async def title(self) -> str:
        return ""

async def main(user: User) -> None:
    print(f"{load_name()} - {user.title ()!s:>10}")
    async with open("données.csv") as f:
        print(f.read())
"""

EXPECTED = [
    '"load_name()" is a coroutine, so formatting it gives "<coroutine object ...>", not the '
    '"str" it returns; format "await load_name()" instead  [missing-await]',
    '"user.title ()" is a coroutine, so formatting it gives "<coroutine object ...>", not the '
    '"str" it returns; format "await user.title ()" instead  [missing-await]',
    '"open("données.csv")" is a synchronous context manager ("TextIOWrapper[_WrappedBuffer]"): '
    'it has "__enter__"/"__exit__", not "__aenter__"/"__aexit__"; write '
    '"with open("données.csv") as f:"  [async-with-sync-cm]',
]

CONFIG = "[mypy]\nplugins = mypy_async_plugin\n"


@pytest.mark.skipif(
    not hasattr(Options(), "native_parser"), reason="this mypy has the ast-based parser only"
)
@pytest.mark.parametrize("parser", ["--native-parser", "--no-native-parser"])
def test_messages_read_the_same_under_both_parsers(parser: str, tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text(CONFIG)
    program = tmp_path / "program.py"
    program.write_text(PROGRAM, encoding="utf-8")
    stdout, stderr, _ = api.run(
        [
            parser,
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            str(program),
        ]
    )
    messages = [line.split(": error: ", 1)[1] for line in stdout.splitlines()]
    assert (messages, stderr) == (EXPECTED, "")
