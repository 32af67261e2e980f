"""Year on year: how each unit moved since the previous ranking."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ictrank.ranking import Comparison, Ranking

if TYPE_CHECKING:
    from ictrank.lineage import Lineage


def compare(current: Ranking, previous: Ranking, source: str = "",
            lineage: Lineage | None = None) -> Ranking:
    """The current ranking with a Comparison attached (rank change +2 = up two places).
    Units are matched by id as `validate.id_key` compares them (`snv` last year is `SNV`
    this year); the current sheet's spelling is published. With a `lineage`, last round's
    ranking is first recomputed over this round's units (lineage.py)."""
    from ictrank.sheet_checks import id_key

    if lineage is not None:
        return _compare_through(current, previous, source, lineage)
    old = previous.units.set_index(id_key(previous.units["id"]))
    ids = id_key(current.units["id"])
    known = ids.isin(old.index).to_numpy()
    prev_rank = ids.map(old["rank"]).astype("Int64")
    prev_score = ids.map(old["score"]).astype(float)
    prev_band = pd.Series(list(ids.map(old["band"])), dtype="object")
    frame = pd.DataFrame({
        "previous_rank": prev_rank,
        "rank_change": (prev_rank - current.units["rank"]).astype("Int64"),
        "previous_score": prev_score,
        "score_change": current.criteria.round((current.units["score"] - prev_score)
                                               .to_numpy(dtype=float)),
        "previous_band": prev_band.where(known, None),
        "status": np.where(known, "", "new"),
    })
    gone_mask = ~old.index.isin(ids)
    gone = previous.units.loc[gone_mask, ["id", "name", "group", "rank", "score", "band"]]
    return replace(current, comparison=Comparison(source, frame, gone.reset_index(drop=True)))


def compare_periods(rankings: list[Ranking], labels: list[str]) -> list[Ranking]:
    """Each ranking after the first compared with the one before it, as `compare` does,
    for every period at once: one lookup of (period, id) over all the periods' units
    instead of one frame per pair (10,000 periods took a minute that way)."""
    from ictrank.sheet_checks import id_key

    if len(rankings) < 2:
        return list(rankings)
    sizes = np.array([len(r) for r in rankings])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    period = np.repeat(np.arange(len(rankings)), sizes)
    units = pd.concat([r.units[["id", "name", "group", "rank", "score", "band"]]
                       for r in rankings], ignore_index=True)
    key = id_key(units["id"]).to_numpy(dtype=object)
    here = pd.Index(period.astype(str) + "\x00" + key)
    before = (period - 1).astype(str) + "\x00" + key
    after = (period + 1).astype(str) + "\x00" + key
    prev = here.get_indexer(before)  # the row of the same unit in the period before, or -1
    known = prev >= 0
    at = np.maximum(prev, 0)
    rank = units["rank"].to_numpy()
    prev_rank = pd.Series(np.where(known, rank[at], 0), dtype="Int64").where(known)
    rank_change = (prev_rank - units["rank"]).astype("Int64")
    score = units["score"].to_numpy(dtype=float)
    prev_score = np.where(known, score[at], np.nan)
    criteria = rankings[0].criteria
    change = criteria.round(score - prev_score)
    bands = units["band"].to_numpy(dtype=object)
    prev_band = np.where(known, bands[at], None)
    gone = here.get_indexer(after) < 0  # a unit with no row in the period after
    out = [rankings[0]]
    for k in range(1, len(rankings)):
        rows = slice(starts[k], starts[k + 1])
        frame = pd.DataFrame({
            "previous_rank": prev_rank.iloc[rows].reset_index(drop=True),
            "rank_change": rank_change.iloc[rows].reset_index(drop=True),
            "previous_score": prev_score[rows],
            "score_change": change[rows],
            "previous_band": pd.Series(prev_band[rows], dtype="object"),
            "status": np.where(known[rows], "", "new"),
        })
        left = gone[starts[k - 1]:starts[k]]
        lost = units.iloc[starts[k - 1]:starts[k]].loc[left].reset_index(drop=True)
        out.append(replace(rankings[k], comparison=Comparison(labels[k - 1], frame, lost)))
    return out


def _compare_through(current: Ranking, previous: Ranking, source: str,
                     lineage: Lineage) -> Ranking:
    """The comparison with last round recomputed over this round's units: merged, split
    and renamed units get a previous rank, and only units with no successor are gone."""
    from ictrank.lineage import carry

    carried = carry(previous, current, lineage)
    compared = compare(current, carried.ranking, source)
    assert compared.comparison is not None
    frame = compared.comparison.frame
    status = np.where(carried.status != "", carried.status, frame["status"].to_numpy())
    frame = frame.assign(status=status,
                         previous_from=pd.Series(carried.sources, index=frame.index,
                                                 dtype=object))
    gone = previous.units.loc[carried.gone, ["id", "name", "group", "rank", "score", "band"]]
    return replace(current, comparison=Comparison(source, frame, gone.reset_index(drop=True)))
