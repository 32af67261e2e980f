"""The documents' examples are true: docs/*.md are run as they are written.

In a document, a fenced block whose info string names a file (```yaml
criteria.yaml) is written to that file; a ```console block holds commands
(`$ ictrank ...`, with `# exit N` when it does not exit 0), each followed by
its exact output, where a last line `...` means "this is how the output begins". Every other ```yaml block must be valid
YAML. Commands run in a folder holding the written files and the repository's
samples/ and criteria/.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ictrank.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.M | re.S)


def blocks(doc: Path) -> list[tuple[str, str]]:
    return [(m.group(1).strip(), m.group(2)) for m in FENCE.finditer(doc.read_text("utf-8"))]


def run_console(block: str) -> None:
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, expected = chunk.partition("\n")
        status = re.search(r"#\s*exit (\d+)\s*$", command)
        args = shlex.split(command, comments=True)
        assert args[0] == "ictrank", command
        result = CliRunner().invoke(cli, args[1:])
        assert result.exit_code == (int(status.group(1)) if status else 0), (command,
                                                                             result.output)
        if expected.endswith("...\n"):
            assert result.stdout.startswith(expected.removesuffix("...\n")), command
        else:
            assert result.stdout == expected, command


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_example_of_the_document_runs_as_shown(doc, tmp_path, monkeypatch):
    for name in ("samples", "criteria"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    ran = 0
    namespace: dict[str, object] = {}  # one program: a later example uses an earlier import
    for info, body in blocks(doc):
        kind, _, file = info.partition(" ")
        if file:
            (tmp_path / file).write_text(body, encoding="utf-8")
        elif kind == "console":
            run_console(body)
            ran += 1
        elif kind == "yaml":
            yaml.safe_load(body)
        elif kind == "python":  # the API's examples run as a program would run them
            exec(compile(body, f"{doc.name} example", "exec"), namespace)
            ran += 1
    assert ran, f"{doc.name} shows no command"


def test_the_docs_exist_and_the_code_cites_them_not_a_spec_it_does_not_ship():
    assert {p.name for p in DOCS} >= {"criteria-format.md", "cli.md"}
    for path in (ROOT / "ictrank").rglob("*.py"):
        assert "SPEC" not in path.read_text("utf-8"), path
