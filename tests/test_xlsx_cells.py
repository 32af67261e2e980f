"""Reading .xlsx cells with calamine gives the text openpyxl's reading gives, or defers."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from ictrank import sheets, xlsx_cells
from ictrank.cli import cli
from ictrank.xlsx_cells import calamine_cells

FORMATS = ["General", "0%", "0.00%", "000", "00000", "0.00", "#,##0", "@", "dd/mm/yyyy",
           "yyyy-mm-dd h:mm", "h:mm", "[h]:mm:ss", "mm:ss", '"Năm "0', "0.0%;[Red]-0.0%"]


def _both(data: bytes, decimal: str = ".") -> tuple[list[list[str]], list[list[str]] | None]:
    """The cells as openpyxl reads them (today's reading), and as calamine_cells does."""
    book = sheets.open_workbook(data, "t.xlsx")
    try:
        ws = book.worksheets[0]
        ws.reset_dimensions()  # as read_xlsx_bytes reads: every cell, whatever size is stated
        xml = sheets._sheet_xml(data, ws._worksheet_path)
        last = sheets._last_row_with_data(xml) if xml is not None else None
        with sheets.openpyxl_quiet():  # as read_xlsx_bytes reads
            slow = sheets.worksheet_cells(ws, "t.xlsx", sheets.MAX_XLSX_ROWS, last, decimal)
            fast = calamine_cells(data, book, ws, xml, last, sheets.MAX_XLSX_ROWS, decimal)
    finally:
        book.close()
    return slow, fast


def _saved(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _workbook(rows: list[list[object]], formats: dict[tuple[int, int], str] | None = None,
              offset: int = 0, epoch_1904: bool = False) -> bytes:
    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    for r, row in enumerate(rows, start=1 + offset):
        for c, value in enumerate(row, start=1 + offset):
            cell = ws.cell(row=r, column=c, value=value)
            if formats and (r - 1 - offset, c - 1 - offset) in formats:
                cell.number_format = formats[(r - 1 - offset, c - 1 - offset)]
    return _saved(book)


def test_percentages_padded_ids_and_dates_read_as_openpyxl_reads_them():
    rows = [["id", "name", "pct", "when", "at", "big"],
            [7, "Sở Nội vụ", 0.85, dt.datetime(2014, 3, 1), dt.time(10, 30), 123456789012],
            ["008", "Sở Tư pháp", 0.933, dt.date(2015, 1, 2), 0.25, -0.0],
            [None, "  space  ", 1 / 3, 41700, 1.5, 1e-7]]
    formats = {(1, 0): "000", (1, 2): "0%", (2, 2): "0.00%", (3, 2): "0.0%",
               (1, 3): "dd/mm/yyyy", (2, 3): "yyyy-mm-dd", (3, 3): "dd/mm/yyyy",
               (1, 4): "h:mm", (2, 4): "h:mm", (3, 4): "[h]:mm:ss"}
    for epoch_1904 in (False, True):
        slow, fast = _both(_workbook(rows, formats, offset=2, epoch_1904=epoch_1904))
        assert fast is not None
        assert fast == slow
        assert slow[3][2:6] == ["007", "Sở Nội vụ", "85", "2014-03-01T00:00:00"]


def test_a_decimal_comma_sheet_reads_as_openpyxl_reads_it():
    slow, fast = _both(_workbook([["id", "x"], ["a", 12.5], ["b", 0.85]], {(2, 1): "0%"}), ",")
    assert fast == slow == [["id", "x"], ["a", "12,5"], ["b", "85"]]


@pytest.mark.parametrize("make", [
    lambda ws: setattr(ws["B2"], "data_type", "e"),  # an error cell, #DIV/0!
    lambda ws: setattr(ws["B2"], "value", "x_x000D_y"),  # openpyxl keeps the escape
    lambda ws: setattr(ws["B2"], "value", 12345678901234567),  # more digits than a float
])
def test_what_calamine_reads_otherwise_is_left_to_openpyxl(make):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "x"])
    ws.append(["a", "#DIV/0!"])
    make(ws)
    slow, fast = _both(_saved(book))
    assert fast is None
    assert slow[1][0] == "a"


