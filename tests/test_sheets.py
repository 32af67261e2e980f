from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CHECKED_CRITERIA, CHECKED_HEADER, SAMPLES, criteria_from, ods_bytes
from ictrank.cli import cli
from ictrank.errors import SheetError
from ictrank.read import read_sheet, read_sheet_bytes
from ictrank.read.hints import column_hints
from ictrank.read.raw import ColumnHints
from ictrank.read.text import read_csv_text
from ictrank.sheet_checks import check_sheet

TEXT = "id,name,x\nSNV,Sở Nội vụ,12\nSTP,Sở Tư pháp,7\n"


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: precomposed where it can, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate(marks):
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1:
                try:
                    joined.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = joined
                marks = marks[:i] + marks[i + 1:]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return out


def names(data: bytes, file: str = "s.csv") -> list[str]:
    return list(read_sheet_bytes(data, file).frame["name"])


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]),
])
def test_unicode_encodings_are_read(encode):
    assert names(encode(TEXT)) == ["Sở Nội vụ", "Sở Tư pháp"]


def test_windows_1258_falls_back_with_a_warning():
    sheet = read_sheet_bytes(to_cp1258(TEXT), "s.csv")
    assert list(sheet.frame["name"]) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert [w.code for w in sheet.problems] == ["legacy-encoding"]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiter_is_detected(sep):
    sheet = read_sheet_bytes(TEXT.replace(",", sep).encode(), "s.csv")
    assert list(sheet.frame.columns) == ["id", "name", "x"]


def test_rows_are_numbered_as_in_a_spreadsheet():
    sheet = read_sheet_bytes(TEXT.encode(), "s.csv")
    assert list(sheet.rows) == [2, 3]


def test_header_names_are_trimmed_and_matched_casefolded():
    sheet = read_sheet_bytes(b" ID , Name ,X\na,b,1\n", "s.csv")
    assert sheet.column_index() == {"id": "ID", "name": "Name", "x": "X"}


@pytest.mark.parametrize("data,code", [
    (b"", "empty-file"),
    (b"   \n\n", "empty-file"),
    (b"id,name\n", "empty-file"),
    (b"\x00\x01\x02binary", "unsupported-format"),
    (b"%PDF-1.4 not a sheet", "unsupported-format"),
    (b"id,x\na,1\nb,2,3\n", "unreadable-file"),
    (b"PK\x03\x04garbage", "unreadable-file"),
    (b"\xd0\xcf\x11\xe0rest", "unreadable-file"),
    (b"id,x,X\na,1,2\n", "duplicate-column"),
])
def test_unreadable_sheets_raise_one_clear_problem(data, code):
    with pytest.raises(SheetError) as info:
        read_sheet_bytes(data, "s.csv")
    assert [p.code for p in info.value.report.problems] == [code]


def test_ragged_row_message_names_the_line():
    with pytest.raises(SheetError) as info:
        read_sheet_bytes(b"id,x\na,1\nb,2,3\n", "s.csv")
    assert "line 3 has 3 cells but the header has 2" in info.value.report.problems[0].message


def test_missing_file_is_a_sheet_error(tmp_path):
    with pytest.raises(SheetError, match="problem"):
        read_sheet(tmp_path / "nope.csv")


def _workbook(tmp_path, rows, title="Data", extra_first=None):
    book = openpyxl.Workbook()
    ws = book.active
    if extra_first is not None:
        ws.title = "Notes"
        ws.append(extra_first)
        ws = book.create_sheet(title)
    else:
        ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / "data.xlsx"
    book.save(path)
    return path


def test_xlsx_first_sheet_with_cell_references(tmp_path):
    path = _workbook(tmp_path, [["id", "name", "x"], ["SNV", "Sở Nội vụ", 12.5], ["STP", None, 7]])
    sheet = read_sheet(path)
    assert list(sheet.frame["x"]) == ["12.5", "7"]
    assert list(sheet.frame["name"]) == ["Sở Nội vụ", ""]
    assert sheet.cell("x", 3) == "C3"


