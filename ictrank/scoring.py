"""The scoring engine (SPEC §2–3): a Dataset and Criteria in, a Ranking out.

Pure: no I/O, no printing. Every step works on whole columns (numpy arrays of
length n units); the only Python loops run over criteria, steps, groups and
bands, never over units.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria, Criterion
from ictrank.validate import Dataset

if TYPE_CHECKING:
    from ictrank.comparison import Comparison

BAND_TOLERANCE = 1e-9  # times the scale, for `min` bands
PERCENT_TOLERANCE = 1e-7  # for `min_percent` bands


@dataclass(frozen=True)
class Ranking:
    """Scores, ranks and bands of every unit, rows in publication order."""

    criteria: Criteria
    units: pd.DataFrame  # id, name, group, rank, score, percent, band, deductions, scale
    fractions: pd.DataFrame  # criterion id -> fraction in [0, 1] (NaN where it does not apply)
    applicable: pd.DataFrame  # criterion id -> True where the criterion counts for the unit
    missing: pd.DataFrame  # leaf id -> True where the value was missing and filled in or skipped
    warnings: tuple[str, ...] = field(default_factory=tuple)
    comparison: Comparison | None = None  # set by ictrank.comparison.compare

    def __len__(self) -> int:
        return len(self.units)

    @cached_property
    def possible(self) -> pd.DataFrame:
        """Points each unit could earn on each criterion: its share of the scale.

        Derived from applicability and weights on first use, so that a CSV of top-level
        points for a million units never holds a second criteria × units matrix.
        """
        ids = list(self.fractions.columns)
        return pd.DataFrame({cid: self.possible_of(cid) for cid in ids})

    @cached_property
    def points(self) -> pd.DataFrame:
        """Points per criterion (NaN where it does not apply): fraction × possible."""
        return self.fractions * self.possible

    def possible_of(self, criterion_id: str) -> np.ndarray:
        """One criterion's share of the scale per unit: weight shares multiplied from the root
        (SPEC §3), each renormalised over the siblings that apply to the unit."""
        if "possible" in self.__dict__:
            return self.possible[criterion_id].to_numpy()
        share = self.units["scale"].to_numpy(dtype=float)
        for parent, child in _path_to(self.criteria.root, criterion_id):
            total = np.zeros(len(share))
            for sibling in parent.children:
                total += np.where(self.applicable[sibling.id].to_numpy(), sibling.weight, 0.0)
            weight = np.where(self.applicable[child.id].to_numpy(), child.weight, 0.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                share = np.where(total > 0, share * weight / total, 0.0)
        return np.where(self.applicable[criterion_id].to_numpy(), share, np.nan)

    def points_of(self, criterion_id: str) -> pd.Series:
        """One criterion's points, without building the whole matrix."""
        if "points" in self.__dict__:
            return self.points[criterion_id]
        return self.fractions[criterion_id] * self.possible_of(criterion_id)


@dataclass
class _Context:
    criteria: Criteria
    data: Dataset
    codes: np.ndarray  # group index per unit (0 where there are no groups)
    group_ids: list[str | None]
    warnings: list[str]
    fractions: dict[str, np.ndarray] = field(default_factory=dict)
    applicable: dict[str, np.ndarray] = field(default_factory=dict)
    missing: dict[str, np.ndarray] = field(default_factory=dict)
    # when set, every criterion's fraction lives in its row of this (criteria × units)
    # matrix, which becomes the Ranking's frame without another copy
    store: np.ndarray | None = None
    row_of: dict[str, int] = field(default_factory=dict)

    def keep_fraction(self, criterion_id: str, fraction: np.ndarray) -> None:
        if self.store is None:
            self.fractions[criterion_id] = fraction
        else:
            row = self.store[self.row_of[criterion_id]]
            row[:] = fraction
            self.fractions[criterion_id] = row

    def in_groups(self, groups: frozenset[str] | None) -> np.ndarray:
        n = len(self.data)
        if groups is None or not self.criteria.groups:
            return np.ones(n, dtype=bool)
        wanted = [i for i, g in enumerate(self.group_ids) if g in groups]
        return np.isin(self.codes, wanted)

    @cached_property
    def group_rows(self) -> list[np.ndarray]:
        """Row positions of each group's units, found once for every statistic."""
        return [np.flatnonzero(self.codes == code) for code in range(len(self.group_ids))]

    def group_stat(self, values: np.ndarray, how: str, scope: str) -> np.ndarray:
        """Per-unit min/max/mean over present values of its group (or of all units)."""
        if scope == "all" or len(self.group_ids) == 1:
            return np.full(len(values), _stat(values, how))
        out = np.empty(len(values))
        for rows in self.group_rows:  # a loop over groups, each over its units at once
            out[rows] = _stat(values[rows], how)
        return out


