"""Columns the analyst adds (SPEC §7.4): `--join FILE` by unit id."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ictrank.cli import cli

CRITERIA = """name: Joined index
scale: 100
criteria:
  - {id: a, method: linear, range: [0, 100]}
deductions:
  - {id: late, title: Late reports, column: late, points_each: 2, max_points: 10}
"""
DATA = "id,name,a\nSNV,Sở Nội vụ,80\nSYT,Sở Y tế,70\nSTC,Sở Tài chính,60\n"


def _files(tmp_path, joined: str, data: str = DATA, name: str = "late.csv"):
    (tmp_path / "c.yaml").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "d.csv").write_text(data, encoding="utf-8")
    (tmp_path / name).write_text(joined, encoding="utf-8")
    return str(tmp_path / "d.csv"), str(tmp_path / "c.yaml"), str(tmp_path / name)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_joined_column_counts_as_if_the_sheet_had_it(tmp_path):
    # ids matched whatever their case, spaces or Unicode form; the data's spelling is kept
    data, crit, late = _files(tmp_path, "id,late\n snv ,1\nsyt,3\n")
    result = _run("score", data, "-c", crit, "--join", late, "--format", "json")
    assert result.exit_code == 0, result.output
    units = {u["id"]: (u["score"], u["deductions"]) for u in json.loads(result.stdout)["units"]}
    assert units == {"SNV": (78.0, 2.0), "SYT": (64.0, 6.0), "STC": (60.0, 0.0)}


def test_an_id_of_the_joined_sheet_not_in_the_data_is_a_warning_at_its_row(tmp_path):
    data, crit, late = _files(tmp_path, "id,late\nSNV,1\nSXD,2\n")
    result = _run("validate", data, "-c", crit, "--join", late, "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = [w for w in json.loads(result.stdout)["warnings"]
                if w["code"] == "join-unknown-id"]
    assert [(w["file"], w["row"], w["column"]) for w in warnings] == [(late, 3, "id")]
    assert "'SXD'" in warnings[0]["message"]


def test_a_value_the_data_holds_otherwise_is_a_conflict_naming_both_cells(tmp_path):
    data, crit, late = _files(tmp_path, "id,late\nSNV,3\nSYT,2.0\n",
                              data=DATA.replace("id,name,a", "id,name,a,late")
                              .replace(",80", ",80,1").replace(",70", ",70,2")
                              .replace(",60", ",60,"))
    result = _run("score", data, "-c", crit, "--join", late, "--format", "csv")
    assert result.exit_code == 1
    # SYT's 2 and 2.0 are the same number: no conflict; SNV's 1 and 3 are
    assert result.stderr.count("join-conflict") == 1
    assert f"d.csv, row 2, column 'late': '1' here, but '3' in {late} (column 'late', row 2)" \
        in result.stderr.replace("\n", " ").replace("  ", " ")


def test_a_joined_sheet_is_read_with_its_own_decimal_mark(tmp_path):
    data, crit, late = _files(tmp_path, "id;late\nSNV;1,5\nSYT;0,5\n")
    result = _run("score", data, "-c", crit, "--join", late, "--format", "json")
    assert result.exit_code == 0, result.output
    units = {u["id"]: u["deductions"] for u in json.loads(result.stdout)["units"]}
    assert units == {"SNV": 3.0, "SYT": 1.0, "STC": 0.0}


def test_a_bad_joined_cell_is_reported_in_the_joined_file(tmp_path):
    data, crit, late = _files(tmp_path, "id,late\nSNV,abc\n")
    result = _run("validate", data, "-c", crit, "--join", late, "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["file"], e["row"], e["column"], e["code"]) for e in errors] == [
        (late, 2, "late", "not-a-number")]


def test_a_joined_sheet_without_the_id_column_is_an_error(tmp_path):
    data, crit, late = _files(tmp_path, "unit,late\nSNV,1\n")
    result = _run("validate", data, "-c", crit, "--join", late, "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    # the joined sheet names no unit, so the data also lacks its column `late`
    assert [(e["file"], e["code"]) for e in errors] == [(data, "missing-column"),
                                                        (late, "missing-column")]
    assert "a joined sheet needs the id column 'id'" in errors[1]["message"]


def test_an_id_twice_in_a_joined_sheet_is_an_error(tmp_path):
    data, crit, late = _files(tmp_path, "id,late\nSNV,1\nsnv,2\n")
    result = _run("score", data, "-c", crit, "--join", late)
    assert result.exit_code == 1 and "duplicate-id" in result.stderr


def test_explain_and_sensitivity_read_the_joined_columns_and_previous_does_not(tmp_path):
    data, crit, late = _files(tmp_path, "id,late\nSNV,5\n")
    explained = _run("explain", "SNV", data, "-c", crit, "--join", late, "--format", "json")
    assert json.loads(explained.stdout)["unit"]["deductions"] == 10.0
    spread = _run("sensitivity", data, "-c", crit, "--join", late, "--runs", "20",
                  "--format", "json")
    assert spread.exit_code == 0, spread.output
    # last round's sheet is compared as it was: without this round's joined counts
    (tmp_path / "old.csv").write_text(DATA.replace("a\n", "a,late\n"), encoding="utf-8")
    compared = _run("score", data, "-c", crit, "--join", late, "--previous",
                    str(tmp_path / "old.csv"), "--format", "json")
    snv = next(u for u in json.loads(compared.stdout)["units"] if u["id"] == "SNV")
    assert snv["score"] == 70.0 and snv["previous"]["score"] == 80.0


def test_a_joined_column_no_criterion_reads_is_a_warning_at_the_joined_header(tmp_path):
    data, crit, late = _files(tmp_path, "id,late,lates\nSNV,1,2\n")
    result = _run("validate", data, "-c", crit, "--join", late, "--format", "json")
    unused = [(w["file"], w["row"], w["column"]) for w in json.loads(result.stdout)["warnings"]
              if w["code"] == "unknown-column"]
    assert unused == [(late, 1, "lates")]
