"""Several periods in one sheet or several files: each period scored exactly as if its rows
were a sheet of their own, then compared with the period before it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, criteria_from, dataset_from, write_panel
from ictrank.cli import cli
from ictrank.comparison import compare
from ictrank.panel import period_order, score_panel
from ictrank.scoring import score

PANEL_CRITERIA = """
name: t
scale: 100
columns: {period: year}
groups: {g1: {}, g2: {}}
bands: [{id: good, min: 70}, {id: low, min: 0}]
criteria:
  - {id: a, method: minmax, weight: 2}
  - {id: b, method: linear, range: [0, 10], weight: 1}
  - {id: c, method: best, weight: 1, applies_to: [g2]}
"""


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_periods_are_ordered_as_numbers_where_all_are_numbers_else_as_text():
    assert period_order(["2010", "2009", "9", "2010"]) == ["9", "2009", "2010"]
    assert period_order(["2014-Q2", "2014-Q1", "2013"]) == ["2013", "2014-Q1", "2014-Q2"]


unit_rows = st.lists(st.tuples(st.sampled_from(["u1", "u2", "u3", "u4", "u5"]),
                               st.sampled_from(["g1", "g2"]),
                               st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),
                               st.floats(0, 12, allow_nan=False).map(lambda x: round(x, 1)),
                               st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 1))),
                     min_size=1, max_size=5, unique_by=lambda r: r[0])


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.one_of(st.integers(1990, 2030).map(str),
                                 st.sampled_from(["Q1", "Q2", "đợt 1", "round-b"])),
                       unit_rows, min_size=1, max_size=4))
def test_scoring_a_panel_equals_scoring_each_periods_rows_alone(panel_rows):
    criteria = criteria_from(PANEL_CRITERIA)
    lines = ["year,id,group,a,b,c"]
    for period, rows in panel_rows.items():
        lines += [f"{period},{u},{g},{a},{b},{c}" for u, g, a, b, c in rows]
    rng = np.random.default_rng(len(lines))
    body = lines[1:]
    rng.shuffle(body)  # periods interleaved in the sheet
    panel = score_panel(dataset_from(criteria, "\n".join([lines[0], *body]) + "\n"), criteria)
    assert list(panel.periods) == period_order(list(panel_rows))
    for period, ranking in zip(panel.periods, panel.rankings, strict=True):
        alone_text = "id,group,a,b,c\n" + "".join(
            f"{u},{g},{a},{b},{c}\n" for u, g, a, b, c in panel_rows[period])
        plain = criteria_from(PANEL_CRITERIA.replace("columns: {period: year}\n", ""))
        alone = score(dataset_from(plain, alone_text), plain)
        columns = ["id", "group", "rank", "score", "band"]
        pd.testing.assert_frame_equal(ranking.units[columns].reset_index(drop=True),
                                      alone.units[columns].reset_index(drop=True))


def test_each_period_is_compared_with_the_one_before(tmp_path):
    criteria = criteria_from(PANEL_CRITERIA)
    data = dataset_from(criteria, "year,id,group,a,b,c\n2015,x,g1,5,5,\n2014,x,g1,1,1,\n"
                                  "2014,y,g1,3,9,\n2015,z,g1,1,1,\n")
    panel = score_panel(data, criteria)
    assert panel.rankings[0].comparison is None
    later = panel.rankings[1]
    assert later.comparison is not None and later.comparison.source == "2014"
    frame = later.comparison.frame.assign(id=later.units["id"])
    assert dict(zip(frame["id"], frame["status"], strict=True)) == {"x": "", "z": "new"}
    assert list(later.comparison.gone["id"]) == ["y"]


def test_a_sheet_with_a_period_column_scores_each_period_and_publishes_them_all(tmp_path):
    sheet, criteria = write_panel(tmp_path)
    result = run("score", sheet, "-c", criteria, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["periods"] == ["2014", "2015"]
    assert [u["period"] for u in data["units"]] == ["2014"] * 31 + ["2015"] * 31
    assert data["summary"]["periods"]["2014"]["bands"] == {"good": 9, "fair": 12, "average": 10}
    assert "previous" not in data["units"][0] and data["units"][31]["previous"]["rank"] == 1
    one = run("score", sheet, "-c", criteria, "--period", "2015", "--format", "csv")
    alone = run("score", SAMPLES / "laocai-2015.csv", "--previous", SAMPLES / "laocai-2014.csv",
                "--format", "csv")
    assert one.stdout == alone.stdout


def test_several_files_are_one_panel_and_say_so_in_every_format(tmp_path):
    files = [SAMPLES / "laocai-2014.csv", SAMPLES / "laocai-2015.csv"]
    for fmt, marks in {"csv": ["period,group,rank", "\n2015,department,1,VPUBND"],
                       "markdown": ["## Period 2014", "### Provincial departments"],
                       "html": ['data-period="2015"', "<h2>Period 2015</h2>"],
                       "table": ["Period 2014", "Period 2015"]}.items():
        result = run("score", *files, "--periods", "2014,2015", "--format", fmt)
        assert result.exit_code == 0, result.output
        for mark in marks:
            assert mark in result.stdout, (fmt, mark)
    out = tmp_path / "panel.xlsx"
    assert run("score", *files, "--periods", "2014,2015", "-o", out).exit_code == 0
    import openpyxl

    names = openpyxl.load_workbook(out).sheetnames
    assert names[:3] == ["Summary 2014", "2014 Provincial departments and",
                         "2014 Districts and city"]


def test_a_panel_too_long_for_a_workbook_is_refused_before_anything_is_written(
        tmp_path, monkeypatch):
    from ictrank.render import xlsx_out

    files = [str(SAMPLES / "laocai-2014.csv"), str(SAMPLES / "laocai-2015.csv")]
    monkeypatch.setattr(xlsx_out, "MAX_SHEETS", 10)  # 2 x (summary + 2 groups) + 4
    out = tmp_path / "panel.xlsx"
    assert run("score", *files, "--periods", "2014,2015", "-o", out).exit_code == 0
    out.unlink()
    monkeypatch.setattr(xlsx_out, "MAX_SHEETS", 9)
    result = run("score", *files, "--periods", "2014,2015", "-o", out, "--lang", "vi")
    assert result.exit_code == 1 and not out.exists()
    assert "bảng tính của 2 kỳ sẽ có 10 trang" in result.output


def test_an_id_is_unique_within_a_period_not_across_periods(tmp_path):
    sheet, criteria = write_panel(tmp_path)
    assert run("validate", sheet, "-c", criteria).exit_code == 0
    text = sheet.read_text("utf-8")
    sheet.write_text(text + text.splitlines()[1] + "\n", encoding="utf-8")
    result = run("validate", sheet, "-c", criteria, "--format", "json")
    [error] = json.loads(result.stdout)["errors"]
    assert error["code"] == "duplicate-id"
    assert error["message"] == ("id 'VPUBND' is already used on row 2 in period '2015'; ids "
                                "must be unique within a period")


def test_the_same_period_from_two_files_is_a_duplicate_naming_both(tmp_path):
    sheet, criteria = write_panel(tmp_path)
    result = run("score", sheet, sheet, "-c", criteria, "--format", "csv")
    assert result.exit_code == 1 and "is also on row 2 of" in result.output


def test_panel_usage_errors_are_clear():
    files = [SAMPLES / "laocai-2014.csv", SAMPLES / "laocai-2015.csv"]
    assert run("score", *files).exit_code == 2
    wrong = run("score", *files, "--periods", "2014")
    assert wrong.exit_code == 2 and "give one distinct period per file" in wrong.output
    missing = run("score", *files, "--periods", "2014,2015", "--period", "2016")
    assert missing.exit_code == 1 and "no period '2016'" in missing.output


def test_explain_and_sensitivity_of_a_panel_take_one_period(tmp_path):
    sheet, criteria = write_panel(tmp_path)
    asked = run("explain", "STP", sheet, "-c", criteria, "--format", "json")
    assert asked.exit_code == 2 and "choose one with --period" in asked.output
    explained = run("explain", "STP", sheet, "-c", criteria, "--period", "2015", "--format",
                    "json")
    alone = run("explain", "STP", SAMPLES / "laocai-2015.csv", "--format", "json")
    assert explained.exit_code == 0, explained.output
    assert json.loads(explained.stdout) == json.loads(alone.stdout)
    varied = run("sensitivity", sheet, "-c", criteria, "--period", "2014", "--runs", "20",
                 "--format", "csv")
    plain = run("sensitivity", SAMPLES / "laocai-2014.csv", "--runs", "20", "--format", "csv")
    assert varied.exit_code == 0 and varied.stdout == plain.stdout


def test_a_period_written_as_a_number_in_several_ways_is_one_period(tmp_path):
    import json

    from click.testing import CliRunner

    from ictrank.cli import cli

    _, criteria = write_panel(tmp_path)
    frame = __import__("pandas").read_csv(tmp_path / "panel.csv", dtype=str,
                                          keep_default_na=False)
    spellings = {"2014": ["2014", "2014.0", "2.014e3"], "2015": ["2015", " 2015 ", "2015.00"]}
    for year, ways in spellings.items():
        rows = frame.index[frame["year"] == year]
        frame.loc[rows, "year"] = [ways[k % len(ways)] for k in range(len(rows))]
    frame.to_csv(tmp_path / "mixed.csv", index=False)
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "mixed.csv"), "-c", str(criteria),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["periods"] == ["2014", "2015"]
    frame.loc[frame.index[0], "year"] = "NA"
    frame.to_csv(tmp_path / "na.csv", index=False)
    missing = CliRunner().invoke(cli, ["validate", str(tmp_path / "na.csv"), "-c",
                                       str(criteria), "--format", "json"])
    assert [p["code"] for p in json.loads(missing.stdout)["errors"]] == ["missing-period"]


PERIODS_CRITERIA = """
name: t
scale: 100
columns: {period: year}
groups:
  a: {title: A}
  b: {title: B, scale: 50}
