from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli
from ictrank.collect import collect
from ictrank.template import FIRST_ROW, build_template


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The Lào Cai sample as the text an agency would type."""
    return pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str, keep_default_na=False)


def _as_excel_value(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text or None
    return int(number) if number.is_integer() else number


@pytest.fixture
def fill(laocai_criteria):
    """fill(folder, row, edit=None): a template filled in with one row of the sample."""
    template = build_template(laocai_criteria)

    def fill_row(folder, row: pd.Series, edit=None) -> str:
        return _filled(template, folder, row, edit)

    return fill_row


def _filled(template: bytes, tmp_path, row: pd.Series, edit=None) -> str:
    book = openpyxl.load_workbook(io.BytesIO(template))
    ws = book.worksheets[0]
    ws["B3"], ws["B4"], ws["B5"] = row["id"], row["name"], row["group"]
    r = FIRST_ROW
    while ws[f"A{r}"].value:
        ws[f"F{r}"] = _as_excel_value(row[ws[f"A{r}"].value])
        r += 1
    if edit:
        edit(ws)
    path = tmp_path / f"{row['id']}.xlsx"
    book.save(path)
    return str(path)


def test_round_trip_template_fill_collect_score_equals_the_csv(tmp_path, sample, fill):
    # three departments and three districts, every kind of cell among them
    rows = pd.concat([sample[sample["group"] == g].head(3) for g in ("department", "district")])
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    for _, row in rows.iterrows():
        fill(sheets, row)
    out = tmp_path / "data.csv"
    runner = CliRunner()
    result = runner.invoke(cli, ["collect", str(sheets), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 unit(s) from 6 template(s)" in result.stderr
    typed = tmp_path / "typed.csv"
    rows.to_csv(typed, index=False)
    collected = json.loads(runner.invoke(cli, ["score", str(out), "--format", "json"]).stdout)
    original = json.loads(runner.invoke(cli, ["score", str(typed), "--format", "json"]).stdout)
    assert collected == original


def test_percent_formatted_cells_read_as_percent(tmp_path, sample, fill, laocai_criteria):
    row = sample.iloc[0]

    def as_percent(ws):
        ws[f"F{FIRST_ROW}"] = 0.933
        ws[f"F{FIRST_ROW}"].number_format = "0.0%"

    result = collect([fill(tmp_path, row, edit=as_percent)], laocai_criteria)
    assert result.frame.loc[0, "computers_pct"] == "93.3"


def test_invalid_template_is_reported_at_its_cell_and_nothing_written(tmp_path, sample, fill, laocai_criteria):
    good = fill(tmp_path, sample.iloc[0])

    def spoil(ws):
        ws[f"F{FIRST_ROW}"] = "lots"
        ws[f"F{FIRST_ROW + 1}"] = "maybe"

    bad = fill(tmp_path, sample.iloc[1], edit=spoil)
    result = collect([good, bad], laocai_criteria)
    assert result.left_out == [bad]
    assert [(p.row, p.cell, p.code) for p in result.report.errors] == [
        (FIRST_ROW, f"F{FIRST_ROW}", "not-a-number"),
        (FIRST_ROW + 1, f"F{FIRST_ROW + 1}", "invalid-boolean"),
    ]
    out = tmp_path / "data.csv"
    refused = CliRunner().invoke(cli, ["collect", good, bad, "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert "F8" in refused.stderr
    partial = CliRunner().invoke(cli, ["collect", good, bad, "-o", str(out), "--partial"])
    assert partial.exit_code == 0
    assert f"left out: {bad}" in partial.stderr
    assert len(pd.read_csv(out)) == 1


def test_the_same_id_in_two_templates_is_refused(tmp_path, sample, fill, laocai_criteria):
    a = fill(tmp_path / "", sample.iloc[0])
    (tmp_path / "b").mkdir()
    b = fill(tmp_path / "b", sample.iloc[0])
    result = collect([a, b], laocai_criteria)
    assert [p.code for p in result.report.errors] == ["duplicate-id"]


def test_a_plain_workbook_is_not_a_template(tmp_path, laocai_criteria):
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    result = collect([str(path), str(tmp_path / "missing.xlsx")], laocai_criteria)
    messages = [p.message for p in result.report.errors]
    assert "not made by `ictrank template`" in messages[0]
    assert messages[1] == "file not found"
