"""`ictrank explain`: why a unit is where it is, and what would move it up."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Band, Criteria
from ictrank.dataset import Dataset
from ictrank.errors import IctrankError
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.scoring import BAND_TOLERANCE, criterion_ranks


@dataclass(frozen=True)
class CriterionLine:
    id: str
    title: str
    depth: int
    is_leaf: bool
    value: float | None  # the raw indicator (booleans and choices as their fraction)
    fraction: float | None
    points: float | None
    possible: float | None
    rank: int | None  # among the unit's group, on this criterion's points


@dataclass(frozen=True)
class Explanation:
    criteria: Criteria
    unit: dict[str, Any]
    lines: list[CriterionLine]
    next_band: Band | None
    points_needed: float | None
    to_gain: list[tuple[str, float]]  # leaf id, points left to gain, largest first

    def to_dict(self) -> dict[str, Any]:
        decimals = self.criteria.decimals

        def num(v: float | None) -> float | None:
            return None if v is None else self.criteria.round(v, decimals)

        return {
            "unit": self.unit,
            "criteria": [
                {"id": c.id, "title": c.title, "depth": c.depth, "value": c.value,
                 "fraction": None if c.fraction is None else round(c.fraction, 4),
                 "points": num(c.points), "possible": num(c.possible), "rank": c.rank}
                for c in self.lines
            ],
            "next_band": None if self.next_band is None else {
                "band": self.next_band.id, "points_needed": num(self.points_needed)},
            "to_gain": [{"id": cid, "points": num(p)} for cid, p in self.to_gain],
        }


def _value(x: Any) -> float | None:
    if x is None:
        return None
    value = float(x)
    return None if math.isnan(value) else value


def find_unit(ranking: Ranking, unit_id: str) -> int:
    """Row of `unit_id` in the ranking; an unknown id suggests the closest ones."""
    ids = [str(v) for v in ranking.units["id"]]
    if unit_id in ids:
        return ids.index(unit_id)
    folded = {i.casefold(): n for n, i in enumerate(ids)}
    if unit_id.casefold() in folded:
        return folded[unit_id.casefold()]
    close = difflib.get_close_matches(unit_id, ids, n=3, cutoff=0.5)
    hint = msg("explain.did_you_mean", ids=", ".join(close)) if close else ""
    raise IctrankError(msg("explain.no_unit", id=unit_id, hint=hint), Code.UNKNOWN_UNIT)


def explain(ranking: Ranking, data: Dataset, unit_id: str) -> Explanation:
    criteria = ranking.criteria
    row = find_unit(ranking, unit_id)
    unit = ranking.units.iloc[row]
    data_row = int(np.flatnonzero(data.ids == unit["id"])[0])
    ids = [c.id for c in criteria.walk()]
    ranks = criterion_ranks(ranking, ids).iloc[row]
    lines = []
    for crit in criteria.walk():
        points = _value(ranking.points[crit.id].iloc[row])
        if points is None:
            continue  # does not apply to this unit
        raw = data.values[crit.id][data_row] if crit.is_leaf else None
        rank = ranks[crit.id]
        lines.append(CriterionLine(
            id=crit.id, title=crit.title, depth=crit.depth,
            is_leaf=crit.is_leaf, value=_value(raw),
            fraction=_value(ranking.fractions[crit.id].iloc[row]), points=points,
            possible=_value(ranking.possible[crit.id].iloc[row]),
            rank=None if pd.isna(rank) else int(rank)))
    score = float(unit["score"])
    scale = float(unit["scale"])
    group = unit["group"]
    next_band, needed = None, None
    bands = list(criteria.bands_for(group))
    current = next((i for i, b in enumerate(bands) if b.id == unit["band"]), len(bands))
    if current > 0:
        next_band = bands[current - 1]
        # a strict band is reached one unit of the last decimal above its threshold
        above = 10.0 ** -criteria.decimals if next_band.strict else 0.0
        needed = criteria.round(max(0.0, next_band.threshold(scale) + above - score
                                    - BAND_TOLERANCE * scale))
    gains = [(c.id, (c.possible or 0.0) - (c.points or 0.0)) for c in lines if c.is_leaf]
    gains = sorted((g for g in gains if g[1] > 1e-12), key=lambda g: (-g[1], g[0]))
    info = {"id": unit["id"], "name": unit["name"] or None, "group": group,
            "rank": int(unit["rank"]), "score": score, "band": unit["band"],
            "deductions": float(unit["deductions"])}
    if criteria.bonuses:
        info["bonuses"] = float(unit["bonuses"])
    return Explanation(criteria, info, lines, next_band, needed, gains)
