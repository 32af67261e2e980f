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
