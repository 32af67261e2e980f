"""Reading an .xlsx workbook: its parts parsed as XML, every cell the same way.

An .xlsx is a zip of XML parts: the workbook (sheet names, the 1900 or 1904 calendar),
its relationships (where each sheet is), the styles (each cell style's number format),
the shared strings and the sheets. Each part is parsed with defusedxml's ElementTree
(an untrusted file: no entity expansion, no external entity), the sheet as a stream of
rows. So a value in CDATA, a sheet in UTF-16, attributes in any order or quoting, a
namespace prefix: the XML parser reads them as any XML reader does, and the workbook
reads the same whatever else is installed.

A cell becomes the text a CSV would hold (`read.cells.cell_text`), read as LibreOffice and
Excel show it:
- a number under a percentage format reads as shown (0.85 under `0%` reads 85), by the
  format's section for its sign, literals not counted (`number_format`);
- an id under `000` reads 007; a number under a date format reads as its ISO date;
- `_x000D_` escapes are unescaped; a value that is not a number in a number cell is kept
  as written, for `validate` to report at its cell (never read as something else);
- a formula with no stored value is listed, to be reported (`formula-without-value`);
- the sheet's stated size (`<dimension>`) is not trusted: the cells say where they are.
"""

from __future__ import annotations

import array
import datetime as dt
import io
import posixpath
import re
import zipfile
from typing import Any
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeTree

from ictrank.errors import SheetError
from ictrank.messages import msg
from ictrank.read import number_format
from ictrank.read.book import ZIP_ERRORS, SheetCells, check_unpacked_size
from ictrank.read.cells import cell_text, dotted, excel_letter
from ictrank.read.number_format import NumberFormat
from ictrank.read.raw import unreadable
from ictrank.read.xml import PARSE_ERRORS, content_end, events_through, stream_events
from ictrank.read.xml import _local as _local

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional, strict
_REL_TYPE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
             "http://purl.oclc.org/ooxml/officeDocument/relationships/")
