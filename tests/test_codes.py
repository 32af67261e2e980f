"""The catalogue of problem codes: one place, complete, and the README's list is it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from ictrank.cli import cli
from ictrank.codes import Code

ROOT = Path(__file__).resolve().parents[1]


def test_every_code_is_kebab_case_with_a_severity_and_both_descriptions():
    for code in Code:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code.value), code
        assert code.severity in ("error", "warning", "info")
        assert code.area in ("criteria", "sheet", "engine", "run")
        assert code.describe("en") and code.describe("vi")
        assert code.describe("en") != code.describe("vi")


def test_the_readme_list_of_codes_is_exactly_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- codes:[^\n]*-->\n(.*?)<!-- /codes -->", readme, re.S)
    assert block is not None, "the README has lost its codes block"
    printed = CliRunner().invoke(cli, ["codes", "--format", "markdown"])
    assert printed.exit_code == 0
    assert block.group(1) == printed.stdout
    listed = re.findall(r"^\| `([a-z-]+)` \|", block.group(1), re.M)
    assert listed == [c.value for c in Code]


def test_no_module_writes_a_code_as_a_bare_string():
    values = {c.value for c in Code}
    for path in sorted((ROOT / "ictrank").rglob("*.py")):
        if path.name == "codes.py":
            continue
        literals = set(re.findall(r"""["']([a-z]+(?:-[a-z]+)+)["']""", path.read_text("utf-8")))
        assert not literals & values, f"{path.name} spells {literals & values} by hand"


def test_codes_json_and_vietnamese_table():
    result = CliRunner().invoke(cli, ["codes", "--format", "json"])
    data = json.loads(result.stdout)
    assert [d["code"] for d in data] == [c.value for c in Code]
    blank = next(d for d in data if d["code"] == "blank-row")
    assert blank["severity"] == "warning" and blank["area"] == "sheet"
    assert blank["description"]["vi"].startswith("dòng trống")
    table = CliRunner().invoke(cli, ["codes", "--format", "table", "--lang", "vi"])
    assert table.exit_code == 0 and "mức độ" in table.stdout and "cảnh báo" in table.stdout
