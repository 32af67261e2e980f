"""`score --format json`, the shape README and docs/cli.md show."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.common import UNSCORED_DECIMALS, plain_number, summarize


def _num(value: Any, decimals: int) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, decimals)


def ranking_dict(ranking: Ranking, lang: str = "en") -> dict[str, Any]:
    """The JSON of docs/cli.md: keys and ids as they are, warnings in `lang`."""
    criteria = ranking.criteria
    d = criteria.decimals
    ids = list(ranking.points.columns)
    points = ranking.rounded_points.to_numpy(dtype=float)
    missing_ids = list(ranking.missing.columns)
    unscored = [c.id for c in criteria.walk() if c.unscored]  # their fractions, no points
    fractions = {cid: criteria.round(ranking.fractions[cid].to_numpy(), UNSCORED_DECIMALS)
                 for cid in unscored}
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
        if criteria.bonuses:
            units[-1]["bonuses"] = _num(row.bonuses, d)
        if unscored:
            units[-1]["unscored"] = {cid: float(fractions[cid][i]) for cid in unscored}
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
            unit["previous"] = previous
    result: dict[str, Any] = {
        "index": {"name": criteria.name, "year": criteria.year,
                  "scale": plain_number(criteria.scale), "decimals": d,
                  "rounding": criteria.rounding},
        "units": units,
        "summary": summarize(ranking),
        "warnings": [w.text(lang) for w in ranking.warnings],
    }
    if comparison is not None:
        result["previous"] = {
            "source": Path(comparison.source).name,
            "gone": [{"id": g.id, "name": g.name or None, "group": g.group,
                      "rank": int(g.rank), "score": _num(g.score, d),  # type: ignore[arg-type]
                      "band": g.band}
                     for g in comparison.gone.itertuples(index=False)],
        }
    return result


def render_json(ranking: Ranking, lang: str = "en") -> str:
    return json.dumps(ranking_dict(ranking, lang), ensure_ascii=False, indent=2) + "\n"


def publish_json(ranking: Ranking, options: RenderOptions) -> str:
    return render_json(ranking, options.lang)
