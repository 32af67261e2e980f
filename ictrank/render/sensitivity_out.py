"""`sensitivity` as a rich table, JSON, CSV, a web page, a workbook or a PDF."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.messages import msg, term
from ictrank.render import RenderOptions
from ictrank.render.common import band_titles, group_rows, number_text, shown
from ictrank.safety import spreadsheet_column
from ictrank.sensitivity import STABLE_PROBABILITY, SensitivityResult


def _header(result: SensitivityResult, lang: str) -> str:
    extra = msg("sensitivity.methods") if result.methods else ""
    return msg("sensitivity.header", runs=result.runs, low=f"{1 - result.jitter:g}",
               high=f"{1 + result.jitter:g}", seed=result.seed, extra=extra).text(lang)


def sensitivity_dict(result: SensitivityResult) -> dict[str, Any]:
    units = []
    for row in result.units.to_dict("records"):
        units.append({
            "id": row["id"], "name": row["name"] or None, "group": row["group"],
            "rank": int(row["rank"]), "band": row["band"],
            "median_rank": int(row["median_rank"]),
            "rank_interval": [int(row["rank_p05"]), int(row["rank_p95"])],
            "band_probability": {b: round(float(row[f"p_{b}"]), 4) for b in result.band_ids},
            "unstable": bool(row["unstable"]),
        })
    varied = {"weights": [c.id for c in result.criteria.walk()],
              "factor": [round(1 - result.jitter, 6), round(1 + result.jitter, 6)]}
    if result.methods:
        varied.update(aggregation=["arithmetic", "geometric"],
                      normalisation=["goalposts", "minmax"])
    return {"runs": result.runs, "jitter": result.jitter, "seed": result.seed,
            "methods": result.methods, "varied": varied,
            "stable_probability": STABLE_PROBABILITY, "units": units}


def sensitivity_json(result: SensitivityResult, options: RenderOptions) -> str:
    return json.dumps(sensitivity_dict(result), ensure_ascii=False, indent=2) + "\n"


def sensitivity_csv(result: SensitivityResult, options: RenderOptions) -> str:
    frame = result.units.copy()
    for column in ("id", "name", "group", "band"):
        frame[column] = spreadsheet_column(frame[column])
    for b in result.band_ids:
        frame[f"p_{b}"] = frame[f"p_{b}"].map(lambda v: f"{v:.4f}")
    frame["p_nominal_band"] = frame["p_nominal_band"].map(lambda v: f"{v:.4f}")
    return frame.to_csv(index=False, lineterminator="\n")


def sensitivity_table(result: SensitivityResult, options: RenderOptions) -> RenderableType:
    criteria, lang = result.criteria, options.lang
    titles = band_titles(criteria, lang)
    parts: list[RenderableType] = [Text(_header(result, lang), style="bold")]
    units = result.units
    for group_id, rows in group_rows(criteria, units["group"]):
        table = Table(title=shown(criteria.group(group_id).label(lang)) if group_id else None,
                      title_justify="left", header_style="bold")
        for key in ["rank", "id", "name", "band", "sensitivity.median", "sensitivity.interval"]:
            table.add_column(term(key, lang), justify="right" if key in (
                "rank", "sensitivity.median") else "left")
        for b in result.band_ids:
            table.add_column(shown(f"P({titles.get(b, b)})"), justify="right")
        table.add_column(term("sensitivity.stability", lang))
        for i in rows:
            u = units.iloc[i]
            cells = [str(u["rank"]), shown(u["id"]), shown(u["name"] or ""),
                     shown(titles.get(u["band"] or "none", "")),
                     str(u["median_rank"]), f"{u['rank_p05']}–{u['rank_p95']}"]
            cells += [number_text(u[f"p_{b}"], 2, lang) for b in result.band_ids]
            flag = (Text(term("sensitivity.unstable", lang), style="bold yellow")
                    if u["unstable"] else Text(""))
            table.add_row(*cells, flag)
        parts.append(table)
    flagged = int(units["unstable"].sum())
    parts.append(Text(msg("sensitivity.flagged", count=flagged,
                          share=f"{STABLE_PROBABILITY:.0%}").text(lang)))
    return RenderGroup(*parts)


# --- the publications: a table per group and a chart of rank intervals -------------------

def _human_columns(result: SensitivityResult, lang: str) -> list[Any]:
    """The table a person reads: rank, name, band, median rank, 5–95 % interval, the
    probability of each band, and the flag of an unstable band."""
    from ictrank.render.common import Column

    units = result.units
    titles = band_titles(result.criteria, lang)
    columns = [
        Column("rank", term("rank", lang), True, [str(r) for r in units["rank"]]),
        Column("name", term("name", lang), False,
               [str(n or u) for n, u in zip(units["name"], units["id"], strict=True)]),
        Column("band", term("band", lang), False,
               [titles.get(b or "none", "") for b in units["band"]]),
        Column("median", term("sensitivity.median", lang), True,
               [str(v) for v in units["median_rank"]]),
        Column("interval", term("sensitivity.interval", lang), True,
               [f"{a}–{b}" for a, b in zip(units["rank_p05"], units["rank_p95"], strict=True)]),
    ]
    columns += [Column(f"p_{b}", f"P({titles.get(b, b)})", True,
                       [number_text(v, 2, lang) for v in units[f"p_{b}"]])
                for b in result.band_ids]
    columns.append(Column("stability", term("sensitivity.stability", lang), False,
                          [term("sensitivity.unstable", lang) if u else ""
                           for u in units["unstable"]]))
    return columns


def _sections(result: SensitivityResult, lang: str) -> list[tuple[str | None, Any]]:
    """Each group's rows, ordered by nominal rank."""
    from ictrank.render.common import group_title

    units = result.units
    out = []
    for group_id, rows in group_rows(result.criteria, units["group"]):
        ordered = rows[units["rank"].to_numpy()[rows].argsort(kind="stable")]
        out.append((group_title(result.criteria, group_id, lang)
                    if result.criteria.groups else None, ordered))
    return out


