"""Each error code's docs page, as shipped inside the package.

`mypy_async_plugin/code_pages` is a link to `docs/codes`: a checkout reads the pages through
it, and a build copies them into the package, so an installed plugin has them too.
"""

from __future__ import annotations

from importlib.resources import files

PACKAGE = "mypy_async_plugin"
FOLDER = "code_pages"


def page_text(code: str) -> str:
    """The Markdown of `code`'s page; `FileNotFoundError` if it has none."""
    return (files(PACKAGE) / FOLDER / f"{code}.md").read_text(encoding="utf-8")
