"""`explain` as a rich table or JSON."""

from __future__ import annotations

import json

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.explain import Explanation
from ictrank.messages import msg
from ictrank.render import RenderOptions
from ictrank.render.common import band_titles, group_title, number_text, shown, term


def explanation_json(explanation: Explanation, options: RenderOptions) -> str:
    return json.dumps(explanation.to_dict(), ensure_ascii=False,
                      indent=2) + "\n"


def explanation_table(explanation: Explanation, options: RenderOptions) -> RenderableType:
    """The unit's rank and band, a line per criterion (by its title in `lang`), what it
    takes to reach the next band and where the points are."""
    criteria, lang = explanation.criteria, options.lang
    d = criteria.decimals
    unit = explanation.unit
    titles = band_titles(criteria, lang)
    labels = {c.id: c.label(lang) for c in criteria.walk()}
    head = shown(unit["id"], style="bold")
    if unit["name"]:
        head.append_text(shown(f" {unit['name']}"))
    where = (msg("explain.rank_in", rank=unit["rank"],
                 group=group_title(criteria, unit["group"], lang))
             if unit["group"] else msg("explain.rank", rank=unit["rank"]))
    head.append_text(shown(f" — {where.text(lang)}, "
                           f"{msg('explain.score', score=number_text(unit['score'], d)).text(lang)}"
                           f", {titles.get(unit['band'] or 'none', '')}"))
    if unit["deductions"]:
        deducted = msg("explain.deducted", points=number_text(unit["deductions"], d))
        head.append(f" ({deducted.text(lang)})")
    table = Table(header_style="bold", show_edge=False)
    for key, right in [("criterion", False), ("value", True), ("explain.fraction", True),
                       ("points", True), ("explain.possible", True), ("rank", True)]:
        table.add_column(term(key, lang), justify="right" if right else "left")
    for line in explanation.lines:
        label = "  " * line.depth + labels.get(line.id, line.id)
        table.add_row(
            shown(label, style="" if line.is_leaf else "bold"),
            "" if line.value is None else f"{line.value:g}",
            "" if line.fraction is None else f"{line.fraction:.3f}",
            number_text(line.points or 0.0, d), number_text(line.possible or 0.0, d),
            "" if line.rank is None else str(line.rank),
        )
    parts: list[RenderableType] = [head, table]
    if explanation.next_band is not None:
        parts.append(shown(msg("explain.more",
                               points=number_text(explanation.points_needed or 0.0, d),
                               band=explanation.next_band.label(lang)).text(lang)))
    elif criteria.bands_for(unit["group"]):
        parts.append(Text(term("explain.top", lang)))
    else:
        parts.append(Text(term("explain.no_bands", lang)))
    if explanation.to_gain:
        gains = "; ".join(f"{labels.get(cid, cid)} ({number_text(p, d)})"
                          for cid, p in explanation.to_gain[:8])  # titles may hold commas
        parts.append(shown(msg("explain.gain", gains=gains).text(lang)))
    return RenderGroup(*parts)