def _stat(values: np.ndarray, how: str) -> float:
    """min, max or mean of the present (non-NaN) values; NaN when there are none."""
    present = values[~np.isnan(values)]
    if present.size == 0:
        return float("nan")
    if how == "min":
        return float(present.min())
    if how == "max":
        return float(present.max())
    return float(present.mean())


def _clip01(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _leaf_fraction(ctx: _Context, leaf: Criterion, x: np.ndarray,
                   present: np.ndarray) -> np.ndarray:
    """The fraction in [0, 1] earned on one leaf; NaN where x is NaN."""
    lower = leaf.direction == "lower"
    method = leaf.method
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "linear":
            assert leaf.range is not None
            lo, hi = leaf.range
            if leaf.transform == "log":
                x, lo, hi = np.log(np.where(x > 0, x, np.nan)), float(np.log(lo)), float(np.log(hi))
            f = _clip01((hi - x) / (hi - lo) if lower else (x - lo) / (hi - lo))
        elif method == "minmax":
            observed = np.where(present, x, np.nan)
            lo_s = ctx.group_stat(observed, "min", leaf.scope)
            hi_s = ctx.group_stat(observed, "max", leaf.scope)
            span = hi_s - lo_s
            f = np.where(span > 0, ((hi_s - x) if lower else (x - lo_s)) / span, 1.0)
            f = _clip01(f)
            _warn_all_equal(ctx, leaf, observed, span)
        elif method == "best":
            observed = np.where(present, x, np.nan)
            if lower:
                best = ctx.group_stat(observed, "min", leaf.scope)
                f = np.where(x > 0, best / x, 0.0)
            else:
                best = ctx.group_stat(observed, "max", leaf.scope)
                f = np.where(best > 0, x / best, 0.0)
            f = _clip01(f)
        elif method == "ratio":
            if leaf.target is not None:
                den = np.full(len(x), leaf.target)
            else:
                den = ctx.data.denominators[leaf.id]
            full = 1.0 if leaf.on_zero == "full" else 0.0
            f = np.where(den > 0, _clip01(x / den), full)
            if lower:
                f = 1.0 - f
        elif method == "steps":
            f = np.zeros(len(x))
            taken = np.zeros(len(x), dtype=bool)
            for step in leaf.steps:
                meets = (x >= step.bound) if leaf.step_bound == "min" else (x <= step.bound)
                hit = meets & ~taken
                f[hit] = step.fraction
                taken |= hit
        else:  # boolean and choice arrive as fractions
            f = x.copy()
            if lower and method == "boolean":
                f = 1.0 - f
    return np.where(np.isnan(x), np.nan, f)


def _warn_all_equal(ctx: _Context, leaf: Criterion, observed: np.ndarray,
                    span: np.ndarray) -> None:
    flat = np.isfinite(observed) & (span == 0)
    if not flat.any():
        return
    if leaf.scope == "all" or len(ctx.group_ids) == 1:
        ctx.warnings.append(f"criterion `{leaf.id}`: every unit has the same value; each gets "
                            "full points (min-max has no spread)")
        return
    for code in np.unique(ctx.codes[flat]):
        ctx.warnings.append(f"criterion `{leaf.id}`: every unit of group "
                            f"`{ctx.group_ids[int(code)]}` has the same value; each gets full "
                            "points (min-max has no spread)")


def _score_leaf(ctx: _Context, leaf: Criterion) -> None:
    n = len(ctx.data)
    base = ctx.in_groups(leaf.applies_to)
    raw = ctx.data.values[leaf.id] if leaf.id in ctx.data.values else np.full(n, np.nan)
    present = np.isfinite(raw) & base
    missing = base & ~present
    policy = leaf.missing or ctx.criteria.missing
    applicable = base.copy()
    x = np.where(present, raw, np.nan)
    if policy == "mean" and missing.any():
        means = ctx.group_stat(x, "mean", "group")
        x = np.where(missing, means, x)
        empty = missing & np.isnan(x)
        if empty.any():
            ctx.warnings.append(f"criterion `{leaf.id}`: no unit of the group has a value to "
                                "average; missing values count as 0")
    elif policy == "skip":
        applicable &= ~missing
    fraction = _leaf_fraction(ctx, leaf, x, present)
    fraction = np.where(applicable, np.nan_to_num(fraction, nan=0.0), np.nan)
    ctx.keep_fraction(leaf.id, fraction)
    ctx.applicable[leaf.id] = applicable
    ctx.missing[leaf.id] = missing


def _aggregate(
    ctx: _Context,
    node: Criterion,
    factors: dict[str, np.ndarray] | None = None,
    aggregation: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Fraction and applicability of a node from its leaves' fractions.

    Nominal scoring passes no `factors` and records every branch's fraction. The
    sensitivity analysis passes a weight multiplier per criterion of shape
    (runs, 1), so every run is one row of the same array arithmetic; with all
    factors 1 the result is bit-for-bit the nominal one. `aggregation` overrides
    every branch's own (the arithmetic-versus-geometric alternative).
    """
    if node.is_leaf:
        return ctx.fractions[node.id], ctx.applicable[node.id]
    n = len(ctx.data)
    scope = ctx.in_groups(node.applies_to)
    total_w: np.ndarray = np.zeros(n)
    acc: np.ndarray = np.zeros(n)
    applicable = np.zeros(n, dtype=bool)
    geometric = (aggregation or node.aggregation) == "geometric"
    for child in node.children:
        f, a = _aggregate(ctx, child, factors, aggregation)
        live = a & scope
        if child.weight <= 0 or not live.any():
            continue
        applicable |= live
        weight = child.weight if factors is None else child.weight * factors[child.id]
        w = np.where(live, weight, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            # f is NaN only where the child does not apply, and there w is 0
            if geometric:
                term = np.where(live, weight * np.log(f), 0.0)
            else:
                term = np.where(live, weight * f, 0.0)
        acc = acc + term
        total_w = total_w + w
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = acc / total_w
        fraction = np.exp(mean) if geometric else mean
    fraction = np.where(applicable, fraction, np.nan)
    if node.id and factors is None and aggregation is None:
        ctx.keep_fraction(node.id, fraction)
        ctx.applicable[node.id] = applicable
    return fraction, applicable


def _path_to(root: Criterion, criterion_id: str) -> list[tuple[Criterion, Criterion]]:
    """(parent, child) pairs from the root down to the criterion."""
    for child in root.children:
        if child.id == criterion_id:
            return [(root, child)]
        below = _path_to(child, criterion_id)
        if below:
            return [(root, child), *below]
    return []


def _assign_bands(criteria: Criteria, group_ids: np.ndarray, score: np.ndarray,
                  percent: np.ndarray, scale: np.ndarray) -> np.ndarray:
    bands = np.full(len(score), None, dtype=object)
    keys: list[str | None] = [g.id for g in criteria.groups] if criteria.groups else [None]
    for key in keys:
        members = (group_ids == key) if key is not None else np.ones(len(score), dtype=bool)
        for band in criteria.bands_for(key):
            if band.min is not None:
                meets = score >= band.min - BAND_TOLERANCE * scale
            else:
                meets = percent >= (band.min_percent or 0.0) - PERCENT_TOLERANCE
            hit = members & meets & (bands == None)  # noqa: E711 (elementwise)
            bands[hit] = band.id
    return bands


class Engine:
    """Leaf fractions computed once; scores for any weights or aggregation from them.

    `linear_as_minmax` swaps every `linear` leaf's goalposts for min-max over the
    group (the normalisation alternative of the sensitivity analysis).
    """

    def __init__(self, data: Dataset, criteria: Criteria, linear_as_minmax: bool = False,
                 keep: bool = False):
        n = len(data)
        if criteria.groups:
            self.group_ids: list[str | None] = [g.id for g in criteria.groups]
            self.codes = pd.Categorical(data.groups, categories=self.group_ids).codes.astype(
                np.int64)
        else:
            self.group_ids = [None]
            self.codes = np.zeros(n, dtype=np.int64)
        self.criteria = criteria
        self.ctx = _Context(criteria, data, self.codes, self.group_ids, [])
        if keep:  # score(): keep every fraction, in one matrix
            ids = [c.id for c in criteria.walk()]
            self.ctx.store = np.empty((len(ids), n))
            self.ctx.row_of = {cid: j for j, cid in enumerate(ids)}
        for leaf in criteria.leaves():
            if linear_as_minmax and leaf.method == "linear":
                leaf = replace(leaf, method="minmax", scope="group", transform=None)
            _score_leaf(self.ctx, leaf)
        scale_by_group = np.array([criteria.scale_for(g) for g in self.group_ids], dtype=float)
        self.scale = scale_by_group[self.codes]
        self.deductions = np.zeros(n)
        for ded in criteria.deductions:
            if ded.id in data.deductions:
                amount = data.deductions[ded.id] * ded.points_each
                if ded.max_points is not None:
                    amount = np.minimum(amount, ded.max_points)
                self.deductions += amount

    def root(self, factors: dict[str, np.ndarray] | None = None,
             aggregation: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        return _aggregate(self.ctx, self.criteria.root, factors, aggregation)

    def final_scores(self, root_fraction: np.ndarray) -> np.ndarray:
        """Root fraction × scale − deductions, floored at 0, rounded (SPEC §3)."""
        raw = np.nan_to_num(root_fraction, nan=0.0) * self.scale - self.deductions
        return np.round(np.maximum(raw, 0.0), self.criteria.decimals)


def score(data: Dataset, criteria: Criteria) -> Ranking:
    """Score, rank and band every unit of a validated dataset."""
    engine = Engine(data, criteria, keep=True)
    ctx, codes, group_ids, scale = engine.ctx, engine.codes, engine.group_ids, engine.scale
    root_fraction, root_applicable = engine.root()
    ctx.applicable[""] = root_applicable
    assert ctx.store is not None
    fractions = ctx.store

    deductions = engine.deductions
    decimals = criteria.decimals
    final = engine.final_scores(root_fraction)
    percent = np.round(100.0 * final / scale, decimals)
    rank = (
        pd.Series(final).groupby(codes).rank(method="min", ascending=False).to_numpy(dtype=int)
    )
    group_col = np.array(group_ids, dtype=object)[codes]
    bands = _assign_bands(criteria, group_col, final, percent, scale)
    if not root_applicable.all():
        ctx.warnings.append(f"{int((~root_applicable).sum())} unit(s) have no applicable "
                            "criterion and score 0")

    # publication order: group (as listed), rank, id
    id_order = pd.factorize(pd.Series(data.ids, dtype=object), sort=True)[0]
    order = np.lexsort((id_order, rank, codes))
    units = pd.DataFrame({
        "id": pd.Series(data.ids[order], dtype=object),
        "name": pd.Series(data.names[order], dtype=object),
        "group": pd.Series(group_col[order], dtype=object),
        "rank": rank[order],
        "score": final[order],
        "percent": percent[order],
        "band": pd.Series(bands[order], dtype=object),
        "deductions": np.round(deductions, decimals)[order],
        "scale": scale[order],
        "row": data.rows[order],
    })
    ids = [c.id for c in criteria.walk()]
    ctx.fractions.clear()
    for j in range(len(ids)):
        # rows put in publication order one at a time: no second matrix
        fractions[j] = fractions[j][order]
    applicable = pd.DataFrame({cid: ctx.applicable[cid][order] for cid in ids})
    missing = pd.DataFrame({leaf.id: ctx.missing[leaf.id][order] for leaf in criteria.leaves()})
    return Ranking(
        criteria=criteria,
        units=units,
        fractions=pd.DataFrame(fractions.T, columns=ids, copy=False),
        applicable=applicable,
        missing=missing,
        warnings=tuple(dict.fromkeys(ctx.warnings)),
    )


def nominal_points(criteria: Criteria) -> dict[str | None, dict[str, float]]:
    """Points each criterion is worth to a unit of each group with every value present."""
    out: dict[str | None, dict[str, float]] = {}
    keys: list[str | None] = [g.id for g in criteria.groups] if criteria.groups else [None]
    for key in keys:
        points: dict[str, float] = {}

        def visit(node: Criterion, share: float, key: str | None = key,
                  points: dict[str, float] = points) -> None:
            live = [c for c in node.children if c.applies(key)]
            total = sum(c.weight for c in live)
            for child in live:
                points[child.id] = share * child.weight / total if total > 0 else 0.0
                visit(child, points[child.id])

        visit(criteria.root, criteria.scale_for(key))
        out[key] = points
    return out


def criterion_ranks(ranking: Ranking, ids: list[str]) -> pd.DataFrame:
    """Each unit's competition rank within its group on each criterion's rounded points."""
    groups = ranking.units["group"].fillna("").to_numpy(dtype=object)
    decimals = ranking.criteria.decimals
    out = {}
    for cid in ids:
        points = ranking.points[cid].round(decimals)
        ranks = points.groupby(groups).rank(method="min", ascending=False)
        out[cid] = ranks.astype("Int64")
    return pd.DataFrame(out)