_REL_ID = tuple(f"{{{ns[:-1]}}}id" for ns in _REL_TYPE)
# a sheet part unpacking to more bytes is first scanned for where its cells' contents end
SCAN_ABOVE = 32 * 2**20
CONTENT = frozenset({"v", "f", "is"})  # a cell's value, formula, inline string
MAX_GRID_CELLS = 50_000_000  # rows x columns of the table read; past it the sheet is refused
# Excel's built-in number formats that change a reading (ids below 164 not listed: General)
BUILTIN_FORMATS = {
    9: "0%", 10: "0.00%", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")  # a stored number's text
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
_REFERENCE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")  # a cell reference such as B12





def unescape(text: str) -> str:
    """OOXML's `_xHHHH_` escapes (a character XML cannot hold, such as a carriage
    return) as the characters they stand for."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class SharedStrings:
    """The shared strings end to end in one text, with where each ends: 8 bytes a string
    beside its characters, where a list would hold a Python object of 50 bytes or more each
    (a part of 950 MB of one-letter strings once took 4 GB). A string is cut out when a
    cell asks for it, once per string."""

    def __init__(self) -> None:
        self._buffer: io.StringIO | None = io.StringIO()
        self._ends = array.array("q")
        self._length = 0
        self._text = ""
        self._taken: dict[int, str] = {}

    def append(self, text: str) -> None:
        assert self._buffer is not None
        self._buffer.write(text)
        self._length += len(text)
        self._ends.append(self._length)

    def close(self) -> None:
        """Done appending: the text is joined once."""
        if self._buffer is not None:
            self._text = self._buffer.getvalue()
            self._buffer = None

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        text = self._taken.get(index)
        if text is None:
            start = self._ends[index - 1] if index else 0
            text = self._taken[index] = self._text[start:self._ends[index]]
        return text


class XlsxBook:
    """An .xlsx workbook opened for reading its worksheets."""

    def __init__(self, data: bytes, file: str):
        check_unpacked_size(data, file)
        self.file = file
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except ZIP_ERRORS as exc:
            raise self._damaged(msg("read.damaged_short")) from exc
        self.members = {name.lower(): name for name in self.archive.namelist()}
        workbook = self._workbook_part()
        root = self._xml(workbook)
        rels = self._relationships(workbook)
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        self.epoch = WINDOWS_EPOCH
        self.sheets: list[tuple[str, str, str]] = []  # name, part, state
        for element in root.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904", "0").lower() in ("1", "true"):
                self.epoch = MAC_EPOCH
            elif name == "sheet":
                rel = next((element.get(key) for key in _REL_ID if element.get(key)), None)
                kind, target = rels.get(rel or "", ("", ""))
                if kind == "worksheet" and target:
                    self.sheets.append((element.get("name") or "", target,
                                        element.get("state") or "visible"))
        self.shared_part = next((t for k, t in rels.values() if k == "sharedStrings"), None)
        self.styles_part = next((t for k, t in rels.values() if k == "styles"), None)
        self._strings: SharedStrings | None = None
        self._formats: list[NumberFormat] | None = None

    # --- the parts -------------------------------------------------------------------

    def _damaged(self, message: Any) -> SheetError:
        return unreadable(self.file, message)

    def _member(self, part: str) -> str | None:
        return self.members.get(part.lstrip("/").lower())

    def _zip_damaged(self, part: str) -> SheetError:
        """A zip member that cannot be unpacked (truncated, corrupt, an unknown method)."""
        return self._damaged(msg("read.damaged_part", part=part, error=msg("read.zip_member")))

    def _open(self, part: str) -> Any:
        """A part as a stream, unpacked as it is read: a large part is never held whole."""
        member = self._member(part)
        if member is None:
            raise self._damaged(msg("read.missing_part", part=part))
        try:
            return self.archive.open(member)
        except ZIP_ERRORS as exc:
            raise self._zip_damaged(part) from exc

    def _read(self, part: str) -> bytes:
        """A small part whole (the workbook, its relationships, the styles)."""
        try:
            with self._open(part) as stream:
                data: bytes = stream.read()
                return data
        except ZIP_ERRORS as exc:
            raise self._zip_damaged(part) from exc

    def _xml(self, part: str) -> Any:
        try:
            return SafeTree.fromstring(self._read(part))
        except PARSE_ERRORS as exc:
            raise self._damaged(msg("read.damaged_part", part=part,
                                    error=_parse_problem(exc))) from exc

    def _workbook_part(self) -> str:
        """The workbook's part, as the package's relationships name it."""
        for kind, target in self._relationships("").values():
            if kind == "officeDocument" and self._member(target):
                return target
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """id -> (type's last word, target part) of the relationships of `part`."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if self._member(rels_part) is None:
            return {}
        found = {}
        for element in self._xml(rels_part).iter():
            if _local(element.tag) != "Relationship":
                continue
            target = element.get("Target") or ""
            if element.get("TargetMode") == "External":
                continue
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            kind = (element.get("Type") or "").rpartition("/")[2]
            found[element.get("Id") or ""] = (kind, target)
        return found

    def strings(self) -> SharedStrings:
        """The shared strings, each the text of its runs (phonetic runs left out)."""
        if self._strings is None:
            self._strings = SharedStrings() if self.shared_part is None or self._member(
                self.shared_part) is None else self._read_strings(self.shared_part)
        return self._strings

    def _read_strings(self, part: str) -> SharedStrings:
        strings = SharedStrings()
        tags: dict[str, str] = {}
        try:
            with self._open(part) as stream:
                root = None
                for event, element in stream_events(stream, ("start", "end")):
                    if root is None:
                        root = element
                    elif event == "end" and _local(element.tag) == "si":
                        strings.append(cell_text(_text_of(element, tags)))
                        root.clear()  # no empty <si> left behind: 72 bytes each
        except PARSE_ERRORS as exc:
            raise self._damaged(msg("read.damaged_part", part=part,
                                    error=_parse_problem(exc))) from exc
        except ZIP_ERRORS as exc:
            raise self._zip_damaged(part) from exc
        strings.close()
        return strings

    def formats(self) -> list[NumberFormat]:
        """Each cell style's number format (by the style's index, `s`)."""
        if self._formats is None:
            self._formats = self._read_formats()
        return self._formats

    def _read_formats(self) -> list[NumberFormat]:
        if self.styles_part is None or self._member(self.styles_part) is None:
            return []
        root = self._xml(self.styles_part)
        codes = dict(BUILTIN_FORMATS)
        cell_xfs = None
        for element in root:
            name = _local(element.tag)
            if name == "numFmts":
                for fmt in element:
                    number = _integer(fmt.get("numFmtId"))
                    if number is not None:
                        codes[number] = fmt.get("formatCode") or ""
            elif name == "cellXfs":
                cell_xfs = element
        if cell_xfs is None:
            return []
        return [number_format.parse(codes.get(_integer(xf.get("numFmtId")) or 0))
                for xf in cell_xfs if _local(xf.tag) == "xf"]

    # --- a sheet ---------------------------------------------------------------------

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _, _ in self.sheets]

    @property
    def hidden_sheets(self) -> set[str]:
        """The sheets hidden (`hidden`, or `veryHidden`: shown by no menu)."""
        return {name for name, _, state in self.sheets if state != "visible"}

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells:
        """The cells of the worksheet `name` as text (see read/cells.cell_text)."""
        part = next(target for sheet, target, _ in self.sheets if sheet == name)
        reader = _SheetReader(self, name, max_rows, decimal)
        try:
            end = self._content_end(part)
            with self._open(part) as stream:
                reader.read(stream_events(stream) if end is None
                            else events_through(stream, end, "row"))
        except PARSE_ERRORS as exc:
            raise self._damaged(msg("read.damaged_sheet", name=name,
                                    error=_parse_problem(exc))) from exc
        except ZIP_ERRORS as exc:
            raise self._zip_damaged(part) from exc
        return reader.result()

    def _content_end(self, part: str) -> int | None:
        """Where a large sheet's cell contents end (see read/xml.content_end): a template
        formatted down to row 1,000,000 is read up to its last value, formula or inline
        string, not cell by cell through its blank rows. Both ways read the same cells."""
        member = self._member(part)
        if member is None or self.archive.getinfo(member).file_size <= SCAN_ABOVE:
            return None
        with self._open(part) as stream:
            return content_end(stream, CONTENT)


def _parse_problem(exc: Exception) -> Any:
    """What the XML parser found, in the user's language (its own text is English)."""
    if isinstance(exc, ElementTree.ParseError):
        line, column = exc.position
        return msg("read.xml_at", line=line, column=column)
    return msg("read.xml_entities")


def _integer(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and text.isascii() else None


def _text_of(element: Any, tags: dict[str, str]) -> str:
    """The text of a string item (<si> or <is>): its <t>, or the <t> of each run <r>;
    phonetic runs (<rPh>) are a reading aid, not the text."""
    if not tags:
        namespace = element.tag[:-len(_local(element.tag))]
        tags.update(t=namespace + "t", r=namespace + "r")
    t_tag, r_tag = tags["t"], tags["r"]
    parts = []
    for child in element:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            parts += [(t.text or "") for t in child if t.tag == t_tag]
    return unescape("".join(parts))


_COLUMNS: dict[str, int] = {}  # a reference's letters -> its column from 1, as met


def _column(reference: str | None) -> int:
    """The column of a cell reference such as `B12` (0 where it is not one)."""
    if not reference:
        return 0
    letters = reference.rstrip("0123456789")
    number = _COLUMNS.get(letters)
    if number is None:
        if _REFERENCE.fullmatch(reference) is None or len(letters) == len(reference):
            return 0
        number = 0
        for char in letters:
            number = number * 26 + ord(char) - 64
        _COLUMNS[letters] = number
    return number


class _SheetReader:
    """The rows of one sheet, as its XML is parsed."""

    def __init__(self, book: XlsxBook, name: str, max_rows: int, decimal: str):
        self.book, self.name, self.max_rows, self.decimal = book, name, max_rows, decimal
        self.rows: dict[int, list[str]] = {}
        self.formulas: list[tuple[int, int]] = []
        self.text_numbers: list[tuple[int, int]] = []
        self.percent_cells: list[tuple[int, int]] = []
        self.string_tags: dict[str, str] = {}
        self.c_tag = self.v_tag = self.f_tag = self.is_tag = ""  # known at the first row
        self.formats = book.formats()
        self.strings = book.strings()
        # the `s` of the styles under which a number reads plain (most cells)
        self.plain = {str(i) for i, fmt in enumerate(self.formats) if not fmt.matters}
        if not self.formats or not self.formats[0].matters:
            self.plain.add("")  # a cell without `s` has style 0
        self.last_row = 0
        self.widest = (0, 0)  # (column, row) of the rightmost cell holding something

    def read(self, events: Any) -> None:
        row_tag = None
        for _, element in events:
            tag = element.tag
            if tag == row_tag:
                self.row(element)
                element.clear()
            elif row_tag is None and _local(tag) == "row":
                row_tag = tag
                namespace = tag[:-3]
                self.c_tag, self.v_tag, self.f_tag, self.is_tag = (
                    namespace + name for name in ("c", "v", "f", "is"))
                self.row(element)
                element.clear()

    def row(self, element: Any) -> None:
        """One <row>: its cells into `rows`, by their references."""
        number = _integer(element.get("r")) or self.last_row + 1
        self.last_row = number
        c_tag, v_tag, plain = self.c_tag, self.v_tag, self.plain
        cells: list[str] | None = None  # made at the first value: blank rows cost nothing
        column = 0
        for cell in element:
            if cell.tag != c_tag:
                continue
            column = _column(cell.get("r")) or column + 1
            first = cell[0] if len(cell) == 1 else None
            if (first is not None and first.tag == v_tag and first.text
                    and cell.get("t") is None and cell.get("s", "") in plain):
                text = self.plain_number(first.text)  # the usual cell: a number, no format
            else:
                text = self.text(cell, number, column)
            if not text:
                continue
            if cells is None:
                if number > self.max_rows:  # blank rows, formatted or not, are not counted
                    raise self.book._damaged(msg("read.too_many_rows", limit=self.max_rows))
                cells = self.rows.setdefault(number, [])
            if column > len(cells):
                cells.extend([""] * (column - len(cells)))
            cells[column - 1] = text
            if column > self.widest[0]:
                self.widest = (column, number)

    def text(self, cell: Any, row: int, column: int) -> str:
        """A cell's text; a formula without a stored value is listed in `formulas`."""
        value = formula = inline = None
        for child in cell:
            tag = child.tag
            if tag == self.v_tag:
                value = child.text
            elif tag == self.f_tag:
                formula = child
            elif tag == self.is_tag:
                inline = child
        kind = cell.get("t")
        if value:
            if kind == "s":
                return self.noted(self.shared_string(value, row, column), row, column)
            if (kind is None or kind == "n") and cell.get("s", "") in self.plain:
                return self.plain_number(value)
            if kind == "str":  # a formula's text
                return self.noted(cell_text(unescape(value)), row, column)
            return self.value_text(value, kind, cell.get("s"), row, column)
        if inline is not None and kind == "inlineStr":
            text = cell_text(_text_of(inline, self.string_tags))
            if text:
                return self.noted(text, row, column)
        if formula is not None:
            self.formulas.append((row, column))
        return ""

    def noted(self, text: str, row: int, column: int) -> str:
        """A text cell's text; one shaped like a number with thousands dots is listed."""
        if "." in text and dotted(text):
            self.text_numbers.append((row, column))
        return text

    def shared_string(self, value: str, row: int, column: int) -> str:
        index = _integer(value)
        if index is None or index >= len(self.strings):
            raise self.book._damaged(msg("read.bad_string", name=self.name,
                                         cell=f"{excel_letter(column - 1)}{row}"))
        return self.strings[index]

    def plain_number(self, value: str) -> str:
        """A number cell of no special format, as read/cells.cell_text writes it."""
        if value.isdigit() and value.isascii():  # a whole number, the usual cell
            return str(int(value))
        if not _NUMBER.fullmatch(value):
            value = value.strip()
            if not _NUMBER.fullmatch(value):
                return unescape(value)  # kept as written: `validate` says not a number
        if "." not in value and "e" not in value and "E" not in value:
            return str(int(value))
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        text = repr(number)
        return text if self.decimal == "." else text.replace(".", self.decimal)

    def value_text(self, value: str, kind: str | None, style: str | None, row: int,
                   column: int) -> str:
        if kind is None or kind == "n":
            return self.number_text(value.strip(), style, row, column)
        if kind == "b":
            flag = value.strip()
            return {"1": "true", "0": "false"}.get(flag, flag)
        if kind == "d":
            return _iso_date(value.strip())
        return cell_text(unescape(value))  # str (a formula's text), e (an error), inlineStr

    def number_text(self, value: str, style: str | None, row: int, column: int) -> str:
        """A number cell under its style's format; one shown as a percentage is listed."""
        index = _integer(style) if style else 0
        fmt = self.formats[index] if index is not None and index < len(self.formats) else None
        if fmt is None or not fmt.matters or not _NUMBER.fullmatch(value):
            return self.plain_number(value)
        number: float = (float(value) if "." in value or "e" in value or "E" in value
                         else int(value))
        if fmt.date:
            return _serial_date(number, self.book.epoch, fmt.timedelta)
        section = fmt.section(number)
        if section.percents:
            self.percent_cells.append((row, column))
            return cell_text(number * 100 ** (section.percents - 1), "0%", self.decimal)
        if section.padded:
            return cell_text(number, "0" * section.padded, self.decimal)
        return cell_text(number, None, self.decimal)

    def result(self) -> SheetCells:
        """The grid (a row is made at its first value, and ends with a value)."""
        last = max(self.rows, default=0)
        width, where = self.widest
        if last * width > MAX_GRID_CELLS:
            raise self.book._damaged(msg(
                "read.too_wide", name=self.name, cell=f"{excel_letter(width - 1)}{where}",
                rows=last, columns=width, limit=MAX_GRID_CELLS))
        grid = [self.rows.get(r, []) for r in range(1, last + 1)]
        return SheetCells(grid, self.formulas, self.text_numbers, self.percent_cells)


def _serial_date(number: float, epoch: dt.datetime, timedelta: bool) -> str:
    """A date cell's serial number as ISO text (as openpyxl's `from_excel` gives it); one
    out of every calendar reads #VALUE!, which validate reports as not a number."""
    from openpyxl.utils.datetime import from_excel

    try:
        value = from_excel(number, epoch, timedelta=timedelta)
    except (OverflowError, ValueError):
        return "#VALUE!"
    return cell_text(value)


def _iso_date(text: str) -> str:
    """An ISO date cell (t="d") as ISO text, as openpyxl's `from_ISO8601` reads it; kept
    as written where it is not one."""
    from openpyxl.utils.datetime import from_ISO8601

    try:
        value = from_ISO8601(text)
    except ValueError:
        return text
    return text if value is None else cell_text(value)
