"""mkdocs hook: a list item may start right after a paragraph line, as on GitHub.

CommonMark lets a list item interrupt a paragraph; Python-Markdown needs a blank line before
it and otherwise shows the item as text. The pages are written for both, so the hook adds
that blank line (outside code blocks) before the site renders them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


_FENCE = re.compile(r"^\s*```")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.) \S")


def blank_line_before_items(markdown: str) -> str:
    lines: list[str] = []
    in_code = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code and _ITEM.match(line) and _ends_a_paragraph(lines):
            lines.append("")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _ends_a_paragraph(lines: list[str]) -> bool:
    """Is the last line text of a paragraph (neither blank nor a list item's first line)?"""
    return bool(lines) and bool(lines[-1].strip()) and not _ITEM.match(lines[-1])


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return blank_line_before_items(markdown)
