"""`ictrank trend` in every format: units × periods side by side, per group; the web page and
the workbook draw each unit's rank over the periods (a bump chart) so a reader sees who
climbed."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ictrank.render import RenderOptions
from ictrank.render.common import (
    date_text,
    group_rows,
    group_title,
    number_text,
    plain_number,
    shown,
    term,
    today,
)
from ictrank.render.csv_out import fixed_text
from ictrank.safety import markdown_text, spreadsheet_column, terminal_text
from ictrank.trend import Trend, statuses

if TYPE_CHECKING:
    from rich.console import RenderableType


def _columns(trend: Trend, lang: str) -> list[tuple[str, str]]:
    """(key, header) of the published columns: per period rank, score, band; then changes."""
    out = [("id", term("id", lang)), ("name", term("name", lang))]
    for p in trend.periods:
        out += [(f"rank.{p}", f"{term('rank', lang)} {p}"),
                (f"score.{p}", f"{term('score', lang)} {p}"),
                (f"band.{p}", f"{term('band', lang)} {p}")]
    out += [("rank_change", term("rank_change", lang)),
            ("score_change", term("score_change", lang)), ("status", term("change", lang))]
    return out


def _text(trend: Trend, key: str, lang: str, signed: bool = True) -> pd.Series:
    """A column as the text every text format shows (changes with their sign, +1, unless
    not `signed`: the CSV is read by programs)."""
    column = trend.frame[key]
    d = trend.criteria.decimals
    if key.startswith("rank.") or key == "rank_change":
        text = column.astype("Int64").astype(str)
        if key == "rank_change" and signed:
            up = (column.fillna(0).astype(int) > 0).to_numpy()
            text = text.where(~up, "+" + text)
        return text.where(column.notna(), "")
    if key.startswith("score.") or key == "score_change":
        values = column.to_numpy(dtype=float)
        if signed and lang == "vi":  # a person reads it: 98,88
            text = pd.Series([number_text(v, d, lang) for v in values], index=column.index,
                             dtype=object)
        else:
            text = pd.Series(np.char.mod(f"%.{d}f", values), index=column.index, dtype=object)
        if key == "score_change" and signed:
            text = text.where(~(values > 0), "+" + text)
        return text.where(~np.isnan(values), "")
    if key.startswith("band."):
        titles = {b.id: b.label(lang) for b in trend.criteria.all_bands()}
        return column.map(lambda b: titles.get(b, b) if b else "").astype(object)
    if key == "status" and lang != "en":
        return _status(trend, lang)
    return column.fillna("").astype(str)


def _status(trend: Trend, lang: str) -> pd.Series:
    """'mới vào 2015', 'rời khỏi sau 2014': the status in `lang` (the frame holds English,
    as the CSV writes it)."""
    return statuses(trend.frame, trend.periods, lang)


def _period_block(trend: Trend) -> pd.DataFrame:
    """Every period's rank, score and band as the CSV writes them, made as three blocks
    of text (whole numbers, the criteria's decimals, band ids), not a column at a time:
    a series of 10,000 periods has 30,000 such columns."""
    frame, periods = trend.frame, trend.periods
    n = len(frame)

    def block(measure: str) -> pd.DataFrame:
        return frame[[f"{measure}.{p}" for p in periods]]

    ranks = block("rank").to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(ranks)
    rank_text = np.where(missing, 0, ranks).astype(np.int64).astype(str).astype(object)
    rank_text[missing] = ""
    scores = block("score").to_numpy(dtype=float, na_value=np.nan)
    score_text = fixed_text(scores.ravel(), trend.criteria.decimals).to_numpy(dtype=object)
    bands = pd.Series(block("band").to_numpy(dtype=object).ravel(), dtype=object)
    band_text = spreadsheet_column(bands.fillna("").astype(object)).to_numpy(dtype=object)
    cells = np.stack([rank_text.reshape(n, -1), score_text.reshape(n, -1),
                      band_text.reshape(n, -1)], axis=2).reshape(n, -1)
    names = [f"{measure}.{p}" for p in periods for measure in ("rank", "score", "band")]
    return pd.DataFrame(cells, index=frame.index, columns=names, dtype=object)


def trend_csv(trend: Trend, options: RenderOptions) -> bytes:
    frame = trend.frame
    columns = {"group": spreadsheet_column(frame["group"])} if trend.criteria.groups else {}
    tail: dict[str, pd.Series] = {}
    for key, _ in _columns(trend, "en"):
        if key.startswith(("rank.", "score.", "band.")):
            continue  # the periods' block (_period_block)
        # the status is prose, in the language asked for
        lang = options.lang if key == "status" else "en"
        text = _text(trend, key, lang, signed=False)
        (columns if key in ("id", "name") else tail)[key] = spreadsheet_column(
            text.astype(object)) if key in ("id", "name") else text
    out = pd.concat([pd.DataFrame(columns, index=frame.index), _period_block(trend),
                     pd.DataFrame(tail, index=frame.index)], axis=1)  # joined once
    # the headers hold the period labels: escapes shown, not obeyed (a sheet's period column)
    out.columns = [terminal_text(name) for name in out.columns]
    data = out.to_csv(index=False, lineterminator="\n")
    return (b"\xef\xbb\xbf" if options.to_file else b"") + data.encode("utf-8")


def _num(value: Any, decimals: int) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), decimals)


def trend_json(trend: Trend, options: RenderOptions) -> str:
    d = trend.criteria.decimals
    units = []
    for row in trend.frame.to_dict("records"):
        units.append({
            "id": row["id"], "name": row["name"] or None, "group": row["group"],
            "periods": {p: None if pd.isna(row[f"rank.{p}"]) else {
                "rank": int(row[f"rank.{p}"]), "score": _num(row[f"score.{p}"], d),
                "band": row[f"band.{p}"]} for p in trend.periods},
            "first": row["first"], "last": row["last"],
            "rank_change": None if pd.isna(row["rank_change"]) else int(row["rank_change"]),
            "score_change": _num(row["score_change"], d),
            "status": row["status"],
        })
    criteria = trend.criteria
    result = {"index": {"name": criteria.name, "scale": plain_number(criteria.scale),
                        "decimals": d},
              "periods": list(trend.periods), "units": units}
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def _sections(trend: Trend, lang: str) -> list[tuple[str | None, np.ndarray]]:
    return group_rows(trend.criteria, trend.frame["group"])


def trend_table(trend: Trend, options: RenderOptions) -> RenderableType:
    from rich.console import Group as RenderGroup
    from rich.table import Table
    from rich.text import Text

    lang = options.lang
    columns = _columns(trend, lang)
    texts = {key: _text(trend, key, lang).to_numpy(dtype=object) for key, _ in columns}
    parts: list[RenderableType] = []
    for group_id, rows in _sections(trend, lang):
        table = Table(title=shown(f"{term('trend', lang)} — "
                                  f"{group_title(trend.criteria, group_id, lang)}"),
                      title_justify="left", header_style="bold")
        for key, header in columns:
            table.add_column(shown(header), justify="left" if key in ("id", "name", "status")
                             or key.startswith("band.") else "right", overflow="fold")
        for i in rows:
            table.add_row(*(shown(texts[key][i]) for key, _ in columns))
        parts += [table, Text("")]
    return RenderGroup(*parts)


def trend_markdown(trend: Trend, options: RenderOptions) -> str:
    lang = options.lang
    columns = _columns(trend, lang)
    texts = {key: _text(trend, key, lang).to_numpy(dtype=object) for key, _ in columns}
    lines = [f"# {markdown_text(trend.criteria.label(lang))} — {term('trend', lang)}", ""]
    for group_id, rows in _sections(trend, lang):
        if trend.criteria.groups:
            lines += [f"## {markdown_text(group_title(trend.criteria, group_id, lang))}", ""]
        lines.append("| " + " | ".join(markdown_text(h) for _, h in columns) + " |")
        lines.append("|" + "|".join("---" if k in ("id", "name", "status")
                                    or k.startswith("band.") else "---:"
                                    for k, _ in columns) + "|")
        lines += ["| " + " | ".join(markdown_text(str(texts[k][i])) for k, _ in columns) + " |"
                  for i in rows]
        lines.append("")
    return "\n".join(lines)


# --- the web page -------------------------------------------------------------------------

STEP, ROW, LEFT, TOP = 96, 24, 40, 28  # px: between periods, between ranks, margins
CHAR = 7.5  # px per character of a label, generously: labels must never be cut off

TREND_SCRIPT = """
document.querySelectorAll('svg.trend').forEach(function (svg) {
  var width = svg.viewBox.baseVal.width, clipped = 0;
  svg.querySelectorAll('text.label').forEach(function (t) {
    var box = t.getBBox();
    if (box.x < 0 || box.x + box.width > width) { clipped += 1; }
  });
  svg.setAttribute('data-lines-drawn', svg.querySelectorAll('polyline').length);
  svg.setAttribute('data-labels-clipped', clipped);
});
"""


def bump_chart(trend: Trend, rows: np.ndarray, lang: str) -> str:
    """Each unit's rank over the periods: a line per unit (rank 1 at the top), its name at the
    end of its line, coloured by its last band."""
    from ictrank.render.html_out import escape

    frame = trend.frame.iloc[rows]
    periods = trend.periods
    colors = {b.id: b.color for b in trend.criteria.all_bands()}
    ranks = np.column_stack([frame[f"rank.{p}"].astype("Float64").to_numpy(
        dtype=float, na_value=np.nan) for p in periods]) if len(frame) else np.empty((0, 0))
    deepest = int(np.nanmax(ranks)) if ranks.size and not np.isnan(ranks).all() else 1
    names = [str(n or u) for n, u in zip(frame["name"], frame["id"], strict=True)]
    ended = np.isnan(ranks[:, -1]) if ranks.size else np.zeros(0, dtype=bool)
    right_room, left = _label_room(names, ended, ranks[:, -1] if ranks.size else np.zeros(0))
    width = left + STEP * (len(periods) - 1) + right_room
    height = TOP + ROW * deepest + 12
    parts = [f'<svg class="trend" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             f'<title>{escape(term("trend", lang))}</title>']
    for k, p in enumerate(periods):
        parts.append(f'<text class="period" x="{left + k * STEP}" y="16" '
                     f'text-anchor="middle">{escape(p)}</text>')
    labels: dict[tuple[float, float, bool, int], list[str]] = {}
    for j, name in enumerate(names):
        present = np.flatnonzero(~np.isnan(ranks[j]))
        if not present.size:
            continue
        xs = left + present * STEP
        ys = TOP + (ranks[j, present] - 1) * ROW + ROW / 2
        last_band = frame[f"band.{periods[present[-1]]}"].iloc[j]
        color = escape(colors.get(last_band, "#7b8794"))
        points = " ".join(f"{x:.0f},{y:.0f}" for x, y in zip(xs, ys, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                     f'stroke-width="2"><title>{escape(name)}</title></polyline>')
        parts += [f'<circle cx="{x:.0f}" cy="{y:.0f}" r="3.5" fill="{color}"/>'
                  for x, y in zip(xs, ys, strict=True)]
        point = (float(xs[-1]), float(ys[-1]), bool(ended[j]), int(ranks[j, present[-1]]))
        labels.setdefault(point, []).append(name)
    parts += _end_labels(labels)
    parts.append("</svg>")
    return "".join(parts)


def _label_room(names: list[str], ended: np.ndarray,
                last_ranks: np.ndarray) -> tuple[int, int]:
    """The room right of the chart and left of it: a unit still ranked in the last period is
    named right of its line, one that left before it left of its last point; units tied in
    the last period share one label, so the room is for their names joined."""
    joined: dict[float, int] = {}
    for name, gone, rank in zip(names, ended, last_ranks, strict=True):
        if not gone:
            joined[float(rank)] = joined.get(float(rank), -2) + len(name) + 2
    right_room = int(max(joined.values(), default=4) * CHAR) + 48
    left = max(LEFT, int(max((len(n) for n, e in zip(names, ended, strict=True) if e),
                             default=0) * CHAR) + 48)
    return right_room, left


def _end_labels(labels: dict[tuple[float, float, bool, int], list[str]]) -> list[str]:
    """One label at each line's end; tied units end at one point and share it, never one
    label over another."""
    from ictrank.render.html_out import escape

    parts = []
    for (x, y, gone, rank), tied in labels.items():
        names_text = escape(", ".join(tied))
        if gone:
            parts.append(f'<text class="label" x="{x - 8:.0f}" y="{y + 4:.0f}" '
                         f'text-anchor="end">{names_text} ({rank})</text>')
        else:
            parts.append(f'<text class="label" x="{x + 8:.0f}" y="{y + 4:.0f}">'
                         f"{rank}. {names_text}</text>")
    return parts


def trend_html(trend: Trend, options: RenderOptions, made: dt.date | None = None) -> str:
    from ictrank.render.html_out import CSS, escape

    lang = options.lang
    criteria = trend.criteria
    title = f"{criteria.label(lang)} — {term('trend', lang)}"
    columns = _columns(trend, lang)
    texts = {key: _text(trend, key, lang).to_numpy(dtype=object) for key, _ in columns}
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title><style>{CSS}"
           "svg.trend{max-width:100%;height:auto;font:13px sans-serif;display:block}"
           "svg.trend .period{font-weight:bold}</style></head>",
           f"<body><header><h1>{escape(title)}</h1>",
           f'<p class="meta">{escape(term("periods", lang))}: '
           f"{escape(', '.join(trend.periods))}</p></header>"]
    for group_id, rows in _sections(trend, lang):
        out.append(f'<section data-group="{escape(str(group_id or ""))}">')
        if criteria.groups:
            out.append(f"<h2>{escape(group_title(criteria, group_id, lang))}</h2>")
        out.append(bump_chart(trend, rows, lang))
        out.append('<div class="scroll"><table class="ranking"><thead><tr>')
        out += [f'<th scope="col">{escape(h)}</th>' for _, h in columns]
        out.append("</tr></thead><tbody>")
        out += ["<tr>" + "".join(f"<td>{escape(str(texts[k][i]))}</td>" for k, _ in columns)
                + "</tr>" for i in rows]
        out.append("</tbody></table></div></section>")
    made = made or today()
    out.append(f"<footer><p>{escape(term('made', lang))} {date_text(made, lang)}</p></footer>")
    out.append(f"<script>{TREND_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


# --- the workbook -------------------------------------------------------------------------

def trend_xlsx(trend: Trend, options: RenderOptions) -> bytes:
    """A sheet per group: the units × periods table and a line chart of their ranks. Cells go
    through the ranking workbook's writer: text stays text, widths fit."""
    from ictrank.render.xlsx_book import cm_to_pixels
    from ictrank.render.xlsx_out import excel_decimals, new_book, sheet_name

    lang = options.lang
    bands = {b.id: b.label(lang) for b in trend.criteria.all_bands()}
    book, taken = new_book(trend.criteria, lang, today())
    periods = trend.periods
    decimals = excel_decimals(trend.criteria.decimals)
    for group_id, rows in _sections(trend, lang):
        title = group_title(trend.criteria, group_id, lang) if trend.criteria.groups else (
            term("trend", lang))
        sheet = book.sheet(sheet_name(title, taken))
        headers = [term("id", lang), term("name", lang)]
        headers += [f"{term('rank', lang)} {p}" for p in periods]
        headers += [f"{term('score', lang)} {p}" for p in periods]
        headers += [f"{term('band', lang)} {p}" for p in periods]
        headers += [term("rank_change", lang), term("score_change", lang), term("change", lang)]
        for c, text in enumerate(headers, start=1):
            sheet.header(c, text)
        status = _text(trend, "status", lang).to_numpy(dtype=object)[rows]
        for r, rec in enumerate(trend.frame.iloc[rows].to_dict("records"), start=2):
            cells: list[tuple[Any, str | None]] = [(rec["id"], None),
                                                   (rec["name"] or rec["id"], None)]
            cells += [(_cell(rec[f"rank.{p}"]), None) for p in periods]
            cells += [(_cell(rec[f"score.{p}"]), decimals) for p in periods]
            cells += [(bands.get(rec[f"band.{p}"], rec[f"band.{p}"]), None) for p in periods]
            cells += [(_cell(rec["rank_change"]), None), (_cell(rec["score_change"]), decimals),
                      (status[r - 2], None)]
            for c, (value, excel_format) in enumerate(cells, start=1):
                sheet.put(r, c, value, excel_format)
        if len(rows):
            chart = book.chart({"type": "line"})
            sheet.chart_title(chart, f"{term('trend', lang)} — {title}", len(rows) + 3, 2)
            chart.set_y_axis({"name": term("rank", lang), "reverse": True})  # rank 1 on top
            for r in range(2, len(rows) + 2):  # a line per unit, by name, over the periods
                chart.add_series({"name": sheet.reference(r, 2, r, 2),
                                  "categories": sheet.reference(1, 3, 1, 2 + len(periods)),
                                  "values": sheet.reference(r, 3, r, 2 + len(periods))})
            chart.set_size({"width": cm_to_pixels(20),
                            "height": cm_to_pixels(max(8.0, 0.4 * len(rows) + 4))})
            sheet.ws.insert_chart(f"B{len(rows) + 4}", chart)
        sheet.fit()
        sheet.freeze(2, 3)
    return book.bytes()


def trend_pdf(trend: Trend, options: RenderOptions) -> bytes:
    """The rank table of each group and its bump chart, drawn as vector graphics."""
    from ictrank.render.common import Column
    from ictrank.render.pdf_doc import Section, table_document

    lang = options.lang
    keys = _columns(trend, lang)
    columns = [Column(key, header, not (key in ("id", "name", "status")
                                          or key.startswith("band.")),
                      [str(v) for v in _text(trend, key, lang).to_numpy(dtype=object)])
               for key, header in keys if key != "id"]
    colors = {b.id: b.color for b in trend.criteria.all_bands()}
    bands = {key: trend.frame[key].to_numpy(dtype=object) for key, _ in keys
             if key.startswith("band.")}

    def fill(key: str, i: int) -> str | None:
        return colors.get(str(bands[key][i])) if key in bands else None

    sections = [Section(group_title(trend.criteria, group_id, lang)
                        if trend.criteria.groups else None, rows, fill,
                        _bump_drawing(trend, rows, lang))
                for group_id, rows in _sections(trend, lang)]
    return table_document(trend.criteria, lang, today(), term("trend", lang), columns,
                          sections, trend.periods)


def _bump_drawing(trend: Trend, rows: np.ndarray, lang: str) -> Any:
    """The bump chart for the PDF: a line per unit over the periods, rank 1 on top, tied
    units named together at their shared point (never one label over another)."""
    from ictrank.render.pdf_doc import chart_box, label, stroke

    def draw(pdf: Any, width: float) -> None:
        frame = trend.frame.iloc[rows]
        periods = trend.periods
        ranks = np.column_stack([frame[f"rank.{p}"].astype("Float64").to_numpy(
            dtype=float, na_value=np.nan) for p in periods])
        if np.isnan(ranks).all():
            return
        deepest = int(np.nanmax(ranks))
        row, top_room, names_room = 4.0, 8.0, 70.0
        top = chart_box(pdf, top_room + row * deepest + 2)
        left = pdf.l_margin + 12
        step = (width - 12 - names_room) / max(1, len(periods) - 1)
        colors = {b.id: b.color for b in trend.criteria.all_bands()}
        for k, period in enumerate(periods):
            label(pdf, left + k * step, top + 3, period, 7, "L")
        labels: dict[tuple[float, float], list[str]] = {}
        for j in range(len(frame)):
            present = np.flatnonzero(~np.isnan(ranks[j]))
            if not present.size:
                continue
            xs = left + present * step
            ys = top + top_room + (ranks[j, present] - 1) * row + row / 2
            band = frame[f"band.{periods[present[-1]]}"].iloc[j]
            stroke(pdf, colors.get(band), 0.5)
            for a in range(len(xs) - 1):
                pdf.line(float(xs[a]), float(ys[a]), float(xs[a + 1]), float(ys[a + 1]))
            for x, y in zip(xs, ys, strict=True):
                pdf.rect(float(x) - 0.7, float(y) - 0.7, 1.4, 1.4, style="F")
            name = str(frame["name"].iloc[j] or frame["id"].iloc[j])
            labels.setdefault((float(xs[-1]), float(ys[-1])), []).append(name)
        for (x, y), names in labels.items():  # tied units: one label, their names joined
            rank = round((y - top - top_room - row / 2) / row) + 1
            label(pdf, x + 2, y, f"{rank}. {', '.join(names)}", 6.5)
        stroke(pdf, None, 0.2)

    return draw


def _cell(value: Any) -> Any:
    """A number for the workbook, None where there is none (pd.NA included)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if isinstance(value, (int, np.integer)) else float(value)
