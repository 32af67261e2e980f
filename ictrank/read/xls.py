"""`.xls` (Excel 97-2003): xlrd with `formatting_info=True`, the one maintained reader that
gives an .xls cell's number format, so a percentage cell reads as shown there too.
"""

from __future__ import annotations

import io
from typing import Any

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import msg
from ictrank.read import number_format
from ictrank.read.book import SheetCells, _trimmed_grid
from ictrank.read.cells import cell_text, dotted
from ictrank.read.number_format import NumberFormat


def xls_errors() -> tuple[type[BaseException], ...]:
    """What xlrd raises on a damaged, truncated or foreign .xls: its own errors, and the
    errors of the binary structures it decodes (a length past the end, a bad index)."""
    import struct

    import xlrd
    from xlrd.compdoc import CompDocError

    return (xlrd.XLRDError, CompDocError, struct.error, IndexError, KeyError, ValueError,
            AssertionError, EOFError, TypeError, OverflowError, ZeroDivisionError)


class XlsBook:
    """An Excel 97-2003 workbook (.xls), read by xlrd with its formatting, so that a cell
    shown as 85 % reads 85 and an id shown as 007 reads 007, as in an .xlsx."""

    def __init__(self, data: bytes, file: str):
        import xlrd

        self.file = file
        try:  # only xlrd's parsing is inside: what it raises is about the file
            self.book = xlrd.open_workbook(file_contents=data, formatting_info=True,
                                           logfile=io.StringIO(), verbosity=0,
                                           ragged_rows=True)
        except xls_errors() as exc:
            raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.bad_xls")) from exc
        self._formats: dict[int, NumberFormat] = {}

    @property
    def sheet_names(self) -> list[str]:
        return [str(name) for name in self.book.sheet_names()]

    @property
    def hidden_sheets(self) -> set[str]:
        return {str(sheet.name) for sheet in self.book.sheets() if sheet.visibility}

    def _format(self, xf_index: int) -> NumberFormat:
        found = self._formats.get(xf_index)
        if found is None:
            xf_list, format_map = self.book.xf_list, self.book.format_map
            key = xf_list[xf_index].format_key if xf_index < len(xf_list) else 0
            code = format_map[key].format_str if key in format_map else ""
            found = self._formats[xf_index] = number_format.parse(code)
        return found

    def cells(self, name: str, max_rows: int, decimal: str = ".") -> SheetCells:
        sheet = self.book.sheet_by_name(name)
        if sheet.nrows > max_rows:
            raise SheetError.single(self.file, Code.UNREADABLE_FILE,
                                    msg("read.too_many_rows", limit=max_rows))
        found = SheetCells([])
        found.grid = _trimmed_grid(
            [self._text(sheet, r, c, decimal, found) for c in range(sheet.row_len(r))]
            for r in range(sheet.nrows))
        return found

    def _text(self, sheet: Any, row: int, col: int, decimal: str, found: SheetCells) -> str:
        """One cell as text; a dotted text or a cell shown as a percentage is noted in
        `found`."""
        import xlrd

        kind, value = sheet.cell_type(row, col), sheet.cell_value(row, col)
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        if kind == xlrd.XL_CELL_TEXT:
            if dotted(value):
                found.text_numbers.append((row + 1, col + 1))
            return cell_text(value)
        if kind == xlrd.XL_CELL_BOOLEAN:
            return cell_text(bool(value))
        if kind == xlrd.XL_CELL_ERROR:
            return str(xlrd.error_text_from_code.get(value, "#N/A"))
        fmt = self._format(sheet.cell_xf_index(row, col))
        if kind == xlrd.XL_CELL_DATE or fmt.date:
            try:
                return cell_text(xlrd.xldate.xldate_as_datetime(value, self.book.datemode))
            except (xlrd.xldate.XLDateError, OverflowError, ValueError):
                return "#VALUE!"
        number = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
        section = fmt.section(value)
        if section.percents:
            found.percent_cells.append((row + 1, col + 1))
            return cell_text(value * 100 ** (section.percents - 1), "0%", decimal)
        if section.padded:
            return cell_text(number, "0" * section.padded, decimal)
        return cell_text(float(value), None, decimal)
