"""The Python API used as a program would use it (docs/api.md): the same results as the
command line, errors as exceptions, nothing printed."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner

import ictrank
from conftest import SAMPLES
from ictrank.cli import cli

LAOCAI = str(SAMPLES / "laocai-2014.csv")
LAOCAI_2015 = str(SAMPLES / "laocai-2015.csv")


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_score_to_frame_equals_the_command_lines_json():
    frame = ictrank.score(LAOCAI, criteria="laocai-2014").to_frame()
    units = cli_json("score", LAOCAI, "-c", "laocai-2014")["units"]
    assert list(frame.columns[:8]) == ["group", "rank", "id", "name", "score", "percent",
                                       "band", "deductions"]
    assert len(frame) == len(units) == 31
    for row, unit in zip(frame.to_dict("records"), units, strict=True):
        for key in ("group", "rank", "id", "name", "score", "percent", "band", "deductions"):
            assert row[key] == unit[key], (unit["id"], key)
        assert list(row["missing"]) == unit["missing"]
        points = {k.removeprefix("points."): v for k, v in row.items()
                  if k.startswith("points.") and not math.isnan(v)}
        assert points == unit["points"]


def test_a_comparison_and_a_reference_index_through_the_api():
    ranking = ictrank.score(LAOCAI_2015, previous=LAOCAI, year=2015)
    frame = ranking.to_frame()
    units = {u["id"]: u for u in cli_json("score", LAOCAI_2015, "--previous", LAOCAI,
                                          "--year", "2015")["units"]}
    for row in frame.to_dict("records"):
        previous = units[row["id"]]["previous"]
        if previous is None:
            assert row["status"] == "new" and pd.isna(row["previous_rank"])
        else:
            assert (row["previous_rank"], row["rank_change"], row["previous_score"]) == (
                previous["rank"], previous["rank_change"], previous["score"])
    hdi = ictrank.score(SAMPLES / "undp-hdi-2022.csv", criteria="undp-hdi").to_frame()
    vietnam = hdi.set_index("id").loc["VNM"]
    assert (vietnam["rank"], vietnam["score"]) == (107, 0.726)  # HDR 2023/2024, Table 1


def test_several_periods_give_a_panel_or_the_period_asked_for():
    panel = ictrank.score([LAOCAI, LAOCAI_2015], periods="2014,2015")
    assert isinstance(panel, ictrank.Panel) and panel.periods == ("2014", "2015")
    one = ictrank.score([LAOCAI, LAOCAI_2015], periods=["2014", "2015"], period="2015")
    assert isinstance(one, ictrank.Ranking)
    assert one.to_frame()["id"].tolist() == panel.rankings[1].to_frame()["id"].tolist()
    assert one.report is not None and one.report.valid


def test_validate_returns_the_report_and_load_criteria_the_frozen_set():
    report = ictrank.validate(SAMPLES / "laocai-2014-invalid.csv")
    assert isinstance(report, ictrank.Report) and not report.valid
    assert {p.code for p in report.errors} >= {"duplicate-id", "unknown-group"}
    assert ictrank.validate([LAOCAI, LAOCAI_2015]).valid
    criteria = ictrank.load_criteria("undp-hdi")
    assert isinstance(criteria, ictrank.Criteria) and criteria.decimals == 3


def test_bad_input_raises_the_libraries_errors_never_prints(capsys):
    with pytest.raises(ictrank.UsageError) as usage:
        ictrank.score(LAOCAI, decimal=",", thousands=",")
    assert usage.value.code == "invalid-argument"
    assert "không thể là cùng một ký tự" in usage.value.text("vi")
    with pytest.raises(ictrank.UsageError):
        ictrank.score([LAOCAI, LAOCAI_2015], previous=LAOCAI, periods="2014,2015")
    with pytest.raises(ictrank.SheetError) as sheet:
        ictrank.score(SAMPLES / "laocai-2014-invalid.csv")
    assert not sheet.value.report.valid
    with pytest.raises(ictrank.IctrankError) as missing:
        ictrank.load_criteria("no-such-set")
    assert missing.value.code == "criteria-not-found"
    assert capsys.readouterr() == ("", "")


def test_the_command_line_reports_a_library_usage_error_as_usage():
    result = CliRunner().invoke(cli, ["score", LAOCAI, "--decimal", ",", "--thousands", ","])
    assert result.exit_code == 2
    assert "--thousands and --decimal cannot be the same character" in result.stderr


def test_audit_is_the_commands_audit_as_objects():
    import ictrank.audits  # the module imported first must not hide the function
    from ictrank.cli import cli

    assert callable(ictrank.audit) and ictrank.audits.audit is not ictrank.audit
    result = ictrank.audit(SAMPLES / "coinr-asem.csv", "coinr-asem")
    command = json.loads(CliRunner().invoke(cli, ["audit", str(SAMPLES / "coinr-asem.csv"),
                                                  "-c", "coinr-asem", "--format",
                                                  "json"]).stdout)
    assert [round(b.alpha, 4) for b in result.branches] == [b["alpha"] for b in
                                                            command["branches"]]
    assert "audit" in ictrank.__all__
