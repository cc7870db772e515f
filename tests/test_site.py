"""The docs site's configuration (mkdocs.yml and mkdocs_hooks/) covers every page.

CI builds the site with `mkdocs build --strict`, which fails on a page left out of the nav;
these tests say the same earlier, without mkdocs installed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from mypy_async_plugin.catalogue import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "mkdocs_hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nav_pages(nav: list[Any]) -> list[str]:
    pages: list[str] = []
    for item in nav:
        target = next(iter(item.values())) if isinstance(item, dict) else item
        pages += nav_pages(target) if isinstance(target, list) else [target]
    return pages


def test_nav_lists_every_page_outside_codes_once() -> None:
    listed = nav_pages(CONFIG["nav"])
    pages = sorted(path.name for path in DOCS.glob("*.md"))
    assert sorted(listed) == pages, "every docs/*.md page belongs in mkdocs.yml's nav, once"


def test_hooks_are_all_listed() -> None:
    hooks = sorted(
        path.relative_to(ROOT).as_posix() for path in (ROOT / "mkdocs_hooks").glob("*.py")
    )
    assert sorted(CONFIG["hooks"]) == hooks


def test_error_codes_section_is_filled_from_the_catalogue() -> None:
    code_pages_nav = hook("code_pages_nav")
    assert [
        item for item in CONFIG["nav"] if isinstance(item, dict) and code_pages_nav.SECTION in item
    ] == [{code_pages_nav.SECTION: []}]
    entries = code_pages_nav.code_entries()
    assert entries == [{entry.code: f"codes/{entry.code}.md"} for entry in CATALOGUE]
    assert sorted(next(iter(entry.values())) for entry in entries) == sorted(
        f"codes/{path.name}" for path in (DOCS / "codes").glob("*.md")
    )


def test_list_items_after_a_paragraph_line_get_a_blank_line() -> None:
    blank_line_before_items = hook("commonmark_lists").blank_line_before_items
    markdown = (
        "Text:\n"
        "- one\n"
        "- two\n"
        "  goes on\n"
        "\n"
        "  A second paragraph.\n"
        "- three\n"
        "1. first\n"
        "```text\n"
        "not a paragraph\n"
        "- inside a code block\n"
        "```\n"
    )
    assert blank_line_before_items(markdown) == (
        "Text:\n"
        "\n"
        "- one\n"
        "- two\n"
        "  goes on\n"
        "\n"
        "  A second paragraph.\n"
        "\n"
        "- three\n"
        "1. first\n"
        "```text\n"
        "not a paragraph\n"
        "- inside a code block\n"
        "```\n"
    )
