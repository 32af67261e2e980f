"""`sensitivity --method sobol`: which uncertain input moves the ranks, by how much.

Variance-based sensitivity analysis (Saltelli's sampling, the Sobol'/Jansen estimators)
through SALib, the maintained library for it, rather than estimators of our own. The
uncertain inputs are each top-level criterion's weight (a factor drawn uniformly from
[1 − jitter, 1 + jitter], as the Monte Carlo analysis draws it) and, on request, the
aggregation (arithmetic or geometric), the outlier treatment (on or off) and the
missing-value policy (the file's or the other), each a switch drawn from [0, 1] and
thrown at 0.5. N base samples make N·(k + 2) runs, scored
a chunk of runs at a time by one engine per switch setting. For every unit's rank and for
the mean absolute rank shift against the nominal ranking: each input's first-order index
(its own share of the variance) and total-order index (its share with every interaction),
with bootstrap confidence intervals (docs/cli.md, "sensitivity").
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria
from ictrank.dataset import Dataset
from ictrank.errors import IctrankError
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.scoring import Engine
from ictrank.treatment import prepare

SWITCHES = ("aggregation", "treatment", "missing")  # varied on request besides the weights
CHUNK_RUNS = 512  # runs scored at once (memory: runs × units × criteria)


@dataclass(frozen=True)
class SobolResult:
    criteria: Criteria
    base_samples: int  # N
    runs: int  # N·(k + 2)
    jitter: float
    seed: int
    inputs: tuple[str, ...]  # weight.<id> for each top-level criterion, then the switches
    shift: pd.DataFrame  # per input: S1, S1_conf, ST, ST_conf of the mean |rank shift|
    units: pd.DataFrame  # id, name, group, rank, then S1.<input>, ST.<input>, S1_conf.<input>,
    #                      ST_conf.<input> per input


def _engines(data: Dataset, criteria: Criteria, switches: tuple[str, ...]
             ) -> dict[tuple[bool, bool], Engine]:
    """An engine per setting of the switches that change the values scored: (treated,
    the file's missing-value policy). Off, treatment is none; the other policy is `zero`
    (an empty value earns nothing), or `mean` where the file's is already `zero`."""
    engines = {}
    for treated in (True, False) if "treatment" in switches else (True,):
        for own_missing in (True, False) if "missing" in switches else (True,):
            varied = criteria if treated else replace(
                criteria, treat=None, root=_tree(criteria.root, treat="none"))
            if not own_missing:
                other = "mean" if criteria.missing == "zero" else "zero"
                varied = replace(varied, missing=other,
                                 root=_tree(varied.root, missing=None))
            engines[(treated, own_missing)] = Engine(prepare(data, varied).data, varied)
    return engines


def _tree(node, **leaf_values):  # type: ignore[no-untyped-def]
    """The tree with every leaf's `leaf_values` set (its own treatment or missing policy
    given up for the file's)."""
    return replace(node, **(leaf_values if node.is_leaf else {}),
                   children=tuple(_tree(child, **leaf_values) for child in node.children))


def _switch(sample: np.ndarray, position: int | None, on_below: bool) -> np.ndarray:
    """A switch's setting in every run (True where its draw is below 0.5 when `on_below`,
    at or above it otherwise); off in every run where it is not varied."""
    if position is None:
        return np.full(len(sample), on_below)
    return sample[:, position] < 0.5 if on_below else sample[:, position] >= 0.5


def _ranks(sample: np.ndarray, ids: list[str], switches: tuple[str, ...],
           engines: dict[tuple[bool, bool], Engine],
           progress: Callable[[int], None] | None) -> np.ndarray:
    """Each run's ranks (runs × units), a chunk of runs at a time."""
    k = len(ids)
    base = engines[(True, True)]
    ranks = np.empty((len(sample), len(base.data)), dtype=np.int32)

    def at(name: str) -> int | None:
        return k + switches.index(name) if name in switches else None

    geometric = _switch(sample, at("aggregation"), on_below=False)
    treated = _switch(sample, at("treatment"), on_below=True)
    own_missing = _switch(sample, at("missing"), on_below=True)
    for start in range(0, len(sample), CHUNK_RUNS):
        chunk = slice(start, min(start + CHUNK_RUNS, len(sample)))
        for (use_treated, use_missing), engine in engines.items():
            for use_geometric in (False, True):
                rows = np.flatnonzero((treated[chunk] == use_treated)
                                      & (own_missing[chunk] == use_missing)
                                      & (geometric[chunk] == use_geometric)) + start
                if rows.size == 0:
                    continue
                ones = np.ones((rows.size, 1))  # the criteria below the top: not varied
                factors = {c.id: ones for c in engine.criteria.walk()}
                factors.update({cid: sample[rows, j][:, None] for j, cid in enumerate(ids)})
                fraction, _ = engine.root(factors, "geometric" if use_geometric else None)
                raw = np.broadcast_to(engine.unrounded_scores(fraction),
                                      (rows.size, len(base.data)))
                ranks[rows] = base.ranks(base.criteria.round(raw), raw)
        if progress is not None:
            progress(chunk.stop - chunk.start)
    return ranks


RESAMPLES = 100  # bootstrap resamples, SALib's default


def _indices(problem: dict[str, object], outputs: np.ndarray, seed: int = 0
             ) -> dict[str, np.ndarray]:
    """Each output column's first- and total-order indices (inputs × outputs) and their
    95 % bootstrap half-widths, every output at once, as SALib's `analyze` gives each.

    The indices are SALib's estimators `first_order` and `total_order`, after its
    standardisation. The bootstrap draws SALib's resamples (the same generator and
    `seed`) but takes each resample's means as a product of its counts with the rows:
    SALib's `analyze`, one output a call, took four minutes for a thousand units' ranks
    and 50 inputs. A test finds the intervals equal to `analyze`'s."""
    from statistics import NormalDist

    from SALib.analyze.sobol import first_order, total_order

    d = int(problem["num_vars"])  # type: ignore[call-overload]
    runs, m = outputs.shape
    n = runs // (d + 2)
    y = outputs.astype(float, copy=False)
    spread = y.std(axis=0)
    moving = spread > 0  # an output no input moves: every index 0
    y = np.where(moving, (y - y.mean(axis=0)) / np.where(moving, spread, 1.0), 0.0)
    cube = y.reshape(n, d + 2, m)
    a, b, ab = cube[:, 0], cube[:, d + 1], cube[:, 1:d + 1]
    draws = np.random.default_rng(seed).integers(n, size=(n, RESAMPLES))
    counts = np.zeros((RESAMPLES, n))  # how often each row is in each resample
    np.add.at(counts, (np.repeat(np.arange(RESAMPLES), n), draws.T.ravel()), 1.0)
    mean = (counts @ a + counts @ b) / (2 * n)  # of [A; B] in each resample
    variance = (counts @ (a * a) + counts @ (b * b)) / (2 * n) - mean * mean
    tiny = np.finfo(float).eps
    z = NormalDist().inv_cdf(0.5 + 0.95 / 2)  # SALib's norm.ppf, from the standard library
    found = {key: np.zeros((d, m)) for key in ("S1", "S1_conf", "ST", "ST_conf")}
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", UserWarning)  # SALib: an output that does not move
        for j in range(d):
            found["S1"][j] = first_order(a, ab[:, j], b)
            found["ST"][j] = total_order(a, ab[:, j], b)
            first = (counts @ (b * (ab[:, j] - a))) / n
            total = 0.5 * (counts @ ((a - ab[:, j]) ** 2)) / n
            found["S1_conf"][j] = z * np.where(variance > tiny, first / variance,
                                               0.0).std(axis=0, ddof=1)
            found["ST_conf"][j] = z * np.where(variance > tiny, total / variance,
                                               0.0).std(axis=0, ddof=1)
    for key in found:
        found[key][:, ~moving] = 0.0
    return found


def sobol(data: Dataset, criteria: Criteria, nominal: Ranking, base_samples: int = 1024,
          jitter: float = 0.25, seed: int = 0, vary: tuple[str, ...] = (),
          progress: Callable[[int], None] | None = None) -> SobolResult:
    """First- and total-order Sobol' indices of the weights (and of `vary`'s switches) on
    every unit's rank and on the mean absolute rank shift, with bootstrap confidence
    intervals."""
    if base_samples < 2:
        raise IctrankError(msg("sobol.samples", samples=base_samples), Code.INVALID_ARGUMENT)
    if not 0 < jitter < 1:
        raise IctrankError(msg("sobol.jitter", jitter=f"{jitter:g}"), Code.INVALID_ARGUMENT)
    if len(nominal) == 0:
        raise IctrankError(msg("sobol.no_units"), Code.INVALID_ARGUMENT)
    from SALib.sample import sobol as sampler

    ids = [c.id for c in criteria.top]
    switches = tuple(s for s in SWITCHES if s in vary)
    inputs = tuple(f"weight.{cid}" for cid in ids) + switches
    problem = {"num_vars": len(inputs), "names": list(inputs),
               "bounds": [[1 - jitter, 1 + jitter]] * len(ids) + [[0.0, 1.0]] * len(switches)}
    with warnings.catch_warnings():  # a base other than 2^n: said in the docs, not here
        warnings.simplefilter("ignore", UserWarning)
        sample = sampler.sample(problem, base_samples, calc_second_order=False, seed=seed)
    engines = _engines(data, criteria, switches)
    ranks = _ranks(sample, ids, switches, engines, progress)
    nominal_ranks = np.empty(ranks.shape[1])
    nominal_ranks[nominal.order] = nominal.units["rank"].to_numpy(dtype=float)
    shift = np.abs(ranks - nominal_ranks[None, :]).mean(axis=1)
    found = _indices(problem, np.column_stack([shift, ranks]), seed)  # the shift, then units
    shift_table = pd.DataFrame({key: found[key][:, 0] for key in ("S1", "S1_conf", "ST",
                                                                  "ST_conf")}, index=list(inputs))
    order = nominal.order + 1
    columns: dict[str, object] = {"id": nominal.units["id"], "name": nominal.units["name"],
                                  "group": nominal.units["group"], "rank": nominal.units["rank"]}
    for key in ("S1", "ST", "S1_conf", "ST_conf"):
        for i, name in enumerate(inputs):
            columns[f"{key}.{name}"] = found[key][i][order]
    return SobolResult(criteria, base_samples, len(sample), jitter, seed, inputs, shift_table,
                       pd.DataFrame(columns))
