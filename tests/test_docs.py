"""The docs agree with the catalogue, and every code's page with what the plugin reports.

Each page `docs/codes/<code>.md` marks its snippets with HTML comments, each on the line before
a fenced block:

- `<!-- before -->`: the ```python example of `## Example`;
- `<!-- expected -->`: the ```text block of `## What mypy says`, the plugin's exact output for it;
- `<!-- plain -->`: the ```text block of plain mypy's output for it (checked by line and code
  only, since mypy's own wording changes between versions); it is empty when plain mypy
  reports nothing at all for the example (then plain mypy must check it clean);
- `<!-- after -->`: the ```python fix of `## Use instead`, which must check clean.

A page may also say `<!-- min-mypy: X.Y -->` when the plugin reports its example only from that
mypy version on; the checks of the plugin's output are skipped on older versions.

mypy runs in-process (`mypy.api.run`) on `snippet.py` in the test's `tmp_path`, with one cache
directory per configuration for the whole session, so only the standard library is cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import mypy.api
import pytest
from mypy.version import __version__ as mypy_version

from mypy_async_plugin.catalogue import CATALOGUE, Diagnostic

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = DOCS / "codes"
CODE_TESTS = ROOT / "tests" / "codes"
INDEX = DOCS / "index.md"

BY_CODE: dict[str, Diagnostic] = {entry.code: entry for entry in CATALOGUE}
CODES = list(BY_CODE)

SECTIONS = (
    "What it catches",
    "Why it is wrong",
    "Example",
    "What mypy says",
    "Use instead",
    "Silencing it",
    "Related codes",
)
SNIPPET = "snippet.py"
CONFIG = "mypy.ini"
PLUGIN_CONFIG = "[mypy]\nplugins = mypy_async_plugin\nstrict = True\nshow_column_numbers = True\n"
PLAIN_CONFIG = "[mypy]\nstrict = True\nshow_column_numbers = True\n"
SUCCESS = "Success: no issues found in 1 source file"

ERROR_LINE = re.compile(r"^snippet\.py:(?P<line>\d+):\d+: error: .*  \[(?P<code>[a-z-]+)\]$")
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def version_tuple(version: str) -> tuple[int, ...]:
    """`(1, 18)` for "1.18"; `(2, 4, 1)` for "2.4.1+dev.abc"."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


MYPY_VERSION = version_tuple(mypy_version)


@dataclass(frozen=True)
class Page:
    """One code's docs page."""

    code: str
    text: str

    @classmethod
    def of(cls, code: str) -> Page:
        return cls(code, (PAGES / f"{code}.md").read_text(encoding="utf-8"))

    def block(self, marker: str, language: str) -> str:
        """The fenced block of `language` right after the line `<!-- marker -->`."""
        pattern = rf"^<!-- {marker} -->\n```{language}\n(.*?)^```$"
        found = re.findall(pattern, self.text, re.MULTILINE | re.DOTALL)
        assert len(found) == 1, (
            f"docs/codes/{self.code}.md needs exactly one ```{language} block right after "
            f"`<!-- {marker} -->`; found {len(found)}"
        )
        block: str = found[0]
        return block

    def section(self, title: str) -> str:
        """The text under `## title`, up to the next `## ` heading."""
        start = self.text.index(f"\n## {title}\n")
        end = self.text.find("\n## ", start + 1)
        return self.text[start : end if end != -1 else len(self.text)]

    def headings(self) -> list[str]:
        """The page's headings, outside code blocks."""
        prose = FENCE.sub("", self.text)
        return [line for line in prose.splitlines() if line.startswith("#")]

    @property
    def before(self) -> str:
        return self.block("before", "python")

    @property
    def after(self) -> str:
        return self.block("after", "python")

    @property
    def expected(self) -> list[str]:
        return self.block("expected", "text").splitlines()

    @property
    def plain(self) -> list[str]:
        return self.block("plain", "text").splitlines()

    @property
    def min_mypy(self) -> tuple[int, ...] | None:
        found = re.search(r"^<!-- min-mypy: ([0-9.]+) -->$", self.text, re.MULTILINE)
        return version_tuple(found.group(1)) if found else None

    def skip_if_mypy_too_old(self) -> None:
        if self.min_mypy is not None and self.min_mypy > MYPY_VERSION:
            shown = ".".join(map(str, self.min_mypy))
            pytest.skip(f"the plugin reports this example from mypy {shown} on")