def test_xlsx_named_sheet(tmp_path):
    path = _workbook(tmp_path, [["id", "x"], ["a", 1]], extra_first=["just notes"])
    assert list(read_sheet(path, "Data").frame["id"]) == ["a"]
    with pytest.raises(SheetError, match="problem") as info:
        read_sheet(path, "Nope")
    assert "Notes, Data" in info.value.report.problems[0].message


def test_trailing_blank_rows_are_dropped_inner_ones_kept(tmp_path):
    sheet = read_sheet_bytes(b"id,x\na,1\n,\nb,2\n,\n,\n", "s.csv")
    assert list(sheet.rows) == [2, 3, 4]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_typed_reading_handles_every_encoding(encoding):
    from ictrank.read.raw import ColumnHints

    data = to_cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding)
    hints = ColumnHints(text=frozenset({"id", "name"}))
    sheet = read_sheet_bytes(data, "s.csv", hints=hints)
    assert list(sheet.frame["name"]) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert sheet.frame["x"].dtype.kind in "if"  # parsed as numbers by the C parser
    assert list(sheet.rows) == [2, 3]


def test_typed_reading_of_decomposed_unicode_is_normalised():
    from ictrank.read.raw import ColumnHints

    decomposed = unicodedata.normalize("NFD", TEXT).encode("utf-8")
    sheet = read_sheet_bytes(decomposed, "s.csv", hints=ColumnHints(text=frozenset({"name"})))
    assert list(sheet.frame["name"]) == ["Sở Nội vụ", "Sở Tư pháp"]


POOL = ["", "NA", "-", "n/a", "0", "1", "2.5", "50", "150", "-3", "inf", "nan", "abc", "85%",
        "1e3", " 7 ", "có", "không", "full", "none", "x", "dep", "dis", "mars"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(POOL), min_size=12, max_size=12), min_size=1,
                max_size=6))
def test_typed_and_text_reading_agree(rows):
    """The CSV reader's fast typed columns and plain text cells give the same problems and
    values, whatever the cells."""
    criteria = criteria_from(CHECKED_CRITERIA)
    lines = [CHECKED_HEADER] + [",".join([f"u{i}", "n", *row[2:]])
                                for i, row in enumerate(rows)]
    text = "\n".join(lines) + "\n"
    results = []
    for hints in (None, column_hints(criteria)):
        try:
            sheet = read_csv_text(text, "d.csv", hints)
        except SheetError as exc:
            results.append(("unreadable", [p.code for p in exc.report.problems]))
            continue
        dataset, report = check_sheet(sheet, criteria)
        problems = sorted((p.row or 0, p.column, p.code) for p in report.problems)
        values = None if dataset is None else {
            k: np.nan_to_num(v, nan=-1).tolist() for k, v in dataset.values.items()}
        results.append((problems, values))
    assert results[0] == results[1]


DATA = Path(__file__).parent / "data"


def test_an_ods_sheet_is_read_with_its_percentages_as_written():
    data = ods_bytes([["Báo cáo năm 2014"], [], ["id", "name", "pct", "n"],
                      ["a", "Sở A", (0.853, "%"), 12], ["b", "Sở B", 40, 3.5]])
    hints = ColumnHints(id_names=frozenset({"id"}), header_names=frozenset({"id", "pct", "n"}))
    sheet = read_sheet_bytes(data, "s.ods", hints=hints)
    assert sheet.header_row == 3 and list(sheet.rows) == [4, 5]
    assert sheet.frame.to_dict("list") == {"id": ["a", "b"], "name": ["Sở A", "Sở B"],
                                           "pct": ["85.3", "40"], "n": ["12", "3.5"]}
    assert sheet.cell("pct", 4) == "C4"


def test_an_ods_row_repeated_keeps_its_percentages_in_every_repeat():
    # OpenDocument writes equal rows as one row with number-rows-repeated
    data = ods_bytes([["id", "pct"], ["a", (0.85, "%")]], repeats={1: 2})
    sheet = read_sheet_bytes(data, "s.ods")
    assert sheet.frame.to_dict("list") == {"id": ["a", "a"], "pct": ["85", "85"]}


