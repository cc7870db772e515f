"""The guide pages (installation, usage, pre-commit and CI) show real output.

Each shown output is compared with what the command prints now: mypy's text and JSON output for
a page's program, the `codes` and `explain` commands, and the GitHub Actions annotation step.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import mypy.api
import pytest
import yaml
from mypy.version import __version__ as mypy_version

from mypy_async_plugin.catalogue import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = "[mypy]\nplugins = mypy_async_plugin\nstrict = True\n"


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of `language` in `text`, unindented, in order."""
    found = re.findall(
        rf"^(?P<indent>[ ]*)```{language}\n(.*?)^(?P=indent)```$", text, re.MULTILINE | re.DOTALL
    )
    return [
        "".join(line[len(indent) :] for line in body.splitlines(keepends=True))
        for indent, body in found
    ]


def python_block_after(text: str, words: str) -> str:
    """The first ```python block after `words`."""
    return blocks(text.split(words, 1)[1], "python")[0]


class Checker:
    """Runs mypy in-process, with the plugin and `--strict`, in a directory of the test's own."""

    def __init__(self, directory: Path, cache: Path) -> None:
        self.directory = directory
        self.cache = cache

    def __call__(self, source: str, *flags: str, name: str = "snippet.py") -> str:
        """mypy's stdout for `source`, saved as `name`."""
        (self.directory / name).write_text(source, encoding="utf-8")
        (self.directory / "mypy.ini").write_text(CONFIG, encoding="utf-8")
        arguments = ["--config-file", "mypy.ini", "--cache-dir", str(self.cache), *flags, name]
        stdout, stderr, _ = mypy.api.run(arguments)
        assert stderr == ""
        return stdout


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("guides-mypy-cache")


@pytest.fixture
def check(tmp_path: Path, mypy_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Checker:
    monkeypatch.chdir(tmp_path)
    return Checker(tmp_path, mypy_cache)


def await_async_generator_example() -> str:
    return python_block_after(page("codes/await-async-generator.md"), "<!-- before -->")


def command_line(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy_async_plugin", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# installation.md


def test_installation_check_program_gets_the_plugin_code(check: Checker) -> None:
    source = python_block_after(page("installation.md"), "save an `await` of an async generator")
    output = check(source, name="check_plugin.py")
    assert output.splitlines()[0].endswith("  [await-async-generator]")
    assert output.splitlines()[1] == "Found 1 error in 1 file (checked 1 source file)"


# usage.md


def test_usage_text_output(check: Checker) -> None:
    shown = blocks(page("usage.md").split("## Run mypy", 1)[1], "text")[0]
    assert check(await_async_generator_example()) == shown


@pytest.mark.skipif(
    tuple(int(part) for part in mypy_version.split(".")[:2]) < (1, 11),
    reason="-O json arrived in mypy 1.11",
)
def test_usage_json_output(check: Checker) -> None:
    shown = json.loads(blocks(page("usage.md"), "json")[0])
    output = check(await_async_generator_example(), "-O", "json")
    printed = [json.loads(line) for line in output.splitlines()]
    assert len(printed) == 1
    # Older mypy releases print fewer fields (no end_line/end_column); those it prints agree.
    assert printed[0] == {key: shown[key] for key in printed[0]}
    assert printed[0]["code"] == "await-async-generator"


def test_usage_codes_sample_matches_the_command() -> None:
    shown = blocks(page("usage.md").split("## Look up a code", 1)[1], "text")[0].splitlines()
    assert shown[-1] == "..."
    printed = command_line("codes").stdout.splitlines()
    # Column widths follow the longest code, so compare the words of each line.
    assert [line.split() for line in shown[:-1]] == [
        line.split() for line in printed[: len(shown) - 1]
    ]
    assert len(printed) == len(CATALOGUE) + 1


def test_usage_unknown_code_sample_matches_the_command() -> None:
    shown = blocks(page("usage.md").split("## Look up a code", 1)[1], "text")[1].splitlines()
    prompt = "$ python -m mypy_async_plugin "
    assert shown[0].startswith(prompt)
    done = command_line(*shown[0][len(prompt) :].split())
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == shown[1:]


# pre-commit-and-ci.md


def test_pre_commit_config_uses_mirrors_mypy_with_the_plugin() -> None:
    config = yaml.safe_load(blocks(page("pre-commit-and-ci.md"), "yaml")[0])
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/pre-commit/mirrors-mypy"
    (hook,) = repo["hooks"]
    assert hook["id"] == "mypy"
    assert hook["additional_dependencies"] == ["mypy-async-plugin"]
    git_form = yaml.safe_load(blocks(page("pre-commit-and-ci.md"), "yaml")[1])
    (requirement,) = git_form["additional_dependencies"]
    assert requirement.startswith("mypy-async-plugin @ git+https://")


def test_pre_commit_output_is_the_plugin_error_for_the_installation_program(
    check: Checker,
) -> None:
    shown = blocks(page("pre-commit-and-ci.md"), "text")[0].splitlines()
    source = python_block_after(page("installation.md"), "save an `await` of an async generator")
    printed = check(source, name="app.py").splitlines()
    assert shown[-2:] == printed


def test_github_actions_workflow_runs_mypy() -> None:
    workflow = yaml.safe_load(blocks(page("pre-commit-and-ci.md"), "yaml")[2])
    steps = workflow["jobs"]["mypy"]["steps"]
    assert [step.get("uses") for step in steps[:2]] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
    ]
    assert "mypy-async-plugin" in steps[2]["run"]
    assert steps[3]["run"] == "mypy src/"


@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq, as GitHub's runners have")
def test_github_annotation_step_turns_errors_into_workflow_commands(tmp_path: Path) -> None:
    (step,) = yaml.safe_load(blocks(page("pre-commit-and-ci.md"), "yaml")[3])
    assert step["shell"] == "bash"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(await_async_generator_example(), encoding="utf-8")
    (tmp_path / "mypy.ini").write_text(CONFIG, encoding="utf-8")
    mypy_folder = str(Path(sys.executable).parent)
    done = subprocess.run(
        # GitHub runs a `shell: bash` step as `bash --noprofile --norc -eo pipefail {0}`.
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={"PATH": f"{mypy_folder}:/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.startswith(
        "::error file=src/app.py,line=10,col=18,title=mypy [await-async-generator]::"
        '"fetch_rows" is an async generator function'
    )
