"""`ictrank audit`: is the index's structure statistically sound? (docs/audit.md)

For the designer of an index, before it is published: how much data there is, what the
outlier treatment did, how the criteria of each branch correlate with each other, with
their branch and with the score, Cronbach's α and the first principal component of each
branch, and how far the ranks move when one criterion is left out; with the JRC's rules
of thumb as flags. Pure: the dataset and criteria in, an `Audit` out.

Correlations, α and the principal components use each criterion's normalised value (its
fraction × 100, after treatment) and each branch's own value (its fraction × 100), over
the units where both values exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria, Criterion
from ictrank.dataset import Dataset
from ictrank.ranking import Ranking
from ictrank.scoring import Engine
from ictrank.treatment import (
    LeafTreatment,
    applies_to_units,
    available_shares,
    kurtosis,
    prepare,
    skewness,
)

MIN_AVAILABLE = 0.65  # the JRC's rule of thumb: data for at least 65 % of units / criteria
REDUNDANT = 0.92  # siblings correlated above this say the same thing twice
MIN_ALPHA = 0.7  # a branch's Cronbach's α below this does not hold together


@dataclass(frozen=True)
class CriterionAudit:
    """One criterion (a leaf or a branch) of the tree."""

    id: str
    parent: str | None
    leaf: bool
    available: float  # share of the units it applies to that have a value (leaves)
    skewness: float  # of the values scored (after denominators and imputation)
    kurtosis: float
    treatment: str  # none | winsorised | log
    r_parent: float  # Pearson with its parent branch
    rho_parent: float  # Spearman
    r_score: float  # Pearson with the score
    rho_score: float
    n: int  # units with both values, for the correlations with the score
    loo_shift: float | None  # mean |rank change| when it is left out (leaves)
    flags: tuple[str, ...]


@dataclass(frozen=True)
class BranchAudit:
    """A branch and its children."""

    id: str
    children: tuple[str, ...]
    alpha: float  # Cronbach's α over units with every child's value
    pc1_share: float  # the first principal component's share of the variance
    loadings: tuple[float, ...]  # the children's loadings on it
    pearson: tuple[tuple[float, ...], ...]  # children × children
    spearman: tuple[tuple[float, ...], ...]
    n: int  # units with every child's value
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Audit:
    criteria: Criteria
    units: pd.DataFrame  # id, name, group, available (share of values)
    groups: dict[str, float]  # group id -> share of values present
    criteria_rows: tuple[CriterionAudit, ...]
    branches: tuple[BranchAudit, ...]


@dataclass(frozen=True)
class AuditSeries:
    """A panel's audit: one per period, in publication order."""

    criteria: Criteria
    audits: tuple[tuple[str, Audit], ...]


def audit_periods(data: Dataset, criteria: Criteria) -> AuditSeries:
    """Each period of a panel audited on its own (its units, its treatment, its ranks)."""
    from ictrank.panel import period_order
    from ictrank.scoring import score

    assert data.periods is not None
    labels = data.periods.astype(str)
    audits = []
    for period in period_order(data.periods):  # a loop over periods, each vectorised
        part = data.take(np.flatnonzero(labels == period))
        audits.append((period, audit(part, criteria, score(part, criteria))))
    return AuditSeries(criteria, tuple(audits))


def _pair(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int]:
    """Pearson and Spearman of two columns over the units where both exist."""
    both = np.isfinite(x) & np.isfinite(y)
    n = int(both.sum())
    if n < 3:
        return float("nan"), float("nan"), n
    frame = pd.DataFrame({"x": x[both], "y": y[both]})
    ranked = frame.rank()  # Spearman: Pearson of the ranks (ties: their average rank)
    with np.errstate(invalid="ignore", divide="ignore"):  # a column with no spread: NaN
        return (float(frame["x"].corr(frame["y"])), float(ranked["x"].corr(ranked["y"])), n)


def cronbach_alpha(matrix: np.ndarray) -> float:
    """k/(k−1) × (1 − Σ var(item) / var(Σ items)) over complete rows (sample variances)."""
    complete = matrix[np.isfinite(matrix).all(axis=1)]
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return float("nan")
    total = complete.sum(axis=1).var(ddof=1)
    if total == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total))


def first_component(matrix: np.ndarray) -> tuple[float, tuple[float, ...]]:
    """The first principal component of the standardised children (their correlation
    matrix, over complete rows): its share of the variance and the loadings (the
    eigenvector, signed so that the loadings add up to a positive number)."""
    complete = matrix[np.isfinite(matrix).all(axis=1)]
    k = complete.shape[1]
    if k < 2 or len(complete) < 3:
        return float("nan"), tuple(float("nan") for _ in range(k))
    spread = complete.std(axis=0, ddof=1)
    if (spread == 0).any():
        return float("nan"), tuple(float("nan") for _ in range(k))
    correlation = np.corrcoef(complete, rowvar=False)
    values, vectors = np.linalg.eigh(correlation)
    first = vectors[:, -1]
    if first.sum() < 0:
        first = -first
    return float(values[-1] / values.sum()), tuple(float(v) for v in first)


