"""mkdocs hook: the "Error codes" section of the nav lists every catalogue code, in order.

`mkdocs.yml` names the section with an empty list; the catalogue fills it, so a new code's
page joins the site without an edit here (and `mkdocs build --strict` fails on a page that
is in no nav section).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mypy_async_plugin.catalogue import CATALOGUE

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

SECTION = "Error codes"


def code_entries() -> list[dict[str, str]]:
    return [{entry.code: f"codes/{entry.code}.md"} for entry in CATALOGUE]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    nav: list[Any] = config.nav or []
    sections = [item for item in nav if isinstance(item, dict) and SECTION in item]
    if len(sections) != 1 or sections[0][SECTION] != []:
        raise ValueError(f"mkdocs.yml: the nav needs one empty section `- {SECTION}: []`")
    sections[0][SECTION] = code_entries()
    return config
