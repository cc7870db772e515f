"""A docs page's Markdown, made readable in a terminal without a browser.

Headings are underlined, links keep their text, HTML comments (the test markers of the
pages) go, and fenced code blocks keep every line, indented instead of fenced. The rest of
the Markdown is left as written: it reads well as it is.
"""

from __future__ import annotations

import re

CODE_INDENT = "    "
UNDERLINES = {1: "=", 2: "-"}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\([^)\s]+\)")
_HEADING = re.compile(r"^(?P<level>#{1,6}) (?P<title>.+)$")


def for_terminal(markdown: str) -> str:
    """The page as plain text: paragraphs and code blocks one blank line apart."""
    blocks: list[list[str]] = []
    prose: list[str] = []
    code: list[str] | None = None
    code_indent = ""
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if code is None and fence is None:
            prose.append(line)
        elif code is None and fence is not None:
            blocks += _paragraphs("\n".join(prose))
            prose, code, code_indent = [], [], fence["indent"]
        elif fence is not None:
            blocks.append(code or [""])
            code = None
        else:
            assert code is not None
            kept = line[len(code_indent) :] if line.startswith(code_indent) else line.lstrip()
            code.append(f"{code_indent}{CODE_INDENT}{kept}".rstrip())
    blocks += _paragraphs("\n".join(prose))
    if code:  # a fence left open runs to the end of the page, as in CommonMark
        blocks.append(code)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _paragraphs(text: str) -> list[list[str]]:
    """Prose split at blank lines and headings, comments gone, links reduced to their text."""
    paragraphs: list[list[str]] = [[]]
    for line in _COMMENT.sub("", text).splitlines():
        line = _LINK.sub(r"\g<text>", line).rstrip()
        heading = _HEADING.match(line)
        if heading is not None:
            title = heading["title"]
            underline = UNDERLINES.get(len(heading["level"]))
            paragraphs += [[title] if underline is None else [title, underline * len(title)], []]
        elif line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]