def leave_one_out(ready: Dataset, criteria: Criteria, ranking: Ranking) -> dict[str, float]:
    """Each leaf's mean absolute rank shift when its weight is 0 (its siblings share it):
    every leaf left out in one engine pass, a run per leaf. `ready`: the data as scored
    (treatment.prepare), its units those of `ranking`."""
    leaves = [leaf.id for leaf in criteria.leaves()]
    if not leaves:
        return {}
    engine = Engine(ready, criteria)
    runs = len(leaves)
    factors = {cid: np.ones((runs, 1)) for cid in (c.id for c in criteria.walk())}
    for k, leaf_id in enumerate(leaves):
        factors[leaf_id] = factors[leaf_id].copy()
        factors[leaf_id][k] = 0.0
    fraction, _ = engine.root(factors, None)
    raw = np.broadcast_to(engine.unrounded_scores(fraction), (runs, len(ready)))
    ranks = engine.ranks(criteria.round(raw), raw)
    nominal = np.empty(len(ready), dtype=float)
    nominal[ranking.order] = ranking.units["rank"].to_numpy(dtype=float)
    shifts = np.abs(ranks - nominal[None, :]).mean(axis=1)
    return {leaf_id: float(shifts[k]) for k, leaf_id in enumerate(leaves)}


def _flags(row: dict[str, float], leaf: bool) -> tuple[str, ...]:
    flags = []
    if leaf and row["available"] < MIN_AVAILABLE:
        flags.append("low-availability")
    if leaf and abs(row["skewness"]) >= 2 and row["kurtosis"] >= 3.5:
        flags.append("outliers")
    if row["r_parent"] < 0:
        flags.append("against-parent")
    return tuple(flags)


def audit(data: Dataset, criteria: Criteria, ranking: Ranking) -> Audit:
    """The statistical audit of `criteria` over `data` (`ranking`: score(data, criteria))."""
    prepared = prepare(data, criteria)
    values = {cid: 100 * ranking.arrays.row(cid) for cid in ranking.arrays.ids}
    score = np.empty(len(ranking))
    score[ranking.order] = ranking.units["score"].to_numpy(dtype=float)
    treated = {t.id: t for t in ranking.treatment if t.period is None}
    shifts = leave_one_out(prepared.data, criteria, ranking)
    parents = {child.id: node for node in [criteria.root, *criteria.walk()]
               for child in node.children}
    rows = []
    for node in criteria.walk():
        parent = parents.get(node.id)
        own = values.get(node.id, np.full(len(ranking), np.nan))
        up = values.get(parent.id) if parent is not None else None
        r_parent, rho_parent, _ = _pair(own, up if up is not None else score)
        r_score, rho_score, n = _pair(own, score)
        skew, kurt = _moments(prepared.data.values.get(node.id), treated.get(node.id))
        entry = {"available": _available(data, criteria, node), "skewness": skew,
                 "kurtosis": kurt, "r_parent": r_parent}
        done = treated.get(node.id)
        rows.append(CriterionAudit(
            node.id, parent.id if parent is not None and parent.id else None, node.is_leaf,
            entry["available"], skew, kurt, done.action if done else "none", r_parent,
            rho_parent, r_score, rho_score, n if np.isfinite(own).any() else 0,
            shifts.get(node.id), _flags(entry, node.is_leaf)))
    branches = [_branch(node, values) for node in [criteria.root, *criteria.walk()]
                if node.children and len(node.children) > 1]
    shares = available_shares(data, criteria)
    units = pd.DataFrame({"id": data.ids, "name": data.names, "group": data.groups,
                          "available": shares})
    groups = {str(g): float(shares[data.groups == g].mean())
              for g in pd.unique(data.groups) if g is not None}
    return Audit(criteria, units, groups, tuple(rows), tuple(branches))


def _moments(values: np.ndarray | None, done: LeafTreatment | None) -> tuple[float, float]:
    """A criterion's skewness and kurtosis: before treatment where it was treated (what
    made it treated), else of the values scored; NaN for a branch."""
    if done is not None:
        return done.skewness, done.kurtosis
    if values is None:
        return float("nan"), float("nan")
    return float(skewness(values)[0]), float(kurtosis(values)[0])


def _available(data: Dataset, criteria: Criteria, node: Criterion) -> float:
    """The share of a criterion's cells (its leaves' over the units they apply to) that
    hold a value in the sheet."""
    present = applicable = 0
    for leaf in (leaf for leaf in node.walk() if leaf.is_leaf):
        where = applies_to_units(data, criteria, leaf)
        column = data.values.get(leaf.id)
        applicable += int(where.sum())
        if column is not None:
            present += int((where & np.isfinite(column)).sum())
    return present / applicable if applicable else float("nan")


def _branch(node: Criterion, values: dict[str, np.ndarray]) -> BranchAudit:
    ids = tuple(child.id for child in node.children)
    matrix = np.column_stack([values[cid] for cid in ids])
    frame = pd.DataFrame(matrix, columns=list(ids))
    with np.errstate(invalid="ignore", divide="ignore"):  # a column with no spread: NaN
        pearson = frame.corr(min_periods=3).to_numpy()
        spearman = frame.corr(method="spearman", min_periods=3).to_numpy()
    alpha = cronbach_alpha(matrix)
    share, loadings = first_component(matrix)
    flags = []
    if np.isfinite(alpha) and alpha < MIN_ALPHA:
        flags.append("low-alpha")
    upper = np.triu(np.abs(pearson), 1)
    for i, j in zip(*np.nonzero(np.nan_to_num(upper) > REDUNDANT), strict=True):
        flags.append(f"redundant:{ids[i]}/{ids[j]}")
    return BranchAudit(node.id, ids, alpha, share, loadings,
                       tuple(tuple(float(v) for v in row) for row in pearson),
                       tuple(tuple(float(v) for v in row) for row in spearman),
                       int(np.isfinite(matrix).all(axis=1).sum()), tuple(flags))
