"""The `async_kinds` package: nothing to import at run time, and documented alias by alias."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STUB = ROOT / "stubs" / "async_kinds" / "__init__.pyi"
PAGE = ROOT / "docs" / "async-kinds.md"


def stub_aliases() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {
        node.target.id
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and not node.target.id.startswith("_")
    }


def test_importing_at_run_time_says_to_use_type_checking() -> None:
    with pytest.raises(ImportError, match=r"import its names under 'if typing\.TYPE_CHECKING:'"):
        importlib.import_module("async_kinds")


def test_docs_page_lists_every_alias_and_no_other() -> None:
    table = PAGE.read_text(encoding="utf-8").split("## The aliases", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)\[", table, flags=re.MULTILINE))
    assert documented == stub_aliases()
