"""`explain` as a rich table or JSON."""

from __future__ import annotations

import json

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.explain import Explanation
from ictrank.render import RenderOptions
from ictrank.render.common import band_titles, number_text, shown


def explanation_json(explanation: Explanation, options: RenderOptions) -> str:
    return json.dumps(explanation.to_dict(), ensure_ascii=False,
                      indent=2) + "\n"


def explanation_table(explanation: Explanation, options: RenderOptions) -> RenderableType:
    criteria, lang = explanation.criteria, options.lang
    d = criteria.decimals
    unit = explanation.unit
    titles = band_titles(criteria, lang)
    head = shown(unit["id"], style="bold")
    if unit["name"]:
        head.append_text(shown(f" {unit['name']}"))
    head.append_text(shown(f" — rank {unit['rank']}"
                           + (f" in {unit['group']}" if unit["group"] else "")))
    head.append_text(shown(f", score {number_text(unit['score'], d)}, "
                           f"{titles.get(unit['band'] or 'none', '')}"))
    if unit["deductions"]:
        head.append(f" (after {number_text(unit['deductions'], d)} deducted)")
    table = Table(header_style="bold", show_edge=False)
    for name, right in [("criterion", False), ("value", True), ("fraction", True),
                        ("points", True), ("possible", True), ("rank", True)]:
        table.add_column(name, justify="right" if right else "left")
    for line in explanation.lines:
        label = "  " * line.depth + line.id
        table.add_row(
            shown(label, style="" if line.is_leaf else "bold"),
            "" if line.value is None else f"{line.value:g}",
            "" if line.fraction is None else f"{line.fraction:.3f}",
            number_text(line.points or 0.0, d), number_text(line.possible or 0.0, d),
            "" if line.rank is None else str(line.rank),
        )
    parts: list[RenderableType] = [head, table]
    if explanation.next_band is not None:
        parts.append(shown(f"{number_text(explanation.points_needed or 0.0, d)} more points "
                           f"reach {explanation.next_band.label(lang)}."))
    elif criteria.bands_for(unit["group"]):
        parts.append(Text("Already in the top band."))
    else:
        parts.append(Text("The criteria define no bands."))
    if explanation.to_gain:
        gains = ", ".join(f"{cid} {number_text(p, d)}" for cid, p in explanation.to_gain[:8])
        parts.append(shown(f"Most points left to gain: {gains}"))
    return RenderGroup(*parts)