def interval_chart_svg(result: SensitivityResult, rows: Any, lang: str) -> str:
    """Each unit's 5–95 % rank interval as a bar, its median a dot, in its band's colour:
    rank 1 on the left, a unit a line, its name at the left."""
    from ictrank.render.html_out import escape

    units = result.units.iloc[rows]
    colors = {b.id: b.color for b in result.criteria.all_bands()}
    deepest = max(1, int(units["rank_p95"].max())) if len(units) else 1
    left, plot, line = 260, 420, 16
    height = 24 + line * len(units)
    width = left + plot + 20
    parts = [f'<svg class="intervals" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             f'<title>{escape(term("sensitivity.interval", lang))}</title>',
             f'<text x="{left}" y="14">1</text>'
             f'<text x="{left + plot}" y="14" text-anchor="end">{deepest}</text>']

    def x(rank: float) -> float:
        return left + (rank - 1) / max(1, deepest - 1) * plot

    for k, u in enumerate(units.to_dict("records")):
        y = 24 + k * line + line / 2
        color = escape(colors.get(u["band"], "#7b8794"))
        name = escape(str(u["name"] or u["id"]))
        parts.append(f'<text x="{left - 8}" y="{y + 4:.0f}" text-anchor="end">'
                     f'{u["rank"]}. {name}</text>'
                     f'<line x1="{x(u["rank_p05"]):.1f}" y1="{y:.1f}" x2="{x(u["rank_p95"]):.1f}" '
                     f'y2="{y:.1f}" stroke="{color}" stroke-width="5" stroke-linecap="round"/>'
                     f'<circle cx="{x(u["median_rank"]):.1f}" cy="{y:.1f}" r="4" fill="#1f2933">'
                     f'<title>{name}: {u["rank_p05"]}–{u["rank_p95"]}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def sensitivity_html(result: SensitivityResult, options: RenderOptions) -> str:
    """One page: the settings, then per group the interval chart and the table."""
    from ictrank.render.common import date_text, today
    from ictrank.render.html_out import CSS, escape

    lang = options.lang
    criteria = result.criteria
    title = f"{criteria.titled(lang)} — {term('sensitivity', lang)}"
    columns = _human_columns(result, lang)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title><style>{CSS}"
           "svg.intervals{max-width:100%;height:auto;font:12px sans-serif;display:block}"
           "</style></head>",
           f"<body><header><h1>{escape(title)}</h1>",
           f'<p class="meta">{escape(_header(result, lang))}</p></header>']
    for heading, rows in _sections(result, lang):
        out.append("<section>")
        if heading:
            out.append(f"<h2>{escape(heading)}</h2>")
        out.append(interval_chart_svg(result, rows, lang))
        out.append('<div class="scroll"><table class="ranking"><thead><tr>')
        out += [f'<th scope="col">{escape(c.header)}</th>' for c in columns]
        out.append("</tr></thead><tbody>")
        out += ["<tr>" + "".join(
            f'<td{" class=num" if c.numeric else ""}>{escape(c.cells[i])}</td>'
            for c in columns) + "</tr>" for i in rows]
        out.append("</tbody></table></div></section>")
    out.append(f"<footer><p>{escape(term('made', lang))} {date_text(today(), lang)}</p>"
               "</footer></body></html>")
    return "\n".join(out) + "\n"


