"""`score --format json`, the shape README and docs/cli.md show."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.common import plain_number, summarize
from ictrank.treatment import LeafTreatment
from ictrank.views import view_columns


def _num(value: Any, decimals: int) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, decimals)


class _Extras:
    """A unit's keys that only some criteria have: bonuses, views, unscored fractions."""

    def __init__(self, ranking: Ranking) -> None:
        criteria = ranking.criteria
        self.decimals = criteria.decimals
        self.bonuses = bool(criteria.bonuses)
        self.views = view_columns(ranking)
        self.unscored = {c.id: ranking.unscored_fractions(c.id)
                         for c in criteria.walk() if c.unscored}  # fractions, no points

    def add(self, unit: dict[str, Any], i: int, row: Any) -> None:
        d = self.decimals
        if self.bonuses:
            unit["bonuses"] = _num(row.bonuses, d)
        if self.views:
            unit["views"] = {
                v.view.id: {"value": _num(v.values[i], d),
                            "rank": None if v.ranks[i] is pd.NA else int(v.ranks[i])}
                for v in self.views}
        if self.unscored:
            unit["unscored"] = {cid: float(values[i]) for cid, values in self.unscored.items()}


def ranking_dict(ranking: Ranking, lang: str = "en") -> dict[str, Any]:
    """The JSON of docs/cli.md: keys and ids as they are, warnings in `lang`."""
    criteria = ranking.criteria
    d = criteria.decimals
    ids = list(ranking.points.columns)
    points = ranking.rounded_points.to_numpy(dtype=float)
    missing_ids = list(ranking.missing.columns)
    extras = _Extras(ranking)
    missing = ranking.missing.to_numpy(dtype=bool)
    units: list[dict[str, Any]] = []
    for i, row in enumerate(ranking.units.itertuples(index=False)):
        units.append({
            "id": row.id,
            "name": row.name or None,
            "group": row.group,
            "rank": int(row.rank),  # type: ignore[arg-type]
            "score": _num(row.score, d),
            "percent": _num(row.percent, d),
            "band": row.band,
            "points": {cid: p for cid, p in zip(ids, points[i].tolist(), strict=True)
                       if not math.isnan(p)},
            "missing": [mid for mid, m in zip(missing_ids, missing[i], strict=True) if m],
            "deductions": _num(row.deductions, d),
        })
        extras.add(units[-1], i, row)
    comparison = ranking.comparison
    if comparison is not None:
        for unit, prev in zip(units, comparison.frame.itertuples(index=False), strict=True):
            unit["new"] = prev.status == "new"
            previous: dict[str, Any] | None = None if prev.status == "new" else {
                "rank": int(prev.previous_rank),  # type: ignore[arg-type]
                "score": _num(prev.previous_score, d),
                "band": prev.previous_band,
                "rank_change": int(prev.rank_change),  # type: ignore[arg-type]
                "score_change": _num(prev.score_change, d),
            }
            if previous is not None and prev.status:  # merged, split, renamed (lineage)
                predecessors: tuple[str, ...] = prev.previous_from  # type: ignore[assignment]
                previous.update(lineage=prev.status, **{"from": list(predecessors)})
            unit["previous"] = previous
    result: dict[str, Any] = {
        "index": {"name": criteria.name, "year": criteria.year,
                  "scale": plain_number(criteria.scale), "decimals": d,
                  "rounding": criteria.rounding},
        "units": units,
        "summary": summarize(ranking),
        "warnings": [w.text(lang) for w in ranking.warnings],
    }
    if ranking.treatment:  # what outlier treatment did to each criterion
        result["treatment"] = [treatment_dict(t) for t in ranking.treatment]
    if comparison is not None:
        result["previous"] = {
            "source": Path(comparison.source).name,
            "gone": [{"id": g.id, "name": g.name or None, "group": g.group,
                      "rank": int(g.rank), "score": _num(g.score, d),  # type: ignore[arg-type]
                      "band": g.band}
                     for g in comparison.gone.itertuples(index=False)],
        }
    return result


def _statistic(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def treatment_dict(done: LeafTreatment) -> dict[str, Any]:
    """One criterion's treatment: the action, the values moved, the statistics before and
    after (6 decimals; null where too few values or no spread)."""
    return {"id": done.id, "action": done.action, "moved": done.moved,
            "skewness": _statistic(done.skewness), "kurtosis": _statistic(done.kurtosis),
            "skewness_after": _statistic(done.skewness_after),
            "kurtosis_after": _statistic(done.kurtosis_after)}


def render_json(ranking: Ranking, lang: str = "en") -> str:
    return json.dumps(ranking_dict(ranking, lang), ensure_ascii=False, indent=2) + "\n"


def publish_json(ranking: Ranking, options: RenderOptions) -> str:
    return render_json(ranking, options.lang)
