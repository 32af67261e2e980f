"""The scoring engine (docs/criteria-format.md): a Dataset and Criteria in, a Ranking out.

Pure: no I/O, no printing. Every step works on whole columns (numpy arrays of
length n units); the only Python loops run over criteria, steps, groups and
bands, never over units.

Speed comes from doing each column's work in as few passes as numpy allows:
fractions are written in place into one (criteria × units) matrix, a criterion
that applies to every unit with no value missing skips all masking, and ranks come
from counting on the rounded-score grid instead of sorting. Sums stay elementwise
and in file order (no BLAS product), so a score is the same to the last bit on
every machine and thread count, and a score on a rounding edge rounds the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, Criterion, Deduction
from ictrank.criteria.schema import IMPUTED
from ictrank.dataset import Dataset
from ictrank.messages import msg
from ictrank.ranking import CriterionArrays, Mask, Ranking
from ictrank.report import Problem
from ictrank.treatment import LeafTreatment, Prepared, prepare

BAND_TOLERANCE = 1e-9  # times the scale, for `min` bands
PERCENT_TOLERANCE = 1e-7  # for `min_percent` bands
GRID_LIMIT = 1 << 22  # score-grid cells (groups × distinct rounded scores) ranked by counting

@dataclass(frozen=True)
class GivenLeaves:
    """Leaf fractions and counted points already known for each unit, to be aggregated and
    ranked by the criteria (the previous round over this round's units: lineage.py)."""

    fractions: dict[str, np.ndarray]  # leaf id -> fraction, NaN where it does not apply
    applicable: dict[str, Mask]
    deductions: np.ndarray
    bonuses: np.ndarray


def _intersect(a: Mask, b: Mask) -> Mask:
    if a is None:
        return b
    return a if b is None else a & b


class Engine:
    """Leaf fractions computed once; scores for any weights or aggregation from them.

    `linear_as_minmax` swaps every `linear` leaf's goalposts for min-max over the
    group (the normalisation alternative of the sensitivity analysis). With
    `record_branches`, the nominal aggregation also records every branch's fraction.
    """

    def __init__(self, data: Dataset, criteria: Criteria, linear_as_minmax: bool = False,
                 record_branches: bool = False, given: GivenLeaves | None = None,
                 within: Within | None = None):
        n = len(data)
        self.n = n
        if criteria.groups:
            self.group_ids: list[str | None] = [g.id for g in criteria.groups]
            self.codes = pd.Categorical(data.groups, categories=self.group_ids).codes.astype(
                np.int64)
        else:
            self.group_ids = [None]
            self.codes = np.zeros(n, dtype=np.int64)
        # several periods scored at once: statistics and ranks within (period, group)
        self.within = within
        self.scope_codes = self.codes if within is None else (
            within.codes * len(self.group_ids) + self.codes)
        self.period_warnings: list[list[Problem]] = (
            [] if within is None else [[] for _ in range(within.count)])
        self.criteria = criteria
        self.data = data
        self.record_branches = record_branches
        self.warnings: list[Problem] = []
        leaves = criteria.leaves()
        ids = [c.id for c in criteria.walk()] if record_branches else [leaf.id for leaf in leaves]
        self.ids = tuple(ids)
        self.row_of = {cid: j for j, cid in enumerate(ids)}
        self.fractions = np.empty((len(ids), n))
        self.applicable: dict[str, Mask] = {}
        self.missing: dict[str, Mask] = {}
        self._scratch = np.empty(n)
        self._group_masks: dict[frozenset[str], Mask] = {}
        for leaf in leaves:
            if given is not None:  # fractions found elsewhere (a lineage's merged units)
                self.fractions[self.row_of[leaf.id]] = given.fractions[leaf.id]
                self.applicable[leaf.id] = given.applicable[leaf.id]
                self.missing[leaf.id] = None
                continue
            if linear_as_minmax:
                assert leaf.kind is not None
                leaf = leaf.kind.for_sensitivity(leaf) or leaf
            self._score_leaf(leaf)
        scale_by_group = np.array([criteria.scale_for(g) for g in self.group_ids], dtype=float)
        self.scale = scale_by_group[self.codes]
        self.deductions = self._counted(criteria.deductions)
        self.bonuses = self._counted(criteria.bonuses)
        if given is not None:
            self.deductions, self.bonuses = given.deductions, given.bonuses

    def _counted(self, adjustments: tuple[Deduction, ...]) -> np.ndarray:
        """Each unit's points from counted items: count × points_each, capped at max_points,
        summed over `adjustments` (the deductions, or the bonuses)."""
        total = np.zeros(self.n)
        for item in adjustments:
            if item.id in self.data.deductions:
                amount = self.data.deductions[item.id] * item.points_each
                if item.max_points is not None:
                    amount = np.minimum(amount, item.max_points)
                total += amount
        return total

    # -- groups -----------------------------------------------------------------------

    def in_groups(self, groups: frozenset[str] | None) -> Mask:
        if groups is None or not self.criteria.groups:
            return None
        if groups not in self._group_masks:
            wanted = [i for i, g in enumerate(self.group_ids) if g in groups]
            every = len(wanted) == len(self.group_ids)
            self._group_masks[groups] = None if every else np.isin(self.codes, wanted)
        return self._group_masks[groups]

    @cached_property
    def _by_group(self) -> tuple[np.ndarray, np.ndarray]:
        """Units ordered by group (sheet order within it), and where each group's run
        starts and ends: found once for every statistic."""
        order = np.argsort(self.codes, kind="stable")
        return order, np.searchsorted(self.codes[order], np.arange(len(self.group_ids) + 1))

    @cached_property
    def _by_scope(self) -> tuple[np.ndarray, np.ndarray]:
        """As _by_group, for the (period, group) scopes of several periods."""
        assert self.within is not None
        count = self.within.count * len(self.group_ids)
        order = np.argsort(self.scope_codes, kind="stable")
        return order, np.searchsorted(self.scope_codes[order], np.arange(count + 1))

    @cached_property
    def _by_period(self) -> tuple[np.ndarray, np.ndarray]:
        assert self.within is not None
        order = np.argsort(self.within.codes, kind="stable")
        return order, np.searchsorted(self.within.codes[order],
                                      np.arange(self.within.count + 1))

    @cached_property
    def group_rows(self) -> list[np.ndarray]:
        """Row positions of each group's units."""
        order, bounds = self._by_group
        return [order[bounds[g]:bounds[g + 1]] for g in range(len(self.group_ids))]

    def group_stat(self, values: np.ndarray, how: str, scope: str) -> float | np.ndarray:
        """min/max/mean over the present values of each unit's group (or of all units):
        one number when every unit shares it, else one per unit."""
        if self.within is not None and self.n:  # within each period (and group)
            whole = scope == "all" or len(self.group_ids) == 1
            codes = self.within.codes if whole else self.scope_codes
            order, bounds = self._by_period if whole else self._by_scope
            return _reduced(values, how, order, bounds)[codes]
        if scope == "all" or len(self.group_ids) == 1 or self.n == 0:
            return _stat(values, how)
        if how == "mean":
            per_group = np.array([_stat(values[rows], how) for rows in self.group_rows])
        else:
            order, bounds = self._by_group
            per_group = _reduced(values, how, order, bounds)
        return per_group[self.codes]

    # -- leaves -----------------------------------------------------------------------

    def _score_leaf(self, leaf: Criterion) -> None:
        out = self.fractions[self.row_of[leaf.id]]
        base = self.in_groups(leaf.applies_to)
        raw = self.data.values.get(leaf.id)
        if raw is None:
            raw = np.full(self.n, np.nan)
        present = np.isfinite(raw)
        if base is not None:
            present &= base
        absent = ~present if base is None else base & ~present
        filled = self.data.imputed.get(leaf.id)  # imputed before scoring: listed as missing
        if filled is not None:
            absent = absent | (filled if base is None else filled & base)
        missing: Mask = absent if absent.any() else None
        applicable = base
        clean = base is None and missing is None  # every value present, every unit counts
        x = raw if clean else np.where(present, raw, np.nan)
        observed = x
        if missing is not None:
            policy = leaf.missing or self.criteria.missing
            if policy == "mean":
                x = np.where(missing, self.group_stat(observed, "mean", "group"), x)
                if (missing & np.isnan(x)).any():
                    self.warn(Code.NOTHING_TO_AVERAGE, leaf,
                              msg("engine.nothing_to_average", id=leaf.id),
                              missing & np.isnan(x))
            elif policy == "skip":
                applicable = _intersect(base, ~missing)
            elif policy in IMPUTED and (missing & np.isnan(x)).any():  # a group with none
                self.warn(Code.NOTHING_TO_AVERAGE, leaf,
                          msg("engine.nothing_to_average", id=leaf.id), missing & np.isnan(x))
        assert leaf.kind is not None
        with np.errstate(divide="ignore", invalid="ignore"):
            leaf.kind.fraction(leaf, x, observed, out, self)
        if not clean or leaf.kind.positive_only(leaf):
            # an empty value (or a log of a non-positive one) earns 0 where it counts
            holes = np.isnan(x) | np.isnan(out)
            if holes.any():
                out[holes] = 0.0
        if applicable is not None:
            out[~applicable] = np.nan
        self.applicable[leaf.id] = applicable
        self.missing[leaf.id] = missing

    @property
    def denominators(self) -> dict[str, np.ndarray]:
        """Each `per` leaf's denominators (for the methods: methods/base.Statistics)."""
        return self.data.denominators

    def warn_no_spread(self, leaf: Criterion, observed: np.ndarray,
                       span: float | np.ndarray, scope: str) -> None:
        """A warning where every present value of a group (or of all units) is the same:
        the criterion then separates nobody."""
        flat = np.isfinite(observed) & (np.asarray(span) == 0)
        if not flat.any():
            return
        if scope == "all" or len(self.group_ids) == 1:
            self.warn(Code.NO_SPREAD, leaf, msg("engine.no_spread", id=leaf.id), flat)
            return
        for code in np.unique(self.codes[flat]).tolist():  # each group's, in every period
            self.warn(Code.NO_SPREAD, leaf, msg("engine.no_spread_group", id=leaf.id,
                                                group=self.group_ids[code]),
                      flat & (self.codes == code))

    def warn(self, code: Code, leaf: Criterion | None, message: str,
             where: np.ndarray | None = None) -> None:
        """A warning about the whole sheet (or one criterion's column), once; with several
        periods, also once in each period where its units (`where`) are."""
        problem = Problem(self.data.source, None, leaf.column if leaf else None, code, message)
        if problem not in self.warnings:
            self.warnings.append(problem)
        if self.within is not None:
            periods = range(self.within.count) if where is None else np.unique(
                self.within.codes[where]).tolist()
            for k in periods:  # (a loop over periods, for the rare warning)
                if problem not in self.period_warnings[k]:
                    self.period_warnings[k].append(problem)

    # -- branches ---------------------------------------------------------------------

    def aggregate(
        self,
        node: Criterion,
        factors: dict[str, np.ndarray] | None = None,
        aggregation: str | None = None,
    ) -> tuple[np.ndarray, Mask]:
        """Fraction and applicability of a node from its leaves' fractions.

        Nominal scoring passes no `factors`. The sensitivity analysis passes a weight
        multiplier per criterion of shape (runs, 1), so every run is one row of the same
        array arithmetic; with all factors 1 the result is bit-for-bit the nominal one.
        `aggregation` overrides every branch's own (the arithmetic-versus-geometric
        alternative).
        """
        if node.is_leaf:
            return self.fractions[self.row_of[node.id]], self.applicable[node.id]
        geometric = (aggregation or node.aggregation) == "geometric"
        weighted, total, applicable = self._weighted_sum(node, factors, aggregation, geometric)
        record = (self.record_branches and bool(node.id) and factors is None
                  and aggregation is None)
        fraction: np.ndarray
        if record:
            fraction = self.fractions[self.row_of[node.id]]
        elif weighted is not None:
            fraction = weighted
        else:
            fraction = np.empty(self.n)
        if weighted is None:  # no child counts anywhere
            fraction.fill(np.nan)
        else:
            np.divide(weighted, total, out=fraction)
            if geometric:
                np.exp(fraction, out=fraction)
        if applicable is not None:
            fraction[..., ~applicable] = np.nan
        if record:
            self.applicable[node.id] = applicable
        return fraction, applicable

    def _weighted_sum(
        self,
        node: Criterion,
        factors: dict[str, np.ndarray] | None,
        aggregation: str | None,
        geometric: bool,
    ) -> tuple[np.ndarray | None, float | np.ndarray, Mask]:
        """Σ wᵢ·fᵢ (or Σ wᵢ·ln fᵢ) over the children that count, the Σ wᵢ each unit has,
        and where the node applies. Child by child in file order, so the sum is the same
        to the last bit on every machine."""
        scope = self.in_groups(node.applies_to)
        weighted: np.ndarray | None = None
        total: float | np.ndarray = 0.0
        everywhere = False
        cover = np.zeros(self.n, dtype=bool)
        buf = self._scratch if factors is None else None  # the nominal path reuses one
        for child in node.children:
            f, a = self.aggregate(child, factors, aggregation)
            live = _intersect(a, scope)
            if child.weight <= 0 or (live is not None and not live.any()):
                continue
            if live is None:
                everywhere = True
            elif not everywhere:
                cover |= live
            weight = self.weight_of(child)
            if factors is not None:
                weight = weight * factors[child.id]
            # f is NaN only where the child does not apply, and there the term is 0
            term = np.multiply(np.log(f, out=buf) if geometric else f, weight, out=buf)
            if live is not None:
                term = np.where(live, term, 0.0)
                total = total + np.where(live, weight, 0.0)
            else:
                total = total + weight
            weighted = np.add(0.0, term) if weighted is None else np.add(weighted, term,
                                                                         out=weighted)
        applicable: Mask = None if everywhere or cover.all() else cover
        return weighted, total, applicable

    def weight_of(self, child: Criterion) -> float | np.ndarray:
        """The child's weight, per unit where it differs by group (`weight: {group: w}`)."""
        if child.group_weights is None:
            return child.weight
        return np.array([child.weight_for(g) for g in self.group_ids])[self.codes]

    def root(self, factors: dict[str, np.ndarray] | None = None,
             aggregation: str | None = None) -> tuple[np.ndarray, Mask]:
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.aggregate(self.criteria.root, factors, aggregation)

    def unrounded_scores(self, root_fraction: np.ndarray) -> np.ndarray:
        """Root fraction × scale + bonuses − deductions, floored at 0 and capped at
        max_score where set ("Score, points, percent")."""
        raw = np.where(np.isnan(root_fraction), 0.0, root_fraction) * self.scale
        if self.criteria.bonuses:
            raw += self.bonuses
        raw -= self.deductions
        np.maximum(raw, 0.0, out=raw)
        if self.criteria.max_score is not None:
            np.minimum(raw, self.criteria.max_score, out=raw)
        return raw

    def counted_bonuses(self, root_fraction: np.ndarray) -> np.ndarray:
        """The bonuses as far as they count: a score capped at max_score counts only the
        part of its bonuses below the cap, so that a published row adds up."""
        if self.criteria.max_score is None or not self.criteria.bonuses:
            return self.bonuses
        uncapped = (np.where(np.isnan(root_fraction), 0.0, root_fraction) * self.scale
                    + self.bonuses - self.deductions)
        return np.maximum(self.bonuses - np.maximum(uncapped - self.criteria.max_score, 0.0),
                          0.0)

    def final_scores(self, root_fraction: np.ndarray) -> np.ndarray:
        """The published scores: the unrounded ones rounded to the criteria's decimals."""
        return self.criteria.round(self.unrounded_scores(root_fraction))

    def ranks(self, final: np.ndarray, unrounded: np.ndarray) -> np.ndarray:
        """Competition ranks per group of a (runs × units) matrix: on the rounded scores, or
        on the unrounded ones under `rank_on: unrounded` (docs/criteria-format.md, "Ranks")."""
        if self.criteria.rank_on == "unrounded":
            return competition_ranks(unrounded, self.scope_codes)
        return competition_ranks(final, self.scope_codes, self.criteria.decimals)


@dataclass(frozen=True)
class Within:
    """The period of each unit when several periods are scored at once (panel.py):
    statistics and ranks are then within each period, as if each were its own sheet."""

    codes: np.ndarray  # period index per unit, 0 .. count - 1
    count: int


def _reduced(values: np.ndarray, how: str, order: np.ndarray,
             bounds: np.ndarray) -> np.ndarray:
    """min, max or mean of the present values of each run of `values[order]` between
    `bounds`; NaN for a run with none. A mean is numpy's over the run in sheet order, as
    one sheet's would be; fmin/fmax pass over NaN (a missing value)."""
    runs = len(bounds) - 1
    if how == "mean":
        return np.array([_stat(values[order[bounds[k]:bounds[k + 1]]], how)
                         for k in range(runs)])  # (a loop over groups, not units)
    filled = np.flatnonzero(np.diff(bounds))
    reduce = np.fmin if how == "min" else np.fmax
    out = np.full(runs, np.nan)
    if filled.size:
        out[filled] = reduce.reduceat(values[order], bounds[filled])
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


def competition_ranks(scores: np.ndarray, codes: np.ndarray,
                      decimals: int | None = None) -> np.ndarray:
    """Ranks 1, 2, 2, 4 within each group, for every row (run) of a (runs × units) matrix.

    With `decimals` (scores already rounded to them and non-negative) a single row is
    ranked by counting units per cell of the score grid, in time linear in the units."""
    runs, n = scores.shape
    if runs == 1 and decimals is not None and n:
        grid = _grid_ranks(scores[0], codes, decimals)
        if grid is not None:
            return grid[None, :]
    if runs == 1 and n and len(np.unique(codes)) > 64:  # many groups (periods × groups)
        return _sorted_ranks(scores[0], codes)[None, :]
    ranks = np.empty((runs, n), dtype=np.int32)
    for code in np.unique(codes):
        cols = np.flatnonzero(codes == code)
        block = scores[:, cols]
        m = len(cols)
        # make rows disjoint by offsetting each by more than the spread of scores
        spread = float(np.nanmax(block) - np.nanmin(block)) + 1.0 if block.size else 1.0
        offset = (np.arange(runs) * spread * 2.0)[:, None]
        shifted = block + offset
        flat = np.sort(shifted, axis=None)
        above_or_equal = np.searchsorted(flat, shifted, side="right")
        row_end = (np.arange(runs)[:, None] + 1) * m
        ranks[:, cols] = (row_end - above_or_equal + 1).astype(np.int32)
    return ranks


def _sorted_ranks(score: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Competition ranks within each code by one sort of (code, score descending): a
    unit's rank is 1 + its position among its code's units, taken at the first of the
    units with its score."""
    n = len(score)
    order = np.lexsort((-score, codes))
    sorted_codes, sorted_scores = codes[order], score[order]
    position = np.arange(n)
    new_code = np.ones(n, dtype=bool)
    new_code[1:] = sorted_codes[1:] != sorted_codes[:-1]
    new_score = new_code.copy()
    new_score[1:] |= sorted_scores[1:] != sorted_scores[:-1]
    code_start = np.maximum.accumulate(np.where(new_code, position, 0))
    score_start = np.maximum.accumulate(np.where(new_score, position, 0))
    ranks = np.empty(n, dtype=np.int32)
    ranks[order] = score_start - code_start + 1
    return ranks


def _grid_ranks(score: np.ndarray, codes: np.ndarray, decimals: int) -> np.ndarray | None:
    """Competition ranks from counts per (group, rounded score), or None when the grid
    would be too large (many decimals, a huge scale) and sorting is cheaper."""
    if decimals < 0 or decimals > 9 or not np.isfinite(score).all() or score.min() < 0:
        return None
    cells = np.rint(score * 10.0**decimals)
    width = float(cells.max()) + 1
    groups = int(codes.max()) + 1
    if width * groups > max(GRID_LIMIT, 4 * len(score)):
        return None
    step = int(width)
    key = codes * step + cells.astype(np.int64)
    counts = np.bincount(key, minlength=groups * step).reshape(groups, step)
    at_or_above = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]
    above = (at_or_above - counts).ravel()
    return (above[key] + 1).astype(np.int32)


def percents(scores: np.ndarray, engine: Engine) -> np.ndarray:
    """100 × score / scale, rounded like the score."""
    return engine.criteria.round(100.0 * scores / engine.scale)


def band_index(scores: np.ndarray, percent: np.ndarray, engine: Engine,
               band_ids: list[str]) -> np.ndarray:
    """Index into band_ids per run and unit of a (runs × units) matrix (-1: no band met)."""
    criteria = engine.criteria
    out = np.full(scores.shape, -1, dtype=np.int16)
    for code, group_id in enumerate(engine.group_ids):
        if len(engine.group_ids) == 1:
            cols: slice | np.ndarray = slice(None)
        else:
            cols = engine.group_rows[code]
            if cols.size == 0:
                continue
        block = out[:, cols]
        for band in criteria.bands_for(group_id):
            # ≥ allows for binary rounding below the threshold, > above it
            sign = -1.0 if not band.strict else 1.0
            bound: float | np.ndarray
            if band.min is not None:
                bound = band.min + sign * BAND_TOLERANCE * engine.scale[cols]
                value = scores[:, cols]
            else:
                bound = (band.min_percent or 0.0) + sign * PERCENT_TOLERANCE
                value = percent[:, cols]
            meets = value > bound if band.strict else value >= bound
            block[(block == -1) & meets] = band_ids.index(band.id)
        out[:, cols] = block
    return out


def publication_order(ids: np.ndarray, codes: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Sheet positions ordered by group (as listed), rank, then id ("Ranks")."""
    n = len(ids)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(n)
    # one key per unit, unique because ids are: no stable sort needed
    key = (codes * (n + 1) + rank) * max(n, 1) + id_rank
    return np.argsort(key)


def score(data: Dataset, criteria: Criteria, given: GivenLeaves | None = None) -> Ranking:
    """Score, rank and band every unit of a validated dataset.

    numpy's floating-point warnings are silenced: validation bounds every value
    (docs/criteria-format.md, "Reading sheets"), and where a division has no
    meaning (0/0) the rules of each method decide the fraction."""
    with np.errstate(all="ignore"):
        return _score(data, criteria, given)


@dataclass(frozen=True)
class ScoredPeriods:
    """Several periods scored at once: the one ranking of every row (period after period
    in publication order), where each period starts, and each period's warnings. A
    period's own `Ranking` is a slice of it, made when asked for."""

    whole: Ranking
    starts: tuple[int, ...]  # row where each period starts, and the end
    warnings: tuple[tuple[Problem, ...], ...]

    @property
    def count(self) -> int:
        return len(self.warnings)

    @property
    def period_of_rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.count), np.diff(self.starts))

    def ranking(self, k: int) -> Ranking:
        """Period k's ranking, exactly as scoring its rows alone gives it."""
        a, b = self.starts[k], self.starts[k + 1]
        arrays = self.whole.arrays
        part = CriterionArrays(
            ids=arrays.ids, fractions=arrays.fractions[:, a:b],
            applicable={c: None if m is None else m[a:b] for c, m in arrays.applicable.items()},
            missing={c: None if m is None else m[a:b] for c, m in arrays.missing.items()})
        return Ranking(criteria=self.whole.criteria,
                       units=self.whole.units.iloc[a:b].reset_index(drop=True),
                       order=self.whole.order[a:b] - a, arrays=part,
                       warnings=self.warnings[k],
                       treatment=tuple(replace(t, period=None) for t in self.whole.treatment
                                       if t.period == k))


