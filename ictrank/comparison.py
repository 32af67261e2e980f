"""Year on year: how each unit moved since the previous ranking."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ictrank.ranking import Comparison, Ranking


def compare(current: Ranking, previous: Ranking, source: str = "") -> Ranking:
    """The current ranking with a Comparison attached (rank change +2 = up two places).
    Units are matched by id as `validate.id_key` compares them (`snv` last year is `SNV`
    this year); the current sheet's spelling is published."""
    from ictrank.sheet_checks import id_key

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
