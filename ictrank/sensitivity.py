"""`ictrank sensitivity`: Monte Carlo over the weights (and, optionally, the methods).

Every run multiplies every weight by its own factor drawn uniformly from
[1 − jitter, 1 + jitter] (OECD/JRC handbook, uncertainty analysis). The leaf
fractions do not depend on the weights, so they are computed once; each chunk
of runs is then one pass of array arithmetic over a (runs × units) matrix, with
no Python loop over runs or units. With `methods`, each run also draws the
aggregation (arithmetic or geometric) and the normalisation of `linear` leaves
(goalposts or min-max), the alternatives analysts argue about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria
from ictrank.dataset import Dataset
from ictrank.errors import IctrankError
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.scoring import Engine, band_index, percents
from ictrank.treatment import prepare

MEMORY_BUDGET = 256 * 1024 * 1024  # bytes of float64 working arrays per chunk
STABLE_PROBABILITY = 0.9  # a unit whose nominal band holds in fewer runs is flagged


@dataclass(frozen=True)
class SensitivityResult:
    criteria: Criteria
    runs: int
    jitter: float
    seed: int
    methods: bool
    units: pd.DataFrame  # id, name, group, rank, band, median_rank, rank_p05, rank_p95,
    #                      p_<band>..., unstable — in the ranking's row order
    band_ids: list[str]


def _chunk_size(n_units: int, n_criteria: int) -> int:
    per_run = max(1, n_units) * 8 * (n_criteria + 8)
    return int(max(1, min(1000, MEMORY_BUDGET // per_run)))


def sensitivity(
    data: Dataset,
    criteria: Criteria,
    nominal: Ranking,
    runs: int = 1000,
    jitter: float = 0.25,
    seed: int = 0,
    methods: bool = False,
    progress: Callable[[int], None] | None = None,
) -> SensitivityResult:
    """Rank intervals and band probabilities over `runs` perturbed weightings."""
    if runs < 1:
        raise IctrankError(msg("sensitivity.runs", runs=runs), Code.INVALID_ARGUMENT)
    if not 0 <= jitter < 1:
        raise IctrankError(msg("sensitivity.jitter", jitter=f"{jitter:g}"),
                           Code.INVALID_ARGUMENT)
    ids = [c.id for c in criteria.walk()]
    data = prepare(data, criteria).data  # the values the nominal ranking scored
    engines = {False: Engine(data, criteria)}
    if methods:
        engines[True] = Engine(data, criteria, linear_as_minmax=True)
    base = engines[False]
    n = len(data)
    band_ids = [b.id for b in criteria.all_bands()]
    rng = np.random.default_rng(seed)
    chunk = _chunk_size(n, len(ids))
    all_ranks = np.empty((runs, n), dtype=np.int32)
    band_counts = np.zeros((len(band_ids) + 1, n), dtype=np.int64)  # last row: no band
    done = 0
    while done < runs:
        size = min(chunk, runs - done)
        draws = rng.uniform(-1.0, 1.0, size=(size, len(ids)))
        factors_all = 1.0 + jitter * draws
        if methods:
            geometric = rng.random(size) < 0.5
            minmax = rng.random(size) < 0.5
        else:
            geometric = np.zeros(size, dtype=bool)
            minmax = np.zeros(size, dtype=bool)
        scores = np.empty((size, n))
        # under `rank_on: unrounded` the ranks need the scores before rounding kept too
        unrounded = np.empty((size, n)) if criteria.rank_on == "unrounded" else scores
        for use_minmax in (False, True):
            for use_geometric in (False, True):
                rows = np.flatnonzero((minmax == use_minmax) & (geometric == use_geometric))
                if rows.size == 0:
                    continue
                engine = engines[use_minmax]
                factors = {cid: factors_all[rows, k][:, None] for k, cid in enumerate(ids)}
                aggregation = "geometric" if use_geometric else None
                fraction, _ = engine.root(factors, aggregation)
                raw = np.broadcast_to(engine.unrounded_scores(fraction), (rows.size, n))
                if unrounded is not scores:
                    unrounded[rows] = raw
                scores[rows] = base.criteria.round(raw)
        all_ranks[done:done + size] = base.ranks(scores, unrounded)
        index = band_index(scores, percents(scores, base), base, band_ids)
        for k in range(len(band_ids)):
            band_counts[k] += (index == k).sum(axis=0)
        band_counts[-1] += (index == -1).sum(axis=0)
        done += size
        if progress is not None:
            progress(size)

    quantiles = np.quantile(all_ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    # the ranking's row order, so the table reads like the published one
    order = nominal.order
    table = pd.DataFrame({
        "id": nominal.units["id"],
        "name": nominal.units["name"],
        "group": nominal.units["group"],
        "rank": nominal.units["rank"],
        "band": nominal.units["band"],
        "median_rank": quantiles[1][order].astype(int),
        "rank_p05": quantiles[0][order].astype(int),
        "rank_p95": quantiles[2][order].astype(int),
    })
    for k, band_id in enumerate(band_ids):
        table[f"p_{band_id}"] = band_counts[k][order] / runs
    band_row = (nominal.units["band"].map({b: k for k, b in enumerate(band_ids)})
                .fillna(len(band_ids)).to_numpy(dtype=np.int64))
    nominal_p = band_counts[:, order][band_row, np.arange(len(order))] / runs
    table["p_nominal_band"] = nominal_p
    table["unstable"] = nominal_p < STABLE_PROBABILITY
    return SensitivityResult(criteria, runs, jitter, seed, methods, table, band_ids)
