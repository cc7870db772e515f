"""`python -m mypy_async_plugin`: `codes`, `explain CODE`, `--help`, `--version`, exit statuses.

The subprocess tests run in a temporary directory, so the package they import is the installed
one (in a regular, non-editable install: the copy in site-packages, with the pages it ships).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mypy_async_plugin.catalogue import CATALOGUE
from mypy_async_plugin.cli import (
    CodeRow,
    close_matches,
    codes_table,
    main,
    unknown_code_message,
)
from mypy_async_plugin.terminal_text import for_terminal
from mypy_async_plugin.version import __version__

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "codes"
CODES = [entry.code for entry in CATALOGUE]
PROG = "python -m mypy_async_plugin"


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy_async_plugin", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def page_as_text(code: str) -> str:
    return for_terminal((PAGES / f"{code}.md").read_text(encoding="utf-8"))


# codes


def test_codes_table_layout() -> None:
    rows = [
        CodeRow("short", True, "A short one."),
        CodeRow("a-much-longer-code", False, "Off unless enabled."),
    ]
    assert codes_table(rows) == (
        "code                on by default  summary\n"
        "short               yes            A short one.\n"
        "a-much-longer-code  no             Off unless enabled.\n"
    )


def test_codes_lists_the_catalogue_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes"]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    assert header.split("  ")[0] == "code"
    assert [line.split()[0] for line in lines] == CODES
    for line, entry in zip(lines, CATALOGUE):
        assert line.endswith(f"  yes            {entry.summary}"), line


def test_every_code_is_on_by_default() -> None:
    """`codes` reads this from each code's `ErrorCode`; today no code is off by default."""
    assert [entry.code for entry in CATALOGUE if not entry.error_code.default_enabled] == []


# explain


@pytest.mark.parametrize("code", CODES)
def test_explain_prints_the_page_of_the_installed_package(code: str, tmp_path: Path) -> None:
    done = run("explain", code, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == page_as_text(code)


def test_explain_accepts_the_code_as_mypy_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", f"[{CODES[0]}]"]) == 0
    assert capsys.readouterr().out == page_as_text(CODES[0])


def test_explain_shows_the_snippets_and_no_markup(capsys: pytest.CaptureFixture[str]) -> None:
    code = "await-async-generator"
    assert main(["explain", code]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"{code}\n{'=' * len(code)}\n\n{CATALOGUE[0].summary}\n\nWhat it ")
    assert "<!--" not in shown and "```" not in shown and "](" not in shown
    assert "\n    async def fetch_rows() -> AsyncIterator[int]:\n        for row in" in shown
    assert f"\n      disable_error_code = {code}\n" in shown


def test_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "await-async-gen"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{PROG}: error: 'await-async-gen' is not an error code of this plugin\n"
        "did you mean: await-async-generator?\n"
        f"`{PROG} codes` lists every code\n"
    )


def test_unknown_code_without_close_matches() -> None:
    assert unknown_code_message("zzz", CODES) == (
        f"{PROG}: error: 'zzz' is not an error code of this plugin\n"
        f"`{PROG} codes` lists every code\n"
    )


def test_mypy_code_names_the_plugin_codes_that_refine_it() -> None:
    refined = [entry.code for entry in CATALOGUE if "misc" in entry.refines]
    assert refined, "some code refines mypy's misc"
    assert unknown_code_message("misc", CODES).splitlines()[1] == (
        "'misc' is one of mypy's own codes; the plugin reports some mistakes that plain mypy "
        f"reports under it as: {', '.join(refined)}"
    )


def test_close_matches_put_typos_first_then_codes_containing_the_word() -> None:
    codes = ["await-async-generator", "await-not-awaitable", "iterate-coroutine"]
    assert close_matches("await-not-awaitabel", codes) == ["await-not-awaitable"]
    assert close_matches("await", codes) == ["await-async-generator", "await-not-awaitable"]
    assert close_matches("with", codes) == []


# the command line as a user types it


def test_help(tmp_path: Path) -> None:
    done = run("--help", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"usage: {PROG} [-h] [--version] COMMAND ...\n")
    assert "    codes " in done.stdout and "    explain " in done.stdout
    assert "exit status: 0 on success, 1 for an unknown error code, 2 for a usage error." in (
        done.stdout
    )


def test_version(tmp_path: Path) -> None:
    done = run("--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"mypy-async-plugin {__version__}\n",
        "",
    )


@pytest.mark.parametrize(
    ("arguments", "last_line"),
    [
        ((), f"{PROG}: error: the following arguments are required: COMMAND"),
        (("explain",), f"{PROG} explain: error: the following arguments are required: CODE"),
        (
            ("lint",),
            f"{PROG}: error: argument COMMAND: invalid choice: 'lint' (choose from "
            "'codes', 'explain')",
        ),
    ],
    ids=["no-command", "explain-without-code", "unknown-command"],
)
def test_usage_errors_exit_2(arguments: tuple[str, ...], last_line: str, tmp_path: Path) -> None:
    done = run(*arguments, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == last_line


def test_unknown_code_exits_1(tmp_path: Path) -> None:
    done = run("explain", "iterate-coroutines", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    # The closest code comes first; codes added later may follow it.
    assert re.fullmatch(
        r"did you mean: iterate-coroutine(, [a-z-]+)*\?", done.stderr.splitlines()[1]
    )


def test_the_command_line_does_not_load_mypy_checker(tmp_path: Path) -> None:
    """Only `mypy.errorcodes` (for the catalogue) is imported, not the checker or the plugin."""
    probe = (
        "import json, runpy, sys\n"
        "sys.argv = ['mypy_async_plugin', 'codes']\n"
        "try:\n"
        "    runpy.run_module('mypy_async_plugin', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps([name for name in sys.modules if name.startswith('mypy')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "mypy.plugin" not in loaded and "mypy.checker" not in loaded, loaded
    assert "mypy_async_plugin.plugin" not in loaded
