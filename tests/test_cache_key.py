"""mypy keys its cache on `report_config_data`: any edit to the plugin's sources must change
the key, or a warm run would replay errors the edited plugin no longer gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import mypy_async_plugin
from mypy_async_plugin.cache_key import fingerprint_of, plugin_fingerprint

PACKAGE = Path(mypy_async_plugin.__file__).parent


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "mypy_async_plugin"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_copy_of_the_sources_has_the_installed_fingerprint(tmp_path: Path) -> None:
    assert fingerprint_of(str(_copy(tmp_path))) == plugin_fingerprint()


def test_one_character_changed_changes_the_fingerprint(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    rule = copy / "rules" / "awaiting.py"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(text.replace("await", "awaix", 1), encoding="utf-8")
    assert len(rule.read_bytes()) == len(text.encode())
    assert fingerprint_of(str(copy))["sources"] != plugin_fingerprint()["sources"]


def test_a_module_renamed_or_added_changes_the_fingerprint(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "rules" / "awaiting.py").rename(copy / "rules" / "awaited.py")
    renamed = fingerprint_of(str(copy))["sources"]
    assert renamed != plugin_fingerprint()["sources"]
    (copy / "rules" / "extra.py").write_text("", encoding="utf-8")
    assert fingerprint_of(str(copy))["sources"] not in (renamed, plugin_fingerprint()["sources"])


def test_files_other_than_python_sources_do_not_count(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "notes.txt").write_text("not a source", encoding="utf-8")
    assert fingerprint_of(str(copy)) == plugin_fingerprint()
