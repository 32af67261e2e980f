"""The cells of an .xlsx sheet read by python-calamine, as openpyxl would read them.

openpyxl parses a sheet's XML in Python, a cell at a time: about 1.1 s per 1,000 rows
of 50 cells. calamine (Rust) reads the same cells about ten times faster, but does not say
a cell's number format, which the reading needs: a cell shown as 85 % holds 0.85 and
means 85, an id shown as 007 holds 7, and openpyxl decides by the format which numbers
are dates. So openpyxl still opens the workbook (sheet choice, styles, the calendar,
every message about a damaged file), and only the cells whose style matters are looked
up in the sheet's XML; their text is then made exactly as openpyxl's reading makes it.

Where calamine and openpyxl read a file differently (error cells, `_x000D_` escapes,
ISO date cells, a style of every cell that is a date, numbers too long for a float,
text with outer white space not marked to be kept, which calamine trims), or where the
sheet's XML is not as plain as usual, `calamine_cells` says None and the
caller reads the sheet with openpyxl as before: the same workbook gives the same text
either way (tests/test_xlsx_cells.py compares the two readings).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

# this module is imported only to read a workbook, when openpyxl is needed anyway
from openpyxl.utils.cell import column_index_from_string

_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_ATTRIBUTE = re.compile(rb'\s(r|t)="([^"]*)"')
_REFERENCE = re.compile(rb"([A-Z]{1,3})([0-9]+)")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>|<(?:\w+:)?v\s*/>|</(?:\w+:)?c>")
_FORMULA_START = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s[^<>]*>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_DATE_TYPES = (dt.date, dt.time, dt.timedelta)  # datetime is a date
_Cell = tuple["_Style", bytes | None, bytes | None]  # style, type (t=), stored value


def calamine_cells(data: bytes, book: Any, ws: Any, xml: bytes | None, last_row: int | None,
                   max_rows: int, decimal: str) -> list[list[str]] | None:
    """The rows of `ws` (of the openpyxl read-only `book` opened on `data`) as
    `sheets.worksheet_cells` gives them, or None where only openpyxl can promise that
    (an empty grid is None too: openpyxl says why it is empty)."""
    if (xml is None or last_row is None or not 0 < last_row <= max_rows
            or not xml[:64].lstrip().startswith(b"<") or _read_differently(xml)):
        return None
    if _strings_read_differently(data):
        return None
    try:
        styles = _styles_that_matter(book)
    except (AttributeError, LookupError, TypeError):  # openpyxl's internals moved
        return None
    if styles is None:
        return None
    rows = _calamine_rows(data, ws.title, last_row)
    if rows is None:
        return None
    styled = _styled_cells(xml, styles) if styles else {}
    if styled is None:
        return None
    return _grid(rows, styled, book, decimal, last_row)


def _read_differently(xml: bytes) -> bool:
    """True where calamine reads the XML otherwise than openpyxl: an error cell (#DIV/0!),
    an ISO date cell, or an _xHHHH_ escape, which openpyxl keeps as written; or where
    attributes are written otherwise than name="value", which the scans here expect.
    (Looked for with bytes.find: a regex over a sheet of 20 MB takes a tenth of a second.)"""
    if b't="e"' in xml or b't="d"' in xml:
        return True
    if b"='" in xml or b" =" in xml or b"= " in xml:
        return True  # attributes not written as t="v": the scans here would miss them
    return _escaped(xml) or _trimmed(xml)


def _escaped(xml: bytes) -> bool:
    at = xml.find(b"_x")
    while at >= 0:
        if _ESCAPE.match(xml, at):
            return True
        at = xml.find(b"_x", at + 2)
    return False


_SPACES = (b" ", b"\n", b"\t", b"\r")
_TEXT_START = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>")
_TEXT_END = re.compile(rb"</(?:\w+:)?t>")


def _trimmed(xml: bytes) -> bool:
    """True where a text starts or ends with white space and its <t> does not say
    xml:space="preserve": calamine trims such a text (' a ' reads 'a', and the space
    between two runs of rich text is lost), openpyxl keeps it as written."""
    for space in _SPACES:
        for pattern, text_end in ((b"t>" + space, False), (space + b"</", True)):
            at = xml.find(pattern)
            while at >= 0:
                if text_end and not _TEXT_END.match(xml, at + 1):
                    at = xml.find(pattern, at + 1)
                    continue
                start = xml.rfind(b"<", 0, at + 1 if not text_end else at)
                tag = _TEXT_START.match(xml, start)
                if tag is not None and (text_end or tag.end() == at + 2) and (
                        b"preserve" not in tag.group()):
                    return True
                at = xml.find(pattern, at + 1)
    return False


def _strings_read_differently(data: bytes) -> bool:
    """True where the shared strings hold an _xHHHH_ escape or a text calamine trims (or
    cannot be read here)."""
    import zipfile

    from ictrank.workbook_formats import ZIP_ERRORS

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(_escaped(xml) or _trimmed(xml)
                       for xml in (archive.read(name) for name in archive.namelist()
                                   if name.lower().endswith("sharedstrings.xml")))
    except ZIP_ERRORS:
        return True


class _Style:
    """A cell style whose format changes the reading: its number format, and whether
    openpyxl reads its numbers as dates (or durations)."""

    __slots__ = ("date", "duration", "number_format")

    def __init__(self, number_format: str, date: bool, duration: bool) -> None:
        self.number_format = number_format
        self.date = date
        self.duration = duration


_PLAIN: tuple[_Style | None, bytes | None, bytes | None] = (None, None, None)  # no style


def _styles_that_matter(book: Any) -> dict[int, _Style] | None:
    """Style id -> _Style for the styles of percentages, zero-padded ids and dates; None
    where the unstyled cell (style 0) would be one of them. (openpyxl's read-only cells
    find their format the same way: cell/read_only.py, ReadOnlyCell.number_format.)"""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    from ictrank.sheets import format_matters

    found: dict[int, _Style] = {}
    custom = book._number_formats
    for style_id, style in enumerate(book._cell_styles):
        number_id = style.numFmtId
        code = (BUILTIN_FORMATS.get(number_id, "General") if number_id < BUILTIN_FORMATS_MAX_SIZE
                else custom[number_id - BUILTIN_FORMATS_MAX_SIZE])
        date = style_id in book._date_formats
        if date or format_matters(code):
            found[style_id] = _Style(code, date, style_id in book._timedelta_formats)
    return None if 0 in found else found


def _calamine_rows(data: bytes, name: str, last_row: int) -> list[list[Any]] | None:
    from ictrank.workbook_formats import rust_panics_quiet

    try:
        with rust_panics_quiet():
            return _open_sheet(data, name).to_python(skip_empty_area=False, nrows=last_row)
    except Exception:  # CalamineError, a panic, anything: openpyxl reads it, or says why
        return None


def _open_sheet(data: bytes, name: str) -> Any:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name)


def _styled_cells(xml: bytes, styles: dict[int, _Style]) -> dict[tuple[int, int], _Cell] | None:
    """(row, column) from 0 -> (style, type, the stored value) of every cell of a style
    that matters; None where a cell does not name its place."""
    ids = b"|".join(str(s).encode() for s in sorted(styles))
    start_tag = re.compile(rb'<(?:\w+:)?c(\s(?:[^>]*?\s)?s="(' + ids + rb')"[^>]*?)(/?)>')
    found: dict[tuple[int, int], _Cell] = {}
    for tag in start_tag.finditer(xml):
        attributes = dict(_ATTRIBUTE.findall(tag.group(1)))
        place = _place(attributes)
        if place is None:
            return None
        style = styles[int(tag.group(2))]
        value = None
        if style.date and not tag.group(3):  # only a date needs its stored value
            end = _VALUE.search(xml, tag.end())
            value = end.group(1) if end is not None else None
        found[(place[0] - 1, place[1] - 1)] = (style, attributes.get(b"t"), value)
    return found


def _place(attributes: dict[bytes, bytes]) -> tuple[int, int] | None:
    """(row, column) from 1 of a cell by its r="B12" attribute; None without one."""
    place = _REFERENCE.fullmatch(attributes.get(b"r", b""))
    if place is None:
        return None
    return int(place.group(2)), int(column_index_from_string(place.group(1).decode("ascii")))


def _grid(rows: list[list[Any]], styled: dict[tuple[int, int], _Cell], book: Any,
          decimal: str, last_row: int) -> list[list[str]] | None:
    from ictrank.sheets import cell_text

    grid: list[list[str]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            style, kind, stored = styled.get((r, c), _PLAIN) if styled else _PLAIN
            if style is not None and style.date and kind in (None, b"n"):
                value = _openpyxl_date(stored, book.epoch, style.duration)
            elif isinstance(value, _DATE_TYPES):
                return None  # calamine took it for a date, openpyxl would not
            elif type(value) is float and value.is_integer() and abs(value) >= 1e15:
                return None  # openpyxl keeps a long integer's digits; a float has lost them
            cells.append(cell_text(value, style.number_format if style else None, decimal))
        while cells and not cells[-1]:
            cells.pop()
        grid.append(cells)
    # openpyxl reads up to the last row with a value or a formula; calamine's rows end at
    # the last value, and a formula stored without its value is still to be reported
    grid += [[] for _ in range(last_row - len(grid))]
    return grid


def _openpyxl_date(stored: bytes | None, epoch: dt.datetime, duration: bool) -> object:
    """A date cell's value as openpyxl's reader gives it (worksheet/_reader.py)."""
    from openpyxl.utils.datetime import from_excel

    if not stored:
        return None
    text = stored.decode()
    number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
    try:
        return from_excel(number, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


def formula_cells_without_value(xml: bytes) -> list[tuple[int, int]] | None:
    """(row, column) from 1 of the cells holding a formula but no stored value, found in
    the sheet's XML; None where the XML is not laid out as the schema says (a cell's
    formula is its first child), for openpyxl to look cell by cell."""
    found = []
    cells = (xml.find(b"sheetData"), xml.rfind(b"sheetData"))  # not the validations' <xm:f>
    for formula in _FORMULA_START.finditer(xml, max(cells[0], 0), max(cells[1], 0)):
        start = _CELL_START.match(xml, xml.rfind(b"<", 0, formula.start()))
        end = _CELL_END.search(xml, formula.end())
        if start is None or start.end() != formula.start() or end is None:
            return None
        place = _place(dict(_ATTRIBUTE.findall(start.group())))
        if place is None:
            return None
        value = _VALUE.search(xml, formula.end(), end.end())
        if value is None or not value.group(1):
            found.append(place)
    return found