def test_a_style_that_makes_every_cell_a_date_is_left_to_openpyxl():
    data = _rewritten(  # the default cell format, id 0, made a date
        _workbook([["id", "x"], ["a", 5]]), "xl/styles.xml",
        lambda xml: xml.replace(b'<cellXfs count="1"><xf numFmtId="0"',
                                b'<cellXfs count="1"><xf numFmtId="14"'))
    slow, fast = _both(data)
    assert fast is None
    assert slow[1] == ["a", "1900-01-05T00:00:00"]


def _rewritten(data: bytes, member: str, change) -> bytes:
    """The workbook with one member's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, change(body) if item.filename == member else body)
    return out.getvalue()


def test_a_styled_cell_is_found_whatever_the_order_of_its_attributes():
    data = _workbook([["id", "x"], ["a", 0.5]], {(1, 1): "0%"})
    data = _rewritten(data, "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb'<c r="(B2)" s="(\d+)"', rb'<c s="\2" r="\1"', xml))
    slow, fast = _both(data)
    assert fast == slow == [["id", "x"], ["a", "50"]]


def test_a_styled_cell_that_does_not_name_its_place_is_left_to_openpyxl():
    data = _workbook([["id", "x"], ["a", 0.5]], {(1, 1): "0%"})
    slow, fast = _both(_rewritten(data, "xl/worksheets/sheet1.xml",
                                  lambda xml: re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml)))
    assert fast is None
    assert slow == [["id", "x"], ["a", "50"]]


CELLS = st.one_of(
    st.none(), st.booleans(),
    st.integers(-10**14, 10**14),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: abs(f) < 1e300),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    st.sampled_from(["007", " x ", " ", "a  b", "Hà Nội", "Ha\u0300 No\u0323i", "=", "=A1*2",
                     "'1", "85%", "có"]),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(CELLS, st.sampled_from(FORMATS)), min_size=1, max_size=6),
                min_size=1, max_size=6),
       st.integers(0, 3))
def test_any_workbook_reads_the_same_either_way(grid, offset):
    rows = [[value for value, _ in row] for row in grid]
    formats = {(r, c): fmt for r, row in enumerate(grid) for c, (_, fmt) in enumerate(row)}
    try:
        data = _workbook(rows, formats, offset)
    except openpyxl.utils.exceptions.IllegalCharacterError:
        return
    slow, fast = _both(data)
    if fast is not None:
        assert fast == slow


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_workbook_sample_scores_the_same_either_way(tmp_path, monkeypatch):
    import pandas as pd

    path = tmp_path / "laocai.xlsx"
    frame = pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str)
    frame.to_excel(path, index=False)
    used = []
    real = xlsx_cells.calamine_cells
    monkeypatch.setattr(xlsx_cells, "calamine_cells", lambda *a: used.append(real(*a)) or used[-1])
    fast = run("score", path, "--format", "json")
    assert used and used[0] is not None  # calamine read it
    monkeypatch.setattr(xlsx_cells, "calamine_cells", lambda *a: None)
    slow = run("score", path, "--format", "json")
    assert fast.exit_code == slow.exit_code == 0
    assert fast.stdout == slow.stdout


def test_a_sheet_stored_in_utf16_is_left_to_openpyxl():
    def utf16(xml: bytes) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-16"?>' + xml.decode()).encode("utf-16")

    data = _workbook([["id", "x"], ["a", 0.5]], {(1, 1): "0%"})
    slow, fast = _both(_rewritten(data, "xl/worksheets/sheet1.xml", utf16))
    assert fast is None
    assert slow == [["id", "x"], ["a", "50"]]


def test_a_last_row_holding_only_a_formula_without_its_value_is_still_reported():
    data = _workbook([["id", "x"], ["a", 1], [None, "=B2*2"]])
    slow, fast = _both(data)
    assert fast == slow == [["id", "x"], ["a", "1"], []]
    raw = sheets.read_sheet_bytes(data, "t.xlsx")
    assert [(p.row, p.cell) for p in raw.problems] == [(3, "B3")]


def _openpyxl_formulas(data: bytes, grid: list[list[str]]) -> list[tuple[int, int]]:
    """The formula cells without a value as found before, by openpyxl cell by cell."""
    return sheets._formulas_without_value(data, "t.xlsx", None, 0, grid)


def test_formulas_without_value_are_found_in_the_xml_as_openpyxl_finds_them():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "x", "y", "z"])
    ws.append(["a", "=1+1", 3, "=B2*2"])  # openpyxl stores formulas without their value
    ws.append(["b", 5, "=SUM(B2:B3)", None])
    ws["D3"] = "=B3"
    data = _rewritten(_saved(book), "xl/worksheets/sheet1.xml",  # Excel would store values
                      lambda xml: xml.replace(b"<f>B2*2</f><v />", b"<f>B2*2</f><v>4</v>")
                      .replace(b"<f>B3</f><v />", b"<f>B3</f><v></v>"))
    slow, fast = _both(data)
    assert fast == slow
    xml = sheets._sheet_xml(data, "xl/worksheets/sheet1.xml")
    found = xlsx_cells.formula_cells_without_value(xml)
    assert found == [(2, 2), (3, 3), (3, 4)]
    assert _openpyxl_formulas(data, slow) == found
    raw = sheets.read_sheet_bytes(data, "t.xlsx")
    assert sorted(p.cell for p in raw.problems) == ["B2", "C3", "D3"]


def test_an_array_formula_without_value_is_reported_too():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "x"])
    ws.append(["a", None])
    ws["B2"] = openpyxl.worksheet.formula.ArrayFormula("B2", "=SUM(1+1)")
    raw = sheets.read_sheet_bytes(_saved(book), "t.xlsx")
    assert [p.cell for p in raw.problems] == ["B2"]  # openpyxl's value is not text: missed


def test_a_validation_formula_outside_the_cells_leaves_the_scan_in_the_xml():
    """Excel writes a drop-down's list as <xm:f> in the sheet's extLst, after the cells."""
    data = _workbook([["id", "x"], ["a", "=1+1"]])
    extension = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations'
                 b' count="1"><x14:dataValidation type="list"><x14:formula1><xm:f>Lists!$A$1:$A$3'
                 b"</xm:f></x14:formula1><xm:sqref>C2</xm:sqref></x14:dataValidation>"
                 b"</x14:dataValidations></ext></extLst></worksheet>")
    data = _rewritten(data, "xl/worksheets/sheet1.xml",
                      lambda xml: xml.replace(b"</worksheet>", extension))
    xml = sheets._sheet_xml(data, "xl/worksheets/sheet1.xml")
    assert xlsx_cells.formula_cells_without_value(xml) == [(2, 2)]


@pytest.mark.parametrize("keep", [True, False])
def test_white_space_calamine_would_trim_is_left_to_openpyxl(keep):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook()
    book.active.append(["id", "name", "blank"])
    book.active.append(["a", CellRichText(["Sở", TextBlock(InlineFont(b=True), " "), "Nội vụ"]),
                        " lead "])
    data = _saved(book)
    if not keep:  # a writer that does not mark the spaces to keep
        data = _rewritten(data, "xl/worksheets/sheet1.xml",
                          lambda xml: xml.replace(b' xml:space="preserve"', b""))
    slow, fast = _both(data)
    assert slow == [["id", "name", "blank"], ["a", "Sở Nội vụ", " lead "]]
    assert fast is None  # calamine reads 'SởNội vụ' and 'lead'


def test_spaces_marked_to_keep_read_the_calamine_way():
    slow, fast = _both(_workbook([["id", "name"], ["a", " lead "], ["b", "x"]]))
    assert fast == slow == [["id", "name"], ["a", " lead "], ["b", "x"]]


def _with_shared_strings(strings: list[bytes], rows: list[list[int | float]]) -> bytes:
    """A workbook as Excel saves one: its text in xl/sharedStrings.xml (each entry given as
    the XML inside <si>), cells referring to it (an int: the entry; a float: a number)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "placeholder"
    data = _saved(book)
    cells = b"".join(
        b'<row r="%d">' % r + b"".join(
            (b'<c r="%s%d" t="s"><v>%d</v></c>' if isinstance(v, int) else
             b'<c r="%s%d"><v>%r</v></c>') % (b"ABCDEFGH"[c:c + 1], r, v)
            for c, v in enumerate(row)) + b"</row>"
        for r, row in enumerate(rows, start=1))
    table = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d"'
             b' uniqueCount="%d">' % (len(strings), len(strings))
             + b"".join(b"<si>" + s + b"</si>" for s in strings) + b"</sst>")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + cells +
                              b"</sheetData>", body, flags=re.S)
                body = re.sub(rb'<dimension ref="[^"]*" />', b"", body)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>'))
            elif item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            target.writestr(item, body)
        target.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def test_shared_strings_as_excel_writes_them_read_the_calamine_way():
    strings = [b"<t>id</t>", b"<t>name</t>", b"<t>SNV</t>",
               b'<r><t>S\xe1\xbb\x9f</t></r><r><rPr><b/></rPr><t xml:space="preserve"> N\xe1\xbb'
               b"\x99i v\xe1\xbb\xa5</t></r>",
               b'<t xml:space="preserve"> k\xc3\xa8m </t>',
               b'<t>\xe3\x82\xbd</t><rPh sb="0" eb="1"><t>\xe3\x82\xbd</t></rPh>',
               b"<t>a &amp; b &lt;c&gt;</t>"]
    data = _with_shared_strings(strings, [[0, 1, 1], [2, 3, 4], [5, 6, 85.5]])
    slow, fast = _both(data)
    assert slow == [["id", "name", "name"], ["SNV", "Sở Nội vụ", " kèm "],
                    ["ソ", "a & b <c>", "85.5"]]
    assert fast == slow


