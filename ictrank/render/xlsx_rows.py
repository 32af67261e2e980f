"""Rows of a big worksheet written as openpyxl would write them, without a Cell per value.

openpyxl spends most of a large workbook's time on its cells: an object per value,
then an element tree per cell to serialise it. A ranking workbook of 20,000 units
holds some 1.5 million values. Here the rows below a sheet's header are kept as
plain tuples and serialised straight to text, byte for byte as openpyxl's own
writer does (inline strings, `%.16g` numbers, each style registered with the
workbook in the order the cells are written, so style ids are the same):
tests/test_xlsx_rows.py writes workbooks both ways and compares their bytes.

The hook is openpyxl's `WorksheetWriter.rows`/`write_row`, wrapped once: a
worksheet without kept rows is written by openpyxl as before. Where that API is
not there (another openpyxl), `supported()` is False and cells are made as usual.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]

from openpyxl.utils import get_column_letter

KEPT = "_ictrank_rows"  # the worksheet attribute holding its kept rows
Kept = tuple[int, str, Any, Any]  # column, kind ("s" text, "n" number), value, style array
_COLUMN = itemgetter(0)  # a kept value's column


def supported() -> bool:
    return _install()


_installed: bool | None = None


def _install() -> bool:
    """Wrap openpyxl's row writer once; False where its writer is not the one we know."""
    global _installed
    if _installed is not None:
        return _installed
    try:
        from openpyxl.worksheet._writer import WorksheetWriter
    except ImportError:  # pragma: no cover - another openpyxl
        _installed = False
        return False
    rows, write_row = getattr(WorksheetWriter, "rows", None), getattr(WorksheetWriter,
                                                                         "write_row", None)
    if rows is None or write_row is None:  # pragma: no cover - another openpyxl
        _installed = False
        return False

    def kept_rows(self: Any) -> list[tuple[int, list[Any]]]:
        kept = getattr(self.ws, KEPT, None)
        made = rows(self)
        if not kept:
            return made
        merged = dict(made)
        for row in kept:
            if merged.get(row):
                raise AssertionError(f"row {row} has both cells and kept values")
            merged[row] = []
        return sorted(merged.items())

    def write_kept_row(self: Any, xf: Any, row: list[Any], row_idx: int) -> None:
        kept = getattr(self.ws, KEPT, None)
        if not kept or row_idx not in kept:
            write_row(self, xf, row, row_idx)
            return
        if self.ws.row_dimensions.get(row_idx):
            raise AssertionError(f"row {row_idx} has a row format and kept values")
        ids = self.__dict__.setdefault("_ictrank_style_ids", {})
        xf._file(row_text(row_idx, kept[row_idx], self.ws.parent._cell_styles, ids))

    WorksheetWriter.rows = kept_rows
    WorksheetWriter.write_row = write_kept_row
    _installed = True
    return True


def row_text(row: int, values: list[Kept], styles: Any,
             ids: dict[int, int] | None = None) -> str:
    """`<row r="2">…</row>` as openpyxl's etree writer writes it. A style is registered
    with the workbook (`styles.add`) where openpyxl would register it, at its first cell;
    `ids` remembers it by the style object for the cells after."""
    ids = {} if ids is None else ids
    parts = [f'<row r="{row}">']
    for col, kind, value, style in sorted(values, key=lambda kept: kept[0]):
        where = f'<c r="{get_column_letter(col)}{row}"'
        if style is not None:
            style_id = ids.get(id(style))
            if style_id is None:
                style_id = ids[id(style)] = styles.add(style)
            where += f' s="{style_id}"'
        if kind == "n":
            if value is None:
                if style is not None:
                    parts.append(f'{where} t="n" />')
                continue
            if math.isfinite(value):
                number = "%.16g" % value  # noqa: UP031 - openpyxl's safe_string, to the byte
                parts.append(f'{where} t="n"><v>{number}</v></c>')
            else:  # ±inf: openpyxl writes an empty value
                parts.append(f'{where} t="n"><v /></c>')
        elif value == "":
            parts.append(f'{where} t="inlineStr" />')
        else:
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            parts.append(f'{where} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t>'
                         "</is></c>")
    parts.append("</row>")
    return "".join(parts)


def keep_rows(ws: Any) -> dict[int, list[Kept]]:
    """Make `ws` a worksheet whose rows may be kept (its bounds count them); the dict to
    keep them in, row -> values."""
    kept: dict[int, list[Kept]] = {}
    setattr(ws, KEPT, kept)
    ws.__class__ = _worksheet_class(type(ws))
    return kept


_classes: dict[type, type] = {}


def _worksheet_class(base: type) -> type:
    if base in _classes or getattr(base, "_keeps_rows", False):
        return _classes.get(base, base)

    class KeptRowsWorksheet(base):
        """A worksheet whose bounds (the `dimension` openpyxl writes) count kept rows."""

        _keeps_rows = True

        def _bounds(self) -> tuple[int, int, int, int]:
            """min row, min column, max row, max column over cells and kept values."""
            rows = [r for r, _ in self._cells]
            cols = [c for _, c in self._cells]
            for row, values in getattr(self, KEPT).items():
                if values:
                    rows.append(row)
                    cols += (min(values, key=_COLUMN)[0], max(values, key=_COLUMN)[0])
            if not rows:
                return 1, 1, 1, 1
            return min(rows), min(cols), max(rows), max(cols)

        def calculate_dimension(self) -> str:
            if not self._cells and not any(getattr(self, KEPT).values()):
                return "A1:A1"
            min_row, min_col, max_row, max_col = self._bounds()
            return (f"{get_column_letter(min_col)}{min_row}:"
                    f"{get_column_letter(max_col)}{max_row}")

        max_row = property(lambda self: self._bounds()[2])
        max_column = property(lambda self: self._bounds()[3])
        min_row = property(lambda self: self._bounds()[0])
        min_column = property(lambda self: self._bounds()[1])

    _classes[base] = KeptRowsWorksheet
    return KeptRowsWorksheet
