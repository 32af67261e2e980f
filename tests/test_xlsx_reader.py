"""Reading .xlsx: every cell the same way, as LibreOffice and Excel show it.

Workbooks are written part by part (tests/xlsx_parts.py) in the layouts other programs
write, and by openpyxl through its public API; openpyxl's own public reading is the
oracle where the two must agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from ictrank.cli import cli
from ictrank.errors import SheetError
from ictrank.read import read_sheet_bytes, xml
from ictrank.read import xlsx as xlsx_reader
from ictrank.read.cells import cell_text
from ictrank.read.xlsx import XlsxBook
from xlsx_parts import cell, sheet, styles, workbook


def grid_of(data: bytes) -> list[list[str]]:
    book = XlsxBook(data, "t.xlsx")
    return book.cells(book.sheet_names[0], 1000).grid


def test_a_value_written_as_cdata_is_read():
    assert grid_of(workbook(sheet([(1, [cell("A1", "<![CDATA[85]]>")])]))) == [["85"]]


@pytest.mark.parametrize("code", ['0&quot;%&quot;', "0\\%", '0.0&quot; %&quot;'])
def test_a_percent_sign_that_is_a_literal_does_not_scale_the_number(code):
    data = workbook(sheet([(1, [cell("A1", "85", s=1)])]), styles([code]))
    assert grid_of(data) == [["85"]]


def test_a_percent_in_the_negative_section_scales_negative_numbers_only():
    data = workbook(sheet([(1, [cell("A1", "85", s=1), cell("B1", "-0.85", s=1),
                                cell("C1", "0", s=1)])]), styles(["0;-0%"]))
    assert grid_of(data) == [["85", "-85", "0"]]


def test_percent_and_padded_id_formats_read_as_shown():
    data = workbook(sheet([(1, [cell("A1", "0.855", s=1), cell("B1", "7", s=2),
                                cell("C1", "0.5", s=3)])]), styles(["0.0%", "000", "0%%"]))
    assert grid_of(data) == [["85.5", "007", "5000"]]


def test_a_number_cell_that_is_not_a_number_is_kept_as_written_whatever_else_is_there():
    alone = workbook(sheet([(1, [cell("A1", "1_0")])]))
    beside = workbook(sheet([(1, [cell("A1", "1_0"), cell("B1", "_x000D_", t="str"),
                                  cell("C1", "#DIV/0!", t="e")])]))
    assert grid_of(alone) == [["1_0"]]
    assert grid_of(beside) == [["1_0", "\r", "#DIV/0!"]]


def test_the_stated_size_is_not_trusted():
    rows = [(1, [cell("A1", "id", t="inlineStr"), cell("C1", "x", t="inlineStr")]),
            (2, [cell("A2", "7"), cell("C2", "9")]), (3, [cell("A3", "8")])]
    for dimension in ("A1:XFD1048576", "A1:A1"):
        assert grid_of(workbook(sheet(rows, dimension))) == [["id", "", "x"], ["7", "", "9"],
                                                             ["8"]]


def test_a_row_numbered_zero_or_unnumbered_follows_the_one_before():
    rows = [(0, [cell("A1", "a", t="inlineStr")]), (2, [cell("A2", "5")])]
    assert grid_of(workbook(sheet(rows))) == [["a"], ["5"]]
    unnumbered = [(1, ['<c t="inlineStr"><is><t>a</t></is></c>', "<c><v>2</v></c>"]),
                  (2, ["<c><v>3</v></c>"])]
    assert grid_of(workbook(sheet(unnumbered, row_attribute=False))) == [["a", "2"], ["3"]]


def test_a_cell_far_beyond_the_table_is_refused_naming_it():
    data = workbook(sheet([(1, [cell("A1", "id", t="inlineStr")]),
                           (999999, [cell("XFD999999", "x", t="inlineStr")])]))
    assert len(data) < 4000  # a few KB: calamine asked for a grid of 500 GB
    with pytest.raises(SheetError) as info:
        read_sheet_bytes(data, "far.xlsx")
    message = info.value.report.problems[0].message
    assert "XFD999999" in message and "999,999 rows by 16,384 columns" in message


def test_a_formula_without_value_is_found_in_a_utf16_sheet():
    xml = sheet([(1, [cell("A1", "id", t="inlineStr"), cell("B1", "x", t="inlineStr")]),
                 (2, [cell("A2", "u", t="inlineStr"), cell("B2", None, formula="1+1")])])
    utf16 = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    for data in (xml.encode(), utf16):
        raw = read_sheet_bytes(workbook(data), "f.xlsx")
        assert [(p.code.value, p.cell) for p in raw.problems] == [
            ("formula-without-value", "B2")]


def test_escapes_rich_text_and_phonetic_runs_in_shared_strings():
    strings = ["<t>a_x000D_b</t>", "<r><t>Sở</t></r><r><t xml:space=\"preserve\"> </t></r>"
               "<r><t>Nội vụ</t></r>", "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh>",
               "<t>_x005F_x000D_</t>", "<t> padded </t>"]
    rows = [(1, [cell(f"{c}1", str(i), t="s") for i, c in enumerate("ABCDE")])]
    assert grid_of(workbook(sheet(rows), strings=strings)) == [
        ["a\rb", "Sở Nội vụ", "東京", "_x000D_", " padded "]]


def test_a_shared_string_index_out_of_range_is_a_damaged_sheet_naming_the_cell():
    data = workbook(sheet([(1, [cell("B1", "3", t="s")])]), strings=["<t>a</t>"])
    with pytest.raises(SheetError) as info:
        grid_of(data)
    assert "cell B1" in info.value.report.problems[0].message


def test_dates_in_both_calendars_booleans_and_iso_date_cells():
    rows = [(1, [cell("A1", "45352", s=1), cell("B1", "1", t="b"),
                 cell("C1", "2024-03-01T00:00:00", t="d"), cell("D1", "0.5", s=2)])]
    style = styles(["yyyy-mm-dd", "[h]:mm"])
    assert grid_of(workbook(sheet(rows), style)) == [
        ["2024-03-01T00:00:00", "true", "2024-03-01T00:00:00", "12:00:00"]]
    assert grid_of(workbook(sheet(rows), style, date1904=True))[0][0] == "2028-03-02T00:00:00"


def test_attributes_in_any_order_and_quoting_and_prefixed_tags():
    xml = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           "<x:sheetData><x:row r='1'><x:c s='1' r='B1'><x:v>0.85</x:v></x:c></x:row>"
           "</x:sheetData></x:worksheet>")
    assert grid_of(workbook(xml, styles(["0%"]))) == [["", "85"]]


def test_a_workbook_without_package_relationships_or_styles_is_read():
    rows = [(1, [cell("A1", "id", t="inlineStr"), cell("B1", "0.5", s=3)])]
    assert grid_of(workbook(sheet(rows), package_rels=False, with_styles=False)) == [
        ["id", "0.5"]]


def test_a_shared_string_without_the_strings_part_is_a_damaged_sheet():
    with pytest.raises(SheetError) as info:
        grid_of(workbook(sheet([(1, [cell("A1", "0", t="s")])])))
    assert "cell A1" in info.value.report.problems[0].message


def test_the_standard_parser_and_defusedxml_read_the_same(monkeypatch):
    data = workbook(sheet([(1, [cell("A1", "7", t="s"), cell("B1", "0.5", s=1)])]),
                    styles(["0%"]), strings=[f"<t>s{i}</t>" for i in range(8)])
    fast = grid_of(data)
    monkeypatch.setattr(xml, "EXPAT_BOUNDS_ENTITIES", False)
    assert grid_of(data) == fast == [["s7", "50"]]


def test_an_entity_declaration_is_refused_where_defusedxml_parses(monkeypatch):
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
            "</sheetData></worksheet>")
    monkeypatch.setattr(xml, "EXPAT_BOUNDS_ENTITIES", False)
    with pytest.raises(SheetError) as info:
        grid_of(workbook(bomb))
    assert "damaged" in info.value.report.problems[0].message


def test_a_sheet_part_that_is_not_xml_is_a_damaged_sheet_not_an_internal_error():
    with pytest.raises(SheetError) as info:
        grid_of(workbook(b"\x00\x01 not xml"))
    problem = info.value.report.problems[0]
    assert problem.code.value == "unreadable-file" and "'Sheet1' is damaged" in problem.message
    # the parser's own (English) words stay out of the message: where it broke off, in vi too
    assert "its XML breaks off at line 1, column 0" in problem.message
    assert "XML của nó bị lỗi tại dòng 1, cột 0" in problem.text("vi")


def test_the_sample_as_a_workbook_of_percentages_scores_as_the_csv(tmp_path):
    # what tests/test_sample_outputs.py does: an agency's workbook with 0.0 % cells
    with open(SAMPLES / "laocai-2014.csv", encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    book = openpyxl.Workbook()
    ws = book.active
    header = lines[0]
    ws.append(header)
    for line in lines[1:]:
        ws.append([_typed(text) for text in line])
    for column, name in enumerate(header, start=1):
        if name.endswith("_pct"):
            for row in range(2, len(lines) + 1):
                c = ws.cell(row, column)
                if isinstance(c.value, (int, float)):
                    c.value, c.number_format = c.value / 100, "0.0%"
    book.save(tmp_path / "s.xlsx")
    runner = CliRunner()
    ours = runner.invoke(cli, ["score", str(tmp_path / "s.xlsx"), "--format", "json"])
    plain = runner.invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "--format", "json"])
    assert ours.exit_code == 0, ours.output
    assert json.loads(ours.stdout)["units"] == json.loads(plain.stdout)["units"]


def _typed(text: str) -> object:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None


# --- the same as openpyxl's public reading, where the two must agree -------------------

FORMATS = ["General", "0", "0.00", "#,##0", "0%", "0.0%", "000", "00000", "yyyy-mm-dd",
           "d/m/yyyy h:mm", "h:mm:ss", "@"]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**14, 10**14),
    st.floats(-1e9, 1e9, allow_nan=False).filter(lambda x: x == 0 or abs(x) > 1e-9),
    st.floats(0, 60000, allow_nan=False),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12).filter(
        lambda t: not t.startswith("=") and "_x" not in t),
)


def _openpyxl_text(value: object, number_format: str) -> str:
    """The text ictrank means a cell read by openpyxl's public API to be."""
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return cell_text(value)
    if number_format in ("0%", "0.0%") or (set(number_format) == {"0"}
                                           and len(number_format) > 1):
        return cell_text(value, number_format)
    return cell_text(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(VALUES, st.sampled_from(FORMATS)), min_size=1,
                         max_size=6), min_size=1, max_size=6), st.booleans())
