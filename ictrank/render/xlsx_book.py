"""Writing a workbook through XlsxWriter's public API: the one writer of every .xlsx
ictrank makes (the ranking, a panel, a trend, the submission template).

XlsxWriter writes each cell straight to XML, with no object per cell to build, and
gives every part a fixed date: with the document's dates set to the day made, the same
inputs give the same bytes whatever else is installed (it imports neither lxml nor any
other optional package). Rows and columns are counted from 1 here, as a sheet shows
them; XlsxWriter's own calls count from 0.

Text is always written as text, never as a formula: text a spreadsheet would run
(`=…`, `+…`, `@…`) gets Excel's quote prefix, and characters XML cannot hold are
replaced (`safety.xml_text`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

from ictrank import __version__
from ictrank.render.colors import ink_on
from ictrank.safety import FORMULA_PREFIXES, xml_text

MAX_TEXT = 32_767  # characters a cell holds
MAX_MESSAGE = 255  # characters of a data validation's message
MAX_MESSAGE_TITLE = 32


class Workbook:
    """An XlsxWriter workbook in memory, its formats made once per look."""

    def __init__(self, made: dt.date, title: str) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True,
            "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False,
        })
        self.book.use_zip64()  # a part past 4 GB; the same bytes for every smaller one
        self.book.set_properties({
            "title": xml_text(title), "author": f"ictrank {__version__}",
            "created": dt.datetime(made.year, made.month, made.day, tzinfo=dt.UTC),
        })
        self.formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.cell_formats: dict[tuple[str | None, bool, str | None, bool], Any] = {}

    def format(self, **look: Any) -> Any:
        """The format of `look` (XlsxWriter's properties), None for the default look. A
        property None or False is left out (the default), but for `locked`, on by default."""
        look = {key: value for key, value in look.items()
                if value is not None and (value is not False or key == "locked")}
        if not look:
            return None
        key = tuple(sorted(look.items()))
        found = self.formats.get(key)
        if found is None:
            found = self.formats[key] = self.book.add_format(look)
        return found

    def cell_format(self, excel_format: str | None = None, bold: bool = False,
                    fill: str | None = None, quoted: bool = False) -> Any:
        """A cell's format: a number format, bold, a band's fill (bold black or white text on
        it, whichever reads)."""
        key = (excel_format, bold, fill, quoted)
        if key in self.cell_formats:
            return self.cell_formats[key]
        found = self.cell_formats[key] = self.format(
            num_format=excel_format, bold=bold or fill is not None,
            bg_color=fill.upper() if fill else None, pattern=1 if fill else None,
            font_color=ink_on(fill).upper() if fill else None, quote_prefix=quoted)
        return found

    def sheet(self, name: str, hidden: bool = False) -> Sheet:
        worksheet = self.book.add_worksheet(name)
        if hidden:
            worksheet.hide()
        return Sheet(self, worksheet)

    def chart(self, options: dict[str, Any]) -> Any:
        return self.book.add_chart(options)

    def bytes(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


class Sheet:
    """Writes values (text stays text), remembering widths to fit the columns."""

    def __init__(self, book: Workbook, worksheet: Any) -> None:
        self.book = book
        self.ws = worksheet
        self.name: str = worksheet.get_name()
        self.widths: dict[int, int] = {}
        self.header_widths: dict[int, int] = {}

    def put(self, row: int, col: int, value: Any, excel_format: str | None = None,
            bold: bool = False, fill: str | None = None,
            look: dict[str, Any] | None = None) -> None:
        """One value at (row, col) from 1: text, a number, or None (an empty cell, kept
        where it has a format). `look`: XlsxWriter's format properties, in place of the
        others."""
        ws, r, c = self.ws, row - 1, col - 1
        if isinstance(value, str):
            text = xml_text(value)[:MAX_TEXT]
            quoted = text.startswith(FORMULA_PREFIXES)
            ws.write_string(r, c, text, self.book.format(**look, quote_prefix=quoted)
                            if look is not None else
                            self.book.cell_format(excel_format, bold, fill, quoted))
            shown = len(text)
        else:
            if hasattr(value, "item"):  # a numpy scalar
                value = value.item()
            fmt = (self.book.format(**look) if look is not None
                   else self.book.cell_format(excel_format, bold, fill))
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                if fmt is not None:
                    ws.write_blank(r, c, None, fmt)
                shown = 0
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value, fmt)
                shown = len(str(value))
            else:
                raise TypeError(f"a workbook cell holds text or a number, not {type(value)}")
        current = self.widths.get(col)
        if current is None or shown > current:
            self.widths[col] = min(shown, 60)

    def put_row(self, row: int, cells: list[tuple[Any, str | None, str | None]],
                start: int = 1, bold: bool = False) -> None:
        """A row of (value, number format, fill) from column `start`: `put` for each, with
        plain numbers written here directly (the loop over every value of a big workbook)."""
        r, widths = row - 1, self.widths
        write_number, cell_format = self.ws.write_number, self.book.cell_format
        for col, (value, excel_format, fill) in enumerate(cells, start=start):
            kind = type(value)
            if (kind is int or kind is float) and value - value == 0:  # finite
                write_number(r, col - 1, value, cell_format(excel_format, bold, fill))
                shown = len(str(value))
                if shown > widths.get(col, -1):
                    widths[col] = min(shown, 60)
            else:
                self.put(row, col, value, excel_format, bold, fill)

    def header(self, col: int, text: str) -> None:
        """A header cell on row 1: bold, wrapped, not what decides the column's width."""
        self.put(1, col, text, look={"bold": True, "text_wrap": True, "valign": "bottom"})
        self.widths[col] = min(len(text), 14)  # the data below may widen it
        self.header_widths[col] = len(text)

    def fit(self) -> None:
        """Fit the columns, and print landscape on A4, one page wide, header repeated."""
        for col, width in sorted(self.widths.items()):
            self.ws.set_column(col - 1, col - 1, max(8, width + 2))
        if self.header_widths:  # room for the wrapped header's lines
            lines = max(-(-length // max(8, self.widths[col] + 2))
                        for col, length in self.header_widths.items())
            self.ws.set_row(0, 15 * max(1, min(lines, 6)))
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)

    def print_across(self, repeated_columns: int) -> None:
        """Print a table too wide for one page legibly: at its own size, across as many
        pages as it needs, its first `repeated_columns` (the id and the name) and its header
        row on every page."""
        self.ws.fit_to_pages(0, 0)
        self.ws.repeat_columns(0, repeated_columns - 1)

    def freeze(self, row: int, col: int) -> None:
        """Freeze the rows above `row` and the columns left of `col` (from 1)."""
        self.ws.freeze_panes(row - 1, col - 1)

    def autofilter(self, last_row: int, last_col: int) -> None:
        self.ws.autofilter(0, 0, last_row - 1, last_col - 1)

    def print_area(self, last_row: int, last_col: int) -> None:
        self.ws.print_area(0, 0, last_row - 1, last_col - 1)

    def chart_title(self, chart: Any, text: str, row: int, col: int) -> None:
        """Title `chart` with `text`. XlsxWriter reads a title shaped like a cell reference
        (`…!A0`) as one: such a text is written at (row, col), above the chart, and the
        title refers to that cell, so the title shows the text as it is."""
        text = xml_text(text)
        if "!" in text:
            self.put(row, col, text)
            chart.set_title({"name": self.reference(row, col, row, col)[:3]})
        else:
            chart.set_title({"name": text})

    def reference(self, first_row: int, first_col: int, last_row: int,
                  last_col: int) -> list[Any]:
        """A range of this sheet, as a chart series takes it."""
        return [self.name, first_row - 1, first_col - 1, last_row - 1, last_col - 1]


def cm_to_pixels(cm: float) -> int:
    """A chart's size in pixels (96 per inch), from centimetres."""
    return round(cm / 2.54 * 96)