def score_periods(data: Dataset, criteria: Criteria, within: Within) -> ScoredPeriods:
    """Several periods scored at once, each exactly as if its rows were a sheet of their
    own (statistics, ranks and warnings within the period): one engine over every row.
    `data` holds the periods in order, each period's rows together (panel.py)."""
    with np.errstate(all="ignore"):
        prepared = prepare(data, criteria, within.codes)
        screened = screened_warnings(data, criteria, prepared)
        codes = within.codes
        if prepared.kept is not None:  # each period's screened units said first, in it
            within = Within(codes[prepared.kept], within.count)
        engine = Engine(prepared.data, criteria, record_branches=True, within=within)
        whole = _rank(engine, prepared.data, criteria, prepared.treatment)
    warnings: list[list[Problem]] = [[] for _ in range(within.count)]
    for problem, (row, _) in zip(screened, prepared.screened, strict=True):
        warnings[int(codes[row])].append(problem)
    sizes = np.bincount(within.codes, minlength=within.count)
    starts = tuple(np.concatenate([[0], np.cumsum(sizes)]).tolist())
    return ScoredPeriods(whole, starts, tuple(tuple(w + own) for w, own in zip(
        warnings, engine.period_warnings, strict=True)))


def _score(data: Dataset, criteria: Criteria, given: GivenLeaves | None = None) -> Ranking:
    prepared = prepare(data, criteria)
    ready = prepared.data
    return _rank(Engine(ready, criteria, record_branches=True, given=given), ready, criteria,
                 prepared.treatment, screened_warnings(data, criteria, prepared))


