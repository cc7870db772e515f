"""mkdocs hook: Markdown that the site would show as raw text fails the strict build.

Python-Markdown differs from GitHub's renderer: a list item right after a paragraph line
(no blank line between) stays text, and a fence it cannot place shows its backticks. Both
read fine on GitHub, so only the built HTML shows them.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


log = logging.getLogger("mkdocs.hooks.rendering_guard")

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_LIST_ITEM_AS_TEXT = re.compile(r"\n\s*(?:[-*+]|\d+\.) ")


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: object) -> str:
    for paragraph in _PARAGRAPH.findall(html):
        if _LIST_ITEM_AS_TEXT.search(paragraph):
            shown = paragraph.strip().splitlines()[0]
            log.warning(
                "%s: a list item is rendered as text in the paragraph starting %r; "
                "put a blank line before it",
                page.file.src_uri,
                shown,
            )
        if "```" in paragraph:
            log.warning(
                "%s: a code fence is rendered as text in %r",
                page.file.src_uri,
                paragraph.strip()[:80],
            )
    return html
