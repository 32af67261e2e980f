"""Sheets as agencies send them, end to end from the command line: each case here once
gave a wrong ranking with no message at all (docs/criteria-format.md, "Reading sheets")."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
from click.testing import CliRunner

from conftest import SAMPLES
from ictrank.cli import cli

HDI = SAMPLES / "undp-hdi-2022.csv"
LAOCAI = SAMPLES / "laocai-2014.csv"


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def vietnamese_number(text: str) -> str:
    """1335.205733 as Vietnam writes it: 1.335,205733."""
    try:
        float(text)
    except ValueError:
        return text
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def hdi_units(*args: str) -> dict[str, dict]:
    result = run("score", *args, "-c", "undp-hdi", "--format", "json")
    assert result.exit_code == 0, result.output
    return {u["id"]: u for u in json.loads(result.stdout)["units"]}


def test_vietnamese_numbers_with_decimal_comma_rank_albania_as_published(tmp_path):
    rows = list(csv.reader(HDI.open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerows([vietnamese_number(c) for c in row] for row in rows[1:])
    sheet = tmp_path / "hdi-vi.csv"
    sheet.write_text(out.getvalue(), encoding="utf-8")
    assert ";15.293,32651;" in out.getvalue()  # Albania's income, as Vietnam writes it

    albania = hdi_units(sheet, "--decimal", ",")["ALB"]
    assert (albania["rank"], albania["score"]) == (74, 0.789)
    assert hdi_units(sheet, "--decimal", ",") == hdi_units(HDI)


def test_a_dot_decimal_under_decimal_comma_is_refused_at_its_cell_not_misread():
    result = run("validate", HDI, "-c", "undp-hdi", "--decimal", ",", "--format", "json")
    assert result.exit_code == 1
    first = json.loads(result.stdout)["errors"][0]
    assert (first["row"], first["column"], first["code"]) == (2, "eys_2022", "ambiguous-number")


def laocai_with(tmp_path, unit: str, **cells: str):
    """The Lào Cai sample with some of one unit's cells rewritten."""
    rows = list(csv.DictReader(LAOCAI.open(encoding="utf-8")))
    for row in rows:
        if row["id"] == unit:
            row.update(cells)
    path = tmp_path / "laocai.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


PERCENTAGES = ("computers_pct", "email_use_pct", "e_documents_pct", "trained_pct",
               "antivirus_pct")


def test_a_percentage_typed_as_a_fraction_is_a_warning_at_its_cell(tmp_path):
    sheet = laocai_with(tmp_path, "VPUBND", computers_pct="0.933")
    result = run("validate", sheet, "--format", "json")
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    assert [(w["row"], w["column"], w["code"]) for w in warnings] == [
        (2, "computers_pct", "looks-like-fraction")]
    assert "for 93.3 % write 93.3" in warnings[0]["message"]

    scored = run("score", sheet, "--format", "csv")
    assert scored.exit_code == 0 and "looks-like-fraction" in scored.stderr


