"""`explain` as a rich table or JSON."""

from __future__ import annotations

import json

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.criteria import Criterion
from ictrank.explain import Explanation
from ictrank.messages import msg
from ictrank.render import RenderOptions
from ictrank.render.common import band_titles, group_title, number_text, shown, term


def explanation_json(explanation: Explanation, options: RenderOptions) -> str:
    return json.dumps(explanation.to_dict(), ensure_ascii=False,
                      indent=2) + "\n"


def _head(explanation: Explanation, lang: str) -> Text:
    """'SNV Sở Nội vụ — rank 2 of Departments, score 92.40, Good (after 1.00 deducted)'."""
    criteria, unit = explanation.criteria, explanation.unit
    d = criteria.decimals
    head = shown(unit["id"], style="bold")
    if unit["name"]:
        head.append_text(shown(f" {unit['name']}"))
    where = (msg("explain.rank_in", rank=unit["rank"],
                 group=group_title(criteria, unit["group"], lang))
             if unit["group"] else msg("explain.rank", rank=unit["rank"]))
    score = msg("explain.score", score=number_text(unit["score"], d, lang)).text(lang)
    band = band_titles(criteria, lang).get(unit["band"] or "none", "")
    head.append_text(shown(f" — {where.text(lang)}, {score}, {band}"))
    if unit.get("bonuses"):
        added = msg("explain.bonus", points=number_text(unit["bonuses"], d, lang))
        head.append(f" ({added.text(lang)})")
    if unit["deductions"]:
        deducted = msg("explain.deducted", points=number_text(unit["deductions"], d, lang))
        head.append(f" ({deducted.text(lang)})")
    return head


def explanation_table(explanation: Explanation, options: RenderOptions) -> RenderableType:
    """The unit's rank and band, a line per criterion (by its title in `lang`), what it
    takes to reach the next band and where the points are."""
    criteria, lang = explanation.criteria, options.lang
    d = criteria.decimals
    unit = explanation.unit
    labels = {c.id: c.label(lang) for c in criteria.walk()}
    leaves = {c.id: c for c in criteria.leaves()}
    head = _head(explanation, lang)
    table = Table(header_style="bold", show_edge=False)
    for key, right in [("criterion", False), ("value", True), ("explain.fraction", True),
                       ("points", True), ("explain.possible", True), ("rank", True)]:
        table.add_column(term(key, lang), justify="right" if right else "left")
    unscored = {c.id for c in criteria.walk() if c.unscored}
    for line in explanation.lines:
        label = "  " * line.depth + labels.get(line.id, line.id)
        table.add_row(
            shown(label, style="" if line.is_leaf else "bold"),
            _value_text(leaves.get(line.id), line.value, criteria.missing, lang),
            "" if line.fraction is None else number_text(line.fraction, 3, lang),
            term("unscored", lang) if line.id in unscored else
            number_text(criteria.round(line.points or 0.0), d, lang),
            number_text(criteria.round(line.possible or 0.0), d, lang),
            "" if line.rank is None else str(line.rank),
        )
    parts: list[RenderableType] = [head, table]
    if explanation.next_band is not None:
        parts.append(shown(msg("explain.more",
                               points=number_text(explanation.points_needed or 0.0, d, lang),
                               band=explanation.next_band.label(lang)).text(lang)))
    elif criteria.bands_for(unit["group"]):
        parts.append(Text(term("explain.top", lang)))
    else:
        parts.append(Text(term("explain.no_bands", lang)))
    if explanation.to_gain:
        gains = "; ".join(f"{labels.get(cid, cid)} ({number_text(criteria.round(p), d, lang)})"
                          for cid, p in explanation.to_gain[:8])  # titles may hold commas
        parts.append(shown(msg("explain.gain", gains=gains).text(lang)))
    return RenderGroup(*parts)



def _value_text(leaf: Criterion | None, value: float | None, missing_policy: str,
                lang: str) -> str:
    """A leaf's value as the sheet means it: a number, yes/no, a choice by its name; an
    empty cell said as what it scores."""
    if leaf is None or not leaf.is_leaf or leaf.kind is None:
        return ""
    if value is None:
        key = {"zero": "explain.empty_zero", "mean": "explain.empty_mean"}.get(
            leaf.missing or missing_policy)
        return term(key, lang) if key else ""
    return leaf.kind.value_text(leaf, value, lang)