def errors_by_line(lines: list[str]) -> dict[int, list[str]]:
    """The error codes on each line of mypy output (notes left out)."""
    found: dict[int, list[str]] = {}
    for line in lines:
        match = ERROR_LINE.match(line)
        if match is not None:
            found.setdefault(int(match["line"]), []).append(match["code"])
    return found


@dataclass(frozen=True)
class Mypy:
    """Runs mypy in-process on one snippet, with or without the plugin."""

    caches: Path

    def check(self, directory: Path, source: str, *, plugin: bool = True) -> list[str]:
        """mypy's output lines for `source` saved as snippet.py in `directory` (the cwd)."""
        (directory / SNIPPET).write_text(source, encoding="utf-8")
        (directory / CONFIG).write_text(PLUGIN_CONFIG if plugin else PLAIN_CONFIG)
        cache = self.caches / ("plugin" if plugin else "plain")
        stdout, stderr, _ = mypy.api.run(
            ["--config-file", CONFIG, "--cache-dir", str(cache), SNIPPET]
        )
        assert stderr == "", stderr
        return stdout.splitlines()


def diagnostics(output: list[str]) -> list[str]:
    """The output without mypy's closing summary line."""
    assert output, "mypy printed nothing"
    assert output[-1].startswith(("Found ", "Success: ")), output[-1]
    return output[:-1]


