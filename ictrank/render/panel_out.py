"""`score` of several periods: every format carries the period (a heading or a column per
period, band counts per period, and the year-on-year columns for every period after the
first), built from the one-period renderers."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ictrank.panel import Panel
from ictrank.render import RenderOptions
from ictrank.render.common import plain_number, summary_lines, term, today
from ictrank.safety import spreadsheet_column

if TYPE_CHECKING:
    from rich.console import RenderableType


def panel_csv(panel: Panel, options: RenderOptions) -> bytes:
    """One table: a `period` column first, the year-on-year columns empty in the first
    period, each period's units gone since the one before as `gone` rows."""
    from ictrank.render.csv_out import gone_frame, ranking_frame
    from ictrank.views import view_columns

    stacked, period = panel.stacked()  # one table for every period: built once
    groups = pd.factorize(stacked.units["group"].fillna(""))[0]
    within = period * (groups.max(initial=0) + 1) + groups  # views ranked per period, group
    frame = ranking_frame(stacked, views=view_columns(stacked, within))
    labels = np.array(panel.periods, dtype=object)
    frame["period"] = labels[period]
    parts, keys = [frame], [np.stack([period, np.zeros_like(period),
                                      np.arange(len(period))])]
    lost = panel.gone()  # each period's gone units close its rows
    if len(lost):
        gone = gone_frame(lost, panel.criteria.decimals)
        gone["period"] = labels[lost["period"].to_numpy(dtype=np.int64)]
        parts.append(gone)
        keys.append(np.stack([lost["period"].to_numpy(dtype=np.int64),
                              np.ones(len(gone), dtype=np.int64), np.arange(len(gone))]))
    columns = ["period", *[c for c in frame.columns if c != "period"]]
    table = pd.concat([f.reindex(columns=columns, fill_value="") for f in parts],
                      ignore_index=True)
    key = np.concatenate(keys, axis=1)
    table = table.iloc[np.lexsort((key[2], key[1], key[0]))].reset_index(drop=True)
    # a period label is text from a sheet or the command line: never a live formula
    table["period"] = spreadsheet_column(table["period"].astype(object))
    text = table.to_csv(index=False, lineterminator="\n")
    return (b"\xef\xbb\xbf" if options.to_file else b"") + text.encode("utf-8")


def panel_json(panel: Panel, options: RenderOptions) -> str:
    """The one-period JSON's units, each with its `"period"`; `summary.periods` holds each
    period's summary (and the units gone since the period before)."""
    from ictrank.render.json_out import ranking_dict

    criteria = panel.criteria
    units: list[dict[str, Any]] = []
    periods: dict[str, Any] = {}
    for period, ranking in zip(panel.periods, panel.rankings, strict=True):
        one = ranking_dict(ranking, options.lang)
        units += [{"period": period, **unit} for unit in one["units"]]
        periods[period] = one["summary"]
        if "previous" in one:
            periods[period]["compared_with"] = one["previous"]["source"]
            periods[period]["gone"] = one["previous"]["gone"]
    result = {
        "index": {"name": criteria.name, "year": criteria.year,
                  "scale": plain_number(criteria.scale), "decimals": criteria.decimals},
        "periods": list(panel.periods),
        "units": units,
        "summary": {"periods": periods},
        "warnings": [w.text(options.lang) for w in panel.warnings],
    }
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def _period_heading(period: str, lang: str) -> str:
    return f"{term('period', lang)} {period}"


def panel_table(panel: Panel, options: RenderOptions) -> RenderableType:
    from rich.console import Group as RenderGroup
    from rich.text import Text

    from ictrank.render.common import shown
    from ictrank.render.table import ranking_table

    parts: list[RenderableType] = []
    for period, ranking in zip(panel.periods, panel.rankings, strict=True):
        parts += [shown(_period_heading(period, options.lang), style="bold underline"),
                  ranking_table(ranking, options), Text("")]
    return RenderGroup(*parts)


def panel_markdown(panel: Panel, options: RenderOptions) -> str:
    from ictrank.render.markdown import _cell, markdown_body

    lang = options.lang
    lines = [f"# {_cell(panel.criteria.label(lang))}", ""]
    for period, ranking in zip(panel.periods, panel.rankings, strict=True):
        lines += [f"## {_cell(_period_heading(period, lang))}", ""]
        lines += markdown_body(ranking, lang, "###")
    return "\n".join(lines)


def panel_html(panel: Panel, options: RenderOptions, made: dt.date | None = None) -> str:
    from ictrank.render.html_out import escape, html_footer, html_head, html_sections

    lang = options.lang
    criteria = panel.criteria
    out = [*html_head(criteria, criteria.label(lang), lang)]
    out.append(f'<p class="meta">{escape(term("periods", lang))}: '
               f"{escape(', '.join(panel.periods))}</p></header>")
    for period, ranking in zip(panel.periods, panel.rankings, strict=True):
        per_group, overall = summary_lines(ranking, lang)
        out.append(f'<section data-period="{escape(period)}">')
        out.append(f"<h2>{escape(_period_heading(period, lang))}</h2>")
        out.append(f'<p class="summary">{escape(overall or per_group[None])}</p>')
        out += html_sections(ranking, lang, "h3")
        out.append("</section>")
    out.append(html_footer(panel.rankings[-1], lang, made or today()))
    return "\n".join(out) + "\n"


def panel_xlsx(panel: Panel, options: RenderOptions) -> bytes:
    from ictrank.render.xlsx_out import check_panel_size, panel_book

    check_panel_size(len(panel.periods), panel.criteria)
    return panel_book(list(zip(panel.periods, panel.rankings, strict=True)), options.lang,
                      today(), options.criteria_file or panel.criteria.source)


def panel_pdf(panel: Panel, options: RenderOptions) -> bytes:
    from ictrank.render.pdf_out import annex_pdf

    return annex_pdf(panel.criteria, list(zip(panel.periods, panel.rankings, strict=True)),
                     options.lang)
