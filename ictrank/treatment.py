"""Outlier treatment of indicator columns: COINr's winsorise-then-log rule
(docs/criteria-format.md, "Treatment").

A column passes when |skewness| < `skew` or kurtosis < `kurtosis`. While it fails and
fewer than `max_points` of its values have been moved, the extreme value(s) on the skewed
side (the maximum when skewness ≥ 0, else the minimum; every value tied at it) are set to
the next value inward; a value moved again (it is tied at the extreme with the next one)
counts once, as COINr counts. If the winsorised column still fails, the original column
is log-transformed instead: log(x − min + 0.01 × (max − min)).

The statistics are the type-2 sample statistics COINr uses (pandas' `skew` and `kurt`),
over each column's present values. Every column is treated at once: each step works on a
matrix of units × columns, and there are at most `max_points` steps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ictrank.criteria import Criteria, Criterion
    from ictrank.dataset import Dataset

TREATMENT_METHODS = ("winsorise",)
FALLBACKS = ("log", "none")


@dataclass(frozen=True)
class TreatRule:
    """`treat:` of the criteria file (a criterion's own, or the file's default)."""

    method: str = "winsorise"
    max_points: int = 5
    skew: float = 2.0
    kurtosis: float = 3.5
    fallback: str = "log"


def _moments(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per column: n (present values), Σd², Σd³, Σd⁴ with d = x − mean."""
    present = np.isfinite(matrix)
    n = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, matrix, 0.0).sum(axis=0) / n
        d = np.where(present, matrix - mean, 0.0)
    d2 = d * d
    return n, d2.sum(axis=0), (d2 * d).sum(axis=0), (d2 * d2).sum(axis=0)


def skewness(matrix: np.ndarray) -> np.ndarray:
    """Each column's sample skewness: √n·Σd³ / (Σd²)^1.5 × √(n(n−1)) / (n−2); NaN with
    fewer than 3 values or no spread."""
    n, s2, s3, _ = _moments(np.atleast_2d(matrix.T).T)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.sqrt(n) * s3 / s2 ** 1.5 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
    # a spread too small to raise to the power 1.5 counts as none
    return np.where((n >= 3) & (s2 ** 1.5 > 0), value, np.nan)


def kurtosis(matrix: np.ndarray) -> np.ndarray:
    """Each column's sample excess kurtosis: ((n+1)(n·Σd⁴/(Σd²)² − 3) + 6) × (n−1) /
    ((n−2)(n−3)); NaN with fewer than 4 values or no spread."""
    n, s2, _, s4 = _moments(np.atleast_2d(matrix.T).T)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = ((n + 1.0) * (n * s4 / (s2 * s2) - 3.0) + 6.0) * (n - 1.0) / (
            (n - 2.0) * (n - 3.0))
    return np.where((n >= 4) & (s2 * s2 > 0), value, np.nan)


def failing(skew: np.ndarray, kurt: np.ndarray, rule: TreatRule) -> np.ndarray:
    """Columns that fail the rule: |skewness| ≥ skew and kurtosis ≥ kurtosis (a column
    whose statistics cannot be computed passes: there is nothing to treat)."""
    with np.errstate(invalid="ignore"):
        return (np.abs(skew) >= rule.skew) & (kurt >= rule.kurtosis)


@dataclass(frozen=True)
class Treated:
    """The treated matrix and, per column, what was done."""

    values: np.ndarray
    moved: np.ndarray  # how many values winsorisation moved (0 where logged or passed)
    logged: np.ndarray  # log-transformed (winsorising did not make it pass)
    skew_before: np.ndarray
    kurtosis_before: np.ndarray
    skew_after: np.ndarray
    kurtosis_after: np.ndarray

    def action(self, column: int) -> str:
        """`none`, `winsorised` or `log`: what column `column` went through."""
        if self.logged[column]:
            return "log"
        return "winsorised" if self.moved[column] else "none"


