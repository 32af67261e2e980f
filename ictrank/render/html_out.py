"""`score --format html`: one self-contained page for a web portal.

No external file, font or request: CSS, an SVG bar chart per group and a few
lines of JavaScript (click a header to sort) are inline. Readable on a phone
(the table scrolls sideways) and printable.
"""

from __future__ import annotations

import datetime as dt
import html

from ictrank import __version__
from ictrank.criteria import Criteria
from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.colors import ink_on
from ictrank.render.common import (
    Column,
    about_lines,
    annex_columns,
    date_text,
    gone_line,
    group_slices,
    group_title,
    number_text,
    summary_lines,
    term,
    today,
    treatment_line,
)
from ictrank.safety import xml_text


def escape(text: str) -> str:
    """HTML-escaped, with characters no page can hold replaced (see ictrank.safety)."""
    return html.escape(xml_text(text))

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --head: #f0f4f8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; padding: 1rem; max-width: 1600px; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: .2rem 0; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .3rem; }
.meta, .summary, footer { color: var(--muted); }
.summary { margin: .2rem 0 .6rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left;
         vertical-align: top; }
th { background: var(--head); cursor: pointer; user-select: none; min-width: 3rem;
     font-weight: 600; hyphens: auto; }
th.crit { min-width: 4rem; }
thead th { vertical-align: bottom; }
td.name { min-width: 10rem; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.up { color: #1b7f3b; } td.down { color: #b42318; }
.band { display: inline-block; white-space: nowrap; padding: 0 .45rem; border-radius: .7rem;
        font-weight: 600; font-size: .85rem; }
svg.chart { width: 100%; max-width: 680px; height: auto; margin: .4rem 0 .8rem;
            display: block; }
svg.chart text { font-size: 11px; fill: var(--ink); }
/* a phone: each unit a card, rank, id, name, score and band first, every field labelled */
@media (max-width: 640px) {
  body { padding: .5rem; }
  table.ranking, table.ranking tbody, table.ranking tr { display: block; width: 100%; }
  table.ranking thead { display: none; }
  table.ranking tr { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 .5rem;
                     padding: .25rem .5rem; }
  table.ranking td { display: flex; justify-content: space-between; gap: .8rem;
                     border: 0; padding: .1rem 0; text-align: right; min-width: 0; }
  table.ranking td::before { content: attr(data-label); color: var(--muted); text-align: left;
                             flex: 0 1 auto; }
  table.ranking td.name { font-weight: 600; }
}
@media print { th { cursor: auto; } .scroll { overflow: visible; } tr { break-inside: avoid; }
               section { break-inside: avoid-page; } }
"""

SCRIPT = """
// what a reader (or a test in a headless browser) can check was laid out
document.body.setAttribute("data-rows",
  document.querySelectorAll("table.ranking tbody tr").length);
document.body.setAttribute("data-bars-drawn",
  Array.prototype.filter.call(document.querySelectorAll("svg.chart rect.bar"),
    function (r) { return r.getBoundingClientRect().height > 0; }).length);
var clipped = 0;  // chart labels that fall outside their chart
document.querySelectorAll("svg.chart").forEach(function (svg) {
  var width = svg.viewBox.baseVal.width;
  svg.querySelectorAll("text").forEach(function (t) {
    var box = t.getBBox();
    if (box.x < 0 || box.x + box.width > width) { clipped += 1; }
  });
});
document.body.setAttribute("data-labels-clipped", clipped);
var width = document.documentElement.clientWidth, cut = 0, keyHidden = 0;
document.querySelectorAll("table.ranking th, table.ranking td").forEach(function (cell) {
  var box = cell.getBoundingClientRect();  // a cell wider than the page is cut off
  if (box.width === 0 && box.height === 0) { return; }  // a header the cards do not show
  var scroller = cell.closest(".scroll").getBoundingClientRect();
  if (box.left < -0.5 || box.right > Math.min(width, scroller.right) + 0.5) { cut += 1; }
});
document.querySelectorAll("table.ranking tbody tr").forEach(function (row) {
  ["rank", "name", "score", "band"].forEach(function (key) {
    var cell = row.querySelector('td[data-key="' + key + '"]');
    var box = cell ? cell.getBoundingClientRect() : null;
    if (!box || box.height === 0 || box.left < -0.5 || box.right > width + 0.5) { keyHidden += 1; }
  });
});
document.body.setAttribute("data-cells-cut", cut);
document.body.setAttribute("data-key-cells-hidden", keyHidden);
document.querySelectorAll("table.ranking").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        var nx = parseFloat(x), ny = parseFloat(y);
        if (!isNaN(nx) && !isNaN(ny)) { return (nx - ny) * dir; }
        if (x === "" || y === "") { return x === "" ? 1 : -1; }
        return x.localeCompare(y, document.documentElement.lang) * dir;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def _chart(ranking: Ranking, rows: list[int], lang: str) -> str:
    """Horizontal bars, one per unit in rank order, coloured by band."""
    units = ranking.units
    colors = {b.id: b.color for b in ranking.criteria.all_bands()}
    d = ranking.criteria.decimals
    # drawn at a phone's width (so labels stay legible there), scaled up to 680 px elsewhere;
    # units by name, the left margin as wide as the longest name needs (6.5 px a character
    # at 11 px, generously), so that no name is cut off
    names = [str(units["name"].iloc[i] or units["id"].iloc[i]) for i in rows]
    bar, gap, right, plot = 16, 4, 46, 296
    left = max(78, int(6.5 * max((len(n) for n in names), default=0)) + 12)
    width = left + plot + right
    height = len(rows) * (bar + gap) + gap
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(term("chart", lang))}</title>']
    for k, i in enumerate(rows):
        u = units.iloc[i]
        scale = float(u["scale"]) or 1.0
        length = max(0.0, min(1.0, float(u["score"]) / scale)) * plot
        y = gap + k * (bar + gap)
        color = colors.get(u["band"], "#9aa5b1")
        parts.append(
            f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end">{escape(names[k])}'
            f'</text><rect class="bar" x="{left}" y="{y}" width="{length:.1f}" height="{bar}" '
            f'fill="{escape(color)}"><title>{escape(str(u["name"] or u["id"]))}: '
            f'{number_text(float(u["score"]), d, lang)}</title></rect>'
            f'<text x="{left + length + 4:.1f}" y="{y + bar - 4}">'
            f'{number_text(float(u["score"]), d, lang)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _header_class(col: Column) -> str:
    classes = (["num"] if col.numeric else []) + (["crit"] if col.key.startswith("points.")
                                                  else [])
    return " ".join(classes)


def _cell(col: Column, i: int, band: object, colors: dict[str, str]) -> str:
    text = col.cells[i]
    sort_key = (text.replace("−", "-").replace("▼ ", "-").replace("▲ ", "").lstrip("+")
                if col.numeric else text)
    cls = ' class="num"' if col.numeric else (' class="name"' if col.key == "name" else "")
    if col.key in ("rank_change", "score_change") and text[:1] in ("▲", "+", "▼", "−"):
        cls = f' class="num {"up" if text[:1] in ("▲", "+") else "down"}"'
    if col.key == "band" and band in colors:
        fill = colors[str(band)]
        inner = f'<span class="band" style="background:{escape(fill)};color:{ink_on(fill)}">' \
                f"{escape(text)}</span>"
    else:
        inner = escape(text)
    return (f'<td{cls} data-key="{escape(col.key)}" data-label="{escape(col.header)}" '
            f'data-sort="{escape(sort_key)}">{inner}</td>')


def render_html(ranking: Ranking, lang: str = "en", made: dt.date | None = None) -> str:
    made = made or today()
    criteria = ranking.criteria
    title = criteria.titled(lang)
    per_group, overall = summary_lines(ranking, lang)
    out = [*html_head(criteria, title, lang),
           f'<p class="meta">{escape(term("all", lang))}: '
           f"{escape(overall or per_group[None])}</p>",
           "</header>"]
    out += html_sections(ranking, lang, "h2")
    out.append(html_footer(ranking, lang, made))
    return "\n".join(out) + "\n"


def html_head(criteria: Criteria, title: str, lang: str) -> list[str]:
    """The page up to the header's title and the criteria's description (header open)."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head>",
        "<body><header>",
        f"<h1>{escape(title)}</h1>",
        *(f'<p class="meta">{escape(term(key, lang))}: {escape(text)}</p>'
          for key, text in about_lines(criteria, lang)),
    ]


def html_sections(ranking: Ranking, lang: str, heading_tag: str) -> list[str]:
    """A section per group (heading, summary, chart, table), gone units and warnings."""
    criteria = ranking.criteria
    columns = annex_columns(ranking, lang, keep_id=True)
    colors = {b.id: b.color for b in criteria.all_bands()}
    bands = ranking.units["band"].to_numpy(dtype=object)
    per_group, _ = summary_lines(ranking, lang)
    out: list[str] = []
    for group_id, rows in group_slices(ranking):
        heading = group_title(criteria, group_id, lang)
        out.append(f'<section data-group="{escape(str(group_id or ""))}">')
        if criteria.groups:
            out.append(f"<{heading_tag}>{escape(heading)}</{heading_tag}>")
        out.append(f'<p class="summary">{escape(per_group[group_id])}</p>')
        out.append(_chart(ranking, list(rows), lang))
        out.append('<div class="scroll"><table class="ranking"><thead><tr>')
        out += [f'<th class="{_header_class(c)}" scope="col">{escape(c.header)}</th>'
                for c in columns]
        out.append("</tr></thead><tbody>")
        for i in rows:
            out.append("<tr>" + "".join(_cell(c, i, bands[i], colors) for c in columns)
                       + "</tr>")
        out.append("</tbody></table></div></section>")
    for note in (gone_line(ranking, lang), treatment_line(ranking, lang)):
        if note:
            out.append(f'<p class="summary">{escape(note)}</p>')
    if ranking.warnings:
        out.append(f"<{heading_tag}>{escape(term('warnings', lang))}</{heading_tag}><ul>")
        out += [f"<li>{escape(w.text(lang))}</li>" for w in ranking.warnings]
        out.append("</ul>")
    return out


def html_footer(ranking: Ranking, lang: str, made: dt.date) -> str:
    return (f"<footer><p>{escape(term('made', lang))} {date_text(made, lang)} · ictrank "
            f"{escape(__version__)} · {escape(term('sha256', lang))} "
            f"<code>{escape(ranking.criteria.sha256[:16])}</code></p></footer>\n"
            f"<script>{SCRIPT}</script></body></html>")


def publish_html(ranking: Ranking, options: RenderOptions) -> str:
    return render_html(ranking, options.lang)