def sensitivity_xlsx(result: SensitivityResult, options: RenderOptions) -> bytes:
    """A sheet per group: the table, numbers as numbers, and a chart of each unit's 5–95 %
    rank interval (a stacked bar whose first part is left blank)."""
    from ictrank.render.common import today
    from ictrank.render.xlsx_book import cm_to_pixels
    from ictrank.render.xlsx_out import new_book, sheet_name

    lang = options.lang
    titles = band_titles(result.criteria, lang)
    book, taken = new_book(result.criteria, lang, today())
    units = result.units
    for heading, rows in _sections(result, lang):
        sheet = book.sheet(sheet_name(heading or term("sensitivity", lang), taken))
        headers = [term(k, lang) for k in ("rank", "id", "name", "band", "sensitivity.median")]
        headers += ["P5", "P95"] + [f"P({titles.get(b, b)})" for b in result.band_ids]
        headers.append(term("sensitivity.stability", lang))
        for c, text in enumerate(headers, start=1):
            sheet.header(c, text)
        for r, u in enumerate(units.iloc[rows].to_dict("records"), start=2):
            cells: list[tuple[Any, str | None]] = [
                (int(u["rank"]), None), (u["id"], None), (u["name"] or u["id"], None),
                (titles.get(u["band"] or "none", ""), None), (int(u["median_rank"]), None),
                (int(u["rank_p05"]), None), (int(u["rank_p95"]), None)]
            cells += [(float(u[f"p_{b}"]), "0%") for b in result.band_ids]
            cells.append((term("sensitivity.unstable", lang) if u["unstable"] else None, None))
            for c, (value, excel_format) in enumerate(cells, start=1):
                sheet.put(r, c, value, excel_format)
        if len(rows):
            last = len(rows) + 1
            chart = book.chart({"type": "bar", "subtype": "stacked"})
            sheet.chart_title(chart, term("sensitivity.interval", lang), last + 2, 2)
            names = sheet.reference(2, 3, last, 3)
            chart.add_series({"name": "P5", "categories": names,
                              "values": sheet.reference(2, 6, last, 6),
                              "fill": {"none": True}, "border": {"none": True}})
            sheet.header(len(headers) + 2, "P95 − P5")  # the bar's visible part
            for r, (a, b) in enumerate(zip(units["rank_p05"].to_numpy()[rows],
                                           units["rank_p95"].to_numpy()[rows],
                                           strict=True), start=2):
                sheet.put(r, len(headers) + 2, int(b) - int(a), None)
            chart.add_series({"name": term("sensitivity.interval", lang), "categories": names,
                              "values": sheet.reference(2, len(headers) + 2, last,
                                                        len(headers) + 2)})
            chart.set_y_axis({"reverse": True})  # rank 1 at the top, as in the table
            chart.set_x_axis({"name": term("rank", lang), "min": 0})
            chart.set_legend({"none": True})
            chart.set_size({"width": cm_to_pixels(20),
                            "height": cm_to_pixels(max(8.0, 0.45 * len(rows) + 3))})
            sheet.ws.insert_chart(f"B{last + 3}", chart)
        sheet.fit()
        sheet.freeze(2, 4)
    return book.bytes()


def sensitivity_pdf(result: SensitivityResult, options: RenderOptions) -> bytes:
    """The table of each group and the chart of its rank intervals, drawn as lines."""
    from ictrank.render.common import today
    from ictrank.render.pdf_doc import Section, table_document

    lang = options.lang
    colors = {b.id: b.color for b in result.criteria.all_bands()}
    bands = result.units["band"].to_numpy(dtype=object)

    def fill(key: str, i: int) -> str | None:
        return colors.get(str(bands[i])) if key == "band" else None

    sections = [Section(heading, rows, fill, _interval_drawing(result, rows))
                for heading, rows in _sections(result, lang)]
    return table_document(result.criteria, lang, today(),
                          f"{term('sensitivity', lang)}: {_header(result, lang)}",
                          _human_columns(result, lang), sections)


def _interval_drawing(result: SensitivityResult, rows: Any) -> Any:
    from ictrank.render.pdf_doc import label, stroke

    def draw(pdf: Any, width: float) -> None:
        units = result.units.iloc[rows]
        colors = {b.id: b.color for b in result.criteria.all_bands()}
        deepest = max(2, int(units["rank_p95"].max()))
        line, names_room = 3.6, 70.0
        left = pdf.l_margin + names_room
        plot = width - names_room - 4

        def x(rank: float) -> float:
            return left + (rank - 1) / (deepest - 1) * plot

        y = float(pdf.get_y()) + 4
        for u in units.to_dict("records"):
            if y + line > pdf.h - pdf.b_margin:  # the chart runs on to the next page
                pdf.add_page(same=True)
                y = float(pdf.get_y()) + 4
            middle = y + line / 2
            label(pdf, left - 2, middle, f"{u['rank']}. {u['name'] or u['id']}", 6.5, "R")
            stroke(pdf, colors.get(u["band"]), 1.6)
            pdf.line(x(u["rank_p05"]), middle, max(x(u["rank_p95"]), x(u["rank_p05"]) + 0.3),
                     middle)
            stroke(pdf, "#1f2933", 0.2)
            pdf.rect(x(u["median_rank"]) - 0.8, middle - 0.8, 1.6, 1.6, style="F")
            y += line
        pdf.set_y(y + 2)

    return draw