def test_an_xls_workbook_reads_equal_to_the_csv_it_was_made_from(laocai_criteria):
    from ictrank.read import read_source

    xls = read_source(str(DATA / "laocai-2014.xls"), laocai_criteria)
    csv = read_source(str(SAMPLES / "laocai-2014.csv"), laocai_criteria)
    assert xls.header_row == 4 and list(xls.rows[:2]) == [5, 6]
    from_xls, _ = check_sheet(xls, laocai_criteria)
    from_csv, _ = check_sheet(csv, laocai_criteria)
    assert list(from_xls.ids) == list(from_csv.ids)
    for leaf_id, values in from_csv.values.items():
        np.testing.assert_array_equal(from_xls.values[leaf_id], values)


@pytest.mark.parametrize("name", ["laocai-2014-percent-lo.xls", "laocai-2014-percent-lo.ods"])
def test_a_workbook_saved_by_libreoffice_with_percent_cells_scores_as_the_csv(name):
    # before, the .xls read 0.933 where it shows 93.3 %: every unit scored on fractions
    runner = CliRunner()
    ours = runner.invoke(cli, ["score", str(DATA / name), "--format", "json", "--strict"])
    plain = runner.invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "--format", "json"])
    assert ours.exit_code == 0, ours.output
    assert json.loads(ours.stdout)["units"] == json.loads(plain.stdout)["units"]


def test_an_xls_cells_number_format_is_read_by_section():
    from ictrank.read.xls import XlsBook

    book = XlsBook((DATA / "laocai-2014-percent-lo.xls").read_bytes(), "s.xls")
    grid = book.cells(book.sheet_names[0], 100).grid
    header = grid[0]
    assert grid[1][header.index("computers_pct")] == "93.3"
    assert grid[1][header.index("servers")] == "3"


@pytest.mark.parametrize("members, what", [
    ({"[Content_Types].xml": "x", "word/document.xml": "x"}, "a Word document (.docx)"),
    ({"notes.txt": "x"}, "a ZIP archive that is not a workbook"),
])
def test_a_zip_that_is_not_a_workbook_is_unsupported_format_naming_the_formats(members, what):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    with pytest.raises(SheetError) as info:
        read_sheet_bytes(buffer.getvalue(), "sheet.xlsx")
    [problem] = info.value.report.problems
    assert problem.code == "unsupported-format"
    assert problem.message == (f"this is {what}, not a sheet ictrank reads; save the indicators "
                               "as CSV (UTF-8) text, or an .xlsx, .xlsm, .xls or .ods workbook")


def test_a_workbook_compressed_in_a_way_zipfile_lacks_is_a_clear_error(tmp_path):
    """The fuzz found it: a member compressed by a method Python's zipfile has not got
    (NotImplementedError) is a damaged workbook, not an internal error."""
    import zipfile

    from conftest import ods_bytes

    data = bytearray(ods_bytes([["id", "x"], ["a", 1]]))
    central = data.rfind(b"PK\x01\x02")  # the last entry of the central directory
    while central != -1:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == b"mimetype":
            data[central + 10:central + 12] = (97).to_bytes(2, "little")  # no such method
        central = data.rfind(b"PK\x01\x02", 0, central)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(NotImplementedError):
        archive.read("mimetype")
    path = tmp_path / "sheet.ods"
    path.write_bytes(bytes(data))
    with pytest.raises(SheetError) as raised:
        read_sheet(path)
    assert raised.value.report.errors[0].code == "unreadable-file"


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_a_hidden_first_sheet_is_not_the_one_read(tmp_path, suffix):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "old"
    notes.append(["id", "x"])
    notes.append(["hidden", 1])
    notes.sheet_state = "hidden"
    table = book.create_sheet("data")
    table.append(["id", "x"])
    table.append(["shown", 2])
    book.save(tmp_path / "b.xlsx")
    # the .ods and .xls: this workbook saved by LibreOffice (tests/data/README.md)
    path = tmp_path / "b.xlsx" if suffix == "xlsx" else DATA / f"hidden-first-sheet.{suffix}"
    assert read_sheet(path).frame["id"].tolist() == ["shown"]
    assert read_sheet(path, sheet="old").frame["id"].tolist() == ["hidden"]
