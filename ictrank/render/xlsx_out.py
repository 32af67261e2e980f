"""`score -o ranking.xlsx`: a workbook an analyst can hand over as is.

A sheet per group (rank, score, band in its colour, points and rank per
top-level criterion, a bar chart), then Summary, Criteria, Details and
Warnings. Text that a spreadsheet could take for a formula is stored as text.
Same inputs on the same day give the same bytes: every timestamp inside the
file is the date made.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ictrank import __version__
from ictrank.criteria import Criteria
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.render import RenderOptions, xlsx_rows
from ictrank.render.common import (
    about_lines,
    band_titles,
    group_slices,
    group_title,
    method_text,
    summarize,
    term,
)
from ictrank.safety import FORMULA_PREFIXES, store_text, xml_text
from ictrank.scoring import criterion_ranks, nominal_points

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", xml_text(title)).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _excel_decimals(decimals: int) -> str:
    """The Excel number format showing exactly `decimals` places."""
    return "0" if decimals == 0 else "0." + "0" * decimals


class _Sheet:
    """Writes rows, keeping text as text and remembering widths to fit the columns."""

    def __init__(self, ws: Any, keep_rows: bool = False):
        """`keep_rows`: the rows below the header are kept as values and written straight
        to text (xlsx_rows), not made into openpyxl cells: for sheets of a row per unit."""
        self.ws = ws
        self.widths: dict[int, int] = {}
        self.header_widths: dict[int, int] = {}
        self.kept: dict[int, list[Any]] | None = None
        self.styles: dict[tuple[Any, ...], Any] = {}  # a kept value's style, by its format
        if keep_rows and xlsx_rows.supported():
            self.kept = xlsx_rows.keep_rows(ws)

    def put(self, row: int, col: int, value: Any, excel_format: str | None = None,
            bold: bool = False, fill: str | None = None) -> Any:
        """One value: a cell, or below the header of a sheet that keeps its rows, a kept
        value (then None is returned)."""
        if self.kept is not None and row > 1:
            self.put_row(row, [(value, excel_format, fill)], start=col, bold=bold)
            return None
        if isinstance(value, (np.integer,)):
            value = int(value)
        elif isinstance(value, (np.floating,)):
            value = float(value)
        if isinstance(value, float) and np.isnan(value):
            value = None
        return self._cell(row, col, value, excel_format, bold, fill)

    def put_row(self, row: int, cells: list[Cell], start: int = 1, bold: bool = False) -> None:
        """A row of (value, number format, fill) from column `start`. Where rows are kept,
        they are kept here in one pass, styled as _cell styles a cell (no call per value:
        this is the loop over every value of a big workbook); otherwise put by put."""
        kept, styles, widths = self.kept, self.styles, self.widths
        if kept is None or row == 1:
            for col, (value, excel_format, fill) in enumerate(cells, start=start):
                self.put(row, col, value, excel_format, bold, fill)
            return
        out = kept.setdefault(row, [])
        for col, (value, excel_format, fill) in enumerate(cells, start=start):
            kind = type(value)
            if kind is str:
                value = xml_text(value)[:32767]  # as openpyxl's cell truncates it
                key = (excel_format, bold, fill, value.startswith(FORMULA_PREFIXES))
                shown, code = len(value), "s"
            else:
                if isinstance(value, (np.integer, np.floating)):
                    value = value.item()
                if isinstance(value, float) and value != value:  # NaN: an empty cell
                    value = None
                if not (value is None or type(value) in (int, float)):
                    raise TypeError(f"a kept row holds text and numbers, not {type(value)}")
                key = (excel_format, bold, fill, False)
                shown, code = (0 if value is None else len(str(value))), "n"
            style = styles.get(key, _NO_STYLE)
            if style is _NO_STYLE:
                style = styles[key] = self._style(*key)
            out.append((col, code, value, style))
            current = widths.get(col)
            if current is None or shown > current:
                widths[col] = min(shown, 60)

    def _style(self, excel_format: str | None, bold: bool, fill: str | None,
               quoted: bool) -> Any:
        """The style array a cell so formatted gets, made on a cell outside the sheet the
        first time it is needed: the fonts, fills and number formats are registered with
        the workbook in the order the cells are written, as _cell registers them."""
        from copy import copy

        from openpyxl.cell import Cell

        scratch = Cell(self.ws)
        if quoted:
            scratch.quotePrefix = True
        self._format(scratch, excel_format, bold, fill)
        return copy(scratch._style) if scratch.has_style else None

    @staticmethod
    def _format(cell: Any, excel_format: str | None, bold: bool, fill: str | None) -> None:
        from openpyxl.styles import Font, PatternFill

        if excel_format:
            cell.number_format = excel_format
        if bold:
            cell.font = Font(bold=True)
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
            cell.font = Font(bold=True, color="FFFFFF")

    def _cell(self, row: int, col: int, value: Any, excel_format: str | None, bold: bool,
              fill: str | None) -> Any:
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            value = store_text(cell, value).value  # never a formula, whatever it starts with
        else:
            cell.value = value
        self._format(cell, excel_format, bold, fill)
        shown = 0 if value is None else len(value if isinstance(value, str) else str(value))
        self.widths[col] = max(self.widths.get(col, 0), min(shown, 60))
        return cell

    def header(self, col: int, text: str) -> None:
        """A header cell: bold, wrapped, and not what decides the column's width."""
        from openpyxl.styles import Alignment

        cell = self.put(1, col, text, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        self.widths[col] = min(len(text), 14)  # the data below may widen it
        self.header_widths[col] = len(text)

    def fit(self) -> None:
        """Fit the columns, and print landscape, one page wide, header repeated."""
        from openpyxl.utils import get_column_letter

        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
        if self.header_widths:  # room for the wrapped header's lines
            lines = max(-(-length // max(8, self.widths[col] + 2))
                        for col, length in self.header_widths.items())
            self.ws.row_dimensions[1].height = 15 * max(1, min(lines, 6))
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.print_title_rows = "1:1"


Cell = tuple[Any, str | None, str | None]  # value, Excel number format, fill colour
KEEP_ROWS = True  # group and details sheets: rows written by xlsx_rows (tests turn it off)
_NO_STYLE = object()
# a rise green with ▲, a fall red with ▼, no change "=": the number stays a number
RANK_CHANGE_FORMAT = '[Color10]"▲ "0;[Red]"▼ "0;"="'


def _change_format(decimals_format: str) -> str:
    """A score change signed and coloured: +3.10 green, −0.91 red."""
    return f"[Color10]+{decimals_format};[Red]-{decimals_format};{decimals_format}"


def _group_headers(ranking: Ranking, lang: str) -> list[str]:
    headers = [term(k, lang) for k in ("rank", "id", "name", "score", "percent", "band")]
    if ranking.comparison is not None:
        headers += [term(k, lang) for k in ("previous_rank", "rank_change", "previous_score",
                                             "score_change", "previous_band")]
    # each criterion's points, then (past the printed page) each criterion's rank
    headers += [top.label(lang) for top in ranking.criteria.top]
    headers += [f"{top.label(lang)} — {term('rank_on', lang)}" for top in ranking.criteria.top]
    return headers


def printed_columns(ranking: Ranking) -> int:
    """The group sheet's columns on the printed page: up to the last criterion's points
    (the ranks per criterion after them are on screen, not on paper)."""
    return len(_group_headers(ranking, "en")) - len(ranking.criteria.top)


class _UnitCells:
    """The cells of every unit's row, in the order of _group_headers, from columns turned
    into lists once (a pandas row lookup per unit costs more than writing the row)."""

    def __init__(self, ranking: Ranking, lang: str, ranks: Any):
        criteria = ranking.criteria
        self.lang = lang
        self.decimals_format = _excel_decimals(criteria.decimals)
        self.titles = band_titles(criteria, lang)
        self.colors = {b.id: b.color for b in criteria.all_bands()}
        units = ranking.units
        self.rank = units["rank"].astype(int).tolist()
        self.id = units["id"].tolist()
        self.name = units["name"].tolist()
        self.score = units["score"].astype(float).tolist()
        self.percent = units["percent"].astype(float).tolist()
        self.band = units["band"].tolist()
        self.previous = None
        if ranking.comparison is not None:
            prev = ranking.comparison.frame
            self.previous = (prev["status"].tolist(), prev["previous_rank"].tolist(),
                             prev["rank_change"].tolist(), prev["previous_score"].tolist(),
                             prev["score_change"].tolist(), prev["previous_band"].tolist())
        d = criteria.decimals  # Python's round, as before: numpy's may differ at an edge
        self.top = [([round(v, d) for v in ranking.points_of(top.id).to_numpy(
            dtype=float).tolist()], ranks[top.id].tolist()) for top in criteria.top]

    def __call__(self, i: int) -> list[Cell]:
        fmt = self.decimals_format
        band = self.band[i]
        cells: list[Cell] = [
            (self.rank[i], None, None), (self.id[i], None, None),
            (self.name[i] or None, None, None), (self.score[i], fmt, None),
            (self.percent[i], fmt, None),
            (self.titles.get(band or "none"), None, self.colors.get(band)),
        ]
        if self.previous is not None:
            status, rank, change, score, score_change, prev_band = (
                column[i] for column in self.previous)
            new = status == "new"
            cells += [
                (None if new else int(rank), None, None),
                (term("new", self.lang) if new else int(change), RANK_CHANGE_FORMAT, None),
                (None if new else float(score), fmt, None),
                (None if new else float(score_change), _change_format(fmt), None),
                (None if new else self.titles.get(prev_band or "none"), None, None),
            ]
        cells += [(points[i], fmt, None) for points, _ in self.top]
        cells += [(None if pd.isna(top_ranks[i]) else int(top_ranks[i]), None, None)
                  for _, top_ranks in self.top]
        return cells


def _group_sheet(book: Any, name: str, ranking: Ranking, rows: np.ndarray, lang: str,
                 ranks: Any) -> None:
    ws = book.create_sheet(name)
    sheet = _Sheet(ws, keep_rows=KEEP_ROWS)
    headers = _group_headers(ranking, lang)
    for c, text in enumerate(headers, start=1):
        sheet.header(c, text)
    unit_cells = _UnitCells(ranking, lang, ranks)
    for r, i in enumerate(rows, start=2):
        sheet.put_row(r, unit_cells(i))
    last = len(rows) + 1
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(headers)).column_letter}{last}"
    sheet.fit()
    # the printed page: rank to the last criterion's points, and the chart under the table
    chart_rows = 20 if len(rows) else 0
    ws.print_area = (f"A1:{ws.cell(row=1, column=printed_columns(ranking)).column_letter}"
                     f"{last + chart_rows}")
    if len(rows):
        ws.add_chart(_score_chart(ws, ranking, rows, name, lang), f"B{last + 3}")


