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
    comparison = ranking.comparison
    if comparison is not None:
        prev = comparison.frame
        frame["previous_rank"] = prev["previous_rank"].astype(str).replace("<NA>", "")
        frame["rank_change"] = prev["rank_change"].astype(str).replace("<NA>", "")
        frame["previous_score"] = prev["previous_score"].map(lambda v: number_text(v, d))
        frame["score_change"] = prev["score_change"].map(lambda v: number_text(v, d))
        frame["previous_band"] = prev["previous_band"].fillna("").astype(str)
        frame["status"] = prev["status"]
        if len(comparison.gone):
            gone = comparison.gone
            rows = pd.DataFrame({
                "group": gone["group"].fillna("").astype(str),
                "id": gone["id"].astype(str).map(defuse),
                "name": gone["name"].fillna("").astype(str).map(defuse),
                "previous_rank": gone["rank"].astype(int).astype(str),
                "previous_score": gone["score"].map(lambda v: number_text(v, d)),
                "previous_band": gone["band"].fillna("").astype(str),
                "status": "gone",
            })
            frame = pd.concat([frame, rows.reindex(columns=frame.columns, fill_value="")],
                              ignore_index=True)
    return frame


def render_csv(ranking: Ranking, bom: bool = False) -> str:
    """CSV text; with `bom`, Excel opens the UTF-8 (Vietnamese names) correctly."""
    text = ranking_frame(ranking).to_csv(index=False, lineterminator="\n")
    return "\ufeff" + text if bom else text