def test_cells_read_as_openpyxl_reads_them_through_its_public_api(rows, iso_dates):
    book = openpyxl.Workbook(iso_dates=iso_dates)
    ws = book.active
    for r, row in enumerate(rows, start=1):
        for c, (value, number_format) in enumerate(row, start=1):
            if isinstance(value, float) and number_format in FORMATS[8:11]:
                value = dt.datetime(2000, 1, 1) + dt.timedelta(days=value % 9000)
            target = ws.cell(r, c, value)
            target.number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    with warnings.catch_warnings():  # a serial out of every calendar: openpyxl warns
        warnings.simplefilter("ignore")
        oracle = openpyxl.load_workbook(io.BytesIO(data)).active
    expected = [[_openpyxl_text(oracle.cell(r, c).value, oracle.cell(r, c).number_format)
                 for c in range(1, len(row) + 1)] for r, row in enumerate(rows, start=1)]
    for row in expected:
        while row and not row[-1]:
            row.pop()
    while expected and not expected[-1]:
        expected.pop()
    assert grid_of(data) == expected


def test_a_large_shared_strings_part_costs_about_its_own_size_in_memory():
    # a shared-strings bomb: many one-letter strings, the sheet uses two of them; held as
    # a list of objects (and the parser's emptied <si> elements) it cost 11 times the part
    import tracemalloc

    count = 200_000
    data = workbook(sheet([(1, [cell("A1", "0", t="s")]), (2, [cell("A2", str(count - 1),
                                                                         t="s")])]),
                    strings=["<t>a</t>"] * (count - 1) + ["<t>last</t>"])
    part = count * len("<si><t>a</t></si>")
    tracemalloc.start()
    try:
        grid = XlsxBook(data, "bomb.xlsx").cells("Sheet1", 1_048_576).grid
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert grid == [["a"], ["last"]]
    assert peak < 3 * part


