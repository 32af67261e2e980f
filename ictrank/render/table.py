"""The terminal view: a rich table per group, band in its colour, a summary line under each."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.common import (
    annex_columns,
    gone_line,
    group_slices,
    group_title,
    shown,
    summary_lines,
    term,
    treatment_line,
)


def ranking_table(ranking: Ranking, options: RenderOptions) -> RenderableType:
    lang = options.lang
    criteria = ranking.criteria
    colors = {b.id: basic_color(b.color) if options.basic_colors else b.color
              for b in criteria.all_bands()}
    columns = annex_columns(ranking, lang, keep_id=True)
    bands = ranking.units["band"].to_numpy(dtype=object)
    per_group, overall = summary_lines(ranking, lang)
    parts: list[RenderableType] = []
    for group_id, rows in group_slices(ranking):
        table = Table(title=shown(group_title(criteria, group_id, lang)), title_justify="left",
                      header_style="bold")
        for col in columns:
            # criteria by their titles in `lang`, wrapped over a few lines; a number is
            # never folded or cut: its column is at least as wide as its widest number
            widest = max((len(str(col.cells[i])) for i in rows), default=0)
            table.add_column(shown(col.header), justify="right" if col.numeric else "left",
                             overflow="fold",
                             min_width=widest if col.numeric else (
                                 20 if col.key == "name" else None),
                             max_width=max(11, widest) if col.key.startswith("points.")
                             else None)
        for i in rows:
            cells: list[RenderableType] = []
            for col in columns:
                if col.key == "band" and bands[i] in colors:
                    cells.append(shown(col.cells[i], style=f"bold {colors[bands[i]]}"))
                elif col.key in ("rank_change", "score_change"):
                    cells.append(shown(col.cells[i], style=_change_style(col.cells[i])))
                else:
                    cells.append(shown(col.cells[i]))
            table.add_row(*cells)
        parts += [table, shown(per_group[group_id]), Text("")]
    if overall is not None:
        parts.append(shown(f"{term('all', lang)}: {overall}", style="bold"))
    for note in (gone_line(ranking, lang), treatment_line(ranking, lang)):
        if note:
            parts.append(shown(note))
    if ranking.warnings:
        parts.append(Text(""))
        parts += [shown(f"! {w.text(lang)}", style="yellow") for w in ranking.warnings]
    return RenderGroup(*parts)


def _change_style(text: str) -> str:
    """Up in green, down in red: the colours a 16-colour terminal has too."""
    if text.startswith(("▲", "+")):
        return "green"
    return "red" if text.startswith(("▼", "−")) else ""


def basic_color(hex_color: str) -> str:
    """The colour of the 16 a basic terminal has that a band's colour is read as: by hue, so
    that green stays green and amber yellow (the nearest by distance can be grey or red)."""
    import colorsys

    red, green, blue = (int(hex_color[k:k + 2], 16) / 255 for k in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.2:
        return "white" if lightness > 0.5 else "bright_black"
    degrees = hue * 360
    for limit, name in ((35, "red"), (70, "yellow"), (170, "green"), (200, "cyan"),
                        (260, "blue"), (345, "magenta")):
        if degrees < limit:
            return name
    return "red"