@pytest.fixture(scope="session")
def mypy_caches(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-caches")


@pytest.fixture
def run_mypy(mypy_caches: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Mypy:
    monkeypatch.chdir(tmp_path)
    return Mypy(mypy_caches)


# The catalogue, the pages and the tests name the same codes.


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_page(code: str) -> None:
    assert (ROOT / BY_CODE[code].docs_page).is_file(), f"no docs page for {code}"


def test_every_page_is_for_a_catalogue_code() -> None:
    pages = {path.stem for path in PAGES.glob("*.md")}
    assert sorted(pages - set(CODES)) == [], "pages for codes the catalogue does not have"


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_tests(code: str) -> None:
    assert (CODE_TESTS / f"test_{code}.yml").is_file(), f"no tests/codes/test_{code}.yml"


@pytest.mark.parametrize("code", CODES)
def test_index_lists_the_code(code: str) -> None:
    rows = [
        line
        for line in INDEX.read_text(encoding="utf-8").splitlines()
        if f"(codes/{code}.md)" in line
    ]
    assert rows, f"docs/index.md does not link codes/{code}.md"
    assert any(BY_CODE[code].summary in row for row in rows), (
        f"docs/index.md does not give {code}'s catalogue summary beside its link"
    )


def test_index_lists_no_other_code() -> None:
    linked = set(re.findall(r"\(codes/([^)/]+)\.md\)", INDEX.read_text(encoding="utf-8")))
    assert sorted(linked - set(CODES)) == []


# Every page has the same layout.


@pytest.mark.parametrize("code", CODES)
def test_page_layout(code: str) -> None:
    page = Page.of(code)
    lines = page.text.splitlines()
    assert lines[0] == f"# {code}"
    assert lines[2] == BY_CODE[code].summary, "the line under the title is the catalogue summary"
    assert page.headings() == [f"# {code}", *(f"## {title}" for title in SECTIONS)]
    assert "<!-- before -->" in page.section("Example")
    assert "<!-- expected -->" in page.section("What mypy says")
    assert "<!-- plain -->" in page.section("What mypy says")
    assert "<!-- after -->" in page.section("Use instead")
    silencing = page.section("Silencing it")
    assert f"# type: ignore[{code}]" in silencing
    assert f"disable_error_code = {code}" in silencing
    assert f'# mypy: disable-error-code="{code}"' in silencing


@pytest.mark.parametrize("code", CODES)
def test_related_codes_are_other_codes(code: str) -> None:
    related = re.findall(r"\]\(([^)]+)\.md\)", Page.of(code).section("Related codes"))
    assert related, "no related codes"
    assert sorted(set(related) - set(CODES)) == []
    assert code not in related


# The snippets say what the page says they do.


@pytest.mark.parametrize("code", CODES)
def test_before_gives_the_expected_errors(code: str, run_mypy: Mypy, tmp_path: Path) -> None:
    page = Page.of(code)
    page.skip_if_mypy_too_old()
    expected = page.expected
    assert expected, "the expected block is empty"
    assert all(line.endswith(f"  [{code}]") for line in expected), (
        f"the example should show {code}, and only {code}"
    )
    assert diagnostics(run_mypy.check(tmp_path, page.before)) == expected


@pytest.mark.parametrize("code", CODES)
def test_after_is_clean(code: str, run_mypy: Mypy, tmp_path: Path) -> None:
    assert run_mypy.check(tmp_path, Page.of(code).after) == [SUCCESS]


@pytest.mark.parametrize("code", CODES)
def test_plain_mypy_block(code: str, run_mypy: Mypy, tmp_path: Path) -> None:
    """Plain mypy reports the example on the lines and under the codes the page shows."""
    page = Page.of(code)
    output = run_mypy.check(tmp_path, page.before, plugin=False)
    if not page.plain:
        assert output == [SUCCESS], "the plain mypy block is empty, but plain mypy reports errors"
        return
    shown = errors_by_line(page.plain)
    assert shown, "the plain mypy block shows no error"
    assert errors_by_line(output) == shown
    for codes in shown.values():
        assert set(codes) <= set(BY_CODE[code].refines), "plain mypy's code is not in `refines`"


@pytest.mark.parametrize("ignored", ["plugin code", "plain mypy code"])
@pytest.mark.parametrize("code", CODES)
def test_ignores_silence_the_example(
    code: str, ignored: str, run_mypy: Mypy, tmp_path: Path
) -> None:
    """`# type: ignore[<code>]`, and an ignore written for plain mypy, leave nothing to report."""
    page = Page.of(code)
    plain = errors_by_line(page.plain)
    if ignored == "plugin code":
        page.skip_if_mypy_too_old()
        ignores = {line: [code] for line in errors_by_line(page.expected)}
    else:
        if not plain:
            pytest.skip("plain mypy reports nothing for this example: there is no ignore to keep")
        ignores = plain
    source = page.before.splitlines()
    for line, codes in ignores.items():
        source[line - 1] += f"  # type: ignore[{', '.join(sorted(set(codes)))}]"
    assert run_mypy.check(tmp_path, "\n".join(source) + "\n") == [SUCCESS]


# Links between the docs pages lead somewhere.


def slug(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading (GitHub's rules, simplified)."""
    text = heading.lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


DOC_FILES = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))


@pytest.mark.parametrize("name", DOC_FILES)
def test_links_resolve(name: str) -> None:
    path = DOCS / name
    prose = FENCE.sub("", path.read_text(encoding="utf-8"))
    for match in LINK.finditer(prose):
        target = match["target"]
        if re.match(r"[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        assert linked.exists(), f"{name}: broken link {target}"
        if anchor:
            headings = FENCE.sub("", linked.read_text(encoding="utf-8")).splitlines()
            anchors = {slug(line) for line in headings if line.startswith("#")}
            assert anchor in anchors, f"{name}: no heading for #{anchor} in {file_part or name}"