def test_shared_strings_are_each_cut_out_once_and_keep_their_order():
    strings = xlsx_reader.SharedStrings()
    for text in ("", "có", "Sở Nội vụ", ""):
        strings.append(text)
    strings.close()
    assert len(strings) == 4
    assert [strings[i] for i in range(4)] == ["", "có", "Sở Nội vụ", ""]
    assert strings[2] is strings[2]


def _blank(ref: str) -> str:
    return f'<c r="{ref}" s="1"/>'  # a formatted cell holding nothing


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(2, 400), st.sampled_from(["v", "f", "is", "shared"])),
                max_size=4),
       st.integers(40, 4000), st.booleans())
def test_a_large_sheet_read_up_to_its_last_content_reads_every_cell_as_the_whole_parse(
        monkeypatch, placed, chunk, prefixed):
    """Formatted blank rows below the table are skipped after a scan; what lies among or
    after them (a value, a formula without value, an inline string, a shared formula's
    empty <f/>) is read exactly as the full parse reads it, whatever the chunk size."""
    rows: dict[int, list[str]] = {r: [_blank(f"A{r}"), _blank(f"B{r}")] for r in range(2, 401)}
    rows[1] = [cell("A1", "id", t="inlineStr"), cell("B1", "x", t="inlineStr")]
    for r, kind in placed:
        rows[r] = [cell(f"A{r}", f"u{r}", t="inlineStr") if kind == "is" else _blank(f"A{r}"),
                   {"v": cell(f"B{r}", "5"), "f": cell(f"B{r}", None, formula="1+1"),
                    "is": _blank(f"B{r}"),
                    "shared": f'<c r="B{r}"><f t="shared" si="0"/></c>'}[kind]]
    xml_text = sheet(sorted(rows.items()))
    if prefixed:
        xml_text = xml_text.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace(
            "<v>", "<x:v>").replace("</v>", "</x:v>").replace("<f", "<x:f").replace(
            "</f>", "</x:f>").replace("<row", "<x:row").replace("</row>", "</x:row>").replace(
            "<is>", "<x:is>").replace("</is>", "</x:is>").replace("<t>", "<x:t>").replace(
            "</t>", "</x:t>").replace("<sheetData>", '<x:sheetData xmlns:x="'
                                      'http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                      'main">').replace("</sheetData>", "</x:sheetData>")
    data = workbook(xml_text, styles(["0.0"]))
    whole = XlsxBook(data, "t.xlsx").cells("Sheet1", 1000)
    monkeypatch.setattr(xlsx_reader, "SCAN_ABOVE", 0)
    monkeypatch.setattr(xml, "CHUNK", chunk)
    scanned = XlsxBook(data, "t.xlsx").cells("Sheet1", 1000)
    assert (scanned.grid, scanned.formulas) == (whole.grid, whole.formulas)
    last_kind = dict(placed)
    assert sorted(whole.formulas) == sorted((r, 2) for r, kind in last_kind.items()
                                            if kind in ("f", "shared"))


def test_formatted_blank_rows_past_the_row_limit_are_not_counted():
    rows = [(1, [cell("A1", "id", t="inlineStr")]), (2, [cell("A2", "u", t="inlineStr")])]
    rows += [(r, [_blank(f"A{r}")]) for r in range(3, 40)]
    book = XlsxBook(workbook(sheet(rows), styles(["0.0"])), "t.xlsx")
    assert book.cells("Sheet1", 5).grid == [["id"], ["u"]]
    rows.append((41, [cell("A41", "7")]))
    with pytest.raises(SheetError) as info:
        XlsxBook(workbook(sheet(rows), styles(["0.0"])), "t.xlsx").cells("Sheet1", 5)
    assert "more than 5 rows" in info.value.report.problems[0].message


def test_a_large_sheet_damaged_past_its_values_is_still_a_damaged_sheet(monkeypatch):
    rows = [(1, [cell("A1", "id", t="inlineStr")])] + [(r, [_blank(f"A{r}")])
                                                       for r in range(2, 50)]
    broken = sheet(rows).replace("</sheetData>", "<row></sheetData>")
    monkeypatch.setattr(xlsx_reader, "SCAN_ABOVE", 0)
    monkeypatch.setattr(xml, "CHUNK", 64)
    with pytest.raises(SheetError) as info:
        grid_of(workbook(broken, styles(["0.0"])))
    assert "'Sheet1' is damaged" in info.value.report.problems[0].message
