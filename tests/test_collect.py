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
from ictrank.read.template import FIRST_ROW
from ictrank.template import build_template


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
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # as every CSV written to a file
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
    assert [(p.file, p.code, p.cell) for p in result.report.errors] == [
        (a, "duplicate-id", "B3"), (b, "duplicate-id", "B3")]
    assert b in result.report.errors[0].message and a in result.report.errors[1].message
    assert result.left_out == [a, b] and result.frame.empty


def test_an_impostor_is_not_published_under_the_id_of_an_agency_whose_file_is_invalid(
        tmp_path, sample, fill, laocai_criteria):
    """Agency A's workbook carries B's id while B's own workbook is invalid: before, A's
    figures were published under B's id with no warning."""
    victim = sample.iloc[1]
    (tmp_path / "a").mkdir()
    impostor = fill(tmp_path / "a", sample.iloc[0], edit=lambda ws: ws.__setitem__(
        "B3", victim["id"]))
    invalid = fill(tmp_path, victim, edit=lambda ws: ws.__setitem__(f"F{FIRST_ROW}", "lots"))
    result = collect([impostor, invalid], laocai_criteria)
    duplicates = [p for p in result.report.errors if p.code == "duplicate-id"]
    assert [p.file for p in duplicates] == [impostor, invalid]
    assert invalid in duplicates[0].message
    assert result.left_out == [impostor, invalid]
    out = tmp_path / "data.csv"
    partial = CliRunner().invoke(cli, ["collect", impostor, invalid, "-o", str(out),
                                       "--partial"])
    assert partial.exit_code == 1 and not out.exists()  # nothing valid is left to collect
    assert "duplicate-id" not in partial.stderr or victim["id"] in partial.stderr


def test_a_plain_workbook_is_not_a_template(tmp_path, laocai_criteria):
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    result = collect([str(path), str(tmp_path / "missing.xlsx")], laocai_criteria)
    messages = [p.message for p in result.report.errors]
    assert "not made by `ictrank template`" in messages[0]
    assert messages[1] == "file not found"
    said = CliRunner().invoke(cli, ["collect", str(path), "-o", str(tmp_path / "d.csv"),
                                    "--lang", "vi"])
    assert said.exit_code == 1
    assert "không do `ictrank template` tạo" in said.stderr


def test_a_template_made_from_other_criteria_is_a_template_mismatch(tmp_path, sample,
                                                                    laocai_criteria):
    import dataclasses

    other = dataclasses.replace(laocai_criteria, name="Last year set", sha256="ab" * 32)
    path = _filled(build_template(other), tmp_path, sample.iloc[0])
    result = collect([path], laocai_criteria)
    [problem] = result.report.errors
    assert problem.code == "template-mismatch"
    assert "'Last year set' (SHA-256 abababababab…)" in problem.message
    assert "laocai-2014.yaml" in problem.message


def test_inserted_rows_and_reordered_renamed_sheets_do_not_move_a_value(tmp_path, sample, fill,
                                                                        laocai_criteria):
    row = sample.iloc[0]

    def rearrange(ws):
        ws.insert_rows(FIRST_ROW + 2)  # a blank row inside the indicator list
        ws.insert_rows(2, amount=2)  # and two above the identity block
        ws.title = "Số liệu"
        ws.parent.move_sheet(ws, offset=1)

    plain = collect([fill(tmp_path, row)], laocai_criteria)
    (tmp_path / "moved").mkdir()
    moved = collect([fill(tmp_path / "moved", row, rearrange)], laocai_criteria)
    assert moved.report.problems == [] and moved.left_out == []
    pd.testing.assert_frame_equal(moved.frame, plain.frame)


def test_a_notes_row_added_by_an_agency_is_a_warning_not_dropped_silently(tmp_path, sample,
                                                                         fill, laocai_criteria):
    def add_note(ws):
        ws["A40"], ws["F40"] = "Ghi chú", "số liệu tạm tính"

    result = collect([fill(tmp_path, sample.iloc[0], add_note)], laocai_criteria)
    [warning] = result.report.warnings
    assert (warning.code, warning.cell) == ("unknown-column", "A40")
    assert "'Ghi chú | số liệu tạm tính'" in warning.message and len(result.frame) == 1