def _score_chart(ws: Any, ranking: Ranking, rows: np.ndarray, name: str, lang: str) -> Any:
    """A native bar chart of the group's scores, rank 1 at the top, bars in band colours."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint
    from openpyxl.chart.shapes import GraphicalProperties

    colors = {b.id: b.color for b in ranking.criteria.all_bands()}
    last = len(rows) + 1
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = f"{term('chart', lang)} — {name}"
    chart.legend = None
    chart.y_axis.title = term("score", lang)
    chart.y_axis.scaling.min = 0
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=3, min_row=2, max_row=last))  # by name
    series = chart.series[0]
    fills = {}  # one shape per band, shared by its bars: 20,000 bars make no 20,000 shapes
    for band, color in colors.items():
        fills[band] = GraphicalProperties()
        fills[band].solidFill = fills[band].line.solidFill = color.lstrip("#").upper()
    bands = ranking.units["band"].to_numpy(dtype=object)
    series.dPt = [DataPoint(idx=idx, spPr=fills[bands[i]]) for idx, i in enumerate(rows)
                  if bands[i] in fills]
    chart.height = max(7.5, 0.5 * len(rows) + 2)
    chart.width = 18
    return chart


def _summary_sheet(book: Any, ranking: Ranking, lang: str, made: dt.date,
                   criteria_file: str, name: str | None = None, position: int = 0) -> None:
    criteria = ranking.criteria
    ws = book.create_sheet(name or term("summary", lang), position)
    sheet = _Sheet(ws)
    summary = summarize(ranking)
    titles = band_titles(criteria, lang)
    info = [
        (term("index", lang), criteria.label(lang)),
        (term("year", lang), criteria.year),
        *[(term(key, lang), text) for key, text in about_lines(criteria, lang)],
        (term("criteria_file", lang), criteria_file),
        (term("sha256", lang), criteria.sha256),
        (term("version", lang), __version__),
        (term("made", lang), made.isoformat()),
    ]
    if ranking.comparison is not None:
        # a file name, never a path of the analyst's machine
        info.append((term("previous_file", lang), Path(ranking.comparison.source).name))
    for r, (key, value) in enumerate(info, start=1):
        sheet.put(r, 1, key, bold=True)
        sheet.put(r, 2, value)
    row = len(info) + 2
    band_ids = list(summary["bands"])
    headers = [term("group", lang), term("units", lang)]
    for b in band_ids:
        headers += [titles.get(b, b), f"{titles.get(b, b)} %"]
    for c, text in enumerate(headers, start=1):
        sheet.put(row, c, text, bold=True)
    lines: list[tuple[str, dict[str, Any]]] = []
    if criteria.groups:
        lines += [(criteria.group(g).label(lang), s) for g, s in summary["groups"].items()]
    lines.append((term("all", lang), summary))
    for name, part in lines:
        row += 1
        sheet.put(row, 1, name, bold=name == term("all", lang))
        sheet.put(row, 2, part["units"])
        for k, b in enumerate(band_ids):
            count = part["bands"].get(b, 0)
            sheet.put(row, 3 + 2 * k, count)
            share = count / part["units"] if part["units"] else 0.0
            sheet.put(row, 4 + 2 * k, share, "0%")
    comparison = ranking.comparison
    if comparison is not None and not comparison.gone.empty:
        row += 2
        sheet.put(row, 1, term("gone", lang), bold=True)
        for g in comparison.gone.itertuples(index=False):
            row += 1
            sheet.put(row, 1, g.id)
            sheet.put(row, 2, g.name or None)
            sheet.put(row, 3, g.group)
    sheet.fit()


def _criteria_sheet(book: Any, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    ws = book.create_sheet(term("criteria", lang))
    sheet = _Sheet(ws)
    points = nominal_points(criteria)
    keys = list(points)
    decimals_format = _excel_decimals(criteria.decimals)
    headers = [term("id", lang), term("title", lang), term("weight", lang)]
    groups = {g.id: g.label(lang) for g in criteria.groups}
    headers += [term("points", lang) if k is None
                else msg("of_group", group=groups.get(str(k), k)).text(lang) for k in keys]
    headers += [term("method", lang), term("column", lang)]
    for c, text in enumerate(headers, start=1):
        sheet.header(c, text)
    for r, crit in enumerate(criteria.walk(), start=2):
        depth = crit.depth
        sheet.put(r, 1, crit.id, bold=not crit.is_leaf)
        sheet.put(r, 2, "    " * depth + crit.label(lang))
        sheet.put(r, 3, crit.weight if crit.group_weights is None else crit.weight_text())
        for k, key in enumerate(keys):
            sheet.put(r, 4 + k, points[key].get(crit.id), decimals_format)
        sheet.put(r, 4 + len(keys), method_text(crit, lang))
        sheet.put(r, 5 + len(keys), crit.column)
    ws.freeze_panes = "C2"
    sheet.fit()


def _details_sheet(book: Any, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    ws = book.create_sheet(term("details", lang))
    sheet = _Sheet(ws, keep_rows=KEEP_ROWS)
    decimals_format = _excel_decimals(criteria.decimals)
    labels = {c.id: c.label(lang) for c in criteria.walk()}
    headers = [term(k, lang) for k in ("id", "name", "group", "rank", "score")]
    headers += [labels.get(cid, cid) for cid in ranking.points.columns]
    groups = {g.id: g.label(lang) for g in criteria.groups}
    for c, text in enumerate(headers, start=1):
        sheet.header(c, text)
    values = ranking.points.to_numpy(dtype=float).round(criteria.decimals).tolist()
    units = ranking.units
    columns = zip(units["id"].tolist(), units["name"].tolist(), units["group"].tolist(),
                  units["rank"].astype(int).tolist(), units["score"].astype(float).tolist(),
                  strict=True)
    for r, (unit, name, group, rank, score) in enumerate(columns):
        cells: list[Cell] = [(unit, None, None), (name or None, None, None),
                             (groups.get(group, group), None, None), (rank, None, None),
                             (score, decimals_format, None)]
        cells += [(value, decimals_format, None) for value in values[r]]
        sheet.put_row(r + 2, cells)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(headers)).column_letter}{len(units) + 1}"
    sheet.fit()


def _warnings_sheet(book: Any, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    ws = book.create_sheet(term("warnings", lang))
    sheet = _Sheet(ws)
    row = 1
    sheet.put(row, 1, term("warnings", lang), bold=True)
    for warning in ranking.warnings:
        row += 1
        sheet.put(row, 1, warning.text(lang))
    row += 2
    sheet.put(row, 1, term("filled", lang), bold=True)
    row += 1
    for c, text in enumerate([term("id", lang), term("name", lang), term("criterion", lang),
                              term("policy", lang)], start=1):
        sheet.put(row, c, text, bold=True)
    policies = {leaf.id: term(f"policy.{leaf.missing or criteria.missing}", lang)
                for leaf in criteria.leaves()}
    labels = {leaf.id: leaf.label(lang) for leaf in criteria.leaves()}
    matrix = ranking.missing.to_numpy(dtype=bool)
    units = ranking.units
    for r, c in zip(*np.nonzero(matrix), strict=True):
        leaf_id = ranking.missing.columns[c]
        row += 1
        sheet.put(row, 1, units.iloc[r]["id"])
        sheet.put(row, 2, units.iloc[r]["name"] or None)
        sheet.put(row, 3, labels[leaf_id])
        sheet.put(row, 4, policies[leaf_id])
    sheet.fit()


def _pin_timestamps(data: bytes, made: dt.date) -> bytes:
    """Rewrite the zip with every entry dated `made`, so the bytes depend only on the inputs."""
    stamp = (made.year, made.month, made.day, 0, 0, 0)
    moment = f"{made.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` at save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + moment + rb"\g<2>", content)
            dst.writestr(pinned, content)
    return out.getvalue()


def render_xlsx(ranking: Ranking, lang: str = "en", made: dt.date | None = None,
                criteria_file: str | None = None) -> bytes:
    """The ranking workbook as XLSX bytes."""
    made = made or dt.date.today()
    book, taken = _new_book(lang)
    group_sheets(book, ranking, lang, taken)
    _summary_sheet(book, ranking, lang, made, criteria_file or ranking.criteria.source)
    _criteria_sheet(book, ranking, lang)
    _details_sheet(book, ranking, lang)
    _warnings_sheet(book, ranking, lang)
    return finish_book(book, ranking.criteria, lang, made)


def _new_book(lang: str) -> tuple[Any, set[str]]:
    """An empty workbook, and the sheet names already spoken for."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    reserved = [term(k, lang) for k in ("summary", "criteria", "details", "warnings")]
    return book, {name.casefold() for name in reserved}