def screened_warnings(data: Dataset, criteria: Criteria, prepared: Prepared) -> list[Problem]:
    """A warning at each unit screening left out, naming its share of values."""
    return [Problem(data.source, int(data.rows[i]), None, Code.SCREENED_OUT,
                    msg("engine.screened", id=str(data.ids[i]), share=f"{100 * share:.0f}",
                        least=f"{100 * (criteria.min_available or 0):g}"))
            for i, share in prepared.screened]


def _rank(engine: Engine, data: Dataset, criteria: Criteria,
          treatment: tuple[LeafTreatment, ...] = (),
          before: list[Problem] | None = None) -> Ranking:
    codes, scale = engine.codes, engine.scale
    root_fraction, root_applicable = engine.root()

    unrounded = engine.unrounded_scores(root_fraction)
    final = criteria.round(unrounded)
    percent = percents(final, engine)
    rank = engine.ranks(final[None, :], unrounded[None, :])[0]
    band_ids = [b.id for b in criteria.all_bands()]
    bands = np.array([*band_ids, None], dtype=object)[
        band_index(final[None, :], percent[None, :], engine, band_ids)[0]]
    if root_applicable is not None:
        none = ~root_applicable
        if engine.within is None:
            engine.warn(Code.NO_APPLICABLE_CRITERION, None,
                        msg("engine.no_criterion", count=int(none.sum())))
        else:  # each period says its own count
            counts = np.bincount(engine.within.codes[none], minlength=engine.within.count)
            for k in np.flatnonzero(counts).tolist():
                engine.warn(Code.NO_APPLICABLE_CRITERION, None,
                            msg("engine.no_criterion", count=int(counts[k])),
                            none & (engine.within.codes == k))

    order = publication_order(data.ids, engine.scope_codes, rank)
    group_col = np.array(engine.group_ids, dtype=object)[codes[order]]
    # every column is a fresh array: no copies (object columns stay object, not str)
    units = pd.DataFrame({
        "id": pd.Series(data.ids[order], dtype=object, copy=False),
        "name": pd.Series(data.names[order], dtype=object, copy=False),
        "group": pd.Series(group_col, dtype=object, copy=False),
        "rank": rank[order].astype(np.int64),
        "score": final[order],
        "percent": percent[order],
        "band": pd.Series(bands[order], dtype=object, copy=False),
        "deductions": criteria.round(engine.deductions)[order],
        "bonuses": criteria.round(engine.counted_bonuses(root_fraction))[order],
        "scale": scale[order],
        "row": data.rows[order],
    }, copy=False)
    arrays = CriterionArrays(
        ids=engine.ids,
        fractions=engine.fractions,
        applicable=engine.applicable,
        missing=engine.missing,
    )
    return Ranking(criteria=criteria, units=units, order=order, arrays=arrays,
                   warnings=tuple([*(before or []), *engine.warnings]), treatment=treatment)


