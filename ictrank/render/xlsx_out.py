"""`score -o ranking.xlsx`: a workbook an analyst can hand over as is.

A sheet per group (rank, score, band in its colour, points and rank per
top-level criterion, a bar chart), then Summary, Criteria, Details and
Warnings. Text that a spreadsheet could take for a formula is stored as text.
Same inputs on the same day give the same bytes: the document's dates are the
day made (render/xlsx_book.py writes through XlsxWriter's public API).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ictrank import __version__
from ictrank.codes import Code
from ictrank.criteria import Criteria
from ictrank.errors import IctrankError
from ictrank.messages import msg
from ictrank.ranking import UNSCORED_DECIMALS, Ranking
from ictrank.render import RenderOptions
from ictrank.render.common import (
    about_lines,
    band_titles,
    date_text,
    group_slices,
    group_title,
    method_text,
    summarize,
    term,
    today,
    unscored_header,
)
from ictrank.render.xlsx_book import Sheet, Workbook, cm_to_pixels
from ictrank.safety import xml_text
from ictrank.scoring import criterion_ranks, nominal_points
from ictrank.views import view_columns

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel takes for `title`: none of []:*?/\\, no apostrophe at either
    end, at most 31 UTF-16 units, unique (case ignored) among `taken`."""
    base = _fit(_BAD_SHEET_CHARS.sub(" ", xml_text(title)), 31) or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = _fit(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(name.casefold())
    return name


def _fit(text: str, units: int) -> str:
    """`text` within `units` UTF-16 code units (an emoji counts two), trimmed of spaces and
    apostrophes at its ends."""
    text = text.strip(" '")
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text.strip(" '")


def excel_decimals(decimals: int) -> str:
    """The Excel number format showing exactly `decimals` places."""
    return "0" if decimals == 0 else "0." + "0" * decimals


UNSCORED_FORMAT = excel_decimals(UNSCORED_DECIMALS)

Cell = tuple[Any, str | None, str | None]  # value, Excel number format, fill colour
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
    for view in ranking.criteria.views:  # beside the score, not part of it
        headers += [view.label(lang), f"{view.label(lang)} — {term('view.rank', lang)}"]
    # each criterion's points and the deductions (they add up to the score), then (past the
    # printed page) each criterion's rank
    headers += [unscored_header(top, lang) if top.unscored else top.label(lang)
                for top in ranking.criteria.top]
    if ranking.criteria.bonuses:
        headers.append(term("bonuses", lang))
    if ranking.criteria.deductions:
        headers.append(term("deductions", lang))

    headers += [f"{top.label(lang)} — {term('rank_on', lang)}" for top in ranking.criteria.top]
    return headers


def printed_columns(ranking: Ranking) -> int:
    """The group sheet's columns on the printed page: up to the last criterion's points
    and the deductions (the ranks per criterion after them are on screen, not on paper)."""
    return len(_group_headers(ranking, "en")) - len(ranking.criteria.top)


class _UnitCells:
    """The cells of every unit's row, in the order of _group_headers, from columns turned
    into lists once (a pandas row lookup per unit costs more than writing the row)."""

    def __init__(self, ranking: Ranking, lang: str, ranks: Any):
        criteria = ranking.criteria
        self.lang = lang
        self.decimals_format = excel_decimals(criteria.decimals)
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
        self.top = [(ranking.unscored_fractions(top.id).tolist() if top.unscored
                     else ranking.rounded_points_of(top.id).tolist(),
                     ranks[top.id].tolist(), top.unscored) for top in criteria.top]
        self.bonuses = (units["bonuses"].astype(float).tolist() if criteria.bonuses
                        else None)
        self.views = [(v.values.tolist(), [None if r is pd.NA else int(r) for r in v.ranks])
                      for v in view_columns(ranking)]
        # taken off the score, so written as a negative number: a row adds up to its score
        self.deductions = ([-v if v else 0.0 for v in
                            units["deductions"].astype(float).tolist()]
                           if criteria.deductions else None)

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
        for values, ranks in self.views:
            value = values[i]
            cells += [(None if value != value else value, fmt, None), (ranks[i], None, None)]
        cells += [(points[i], UNSCORED_FORMAT if unscored else fmt, None)
                  for points, _, unscored in self.top]
        if self.bonuses is not None:
            cells.append((self.bonuses[i], fmt, None))
        if self.deductions is not None:
            cells.append((self.deductions[i], fmt, None))
        cells += [(None if pd.isna(top_ranks[i]) else int(top_ranks[i]), None, None)
                  for _, top_ranks, _ in self.top]
        return cells


def _group_sheet(book: Workbook, name: str, ranking: Ranking, rows: np.ndarray, lang: str,
                 ranks: Any) -> None:
    sheet = book.sheet(name)
    headers = _group_headers(ranking, lang)
    for c, text in enumerate(headers, start=1):
        sheet.header(c, text)
    unit_cells = _UnitCells(ranking, lang, ranks)
    for r, i in enumerate(rows, start=2):
        sheet.put_row(r, unit_cells(i))
    last = len(rows) + 1
    sheet.freeze(2, 4)
    sheet.autofilter(last, len(headers))
    sheet.fit()
    # the printed page: rank to the last criterion's points, and the chart under the table
    chart_rows = 20 if len(rows) else 0
    sheet.print_area(last + chart_rows, printed_columns(ranking))
    if len(rows):
        sheet.ws.insert_chart(f"B{last + 3}", _score_chart(book, sheet, ranking, rows, name,
                                                           lang))


def _score_chart(book: Workbook, sheet: Sheet, ranking: Ranking, rows: np.ndarray, name: str,
                 lang: str) -> Any:
    """A native bar chart of the group's scores, rank 1 at the top, bars in band colours."""
    colors = {b.id: b.color for b in ranking.criteria.all_bands()}
    last = len(rows) + 1
    chart = book.chart({"type": "bar"})
    chart.set_style(10)
    sheet.chart_title(chart, f"{term('chart', lang)} — {name}", last + 2, 2)
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": term("score", lang), "min": 0})  # a bar chart's values
    chart.set_y_axis({"reverse": True})  # the units, rank 1 at the top
    fills = {band: {"fill": {"color": color.upper()}, "border": {"color": color.upper()}}
             for band, color in colors.items()}  # one look per band, shared by its bars
    bands = ranking.units["band"].to_numpy(dtype=object)
    chart.add_series({
        "name": sheet.reference(1, 4, 1, 4),
        "categories": sheet.reference(2, 3, last, 3),  # by name
        "values": sheet.reference(2, 4, last, 4),
        "points": [fills.get(bands[i]) for i in rows],
    })
    chart.set_size({"width": cm_to_pixels(18),
                    "height": cm_to_pixels(max(7.5, 0.5 * len(rows) + 2))})
    return chart


def _summary_sheet(book: Workbook, ranking: Ranking, lang: str, made: dt.date,
                   criteria_file: str, name: str | None = None) -> None:
    criteria = ranking.criteria
    sheet = book.sheet(name or term("summary", lang))
    summary = summarize(ranking)
    titles = band_titles(criteria, lang)
    info = [
        (term("index", lang), criteria.label(lang)),
        (term("year", lang), criteria.year),
        *[(term(key, lang), text) for key, text in about_lines(criteria, lang)],
        (term("criteria_file", lang), criteria_file),
        (term("sha256", lang), criteria.sha256),
        (term("version", lang), __version__),
        (term("made", lang), date_text(made, lang)),
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


def _criteria_sheet(book: Workbook, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    sheet = book.sheet(term("criteria", lang))
    points = nominal_points(criteria)
    keys = list(points)
    decimals_format = excel_decimals(criteria.decimals)
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
    sheet.freeze(2, 3)
    sheet.fit()


def _details_sheet(book: Workbook, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    sheet = book.sheet(term("details", lang))
    decimals_format = excel_decimals(criteria.decimals)
    labels = {c.id: c.label(lang) for c in criteria.walk()}
    headers = [term(k, lang) for k in ("id", "name", "group", "rank", "score")]
    headers += [labels.get(cid, cid) for cid in ranking.points.columns]
    groups = {g.id: g.label(lang) for g in criteria.groups}
    for c, text in enumerate(headers, start=1):
        sheet.header(c, text)
    values = ranking.rounded_points.to_numpy(dtype=float).tolist()
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
    sheet.freeze(2, 3)
    sheet.autofilter(len(units) + 1, len(headers))
    sheet.fit()
    sheet.print_across(2)  # 30 or more columns: landscape pages, id and name on each


def _warnings_sheet(book: Workbook, ranking: Ranking, lang: str) -> None:
    criteria = ranking.criteria
    sheet = book.sheet(term("warnings", lang))
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


def _treatment_sheet(book: Workbook, ranking: Ranking, lang: str) -> None:
    """What outlier treatment did to each treated criterion (only where one is)."""
    sheet = book.sheet(term("treatment.sheet", lang))
    for c, key in enumerate(("criterion", "audit.treatment", "treatment.moved",
                             "audit.skewness", "audit.kurtosis", "treatment.skewness_after",
                             "treatment.kurtosis_after"), start=1):
        sheet.header(c, term(key, lang))
    labels = {leaf.id: leaf.label(lang) for leaf in ranking.criteria.leaves()}
    for r, done in enumerate(ranking.treatment, start=2):
        stats = [None if np.isnan(v) else v for v in (
            done.skewness, done.kurtosis, done.skewness_after, done.kurtosis_after)]
        cells = [(labels.get(done.id, done.id), None),
                 (term(f"audit.{done.action}", lang), None), (done.moved, None),
                 *((value, "0.00") for value in stats)]
        for c, (value, excel_format) in enumerate(cells, start=1):
            sheet.put(r, c, value, excel_format)
    sheet.fit()


def render_xlsx(ranking: Ranking, lang: str = "en", made: dt.date | None = None,
                criteria_file: str | None = None) -> bytes:
    """The ranking workbook as XLSX bytes."""
    made = made or today()
    book, taken = new_book(ranking.criteria, lang, made)
    _summary_sheet(book, ranking, lang, made, criteria_file or ranking.criteria.source)
    group_sheets(book, ranking, lang, taken)
    _criteria_sheet(book, ranking, lang)
    _details_sheet(book, ranking, lang)
    _warnings_sheet(book, ranking, lang)
    if ranking.treatment:
        _treatment_sheet(book, ranking, lang)
    return book.bytes()


def new_book(criteria: Criteria, lang: str, made: dt.date) -> tuple[Workbook, set[str]]:
    """An empty workbook dated `made`, and the sheet names already spoken for."""
    book = Workbook(made, criteria.label(lang))
    reserved = [term(k, lang) for k in ("summary", "criteria", "details", "warnings")]
    return book, {name.casefold() for name in reserved}


def group_sheets(book: Workbook, ranking: Ranking, lang: str, taken: set[str],
                 prefix: str = "") -> None:
    """A sheet per group (named `prefix` + the group's title)."""
    criteria = ranking.criteria
    ranks = criterion_ranks(ranking, [c.id for c in criteria.top])
    for group_id, rows in group_slices(ranking):
        title = group_title(criteria, group_id, lang) if criteria.groups else (
            term("ranking", lang))
        _group_sheet(book, sheet_name(prefix + title, taken), ranking, rows, lang, ranks)


MAX_SHEETS = 1_000  # a workbook's sheets: past it no reader finds its way (nor Excel its memory)


def check_panel_size(periods: int, criteria: Criteria) -> None:
    """Refuse, before anything is made, a panel whose workbook would pass MAX_SHEETS."""
    sheets = periods * (1 + max(1, len(criteria.groups))) + 4
    if sheets > MAX_SHEETS:
        raise IctrankError(msg("xlsx.too_many_sheets", periods=periods, sheets=sheets,
                               limit=MAX_SHEETS), Code.INVALID_ARGUMENT)


def panel_book(rankings: list[tuple[str, Ranking]], lang: str, made: dt.date,
               criteria_file: str) -> bytes:
    """A workbook of several periods: a summary and group sheets per period (named by the
    period), then the criteria, the last period's details and every warning. The caller
    first refuses a panel needing more than MAX_SHEETS sheets (check_panel_size), before
    its rankings are made."""
    last = rankings[-1][1]
    book, taken = new_book(last.criteria, lang, made)
    for period, ranking in rankings:
        _summary_sheet(book, ranking, lang, made, criteria_file,
                       sheet_name(f"{term('summary', lang)} {period}", taken))
        group_sheets(book, ranking, lang, taken, prefix=f"{period} ")
    _criteria_sheet(book, last, lang)
    _details_sheet(book, last, lang)
    _warnings_sheet(book, last, lang)
    return book.bytes()


def publish_xlsx(ranking: Ranking, options: RenderOptions) -> bytes:
    return render_xlsx(ranking, options.lang, criteria_file=options.criteria_file)
