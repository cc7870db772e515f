"""`python -m mypy_async_plugin`: the plugin's error codes, and each code's page, in a terminal.

Exit status: 0 on success, 1 for a code the catalogue does not have, 2 for a usage error
(argparse's convention: an unknown command, a missing argument).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable, Sequence

from mypy_async_plugin.catalogue import CATALOGUE
from mypy_async_plugin.code_pages import page_text
from mypy_async_plugin.records import Record
from mypy_async_plugin.terminal_text import for_terminal
from mypy_async_plugin.version import __version__

PROG = "python -m mypy_async_plugin"
UNKNOWN_CODE = 1
SIMILAR_ENOUGH = 0.75
"""difflib's ratio from which a code counts as a likely typo: the codes resemble each other."""
EPILOG = """\
exit status: 0 on success, 1 for an unknown error code, 2 for a usage error.
The plugin itself is enabled in mypy's config file: plugins = mypy_async_plugin"""


class CodeRow(Record):
    """One line of `codes`."""

    code: str
    on_by_default: bool
    summary: str


def catalogue_rows() -> list[CodeRow]:
    return [
        CodeRow(entry.code, entry.error_code.default_enabled, entry.summary) for entry in CATALOGUE
    ]


def codes_table(rows: Iterable[CodeRow]) -> str:
    """A table of codes, one per line, under a header; columns two spaces apart."""
    lines = [("code", "on by default", "summary")]
    lines += [(row.code, "yes" if row.on_by_default else "no", row.summary) for row in rows]
    code_width = max(len(code) for code, _, _ in lines)
    default_width = max(len(default) for _, default, _ in lines)
    return "".join(
        f"{code:<{code_width}}  {default:<{default_width}}  {summary}\n"
        for code, default, summary in lines
    )


def close_matches(wanted: str, codes: Sequence[str]) -> list[str]:
    """Codes spelled like `wanted`, best first, then codes that contain it."""
    similar = difflib.get_close_matches(wanted, codes, n=3, cutoff=SIMILAR_ENOUGH)
    containing = [code for code in codes if wanted and wanted in code]
    return list(dict.fromkeys([*similar, *containing]))


def refining(mypy_code: str) -> list[str]:
    """The plugin's codes for mistakes that plain mypy reports under `mypy_code`."""
    return [entry.code for entry in CATALOGUE if mypy_code in entry.refines]


def unknown_code_message(wanted: str, codes: Sequence[str]) -> str:
    lines = [f"{PROG}: error: {wanted!r} is not an error code of this plugin"]
    matches = close_matches(wanted, codes)
    if matches:
        lines.append(f"did you mean: {', '.join(matches)}?")
    refined = refining(wanted)
    if refined:
        lines.append(
            f"{wanted!r} is one of mypy's own codes; the plugin reports some mistakes that "
            f"plain mypy reports under it as: {', '.join(refined)}"
        )
    lines.append(f"`{PROG} codes` lists every code")
    return "\n".join(lines) + "\n"


def as_code(argument: str) -> str:
    """The code in `argument`, also when copied with the brackets of mypy's output."""
    return argument.strip().strip("[]").strip()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=PROG,
        description="The error codes of mypy-async-plugin, and what each one means.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"mypy-async-plugin {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.add_parser(
        "codes",
        help="list every error code, whether it is on by default, and its summary",
        description="List every error code, whether it is on by default, and its summary.",
    )
    explain = commands.add_parser(
        "explain",
        help="print the documentation page of one error code",
        description="Print the documentation page of one error code.",
        epilog="exit status: 0 on success, 1 for an unknown error code, 2 for a usage error.",
    )
    explain.add_argument("code", metavar="CODE", help="an error code, e.g. await-async-generator")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if arguments.command == "codes":
        sys.stdout.write(codes_table(catalogue_rows()))
        return 0
    code = as_code(arguments.code)
    known = [entry.code for entry in CATALOGUE]
    if code not in known:
        sys.stderr.write(unknown_code_message(code, known))
        return UNKNOWN_CODE
    sys.stdout.write(for_terminal(page_text(code)))
    return 0
