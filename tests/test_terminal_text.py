"""Markdown pages made readable in a terminal (`python -m mypy_async_plugin explain`)."""

from __future__ import annotations

from mypy_async_plugin.terminal_text import for_terminal

PAGE = """\
# some-code

One line of summary, with a [link](other.md) and `code`.

## Example

<!-- before -->
```python
import asyncio


async def main() -> None:
    await asyncio.sleep(0)
```

<!-- min-mypy: 1.18 -->

## Silencing it

- A list item that goes on
  over two lines:

  ```ini
  [mypy]
  disable_error_code = some-code
  ```

  More of the item.

### A minor heading
Text right under it.
"""

AS_TEXT = """\
some-code
=========

One line of summary, with a link and `code`.

Example
-------

    import asyncio


    async def main() -> None:
        await asyncio.sleep(0)

Silencing it
------------

- A list item that goes on
  over two lines:

      [mypy]
      disable_error_code = some-code

  More of the item.

A minor heading

Text right under it.
"""


def test_page_as_terminal_text() -> None:
    assert for_terminal(PAGE) == AS_TEXT


def test_comments_inside_prose_lines_go_too() -> None:
    assert for_terminal("Before <!-- a note --> after.\n") == "Before  after.\n"


def test_an_unclosed_fence_keeps_its_lines() -> None:
    assert for_terminal("Text.\n\n```\nleft open\n") == "Text.\n\n    left open\n"
