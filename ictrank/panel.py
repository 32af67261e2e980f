"""Several periods (years) of one index: each scored and ranked exactly as if its rows
were a sheet of their own, then compared with the period before it
(docs/criteria-format.md, "Periods").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, overload

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.comparison import compare, period_changes
from ictrank.criteria import Criteria
from ictrank.dataset import Dataset
from ictrank.errors import IctrankError, UsageError
from ictrank.messages import msg
from ictrank.ranking import Comparison, CriterionArrays, Mask, Ranking
from ictrank.report import MAX_PROBLEMS, Problem, Report
from ictrank.safety import CONTROL, terminal_text
from ictrank.scoring import ScoredPeriods, Within, score_periods
from ictrank.sheet_checks import id_key

if TYPE_CHECKING:
    from ictrank.lineage import Lineage


class _Periods(Sequence[Ranking]):
    """The rankings of periods scored at once (scoring.score_periods), each with its
    comparison, made when first asked for: one table of every period (a panel's CSV)
    never needs them."""

    def __init__(self, scored: ScoredPeriods, labels: tuple[str, ...],
                 changes: pd.DataFrame, gone: np.ndarray) -> None:
        self.scored, self.labels, self.changes, self.gone = scored, labels, changes, gone
        self._made: dict[int, Ranking] = {}

    def __len__(self) -> int:
        return self.scored.count

    @overload
    def __getitem__(self, k: int) -> Ranking: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[Ranking]: ...
    def __getitem__(self, k: int | slice) -> Ranking | Sequence[Ranking]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        k = k + len(self) if k < 0 else k
        if not 0 <= k < len(self):
            raise IndexError(k)
        if k not in self._made:
            self._made[k] = self._make(k)
        return self._made[k]

    def _make(self, k: int) -> Ranking:
        ranking = self.scored.ranking(k)
        if k == 0:
            return ranking
        starts = self.scored.starts
        frame = self.changes.iloc[starts[k]:starts[k + 1]].reset_index(drop=True)
        before = slice(starts[k - 1], starts[k])
        units = self.scored.whole.units.iloc[before]
        gone = units.loc[self.gone[before], ["id", "name", "group", "rank", "score", "band"]]
        return replace(ranking, comparison=Comparison(self.labels[k - 1], frame,
                                                      gone.reset_index(drop=True)))


@dataclass(frozen=True)
class Panel:
    """One ranking per period, in period order; each after the first carries the comparison
    with the one before it."""

    criteria: Criteria
    periods: tuple[str, ...]
    rankings: Sequence[Ranking]
    report: Report | None = field(default=None, compare=False)  # the sheets' problems

    @property
    def warnings(self) -> tuple[Problem, ...]:
        seen: dict[Problem, None] = {}
        if isinstance(self.rankings, _Periods):  # (without making every period's ranking)
            for warnings in self.rankings.scored.warnings:
                seen.update(dict.fromkeys(warnings))
            return tuple(seen)
        for ranking in self.rankings:
            seen.update(dict.fromkeys(ranking.warnings))
        return tuple(seen)

    @property
    def through_lineage(self) -> bool:
        """Whether the periods were compared through a lineage (lineage.py)."""
        if isinstance(self.rankings, _Periods):
            return False
        return any(r.comparison is not None and "previous_from" in r.comparison.frame
                   for r in self.rankings)

    def gone(self) -> pd.DataFrame:
        """Every period's units gone since the period before (id, name, group, rank, score,
        band of that period before), with `period`, the index of the period that lists
        them; in period order."""
        columns = ["id", "name", "group", "rank", "score", "band"]
        if isinstance(self.rankings, _Periods):
            periods = self.rankings
            whole = periods.scored.whole.units
            row_period = periods.scored.period_of_rows
            listed = periods.gone & (row_period < len(periods) - 1)
            return whole.loc[listed, columns].assign(period=row_period[listed] + 1).reset_index(
                drop=True)
        parts = [r.comparison.gone[columns].assign(period=k)
                 for k, r in enumerate(self.rankings) if r.comparison is not None]
        if not parts:
            return pd.DataFrame(columns=[*columns, "period"])
        return pd.concat(parts, ignore_index=True)

    def stacked(self) -> tuple[Ranking, np.ndarray]:
        """Every period's ranking as one, rows period after period, and the period index
        of each row: for outputs that are one table (a panel's CSV), built once instead of
        a table per period. Its comparison holds each row's (empty in the first period);
        its `gone` is empty (`gone()` lists them)."""
        if isinstance(self.rankings, _Periods):
            periods = self.rankings
            whole = periods.scored.whole
            comparison = (Comparison("", periods.changes, whole.units.iloc[:0, :6])
                          if len(periods) > 1 else None)
            return replace(whole, comparison=comparison), periods.scored.period_of_rows
        rankings = self.rankings
        sizes = np.array([len(r) for r in rankings])
        starts = np.concatenate([[0], np.cumsum(sizes)])[:-1]
        units = pd.concat([r.units for r in rankings], ignore_index=True)
        order = np.concatenate([r.order + s for r, s in zip(rankings, starts, strict=True)])
        arrays = rankings[0].arrays
        stacked = CriterionArrays(
            ids=arrays.ids,
            fractions=np.hstack([r.arrays.fractions for r in rankings]),
            applicable=_stack_masks(rankings, "applicable", True),
            missing=_stack_masks(rankings, "missing", False))
        comparison = None
        compared = [r.comparison for r in rankings if r.comparison is not None]
        if compared:
            frames = [r.comparison.frame if r.comparison is not None else
                      _uncompared(len(r), "previous_from" in compared[0].frame)
                      for r in rankings]
            comparison = Comparison("", pd.concat(frames, ignore_index=True),
                                    compared[0].gone.iloc[:0])
        one = Ranking(criteria=self.criteria, units=units, order=order, arrays=stacked,
                      comparison=comparison)
        return one, np.repeat(np.arange(len(rankings)), sizes)

    def ranking(self, period: str) -> Ranking:
        """The ranking of one period (`--period`), compared with the period before it."""
        if period not in self.periods:
            raise unknown_period(period, self.periods)
        return self.rankings[self.periods.index(period)]


def _stack_masks(rankings: Sequence[Ranking], key: str, default: bool) -> dict[str, Mask]:
    """Each criterion's mask over every period's units (None where it is None in all)."""
    out: dict[str, Mask] = {}
    for cid in getattr(rankings[0].arrays, key):
        masks = [getattr(r.arrays, key)[cid] for r in rankings]
        out[cid] = None if all(m is None for m in masks) else np.concatenate(
            [np.full(len(r.order), default) if m is None else m
             for r, m in zip(rankings, masks, strict=True)])
    return out


def _uncompared(n: int, lineage: bool) -> pd.DataFrame:
    """The year-on-year columns of a period with none before it: all empty."""
    frame = pd.DataFrame({
        "previous_rank": pd.Series([pd.NA] * n, dtype="Int64"),
        "rank_change": pd.Series([pd.NA] * n, dtype="Int64"),
        "previous_score": np.full(n, np.nan), "score_change": np.full(n, np.nan),
        "previous_band": pd.Series([None] * n, dtype=object),
        "status": np.full(n, "", dtype=object)})
    if lineage:
        frame["previous_from"] = pd.Series([()] * n, dtype=object)
    return frame


def period_labels(files: int, criteria: Criteria,
                  periods: str | Sequence[str] | None) -> list[str] | None:
    """The period of each of `files` sheets (`--periods 2014,2015`, or a list), checked
    against the files and the criteria; None where a period column names them."""
    if isinstance(periods, str):
        labels: list[str] | None = [p.strip() for p in periods.split(",")]
    else:
        labels = [str(p).strip() for p in periods] if periods else None
    if labels is not None:
        if len(labels) != files or len(set(labels)) != len(labels) or "" in labels:
            raise UsageError(msg("usage.periods_count", periods=len(labels), files=files))
        if criteria.columns.period:
            raise UsageError(msg("usage.periods_column", column=criteria.columns.period))
        for label in labels:
            if CONTROL.search(label):  # an escape sequence would act in every output
                raise UsageError(msg("usage.period_control", label=terminal_text(label)))
    elif not criteria.columns.period:
        raise UsageError(msg("usage.periods_names"))
    return labels


def one_period(dataset: Dataset, period: str | None) -> Dataset:
    """The rows of one period of a sheet of several (`--period`): a unit is explained, or
    its weights varied, against the units of its own period only."""
    if dataset.periods is None:
        if period is not None:
            raise UsageError(msg("usage.period_one"))
        return dataset
    periods = period_order(dataset.periods)
    if period is None:
        raise UsageError(msg("usage.period_choose", periods=", ".join(periods)))
    if period not in periods:
        raise unknown_period(period, periods)
    return dataset.take(np.flatnonzero(dataset.periods.astype(str) == period))


def unknown_period(period: str, periods: list[str] | tuple[str, ...]) -> IctrankError:
    """The error for `--period` naming a period the data does not have."""
    return IctrankError(msg("period.unknown", period=period, periods=", ".join(periods)),
                        Code.INVALID_ARGUMENT)


def period_order(labels: list[str] | np.ndarray) -> list[str]:
    """Distinct periods, ascending: as numbers where every one is a number (2009 before
    2010, 9 before 10), else as text."""
    distinct = list(dict.fromkeys(str(p) for p in labels))
    numbers = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
    if len(distinct) and numbers.notna().all():
        return [distinct[i] for i in np.argsort(numbers.to_numpy(dtype=float), kind="stable")]
    return sorted(distinct)


def score_panel(data: Dataset, criteria: Criteria, lineage: Lineage | None = None) -> Panel:
    """Score each period of a dataset with a period column on its own (with a `lineage`,
    each compared with the one before through it: lineage.py)."""
    assert data.periods is not None
    labels = data.periods.astype(str)
    order = period_order(labels)
    # each period's rows, found in one pass (not one comparison of every row per period)
    codes = pd.Categorical(labels, categories=order).codes.astype(np.int64)
    by_period = np.argsort(codes, kind="stable")
    if lineage is not None:
        lineage.check(set(id_key(pd.Series(data.ids)).tolist()))
    # every period scored by one engine, each as if its rows were a sheet of their own
    scored = score_periods(data.take(by_period), criteria, Within(codes[by_period], len(order)))
    if lineage is not None:  # compared pair by pair, through the lineage
        return _compared([scored.ranking(k) for k in range(scored.count)], order, lineage,
                         criteria)
    changes, gone = period_changes(scored.whole.units, scored.period_of_rows, criteria)
    return Panel(criteria, tuple(order), _Periods(scored, tuple(order), changes, gone))


def _compared(scored: list[Ranking], labels: list[str], lineage: Lineage,
              criteria: Criteria) -> Panel:
    """Each period compared with the one before it through a lineage, as a panel."""
    rankings = scored[:1] + [compare(scored[k], scored[k - 1], labels[k - 1], lineage)
                             for k in range(1, len(scored))]
    return Panel(criteria, tuple(labels), tuple(rankings))


def concat(datasets: list[Dataset]) -> Dataset:
    """Datasets of several files as one (every file with its periods)."""
    def join(key: str) -> dict[str, np.ndarray]:
        return {k: np.concatenate([getattr(d, key)[k] for d in datasets])
                for k in getattr(datasets[0], key)}

    periods = [d.periods for d in datasets]
    return Dataset(
        ids=np.concatenate([d.ids for d in datasets]),
        names=np.concatenate([d.names for d in datasets]),
        groups=np.concatenate([d.groups for d in datasets]),
        values=join("values"), denominators=join("denominators"), deductions=join("deductions"),
        rows=np.concatenate([d.rows for d in datasets]),
        source=", ".join(dict.fromkeys(d.source for d in datasets)),
        periods=np.concatenate([p for p in periods if p is not None]) if all(
            p is not None for p in periods) else None)


def labelled(data: Dataset, period: str) -> Dataset:
    """A one-period sheet's dataset with its period label (`--periods`)."""
    from dataclasses import replace

    return replace(data, periods=np.full(len(data), period, dtype=object))


def duplicates_across_files(datasets: list[Dataset]) -> list[Problem]:
    """An id given twice for one period by two files: `duplicate-id`, naming both (found
    over whole columns; only the duplicates are visited, to word their messages)."""
    keys = pd.concat([pd.DataFrame({
        "period": np.asarray(d.periods, dtype=str), "id": np.asarray(d.ids, dtype=str),
        "row": d.rows, "file": d.source}) for d in datasets if d.periods is not None],
        ignore_index=True)
    keys["key"] = id_key(keys["id"])  # snv and SNV are one agency
    repeated = keys.duplicated(["period", "key"], keep="first")
    if not repeated.any():
        return []
    first = {(str(p), str(k)): (str(f), int(r)) for p, r, f, k in
             keys[~repeated & keys.duplicated(["period", "key"], keep=False)][
                 ["period", "row", "file", "key"]].itertuples(index=False)}
    problems = []
    for dup in keys[repeated].head(MAX_PROBLEMS).itertuples(index=False):
        file, row = first[(str(dup.period), str(dup.key))]
        problems.append(Problem(
            str(dup.file), int(str(dup.row)), None, Code.DUPLICATE_ID,
            msg("period.duplicate", id=dup.id, period=dup.period, row=row, file=file)))
    return problems