def nominal_points(criteria: Criteria) -> dict[str | None, dict[str, float]]:
    """Points each criterion is worth to a unit of each group with every value present."""
    out: dict[str | None, dict[str, float]] = {}
    keys: list[str | None] = [g.id for g in criteria.groups] if criteria.groups else [None]
    for key in keys:
        points: dict[str, float] = {}

        def visit(node: Criterion, share: float, key: str | None = key,
                  points: dict[str, float] = points) -> None:
            live = [c for c in node.children if c.applies(key)]
            total = sum(c.weight_for(key) for c in live)
            for child in live:
                points[child.id] = share * child.weight_for(key) / total if total > 0 else 0.0
                visit(child, points[child.id])

        visit(criteria.root, criteria.scale_for(key))
        out[key] = points
    return out


def criterion_ranks(ranking: Ranking, ids: list[str]) -> pd.DataFrame:
    """Each unit's competition rank within its group on each criterion's rounded points."""
    groups = ranking.units["group"].fillna("").to_numpy(dtype=object)
    out = {}
    for cid in ids:
        points = pd.Series(ranking.criteria.round(ranking.points[cid].to_numpy()))
        ranks = points.groupby(groups).rank(method="min", ascending=False)
        out[cid] = ranks.astype("Int64")
    return pd.DataFrame(out)