def test_the_collected_sheet_holds_canonical_values(tmp_path, sample, fill, laocai_criteria):
    row = sample[sample["id"] == "VPUBND"].iloc[0]

    def vietnamese(ws):
        r = FIRST_ROW
        while ws[f"A{r}"].value:
            if ws[f"A{r}"].value == "computers_pct":
                ws[f"F{r}"] = "93,3"  # typed as text, with a decimal comma
            if ws[f"A{r}"].value == "lan":
                ws[f"F{r}"] = "Có"
            r += 1

    path = fill(tmp_path, row, vietnamese)
    out = tmp_path / "data.csv"
    result = CliRunner().invoke(cli, ["collect", path, "-o", str(out), "--decimal", ","])
    assert result.exit_code == 0, result.output
    collected = pd.read_csv(out, dtype=str, keep_default_na=False).iloc[0]
    assert (collected["computers_pct"], collected["lan"], collected["document_system"]) == (
        "93.3", "yes", "toàn bộ")
    scored = CliRunner().invoke(cli, ["score", str(out), "--format", "json"])  # no --decimal
    assert scored.exit_code == 0, scored.output


def test_validate_score_explain_and_sensitivity_read_a_filled_template(tmp_path, sample, fill):
    folder = tmp_path / "filled"
    folder.mkdir()
    for _, row in sample.head(2).iterrows():
        fill(folder, row)
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", str(folder), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout) == {"valid": True, "errors": [], "warnings": []}
    one = str(folder / f"{sample.iloc[0]['id']}.xlsx")
    scored = runner.invoke(cli, ["score", one, "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["units"][0]["id"] == sample.iloc[0]["id"]
    explained = runner.invoke(cli, ["explain", sample.iloc[0]["id"], one, "--format", "json"])
    assert explained.exit_code == 0, explained.output
    assert runner.invoke(cli, ["sensitivity", one, "--runs", "5", "--format", "csv"]
                         ).exit_code == 0


def test_a_template_error_is_reported_at_its_cell_by_validate(tmp_path, sample, fill):
    path = fill(tmp_path, sample.iloc[0], lambda ws: ws.__setitem__(f"F{FIRST_ROW}", "lots"))
    result = CliRunner().invoke(cli, ["validate", path, "--format", "json"])
    [error] = json.loads(result.stdout)["errors"]
    assert (error["row"], error["cell"], error["code"]) == (FIRST_ROW, f"F{FIRST_ROW}",
                                                            "not-a-number")


def test_strict_collect_leaves_out_a_template_with_a_warning(tmp_path, sample, fill):
    def add_note(ws):
        ws["A40"] = "Ghi chú"

    path = fill(tmp_path, sample.iloc[0], add_note)
    out = tmp_path / "data.csv"
    lenient = CliRunner().invoke(cli, ["collect", path, "-o", str(out)])
    assert lenient.exit_code == 0 and "warning: " in lenient.stderr
    strict = CliRunner().invoke(cli, ["collect", path, "-o", str(tmp_path / "strict.csv"),
                                      "--strict"])
    assert strict.exit_code == 1 and not (tmp_path / "strict.csv").exists()
    assert "[unknown-column]" in strict.stderr


def test_a_template_made_for_one_group_is_collected_without_the_other_groups_columns(
        tmp_path, laocai_criteria):
    """`template --group department` leaves out the districts' indicators; collecting and
    scoring it needs no column for them (no unit of the sheet is a district)."""
    import openpyxl
    from click.testing import CliRunner

    from ictrank.cli import cli
    from ictrank.read.template import FIRST_ROW
    from ictrank.template import build_template

    path = tmp_path / "mau.xlsx"
    path.write_bytes(build_template(laocai_criteria, "vi", group="department"))
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws["B3"], ws["B4"] = "SNV", "Sở Nội vụ"
    keys = [ws[f"A{r}"].value for r in range(FIRST_ROW, ws.max_row + 1)]
    assert "commune_websites" not in keys and "communes_total" not in keys
    answers = {"document_system": "toàn bộ", "services_total": 100}
    for r in range(FIRST_ROW, ws.max_row + 1):
        key = ws[f"A{r}"].value
        if key and not str(key).startswith("Chỉ điền"):
            ws[f"F{r}"] = answers.get(key, "có" if ws[f"D{r}"].value == "có / không" else 1)
    book.save(path)
    runner = CliRunner()
    collected = runner.invoke(cli, ["collect", str(path), "-o", str(tmp_path / "data.csv")])
    assert collected.exit_code == 0, collected.output
    scored = runner.invoke(cli, ["score", str(tmp_path / "data.csv"), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    unit = json.loads(scored.stdout)["units"][0]
    assert (unit["id"], unit["group"]) == ("SNV", "department")


DATA = SAMPLES.parent / "tests" / "data"


@pytest.mark.parametrize("name", ["template-snv-lo.ods", "template-snv-lo.xls",
                                  "template-0.1-vi-department.xlsx"])
def test_a_template_saved_again_by_libreoffice_or_made_by_an_earlier_version_is_a_template(
        tmp_path, name, sample, fill):
    runner = CliRunner()
    out, expected = tmp_path / "data.csv", tmp_path / "expected.csv"
    result = runner.invoke(cli, ["collect", str(DATA / name), "-o", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    # the same row, filled today into this version's template and collected
    (tmp_path / "today").mkdir()
    fill(tmp_path / "today", sample[sample["id"] == "SNV"].iloc[0])
    assert runner.invoke(cli, ["collect", str(tmp_path / "today"), "-o",
                               str(expected)]).exit_code == 0
    collected = pd.read_csv(out, dtype=str, keep_default_na=False)
    today = pd.read_csv(expected, dtype=str, keep_default_na=False)
    assert len(collected.columns) > 20
    for column in collected.columns:
        assert [_as_excel_value(v) for v in collected[column]] == [
            _as_excel_value(v) for v in today[column]], column
    valid = runner.invoke(cli, ["validate", str(DATA / name), "--format", "json"])
    assert valid.exit_code == 0 and json.loads(valid.stdout)["valid"], valid.output
    scored = runner.invoke(cli, ["score", str(DATA / name), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert [u["id"] for u in json.loads(scored.stdout)["units"]] == ["SNV"]


def test_a_template_of_one_group_is_scored_without_the_other_groups_columns(tmp_path):
    # the district-only ratio (commune_websites per communes_total) stopped score with an
    # internal error (KeyError) where the template had no district
    result = CliRunner().invoke(cli, ["score", str(DATA / "template-0.1-filled.xlsx"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    scored = CliRunner().invoke(cli, ["score", str(DATA / "template-0.1-vi-department.xlsx"),
                                      "--format", "csv"])
    assert scored.exit_code == 0, scored.output
    assert "SNV,Sở Nội vụ,93.45" in scored.stdout


def test_a_formula_without_value_in_a_template_is_reported_at_its_cell(tmp_path, sample, fill):
    row = sample.iloc[0]

    def uncomputed(ws):
        ws[f"F{FIRST_ROW}"] = "=ROUND(58/62*100,2)"  # openpyxl stores no value for it

    path = fill(tmp_path, row, uncomputed)
    result = CliRunner().invoke(cli, ["validate", path, "--format", "json"])
    problems = json.loads(result.stdout)["errors"] + json.loads(result.stdout)["warnings"]
    assert ("formula-without-value", f"F{FIRST_ROW}") in [(p["code"], p["cell"])
                                                          for p in problems]


def test_thousands_dots_typed_in_a_template_are_ambiguous_at_the_value_cell(tmp_path, sample,
                                                                             fill):
    row = sample[sample["id"] == "SAPA"].iloc[0]

    def typed(ws):
        r = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"A{r}"].value == "news_items")
        ws[f"F{r}"] = "3.000"
        typed.cell = f"F{r}"

    path = fill(tmp_path, row, typed)
    result = CliRunner().invoke(cli, ["validate", path, "--format", "json"])
    errors = json.loads(result.stdout)["errors"]
    assert [(p["code"], p["cell"]) for p in errors] == [("ambiguous-number", typed.cell)]
    assert "3000 (a dot between thousands) or 3 (a decimal point)" in errors[0]["message"]


def _templates(tmp_path, sample, fill, edits: dict[str, object]) -> str:
    """Six departments' templates in a folder; `edits[id](ws)` changes one."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    for _, row in sample[sample["group"] == "department"].head(6).iterrows():
        fill(folder, row, edits.get(row["id"]))
    return str(folder)


def _set(column: str, value: object):
    def edit(ws):
        r = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws[f"A{r}"].value == column)
        ws[f"F{r}"] = value
        edit.cell = f"F{r}"
    return edit


def test_a_fraction_among_other_agencies_percentages_is_flagged_at_its_template_cell(
        tmp_path, sample, fill):
    fraction = _set("computers_pct", 0.85)
    first = sample[sample["group"] == "department"].iloc[0]["id"]
    folder = _templates(tmp_path, sample, fill, {first: fraction})
    for command in (["validate", folder, "--format", "json"],
                    ["collect", folder, "-o", str(tmp_path / "c.csv")]):
        result = CliRunner().invoke(cli, command)
        report = json.loads(result.stdout) if command[0] == "validate" else None
        if report is None:  # collect writes its report on stderr
            assert result.exit_code == 0, result.output
            assert f"{first}.xlsx, row {FIRST_ROW}, column 'computers_pct', cell {fraction.cell}: 0.85 looks like a fraction" in result.stderr
            continue
        flagged = [(p["file"].rsplit("/", 1)[-1], p["cell"]) for p in report["warnings"]
                   if p["code"] == "looks-like-fraction"]
        assert flagged == [(f"{first}.xlsx", fraction.cell)]
    strict = CliRunner().invoke(cli, ["collect", folder, "-o", str(tmp_path / "s.csv"),
                                      "--strict"])
    assert strict.exit_code == 1 and "looks-like-fraction" in strict.stderr


def test_one_id_in_two_files_whatever_its_case_is_a_duplicate_for_validate_and_collect(
        tmp_path, sample, fill):
    rows = sample[sample["group"] == "department"].head(2)
    second = rows.iloc[1]["id"]
    def lower_case_id_of_the_first(ws):  # the second agency typed the first one's id
        ws["B3"] = rows.iloc[0]["id"].lower()

    folder = _templates(tmp_path, sample, fill, {second: lower_case_id_of_the_first})
    validated = json.loads(CliRunner().invoke(cli, ["validate", folder, "--format",
                                                    "json"]).stdout)
    duplicates = sorted(p["file"].rsplit("/", 1)[-1] for p in validated["errors"]
                        if p["code"] == "duplicate-id")
    assert duplicates == sorted([f"{rows.iloc[0]['id']}.xlsx", f"{second}.xlsx"])
    collected = CliRunner().invoke(cli, ["collect", folder, "-o", str(tmp_path / "c.csv")])
    assert collected.exit_code == 1 and "duplicate-id" in collected.stderr


def test_empty_indicator_cells_of_a_template_are_said_at_their_cells(tmp_path, sample, fill):
    row = sample.iloc[0]
    empty = _set("incidents", None)
    path = fill(tmp_path, row, empty)
    result = CliRunner().invoke(cli, ["validate", path, "--format", "json", "--lang", "vi"])
    report = json.loads(result.stdout)
    assert report["valid"]
    notes = [(p["code"], p.get("cell"), p["message"]) for p in report["notes"]]
    assert ("empty-cell", empty.cell, "trống → tính 0 điểm; nếu giá trị là 0, hãy ghi 0") in notes
    assert ("empty-cell", None, "1 ô chỉ tiêu để trống và được tính 0 điểm; từng ô được liệt kê "
            "(tối đa 20 ô mỗi cột)") in notes
    scored = CliRunner().invoke(cli, ["score", path, "--format", "csv"])
    assert scored.exit_code == 0 and "empty" not in scored.stderr


def test_a_note_typed_below_a_templates_indicators_is_said_as_itself_never_none(tmp_path,
                                                                              sample, fill):
    def note(ws):
        r = ws.max_row + 2
        ws[f"A{r}"] = "Ghi chú: số liệu tạm tính"

    path = fill(tmp_path, sample.iloc[0], note)
    result = CliRunner().invoke(cli, ["score", path, "--format", "csv", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "None" not in result.stderr and "Ghi chú: số liệu tạm tính" in result.stderr


def _said(stderr: str) -> set[tuple[str, str, str]]:
    """(file, cell, code) of each problem line a command printed on stderr."""
    import re

    found = re.findall(r"([\w-]+\.xlsx), row \d+, column '[^']+', cell (\w+): .* \[([a-z-]+)\]",
                       stderr)
    return set(found)


def test_agency_facing_checks_say_the_same_in_validate_collect_and_score(tmp_path, sample,
                                                                         fill):
    departments = sample[sample["group"] == "department"]["id"].head(6).tolist()
    dotted, uncomputed, fraction = (_set("news_items", "3.000"),
                                    _set("computers_pct", "=ROUND(58/62*100,2)"),
                                    _set("computers_pct", 0.85))
    edits = dict(zip(departments[:3], (dotted, uncomputed, fraction), strict=True))
    folder = _templates(tmp_path, sample, fill, edits)
    expected = {(f"{departments[0]}.xlsx", dotted.cell, "ambiguous-number"),
                (f"{departments[1]}.xlsx", uncomputed.cell, "formula-without-value"),
                (f"{departments[1]}.xlsx", uncomputed.cell, "missing-value"),
                (f"{departments[2]}.xlsx", fraction.cell, "looks-like-fraction")}

    validated = CliRunner().invoke(cli, ["validate", folder, "--format", "json"])
    assert validated.exit_code == 1
    report = json.loads(validated.stdout)
    assert {(p["file"].rsplit("/", 1)[-1], p["cell"], p["code"])
            for p in report["errors"] + report["warnings"]} == expected
    collected = CliRunner().invoke(cli, ["collect", folder, "-o", str(tmp_path / "c.csv"),
                                         "--partial"])
    assert _said(collected.stderr) == expected
    # score reads one file at a time: the same cells, the same codes
    for name in {name for name, _, code in expected if code != "looks-like-fraction"}:
        scored = CliRunner().invoke(cli, ["score", f"{folder}/{name}", "--format", "csv"])
        assert scored.exit_code == 1
        assert _said(scored.stderr) == {said for said in expected if said[0] == name}
    # and the collected sheet, scored, flags the same agency's value
    scored = CliRunner().invoke(cli, ["score", str(tmp_path / "c.csv"), "--format", "csv"])
    assert scored.exit_code == 0
    assert "column 'computers_pct': 0.85 looks like a fraction" in scored.stderr


def test_collect_adds_the_analysts_joined_counts_to_the_collected_sheet(tmp_path, sample, fill):
    folder = _templates(tmp_path, sample, fill, {})
    ids = list(sample[sample["group"] == "department"].head(6)["id"])
    joined = tmp_path / "late.csv"
    joined.write_text(f"id,late_reports\n{ids[0].lower()},4\nNOPE,1\n", encoding="utf-8")
    out = tmp_path / "data.csv"
    result = CliRunner().invoke(cli, ["collect", folder, "-o", str(out), "--join", str(joined)])
    assert result.exit_code == 0, result.output
    # one warning for the id in no template (not one per template)
    assert result.stderr.count("join-unknown-id") == 1 and "'NOPE'" in result.stderr
    collected = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert collected.set_index("id").loc[ids[0], "late_reports"] == "4"