bands: [{id: top, above_percent: 60}, {id: low, min: 0}]
criteria:
  - {id: spread, method: minmax}
  - {id: best, method: best, scope: all}
  - {id: filled, method: linear, range: [0, 10], missing: mean}
  - {id: only_b, method: linear, range: [0, 10], missing: skip, applies_to: [b]}
"""


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["a", "b"]),
                          st.one_of(st.none(), st.integers(0, 6)),
                          st.one_of(st.none(), st.integers(0, 6)),
                          st.one_of(st.none(), st.integers(0, 10)),
                          st.one_of(st.none(), st.integers(0, 10))),
                min_size=1, max_size=40))
def test_periods_scored_at_once_equal_each_period_scored_alone(rows):
    """score_periods (one engine over every period) gives each period exactly what
    scoring its rows as a sheet of their own gives: units, fractions, warnings."""
    from ictrank.scoring import Within, score, score_periods

    criteria = criteria_from(PERIODS_CRITERIA)
    lines = ["id,group,year,spread,best,filled,only_b"] + [
        f"u{k},{g},{2000 + p},{'' if s is None else s},{'' if b is None else b},"
        f"{'' if f is None else f},{'' if o is None else o}"
        for k, (p, g, s, b, f, o) in enumerate(rows)]
    data = dataset_from(criteria, "\n".join(lines) + "\n")
    labels = data.periods.astype(str)
    order = sorted(set(labels.tolist()))
    codes = np.array([order.index(v) for v in labels.tolist()], dtype=np.int64)
    by_period = np.argsort(codes, kind="stable")
    together = score_periods(data.take(by_period), criteria,
                             Within(codes[by_period], len(order)))
    panel = score_panel(data, criteria)
    alones = []
    for k, period in enumerate(order):
        alone = score(data.take(np.flatnonzero(labels == period)), criteria)
        alones.append(alone)
        if k:  # the comparison made for all periods at once is the pairwise one
            expected = compare(alone, alones[k - 1], order[k - 1]).comparison
            made = panel.rankings[k].comparison
            assert made is not None and expected is not None
            pd.testing.assert_frame_equal(made.frame, expected.frame)
            pd.testing.assert_frame_equal(made.gone, expected.gone)
            assert made.source == expected.source
        ranking = together.ranking(k)
        pd.testing.assert_frame_equal(ranking.units, alone.units)
        pd.testing.assert_frame_equal(ranking.fractions, alone.fractions)
        pd.testing.assert_frame_equal(ranking.missing, alone.missing)
        assert ranking.warnings == alone.warnings