def test_a_shared_string_calamine_would_trim_is_left_to_openpyxl():
    data = _with_shared_strings([b"<t>id</t>", b"<t> x</t>"], [[0], [1]])
    slow, fast = _both(data)
    assert slow == [["id"], [" x"]]
    assert fast is None


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_sheet_that_states_too_small_a_size_is_read_whole_either_way(reader, monkeypatch):
    if reader == "openpyxl":
        monkeypatch.setattr(xlsx_cells, "calamine_cells", lambda *a: None)
    data = _workbook([["iso3", "country", "le_2022"], ["AAA", "A", 70]])
    data = _rewritten(data, "xl/worksheets/sheet1.xml",  # some programs write it wrong
                      lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>',
                                         b'<dimension ref="A1:B2" />', xml))
    raw = sheets.read_sheet_bytes(data, "t.xlsx")
    assert list(raw.frame.columns) == ["iso3", "country", "le_2022"]  # was dropped, unsaid


def test_openpyxls_formula_scan_reads_beyond_a_stated_size_too():
    data = _rewritten(_workbook([["iso3", "country", "le_2022"], ["AAA", "A", "=1+1"]]),
                      "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb'<dimension ref="[^"]*" ?/>',
                                         b'<dimension ref="A1:B2" />', xml))
    grid = [["iso3", "country", "le_2022"], ["AAA", "A"]]
    assert _openpyxl_formulas(data, grid) == [(2, 3)]
