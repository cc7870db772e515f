"""mkdocs hook: a docs page may link to a repository file outside docs/.

Such a link (`../benchmarks/README.md`) works when the Markdown is read in the repository; on
the site it leads to a copy of the file under `repository/`, outside the nav.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

FOLDER = "repository"
_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def _outside_target(page_uri: str, target: str, config: MkDocsConfig) -> Path | None:
    """The repository file `target` names from `page_uri`, if it lies outside docs/."""
    if re.match(r"[a-z]+:", target) or target.startswith("/"):
        return None
    docs = Path(config.docs_dir).resolve()
    linked = (docs / posixpath.dirname(page_uri) / target).resolve()
    if linked.is_relative_to(docs) or not linked.is_file():
        return None
    return linked


def _copy_uri(path: Path, config: MkDocsConfig) -> str:
    root = Path(config.docs_dir).resolve().parent
    return f"{FOLDER}/{path.relative_to(root).as_posix()}"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for page in list(files.documentation_pages()):
        markdown = Path(page.abs_src_path or "").read_text(encoding="utf-8")
        for link in _LINK.finditer(markdown):
            linked = _outside_target(page.src_uri, link["target"], config)
            if linked is None:
                continue
            uri = _copy_uri(linked, config)
            if files.get_file_from_path(uri) is None:
                files.append(
                    File.generated(
                        config, uri, abs_src_path=str(linked), inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    def rewrite(link: re.Match[str]) -> str:
        linked = _outside_target(page.file.src_uri, link["target"], config)
        if linked is None:
            return link[0]
        here = posixpath.dirname(page.file.src_uri) or "."
        target = posixpath.relpath(_copy_uri(linked, config), here)
        return f"]({target}{link['anchor'] or ''})"

    return _LINK.sub(rewrite, markdown)
