"""Year on year: how each unit moved since the previous ranking."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ictrank.ranking import Comparison, Ranking

if TYPE_CHECKING:
    from ictrank.criteria import Criteria
    from ictrank.lineage import Lineage


def compare(current: Ranking, previous: Ranking, source: str = "",
            lineage: Lineage | None = None) -> Ranking:
    """The current ranking with a Comparison attached (rank change +2 = up two places).
    Units are matched by id as `validate.id_key` compares them (`snv` last year is `SNV`
    this year); the current sheet's spelling is published. With a `lineage`, last round's
    ranking is first recomputed over this round's units (lineage.py)."""
    if lineage is not None:
        return _compare_through(current, previous, source, lineage)
    columns = ["id", "name", "group", "rank", "score", "band"]
    n = len(previous)  # last round's rows as period 0, this round's as period 1
    both = pd.concat([previous.units[columns], current.units[columns]], ignore_index=True)
    period = np.repeat([0, 1], [n, len(current)])
    frame, gone = period_changes(both, period, current.criteria)
    lost = previous.units.loc[gone[:n], columns]
    return replace(current, comparison=Comparison(
        source, frame.iloc[n:].reset_index(drop=True), lost.reset_index(drop=True)))


def period_changes(units: pd.DataFrame, period: np.ndarray,
                   criteria: Criteria) -> tuple[pd.DataFrame, np.ndarray]:
    """The comparison of every row of several periods' units (period after period) with
    the same unit in the period before, as `compare` makes it for one pair, for all at
    once: one lookup of (period, id) instead of a frame per pair. Returns the columns of
    `Comparison.frame` for every row (empty in the first period) and, per row, whether
    the unit has no row in the period after (it is gone there)."""
    from ictrank.sheet_checks import id_key

    # (period, unit) as one whole number: the unit's code among every id, and its period
    unit, ids = pd.factorize(id_key(units["id"]))
    width = max(len(ids), 1)
    here = pd.Index(period.astype(np.int64) * width + unit)
    prev = here.get_indexer((period.astype(np.int64) - 1) * width + unit)
    known = prev >= 0
    at = np.maximum(prev, 0)
    rank = units["rank"].to_numpy()
    prev_rank = pd.Series(np.where(known, rank[at], 0), dtype="Int64").where(known)
    score = units["score"].to_numpy(dtype=float)
    prev_score = np.where(known, score[at], np.nan)
    bands = units["band"].to_numpy(dtype=object)
    frame = pd.DataFrame({
        "previous_rank": prev_rank,
        "rank_change": (prev_rank - units["rank"]).astype("Int64"),
        "previous_score": prev_score,
        "score_change": criteria.round(score - prev_score),
        "previous_band": pd.Series(np.where(known, bands[at], None), dtype="object"),
        "status": np.where(known | (period == 0), "", "new"),
    })
    gone = here.get_indexer((period.astype(np.int64) + 1) * width + unit) < 0
    return frame, gone


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
