"""Regression tests for the hostile-input campaign: each case ran into an internal error, a
hang, an injection, a lost file or a silently wrong result before it was fixed. Every case
runs through the command line."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli

LAOCAI = SAMPLES / "laocai-2014.csv"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# --- data loss -----------------------------------------------------------------------------

def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path):
    data = tmp_path / "d.csv"
    shutil.copy(LAOCAI, data)
    before = data.read_bytes()
    result = run("score", data, "-o", data)
    assert result.exit_code == 2 and "would destroy the input" in result.stderr
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    assert run("score", link, "-o", data).exit_code == 2  # the same file under another name
    assert run("score", LAOCAI, "--previous", data, "-o", data).exit_code == 2
    assert data.read_bytes() == before


def test_collect_refuses_to_write_over_a_template(tmp_path):
    template = tmp_path / "t.xlsx"
    assert run("template", "-o", template).exit_code == 0
    before = template.read_bytes()
    result = run("collect", template, "-o", template)
    assert result.exit_code == 2 and template.read_bytes() == before


def test_standard_input_twice_is_a_usage_error():
    data = LAOCAI.read_bytes()
    assert run("score", "-", "--previous", "-", input=data).exit_code == 2
    assert run("validate", "-", "-", input=data).exit_code == 2


def test_a_negative_seed_is_a_usage_error():
    result = run("sensitivity", LAOCAI, "--seed", "-1", "--runs", "5")
    assert result.exit_code == 2 and "internal error" not in result.output
    ok = run("sensitivity", LAOCAI, "--seed", "0", "--runs", "5", "--format", "json")
    assert json.loads(ok.stdout)["seed"] == 0


# --- criteria files --------------------------------------------------------------------------

def criteria_file(tmp_path, text: str):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_band_colour_must_be_rrggbb_so_no_css_or_workbook_crash(tmp_path):
    for colour in ("red", "red;background-image:url(https://evil.example/t.png)"):
        path = criteria_file(tmp_path, "name: t\nbands:\n  - {id: good, min: 1, color: "
                             f'"{colour}"' "}\ncriteria:\n  - {id: a, method: boolean}\n")
        result = run("criteria", "check", path)
        assert result.exit_code == 1
        assert "bands[0].color" in result.stderr and "#rrggbb" in result.stderr
        assert run("score", LAOCAI, "-c", path, "-o", tmp_path / "r.xlsx").exit_code == 1


def test_a_group_no_criterion_applies_to_is_refused(tmp_path):
    path = criteria_file(tmp_path, "name: t\ngroups: {a: {}, b: {}}\ncriteria:\n"
                         "  - {id: x, method: boolean, applies_to: [a]}\n")
    result = run("criteria", "check", path)
    assert result.exit_code == 1
    assert "groups.b: no criterion applies to group `b`" in result.stderr


def test_deep_criteria_and_deep_yaml_are_clear_errors(tmp_path):
    deep = "name: t\ncriteria:\n" + "".join(
        "  " * i + f"- id: c{i}\n" + "  " * i + "  criteria:\n" for i in range(300))
    deep += "  " * 300 + "- {id: leaf, method: boolean}\n"
    result = run("criteria", "check", criteria_file(tmp_path, deep))
    assert result.exit_code == 1 and "nested more than" in result.stderr
    nested = "name: t\ncriteria: " + "[" * 10_000 + "]" * 10_000 + "\n"
    result = run("criteria", "check", criteria_file(tmp_path, nested))
    assert result.exit_code == 1 and "nested more than 64 levels deep" in result.stderr
    assert "internal error" not in result.output


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    result = run("criteria", "check", criteria_file(tmp_path, "\n".join(lines) + "\n"))
    assert result.exit_code == 1 and "aliases" in result.stderr


def test_yaml_errors_are_one_line_and_a_text_number_gets_a_hint(tmp_path):
    tagged = run("criteria", "check", criteria_file(tmp_path, "!!python/object:os.system x\n"))
    assert tagged.exit_code == 1 and len(tagged.stderr.splitlines()) == 2  # heading + one
    huge = run("criteria", "check", criteria_file(
        tmp_path, "name: t\ncriteria:\n  - {id: a, weight: 1e308, method: boolean}\n"))
    assert "write it 1.0e+308" in huge.stderr
    big = run("criteria", "check", criteria_file(
        tmp_path, "name: t\ncriteria:\n  - {id: a, weight: 1.0e+308, method: boolean}\n"))
    assert big.exit_code == 1 and "too large" in big.stderr
