"""`score --format csv`: one row per unit, every SPEC field, a column per top-level criterion."""

from __future__ import annotations

import pandas as pd

from ictrank.render.common import defuse, number_text
from ictrank.scoring import Ranking


def ranking_frame(ranking: Ranking) -> pd.DataFrame:
    """The CSV table as text cells, so the numbers print with the criteria's decimals."""
    criteria = ranking.criteria
    d = criteria.decimals
    units = ranking.units
    missing = ranking.missing
    missing_text = [
        ";".join(missing.columns[row]) for row in missing.to_numpy(dtype=bool)
    ] if len(missing.columns) else [""] * len(units)
    frame = pd.DataFrame({
        "group": units["group"].fillna("").astype(str),
        "rank": units["rank"].astype(int).astype(str),
        "id": units["id"].astype(str).map(defuse),
        "name": units["name"].fillna("").astype(str).map(defuse),
        "score": units["score"].map(lambda v: number_text(v, d)),
        "percent": units["percent"].map(lambda v: number_text(v, d)),
        "band": units["band"].fillna("").astype(str),
        "deductions": units["deductions"].map(lambda v: number_text(v, d)),
        "missing": missing_text,
    })
    if not criteria.groups:
        frame = frame.drop(columns="group")
    for top in criteria.top:
        frame[f"points.{top.id}"] = ranking.points[top.id].map(lambda v: number_text(v, d))
    return frame


def render_csv(ranking: Ranking) -> str:
    return ranking_frame(ranking).to_csv(index=False, lineterminator="\n")