def test_strict_makes_the_fraction_warning_an_error_for_score_and_validate(tmp_path):
    original = {row["id"]: row for row in csv.DictReader(LAOCAI.open(encoding="utf-8"))}
    fractions = {c: str(float(original["VPUBND"][c]) / 100) for c in PERCENTAGES}
    sheet = laocai_with(tmp_path, "VPUBND", **fractions)
    result = run("validate", sheet, "--strict", "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert sorted(e["column"] for e in errors) == sorted(PERCENTAGES)
    assert {e["code"] for e in errors} == {"looks-like-fraction"}
    scored = run("score", sheet, "--strict", "--format", "csv")
    assert scored.exit_code == 1 and scored.stdout == ""


def vietnamese_headers(criteria) -> dict[str, str]:
    """Each leaf's (and deduction's) column -> its Vietnamese title; identity columns too."""
    titles = {"id": "Mã đơn vị", "name": "Tên đơn vị", "group": "Nhóm"}
    titles.update({leaf.column: leaf.title_vi for leaf in criteria.leaves() if leaf.title_vi})
    titles.update({d.column: d.title_vi for d in criteria.deductions if d.title_vi})
    return titles


def test_a_sheet_headed_by_the_criterias_vietnamese_titles_scores_with_the_bundled_set(
        tmp_path, laocai_criteria):
    titles = vietnamese_headers(laocai_criteria)
    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    frame.rename(columns=titles).to_csv(tmp_path / "vi.csv", index=False)
    assert "Tỷ lệ máy tính trên cán bộ, công chức" in (tmp_path / "vi.csv").read_text("utf-8")
    scored = run("score", tmp_path / "vi.csv", "--format", "json")
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["units"] == json.loads(
        run("score", LAOCAI, "--format", "json").stdout)["units"]


def test_two_columns_matching_one_criterion_is_ambiguous_column(tmp_path):
    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    frame["Tỷ lệ máy tính trên cán bộ, công chức"] = frame["computers_pct"]
    frame.to_csv(tmp_path / "both.csv", index=False)
    result = run("validate", tmp_path / "both.csv", "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["row"], error["code"]) == (1, "ambiguous-column")
    assert "'computers_pct' and 'Tỷ lệ máy tính trên cán bộ, công chức'" in error["message"]


def test_a_missing_column_suggests_the_closest_header(tmp_path):
    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    frame.rename(columns={"computers_pct": "computer_pct"}).to_csv(tmp_path / "typo.csv",
                                                                    index=False)
    result = run("validate", tmp_path / "typo.csv", "--format", "json")
    [error] = json.loads(result.stdout)["errors"]
    assert error["code"] == "missing-column"
    assert error["message"].endswith("is 'computer_pct' meant to be it?")


GOVERNMENT_TOP = [
    ["UBND TỈNH LÀO CAI", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "", "", "Độc lập - Tự do - Hạnh phúc"],
    ["Số: 123/STTTT-CNTT", "", "", "Lào Cai, ngày 15 tháng 1 năm 2015"],
    [],
    ["BẢNG TỔNG HỢP SỐ LIỆU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN NĂM 2014"],
    ["(Kèm theo Công văn số 123/STTTT-CNTT)", "", "id"],  # a stray 'id' in a note
]


def government_workbook(path):
    """The Lào Cai sample as a province sends it: six rows of titles above the header."""
    import openpyxl

    rows = list(csv.reader(LAOCAI.open(encoding="utf-8")))
    book = openpyxl.Workbook()
    ws = book.active
    for row in GOVERNMENT_TOP + rows[:1]:
        ws.append(row)
    ws.merge_cells("A5:H5")
    for row in rows[1:]:
        ws.append([_typed(cell) for cell in row])
    book.save(path)
    return path


def _typed(cell: str) -> object:
    try:
        return float(cell)
    except ValueError:
        return cell or None


def test_titles_above_the_header_are_skipped_with_a_note_naming_the_header_row(tmp_path):
    book = government_workbook(tmp_path / "laocai.xlsx")
    scored = run("score", book, "--format", "json")
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["units"] == json.loads(
        run("score", LAOCAI, "--format", "json").stdout)["units"]
    assert "note: " in scored.stderr and "the column names are on row 7" in scored.stderr
    checked = json.loads(run("validate", book, "--format", "json").stdout)
    assert [(n["row"], n["code"]) for n in checked["notes"]
            if n["code"] != "empty-cell"] == [(7, "header-row")]


def test_problems_below_a_lower_header_are_at_the_rows_excel_shows(tmp_path):
    import openpyxl

    path = government_workbook(tmp_path / "laocai.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["D8"] = "lots"  # the first agency's computers_pct
    book.save(path)
    checked = json.loads(run("validate", path, "--format", "json").stdout)
    [error] = checked["errors"]
    assert (error["row"], error["cell"], error["code"]) == (8, "D8", "not-a-number")


def test_the_header_row_of_a_csv_is_found_too_and_can_be_given(tmp_path):
    lines = LAOCAI.read_text("utf-8")
    sheet = tmp_path / "laocai.csv"
    sheet.write_text("BẢNG TỔNG HỢP\nSố: 123/STTTT\n\n" + lines, encoding="utf-8")
    plain = json.loads(run("score", LAOCAI, "--format", "json").stdout)["units"]
    found = run("score", sheet, "--format", "json")
    assert found.exit_code == 0 and json.loads(found.stdout)["units"] == plain
    given = run("score", sheet, "--header-row", "4", "--format", "json")
    assert json.loads(given.stdout)["units"] == plain
    wrong = run("validate", sheet, "--header-row", "2", "--format", "json")
    assert wrong.exit_code == 1  # the title line has one cell, the rows below 27
    [error] = json.loads(wrong.stdout)["errors"]
    assert "line 4 has 27 cells but the header has 1" in error["message"]


# --- issue 21: silent readings of sheets as agencies fill them ---------------------------

def laocai_workbook(path, edit=None) -> str:
    """The Lào Cai sample as a workbook of number cells; `edit(ws, header)` changes it."""
    import openpyxl

    with open(LAOCAI, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append([_typed(text) for text in row])
    if edit:
        edit(ws, rows[0])
    book.save(path)
    return str(path)


def _typed(text: str) -> object:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None


def _district_row(ws, header: list[str]) -> int:
    return next(r for r in range(2, ws.max_row + 1)
                if ws.cell(r, header.index("group") + 1).value == "district")


def test_thousands_dots_typed_as_text_are_ambiguous_at_their_cell(tmp_path):
    def typed_as_text(ws, header):
        row = _district_row(ws, header)
        ws.cell(row, header.index("news_items") + 1).value = "3.000"  # text, not a number
        typed_as_text.cell = f"O{row}"
        typed_as_text.unit = ws.cell(row, 1).value

    path = laocai_workbook(tmp_path / "s.xlsx", typed_as_text)
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["errors"]
    assert (problem["code"], problem["cell"]) == ("ambiguous-number", typed_as_text.cell)
    assert problem["message"] == ("'3.000' could be read two ways: 3000 (a dot between "
                                  "thousands) or 3 (a decimal point); write 3000 or 3 without "
                                  "a dot between thousands")
    # the command line settles it: a decimal comma (the dot separates thousands), or a dot
    online = {}
    for decimal in (",", "."):
        settled = run("score", path, "--decimal", decimal, "--format", "json")
        assert settled.exit_code == 0, settled.output
        online[decimal] = {u["id"]: u["points"]["online"]
                           for u in json.loads(settled.stdout)["units"]}
    changed = {k for k in online[","] if online[","][k] != online["."][k]}
    unit = typed_as_text.unit
    assert unit in changed and online[","][unit] > online["."][unit]


def test_a_number_cell_of_three_thousand_is_no_question(tmp_path):
    def three_thousand(ws, header):
        ws.cell(_district_row(ws, header), header.index("news_items") + 1).value = 3000

    result = run("validate", laocai_workbook(tmp_path / "s.xlsx", three_thousand), "--format",
                 "json")
    assert result.exit_code == 0, result.output


def _scaled(path, column: str, factor: float, rows=None) -> str:
    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    values = pd.to_numeric(frame[column], errors="coerce")
    chosen = frame.index if rows is None else rows
    frame.loc[chosen, column] = [f"{v * factor:.12g}" if pd.notna(v) else ""
                                 for v in values[chosen]]
    frame.to_csv(path, index=False)
    return str(path)


def test_a_whole_column_of_fractions_is_a_warning_at_the_column_and_strict_refuses(tmp_path):
    path = _scaled(tmp_path / "fractions.csv", "computers_pct", 0.01)  # 93.3 typed 0.933
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 0
    [warning] = json.loads(result.stdout)["warnings"]
    assert (warning["code"], warning["column"], warning["row"]) == (
        "looks-like-fraction", "computers_pct", None)
    assert "every value of column 'computers_pct' lies between 0 and 1" in warning["message"]
    assert run("score", path, "--strict", "--format", "csv").exit_code == 1
    xlsx = laocai_workbook(tmp_path / "fractions.xlsx", lambda ws, header: [
        setattr(ws.cell(r, header.index("computers_pct") + 1), "value",
                ws.cell(r, header.index("computers_pct") + 1).value / 100)
        for r in range(2, ws.max_row + 1)])
    again = json.loads(run("validate", xlsx, "--format", "json").stdout)["warnings"]
    assert [(w["code"], w["column"]) for w in again] == [("looks-like-fraction",
                                                         "computers_pct")]


def test_true_small_percentages_are_no_false_alarm_but_a_fraction_among_large_ones_is(tmp_path):
    # IT-budget shares of 0.3-2.5 %: a true 0.6 % is not flagged
    frame = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False)
    shares = ["0.3", "0.6", "0.9", "1.2", "2.5", "1.8", "0.45", "2.1"]
    frame.loc[:len(shares) - 1, "it_budget_pct"] = shares
    frame.loc[8, "computers_pct"] = "0.85"  # 85 % among 70-100 %
    frame.to_csv(tmp_path / "s.csv", index=False)
    result = json.loads(run("validate", tmp_path / "s.csv", "--format", "json").stdout)
    flagged = [(w["row"], w["column"]) for w in result["warnings"]
               if w["code"] == "looks-like-fraction"]
    assert flagged == [(10, "computers_pct")]


def test_a_percent_in_a_criterion_of_fractions_is_read_as_a_fraction(tmp_path):
    criteria = tmp_path / "c.yaml"
    criteria.write_text("name: t\ncriteria:\n"
                        "  - {id: share, method: linear, range: [0, 1], bounds: [0, 1]}\n"
                        "  - {id: pct, method: linear, range: [0, 100], unit: '%'}\n",
                        encoding="utf-8")
    (tmp_path / "s.csv").write_text("id,share,pct\na,85%,85%\nb,0.5,50\n", encoding="utf-8")

    def scores(path) -> dict[str, float]:
        result = run("score", path, "-c", criteria, "--format", "json")
        assert result.exit_code == 0, result.output
        return {u["id"]: u["points"]["share"] for u in json.loads(result.stdout)["units"]}

    plain = scores(tmp_path / "s.csv")
    assert plain == {"a": 0.85, "b": 0.5}  # 85 % of the range [0, 1], not 85 clipped to 1
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "share", "pct"])
    ws.append(["a", 0.85, 0.85])
    ws.append(["b", 0.5, 0.5])
    for row in (2, 3):
        ws.cell(row, 2).number_format = ws.cell(row, 3).number_format = "0%"
    book.save(tmp_path / "s.xlsx")
    assert scores(tmp_path / "s.xlsx") == plain


def test_last_years_sheet_may_write_its_numbers_with_a_decimal_comma(tmp_path):
    rows = list(csv.reader(LAOCAI.open(encoding="utf-8")))
    with open(tmp_path / "2014-vi.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(rows[0])
        writer.writerows([vietnamese_number(c) for c in row] for row in rows[1:])
    plain = run("score", SAMPLES / "laocai-2015.csv", "--previous", LAOCAI, "--format", "json")
    mixed = run("score", SAMPLES / "laocai-2015.csv", "--previous", tmp_path / "2014-vi.csv",
                "--previous-decimal", ",", "--format", "json")
    assert mixed.exit_code == 0, mixed.output
    assert json.loads(mixed.stdout)["units"] == json.loads(plain.stdout)["units"]
    alone = run("score", LAOCAI, "--previous-decimal", ",")
    assert alone.exit_code == 2 and "--previous-decimal needs --previous" in alone.output


def vietnamese_copy(path, source=LAOCAI, delimiter=";"):
    rows = list(csv.reader(source.open(encoding="utf-8")))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(rows[0])
        writer.writerows([vietnamese_number(c) for c in row] for row in rows[1:])
    return path


def test_each_periods_file_is_read_with_the_decimal_mark_its_cells_show(tmp_path):
    vi = vietnamese_copy(tmp_path / "2014-vi.csv")
    later = SAMPLES / "laocai-2015.csv"
    plain = run("trend", LAOCAI, later, "--periods", "2014,2015", "--format", "json")
    mixed = run("trend", vi, later, "--periods", "2014,2015", "--format", "json")
    assert mixed.exit_code == 0, mixed.output
    assert json.loads(mixed.stdout) == json.loads(plain.stdout)
    # the note says which mark was used, and the cell that shows it
    assert "2014-vi.csv, row 2, column 'computers_pct'" in mixed.stderr
    assert "'93,3'" in mixed.stderr and "[decimal-comma]" in mixed.stderr
    # --previous too, without --previous-decimal
    compared = run("score", SAMPLES / "laocai-2015.csv", "--previous", vi, "--format", "json")
    expected = run("score", SAMPLES / "laocai-2015.csv", "--previous", LAOCAI, "--format", "json")
    assert json.loads(compared.stdout)["units"] == json.loads(expected.stdout)["units"]


def test_a_comma_sheet_with_thousands_dots_reads_them_as_thousands(tmp_path):
    vi = vietnamese_copy(tmp_path / "hdi-vi.csv", HDI)
    assert ";15.293,32651;" in vi.read_text(encoding="utf-8")
    assert hdi_units(vi) == hdi_units(HDI)


def test_a_sheet_mixing_both_decimal_marks_is_not_guessed(tmp_path):
    sheet = laocai_with(tmp_path, "SNV", computers_pct="93,0")  # the others write 93.3
    result = run("validate", sheet, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [error] = report["errors"]
    assert (error["row"], error["column"], error["code"]) == (3, "computers_pct", "not-a-number")
    assert "--" not in error["message"]  # an agency cannot act on a command-line flag
    assert not any(n["code"] == "decimal-comma" for n in report["notes"])


def test_cells_that_read_both_ways_decide_nothing(tmp_path):
    # 1,250 news items: a thousands comma or a decimal comma; the sheet says nothing else
    sheet = laocai_with(tmp_path, "SNV", news_items="1,250")
    result = run("validate", sheet, "--format", "json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert (error["column"], error["code"]) == ("news_items", "not-a-number")
