from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli

LAOCAI = str(SAMPLES / "laocai-2014.csv")
INVALID = str(SAMPLES / "laocai-2014-invalid.csv")


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_score_sample_with_bundled_default_criteria_as_table():
    result = run("score", LAOCAI, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "All units: 9 of 31 good (29%), 12 fair (39%), 10 average (32%)" in result.stdout
    assert "6 of 22 good (27%), 9 fair (41%), 7 average (32%)" in result.stdout


def test_score_json_matches_spec_summary():
    result = run("score", LAOCAI, "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["bands"] == {"good": 9, "fair": 12, "average": 10}
    assert data["index"]["scale"] == 100
    assert [u["rank"] for u in data["units"][:3]] == [1, 2, 3]


def test_score_piped_defaults_to_csv():
    result = run("score", LAOCAI)
    assert result.stdout.startswith("group,rank,id,name,score,percent,band,deductions,missing,")


def test_score_writes_the_format_of_the_extension(tmp_path):
    out = tmp_path / "ranking.md"
    result = run("score", LAOCAI, "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ICT application ranking")
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_score_unknown_extension_is_a_usage_error(tmp_path):
    result = run("score", LAOCAI, "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr


def test_invalid_sheet_is_refused_and_the_old_output_kept(tmp_path):
    out = tmp_path / "ranking.csv"
    out.write_text("previous ranking\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLES.joinpath("laocai-2014.csv").read_text(encoding="utf-8")
                   .replace(",93.3,", ",abc,", 1), encoding="utf-8")
    result = run("score", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert "nothing was scored" in result.stderr
    assert "row 2, column 'computers_pct': 'abc' is not a number" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "previous ranking\n"


def test_header_only_sheet_on_stdin_is_a_clear_error():
    result = run("score", "-", input=b"id,name\n")
    assert result.exit_code == 1
    assert "no data rows" in result.stderr


def test_sheet_on_stdin_is_scored():
    result = run("score", "-", "--format", "json", input=SAMPLES.joinpath("laocai-2014.csv")
                 .read_bytes())
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["units"]) == 31


def test_missing_data_file():
    result = run("score", "nope.csv")
    assert result.exit_code == 1 and "file not found" in result.stderr


def test_criteria_check_valid_and_invalid(tmp_path):
    result = run("criteria", "check", "laocai-2014")
    assert result.exit_code == 0 and ": valid — " in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncriteria:\n  - {id: a, wieght: 3, method: boolean}\n")
    result = run("criteria", "check", str(bad))
    assert result.exit_code == 1
    assert "criteria[0].wieght: unknown key `wieght` (did you mean `weight`?)" in result.stderr


POINTS_BRANCH = """\
name: Test
scale: 30
weights: points
criteria:
  - id: infra
    weight: 30
    criteria:
      - {id: a, weight: 10, method: linear, range: [0, 100]}
      - {id: b, weight: WEIGHT, method: METHOD, range: [0, 100]}
      - {id: c, weight: 5, method: linear, range: [0, 100]}
"""


@pytest.mark.parametrize(("weight", "method", "told"), [
    ("11", "lineer", "`lineer` is not allowed"),  # b is left out of the tree
    ("eleven", "linear", "expected a number, got `eleven`"),  # b's weight is unreadable
])
def test_a_branch_sum_waits_for_a_childs_other_error(tmp_path, weight, method, told):
    path = tmp_path / "c.yaml"
    path.write_text(POINTS_BRANCH.replace("WEIGHT", weight).replace("METHOD", method))
    result = run("criteria", "check", str(path))
    assert result.exit_code == 1 and told in result.stderr
    assert "add up to" not in result.stderr  # 15 or 16 said, where the file adds to 26
    path.write_text(POINTS_BRANCH.replace("WEIGHT", "11").replace("METHOD", "linear"))
    result = run("criteria", "check", str(path))
    assert "criteria under `infra` add up to 26, not its weight 30" in result.stderr


def test_criteria_show_prints_points_per_group():
    result = run("criteria", "show")
    assert result.exit_code == 0
    assert "commune_websites" in result.stdout and "only Districts and city" in result.stdout


def test_validate_reports_json_and_exit_code(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,group\nA,x,department\nA,y,mars\n", encoding="utf-8")
    result = run("validate", str(bad), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    codes = {(e["row"], e["code"]) for e in report["errors"]}
    assert (3, "duplicate-id") in codes and (3, "unknown-group") in codes
    assert (1, "missing-column") in codes


def test_validate_a_valid_sheet_as_table():
    result = run("validate", LAOCAI, "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"{LAOCAI}: valid"
    # the sample's five empty cells, scored 0, are said (notes, not warnings)
    assert sum(" empty-cell " in line for line in lines) == 6


def test_validate_table_with_errors_gives_totals_and_a_row_per_problem():
    result = run("validate", INVALID, "--format", "table")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{INVALID}: 11 errors, 2 warnings"
    assert sum(" not-a-number " in line for line in lines) == 1
    assert any(line.split("│")[:2] == [" 8   ", " online_services "] for line in lines)


def test_max_errors_lists_that_many_errors_every_warning_and_the_real_totals():
    table = run("validate", INVALID, "--format", "table", "--max-errors", "3")
    assert table.exit_code == 1
    assert table.stdout.splitlines()[0] == f"{INVALID}: 11 errors, 2 warnings"
    assert table.stderr == "... 8 more errors not shown (--max-errors)\n"
    report = json.loads(run("validate", INVALID, "--format", "json", "--max-errors", "3").stdout)
    assert (len(report["errors"]), len(report["warnings"]), report["truncated"]) == (3, 2, 8)
    assert report["valid"] is False
    rows = run("validate", INVALID, "--format", "csv", "--max-errors", "3").stdout.splitlines()
    assert len(rows) == 1 + 3 + 2


def test_validate_csv_output_and_folder(tmp_path):
    (tmp_path / "a.csv").write_text("id,x\n1,2\n", encoding="utf-8")
    result = run("validate", str(tmp_path), "--format", "csv", "-c", "undp-hdi")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "file,row,column,cell,severity,code,message"


def test_debug_shows_the_traceback():
    from ictrank.errors import SheetError

    result = run("--debug", "score", "nope.csv")
    assert isinstance(result.exception, SheetError)  # raised through, not turned into a message
    assert result.stderr == ""
    assert "file not found" in run("score", "nope.csv").stderr


def test_python_dash_m_runs():
    done = subprocess.run([sys.executable, "-m", "ictrank", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "score" in done.stdout


@pytest.mark.parametrize("args", [["score"], ["score", LAOCAI, "--format", "docx"]])
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_score_reads_xlsx_with_sheet_option(tmp_path):
    import openpyxl
    import pandas as pd

    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    ws = book.create_sheet("Indicators")
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([float(v) if v.replace(".", "", 1).isdigit() else v for v in row])
    path = tmp_path / "laocai.xlsx"
    book.save(path)
    from_xlsx = run("score", str(path), "--sheet", "Indicators", "--format", "json")
    from_csv = run("score", LAOCAI, "--format", "json")
    assert from_xlsx.exit_code == 0, from_xlsx.output
    assert json.loads(from_xlsx.stdout)["units"] == json.loads(from_csv.stdout)["units"]


def test_validate_xlsx_names_the_cell(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["iso3", "country", "le_2022", "eys_2022", "mys_2022", "gnipc_2022"])
    ws.append(["AAA", "A", 70, 12, 8, 5000])
    ws.append(["BBB", "B", "old", 12, 8, -5])
    path = tmp_path / "hdi.xlsx"
    book.save(path)
    result = run("validate", str(path), "-c", "undp-hdi", "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["row"], e["column"], e["cell"], e["code"]) for e in errors] == [
        (3, "gnipc_2022", "F3", "log-of-non-positive"),
        (3, "le_2022", "C3", "not-a-number"),
    ]


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=" ".join)
def test_every_command_has_help_that_ends_with_examples_of_itself(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    _, _, examples = result.stdout.partition("Examples:\n")
    assert examples, f"`ictrank {' '.join(path)} --help` has no Examples block"
    lines = [line.strip() for line in examples.split("\n\n")[0].splitlines()]
    assert lines and all(line.startswith(f"ictrank {' '.join(path)}") for line in lines), lines


def test_engine_warnings_reach_stderr_in_every_format(tmp_path):
    criteria = tmp_path / "c.yaml"
    criteria.write_text("name: t\ncriteria:\n  - {id: x, method: minmax}\n  - {id: y, method: boolean}\n")
    data = tmp_path / "d.csv"
    data.write_text("id,x,y\na,3,1\nb,3,0\n")
    for fmt in ("csv", "json", "markdown", "table", "html"):
        result = run("score", str(data), "-c", str(criteria), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "every unit has the same value" in result.stderr, fmt
        assert "[no-spread]" in result.stderr, fmt