def group_sheets(book: Any, ranking: Ranking, lang: str, taken: set[str],
                 prefix: str = "") -> None:
    """A sheet per group (named `prefix` + the group's title)."""
    criteria = ranking.criteria
    ranks = criterion_ranks(ranking, [c.id for c in criteria.top])
    for group_id, rows in group_slices(ranking):
        title = group_title(criteria, group_id, lang) if criteria.groups else (
            term("ranking", lang))
        _group_sheet(book, _sheet_name(prefix + title, taken), ranking, rows, lang, ranks)


def panel_book(rankings: list[tuple[str, Ranking]], lang: str, made: dt.date,
               criteria_file: str) -> bytes:
    """A workbook of several periods: a summary and group sheets per period (named by the
    period), then the criteria, the last period's details and every warning."""
    book, taken = _new_book(lang)
    for period, ranking in rankings:
        _summary_sheet(book, ranking, lang, made, criteria_file,
                       _sheet_name(f"{term('summary', lang)} {period}", taken),
                       len(book.sheetnames))
        group_sheets(book, ranking, lang, taken, prefix=f"{period} ")
    last = rankings[-1][1]
    _criteria_sheet(book, last, lang)
    _details_sheet(book, last, lang)
    _warnings_sheet(book, last, lang)
    return finish_book(book, last.criteria, lang, made)


def finish_book(book: Any, criteria: Criteria, lang: str, made: dt.date) -> bytes:
    """Properties and timestamps pinned to the day made, so the same input gives the same
    bytes; the workbook as XLSX bytes."""
    moment = dt.datetime(made.year, made.month, made.day)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = f"ictrank {__version__}"
    book.properties.title = xml_text(criteria.label(lang))
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()  # stored, not compressed: _pin_timestamps compresses it, once
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()  # what Workbook.save does, but for the method
    return _pin_timestamps(buffer.getvalue(), made)


def publish_xlsx(ranking: Ranking, options: RenderOptions) -> bytes:
    return render_xlsx(ranking, options.lang, criteria_file=options.criteria_file)
