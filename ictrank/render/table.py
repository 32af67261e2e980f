"""The terminal view: a rich table per group, band in its colour, a summary line under each."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.render.common import (
    band_counts,
    band_titles,
    group_slices,
    group_title,
    label,
    number_text,
    summarize,
    summary_line,
)
from ictrank.scoring import Ranking


def ranking_table(ranking: Ranking, lang: str = "en") -> RenderableType:
    criteria = ranking.criteria
    d = criteria.decimals
    titles = band_titles(criteria, lang)
    colors = {b.id: b.color for b in criteria.all_bands()}
    units = ranking.units
    parts: list[RenderableType] = []
    for group_id, rows in group_slices(ranking):
        title = group_title(criteria, group_id, lang)
        table = Table(title=title, title_justify="left", header_style="bold")
        table.add_column(label("rank", lang), justify="right")
        table.add_column(label("id", lang))
        table.add_column(label("name", lang), overflow="fold")
        table.add_column(label("score", lang), justify="right")
        table.add_column(label("band", lang))
        for top in criteria.top:
            table.add_column(top.id, justify="right")
        for i in rows:
            u = units.iloc[i]
            band = u["band"]
            band_text = Text(titles.get(band or "none", ""),
                             style=f"bold {colors[band]}" if band in colors else "")
            cells: list[RenderableType] = [str(u["rank"]), str(u["id"]), str(u["name"]),
                                           number_text(u["score"], d), band_text]
            cells += [number_text(ranking.points[c.id].iloc[i], d) for c in criteria.top]
            table.add_row(*cells)
        counts = band_counts(units["band"].to_numpy(dtype=object)[rows],
                             list(criteria.bands_for(group_id)))
        parts += [table, Text(summary_line(counts, len(rows), criteria, lang)), Text("")]
    if criteria.groups:
        summary = summarize(ranking)
        parts.append(Text(f"{label('all', lang)}: "
                          + summary_line(summary["bands"], summary["units"], criteria, lang),
                          style="bold"))
    if ranking.warnings:
        parts.append(Text(""))
        parts += [Text(f"! {w}", style="yellow") for w in ranking.warnings]
    return RenderGroup(*parts)