def _step(values: np.ndarray, columns: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One winsorising step on `columns`: the extreme values on each column's skewed side
    (`high`: its maximum) set to the next value inward. Where values were moved."""
    block = values[:, columns]
    present = np.isfinite(block)
    top = np.where(present, block, -np.inf).max(axis=0)
    bottom = np.where(present, block, np.inf).min(axis=0)
    extreme = np.where(high, top, bottom)
    at = present & (block == extreme)
    rest = present & ~at
    inward = np.where(high, np.where(rest, block, -np.inf).max(axis=0),
                      np.where(rest, block, np.inf).min(axis=0))
    movable = rest.any(axis=0)  # a column of one distinct value has nothing inward
    at &= movable
    block = np.where(at, inward, block)
    values[:, columns] = block
    return at


def treat_columns(matrix: np.ndarray, rule: TreatRule) -> Treated:
    """COINr's rule applied to every column of `matrix` (units × columns, NaN missing)."""
    original = np.asarray(matrix, dtype=float)
    values = original.copy()
    skew0, kurt0 = skewness(values), kurtosis(values)
    fails = failing(skew0, kurt0, rule)
    touched = np.zeros(values.shape, dtype=bool)  # the units whose value was moved
    moved = np.zeros(values.shape[1], dtype=int)
    skew, kurt = skew0, kurt0
    active = fails.copy()
    while True:
        active &= moved < rule.max_points
        columns = np.flatnonzero(active)
        if columns.size == 0:
            break
        at = _step(values, columns, skew[columns] >= 0)
        touched[:, columns] |= at
        moved[columns] = touched[:, columns].sum(axis=0)  # a value moved twice counts once
        active[columns[~at.any(axis=0)]] = False  # nothing left to move inward
        skew, kurt = skewness(values), kurtosis(values)
        active &= failing(skew, kurt, rule)
    logged = failing(skew, kurt, rule) & fails & (rule.fallback == "log")
    if logged.any():
        columns = np.flatnonzero(logged)
        block = original[:, columns]
        present = np.isfinite(block)
        low = np.where(present, block, np.inf).min(axis=0)
        high = np.where(present, block, -np.inf).max(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            values[:, columns] = np.log(block - low + 0.01 * (high - low))
        moved[columns] = 0
        skew, kurt = skewness(values), kurtosis(values)
    return Treated(values, moved, logged, skew0, kurt0, skew, kurt)


@dataclass(frozen=True)
class LeafTreatment:
    """What treatment did to one criterion's values (in one period of a panel)."""

    id: str
    action: str  # none | winsorised | log
    moved: int  # values winsorising moved
    skewness: float  # before (NaN: too few values or no spread)
    kurtosis: float
    skewness_after: float
    kurtosis_after: float
    period: int | None = None  # the period's place in a panel


@dataclass(frozen=True)
class Prepared:
    """The dataset as scored, and what the steps before scoring did to it."""

    data: Dataset
    treatment: tuple[LeafTreatment, ...] = ()
    kept: np.ndarray | None = None  # rows of the sheet's dataset still ranked (screening)
    screened: tuple[tuple[int, float], ...] = ()  # (row position, share) of those left out


def prepare(data: Dataset, criteria: Criteria, periods: np.ndarray | None = None) -> Prepared:
    """The composite-indicator steps before scoring, in their order: denominators,
    imputation by group, screening, outlier treatment (docs/criteria-format.md,
    "Treatment"). Pure: data and criteria in, the prepared data out."""
    data = denominate(data, criteria)
    shares = available_shares(data, criteria) if criteria.min_available is not None else None
    data = impute(data, criteria, periods)
    kept = None
    screened: tuple[tuple[int, float], ...] = ()
    if shares is not None and criteria.min_available is not None:
        low = shares < criteria.min_available - 1e-12
        if low.any():
            kept = np.flatnonzero(~low)
            screened = tuple((int(i), float(shares[i])) for i in np.flatnonzero(low))
            data = data.take(kept)
            periods = None if periods is None else periods[kept]
    data, treatment = treat_dataset(data, criteria, periods)
    return Prepared(data, treatment, kept, screened)


def denominate(data: Dataset, criteria: Criteria) -> Dataset:
    """value / (denominator / scale_factor) for each leaf with a `denominator`; an empty or
    zero denominator makes the value missing."""
    if not data.divisors:
        return data
    values = dict(data.values)
    for leaf in criteria.leaves():
        divisor = data.divisors.get(leaf.id)
        if divisor is None or leaf.id not in values:
            continue
        per = divisor / leaf.scale_factor
        with np.errstate(invalid="ignore", divide="ignore"):
            values[leaf.id] = np.where(np.isfinite(per) & (per != 0), values[leaf.id] / per,
                                       np.nan)
    return replace(data, values=values)


def applies_to_units(data: Dataset, criteria: Criteria, leaf: Criterion) -> np.ndarray:
    """Where a leaf counts: every unit, or those of its `applies_to` groups."""
    if leaf.applies_to is None or not criteria.groups:
        return np.ones(len(data), dtype=bool)
    return np.isin(data.groups, list(leaf.applies_to))


def _previous(x: np.ndarray, ids: np.ndarray, periods: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """`missing: previous`: each empty value takes the unit's value from the latest earlier
    period that has one (units compared as ids are everywhere); the cells filled."""
    from ictrank.sheet_checks import id_key

    order = np.argsort(periods, kind="stable")  # period after period, rows kept in order
    keys = id_key(pd.Series(ids[order], dtype=object)).to_numpy()
    known = pd.Series(np.asarray(x, dtype=float)[order])
    carried = known.groupby(keys).ffill().to_numpy(dtype=float)
    out = np.empty_like(carried)
    out[order] = carried
    x = np.asarray(x, dtype=float)
    return out, ~np.isfinite(x) & np.isfinite(out)


def available_shares(data: Dataset, criteria: Criteria) -> np.ndarray:
    """Each unit's share of present values over the scored criteria that apply to it."""
    present = np.zeros(len(data))
    applicable = np.zeros(len(data))
    for leaf in criteria.leaves():
        if leaf.unscored:
            continue
        where = applies_to_units(data, criteria, leaf)
        values = data.values.get(leaf.id)
        applicable += where
        if values is not None:
            present += where & np.isfinite(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(applicable > 0, present / applicable, 1.0)


def impute(data: Dataset, criteria: Criteria, periods: np.ndarray | None = None) -> Dataset:
    """`missing: group-mean` or `group-median`: an empty value becomes the mean or median of
    the present values of the units sharing its `impute_by` cell (else its ranking
    group), in the same period. The cells filled are kept in `imputed`, for the outputs
    to list; a unit whose group has no value stays empty."""
    values = dict(data.values)
    imputed = dict(data.imputed)
    for leaf in criteria.leaves():
        how = leaf.missing or criteria.missing
        if how == "previous" and periods is not None and leaf.id in values:
            values[leaf.id], filled = _previous(values[leaf.id], data.ids, periods)
            if filled.any():
                imputed[leaf.id] = filled
            continue
        if how not in ("group-mean", "group-median") or leaf.id not in values:
            continue
        by = criteria.imputed_by(leaf)
        labels = data.groups if by is None else data.unit_columns.get(by)
        if labels is None:
            continue
        labelled = pd.Series(labels, dtype=object).fillna("").astype(str)
        keys = labelled if periods is None else labelled + "\x00" + pd.Series(
            periods).astype(str)
        where = applies_to_units(data, criteria, leaf) & (labelled != "").to_numpy()
        x = np.asarray(values[leaf.id], dtype=float)
        missing = where & ~np.isfinite(x)
        if not missing.any():
            continue
        known = pd.Series(np.where(where, x, np.nan))
        stat = known.groupby(keys.to_numpy()).transform(
            "mean" if how == "group-mean" else "median").to_numpy(dtype=float)
        values[leaf.id] = np.where(missing, stat, x)
        imputed[leaf.id] = missing
    return replace(data, values=values, imputed=imputed)


def treat_dataset(data: Dataset, criteria: Criteria,
                  periods: np.ndarray | None = None
                  ) -> tuple[Dataset, tuple[LeafTreatment, ...]]:
    """The dataset with every treated criterion's values treated (within each period where
    `periods` gives each row's period code), and what was done: pure, no I/O."""
    rules = [(leaf.id, rule) for leaf in criteria.leaves()
             if (rule := criteria.treatment_of(leaf)) is not None and leaf.id in data.values]
    if not rules:
        return data, ()
    values = dict(data.values)
    done: list[LeafTreatment] = []
    blocks = [(None, slice(None))] if periods is None else [
        (int(k), np.flatnonzero(periods == k)) for k in np.unique(periods)]
    for rule in dict.fromkeys(rule for _, rule in rules):  # leaves sharing a rule together
        ids = [leaf_id for leaf_id, own in rules if own == rule]
        matrix = np.column_stack([np.asarray(data.values[i], dtype=float) for i in ids])
        treated_matrix = matrix.copy()
        for period, rows in blocks:
            treated = treat_columns(matrix[rows], rule)
            treated_matrix[rows] = treated.values
            done += [LeafTreatment(leaf_id, treated.action(j), int(treated.moved[j]),
                                   float(treated.skew_before[j]),
                                   float(treated.kurtosis_before[j]),
                                   float(treated.skew_after[j]),
                                   float(treated.kurtosis_after[j]), period)
                     for j, leaf_id in enumerate(ids)]
        for j, leaf_id in enumerate(ids):
            values[leaf_id] = treated_matrix[:, j]
    order = {leaf.id: k for k, leaf in enumerate(criteria.leaves())}
    done.sort(key=lambda t: (-1 if t.period is None else t.period, order[t.id]))
    return replace(data, values=values), tuple(done)
