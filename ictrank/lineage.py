"""Units that merge, split or are renamed between two rounds (docs/cli.md, "Lineage").

Since 1 July 2025 Vietnam has 34 provinces instead of 63 and 3,321 communes instead
of about 10,000; departments merged too. Compared by id alone, every merged unit would
be "new" and its predecessors "gone". A lineage file (`--lineage FILE`: `old_id,new_id`
and an optional `weight`) says which of last round's units became which of this
round's:

- a unit with several predecessors (a merger) is compared with the weighted mean of
  their leaf fractions, scored with last round's criteria (DTI 2024's rule for the
  merged provinces: the mean of the former provinces' main indices, which is the same
  for an arithmetic index); its bonuses and deductions are their weighted means too;
- a unit split into several successors gives each of them its values;
- a renamed unit is compared with its old self;
- last round's ranking is then recomputed over this round's units, so that every rank
  change is defined, and the units with no successor are the ones gone.

Ids are compared as everywhere two sheets meet: trimmed, NFC, case-folded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.dataset import Dataset
from ictrank.errors import SheetError
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.report import Problem, Report
from ictrank.scoring import GivenLeaves, score
from ictrank.sheet_checks import id_key

KINDS = ("merged", "split", "renamed")  # a unit's status from its lineage


@dataclass(frozen=True)
class Lineage:
    """The links of a lineage file: old (last round's id), new (this round's), weight, and
    the file row of each, ids as written and as compared."""

    source: str
    old: np.ndarray  # ids as written
    new: np.ndarray
    old_key: np.ndarray  # ids as compared
    new_key: np.ndarray
    weight: np.ndarray
    rows: np.ndarray

    def check(self, known: set[str]) -> None:
        """An id of the lineage that no round holds is an error at its row: a typo would
        otherwise make a merger silently a new unit."""
        problems = []
        for ids, keys, column in ((self.old, self.old_key, "old_id"),
                                  (self.new, self.new_key, "new_id")):
            for k in np.flatnonzero(~np.isin(keys, list(known))).tolist():
                problems.append(Problem(self.source, int(self.rows[k]), column,
                                        Code.UNKNOWN_UNIT,
                                        msg("lineage.unknown", id=str(ids[k]))))
        if problems:
            raise SheetError(Report(problems))


@dataclass(frozen=True)
class Carried:
    """Last round's ranking over this round's units, and what the comparison needs."""

    ranking: Ranking  # one unit per current unit that has a predecessor, ids as now
    gone: np.ndarray  # last round's units (publication order) with no successor
    status: np.ndarray  # per current unit: merged, split, renamed, or ""
    sources: list[tuple[str, ...]]  # per current unit: its predecessors' ids (linked ones)


def read_lineage(path: str) -> Lineage:
    """The lineage file (CSV, XLSX, ODS): columns old_id, new_id and optionally weight."""
    from ictrank.read import read_sheet

    sheet = read_sheet(path)
    index = sheet.column_index()
    problems = [Problem(sheet.file, sheet.header_row, name, Code.MISSING_COLUMN,
                        msg("lineage.column", name=name))
                for name in ("old_id", "new_id") if name not in index]
    if problems:
        raise SheetError(Report(problems))
    frame = sheet.frame
    old = frame[index["old_id"]].astype(str).str.strip().to_numpy(dtype=object)
    new = frame[index["new_id"]].astype(str).str.strip().to_numpy(dtype=object)
    weight = np.ones(len(frame))
    if "weight" in index:
        text = frame[index["weight"]].astype(str).str.strip()
        weight = pd.to_numeric(text.where(text != "", "1"), errors="coerce").to_numpy(float)
        bad = ~np.isfinite(weight) | (weight <= 0)
        if bad.any():
            raise SheetError(Report([
                Problem(sheet.file, int(sheet.rows[k]), index["weight"], Code.NOT_A_NUMBER,
                        msg("lineage.weight", value=str(text.iloc[k])))
                for k in np.flatnonzero(bad).tolist()]))
    empty = (old == "") | (new == "")
    if empty.any():
        raise SheetError(Report([
            Problem(sheet.file, int(sheet.rows[k]), None, Code.MISSING_ID, msg("lineage.empty"))
            for k in np.flatnonzero(empty).tolist()]))
    return Lineage(sheet.file, old, new, _keys(old), _keys(new), weight, sheet.rows)


def _keys(ids: np.ndarray) -> np.ndarray:
    return id_key(pd.Series(ids, dtype=object)).to_numpy(dtype=object)


def carry(previous: Ranking, current: Ranking, lineage: Lineage) -> Carried:
    """Last round's ranking recomputed over `current`'s units (module docstring). Links are
    kept as (current unit, previous unit, weight) triples: whole columns, no matrix of
    every unit by every unit."""
    prev_keys = pd.Index(id_key(previous.units["id"]))
    now_keys = pd.Index(id_key(current.units["id"]))
    # the links between these two rounds: last round's id there, this round's here
    live = prev_keys.get_indexer(lineage.old_key) >= 0
    live &= now_keys.get_indexer(lineage.new_key) >= 0
    linked = pd.DataFrame({"now": now_keys.get_indexer(lineage.new_key[live]),
                           "prev": prev_keys.get_indexer(lineage.old_key[live]),
                           "weight": lineage.weight[live]})
    # a unit not in the lineage is compared with itself, where last round had it
    same = prev_keys.get_indexer(now_keys)
    alone = (same >= 0) & ~np.isin(np.arange(len(now_keys)), linked["now"].to_numpy())
    links = pd.concat([linked, pd.DataFrame({"now": np.flatnonzero(alone),
                                             "prev": same[alone], "weight": 1.0})],
                      ignore_index=True)
    predecessors = linked.groupby("now")["prev"].nunique()
    successors = linked.groupby("prev")["now"].nunique()
    linked = linked.assign(
        merged=linked["now"].map(predecessors) > 1,
        split=linked["prev"].map(successors) > 1,
        renamed=prev_keys.to_numpy()[linked["prev"]] != now_keys.to_numpy()[linked["now"]])
    kinds = linked.groupby("now")[["merged", "split", "renamed"]].any()
    status = np.full(len(now_keys), "", dtype=object)
    status[kinds.index.to_numpy()] = np.select(
        [kinds["merged"], kinds["split"], kinds["renamed"]], list(KINDS), "")
    written = previous.units["id"].astype(str).to_numpy(dtype=object)
    named = linked.assign(old=written[linked["prev"]]).groupby("now")["old"].agg(tuple)
    sources: list[tuple[str, ...]] = [()] * len(now_keys)
    for now, olds in zip(named.index.tolist(), named.tolist(), strict=True):  # linked only
        sources[now] = olds if status[now] else ()
    gone = np.ones(len(prev_keys), dtype=bool)
    gone[links["prev"].to_numpy()] = False
    return Carried(_recomputed(previous, current, links), gone, status, sources)


def _recomputed(previous: Ranking, current: Ranking, links: pd.DataFrame) -> Ranking:
    """Last round's criteria applied to weighted means of last round's leaf fractions:
    one unit per current unit with a predecessor."""
    has = np.unique(links["now"].to_numpy())
    slot = np.searchsorted(has, links["now"].to_numpy())  # each link's unit among `has`
    prev = links["prev"].to_numpy()
    weight = links["weight"].to_numpy(dtype=float)
    m = len(has)

    def summed(values: np.ndarray) -> np.ndarray:
        return np.bincount(slot, weights=weight * values[prev], minlength=m)

    criteria = previous.criteria
    fractions: dict[str, np.ndarray] = {}
    applicable: dict[str, np.ndarray | None] = {}
    for leaf in criteria.leaves():
        f = previous.fractions[leaf.id].to_numpy(dtype=float)
        counted = ~np.isnan(f)
        total = summed(counted.astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            fractions[leaf.id] = np.where(total > 0, summed(np.where(counted, f, 0.0)) / total,
                                          np.nan)
        applicable[leaf.id] = None if (total > 0).all() else total > 0
    units = previous.units
    whole = summed(np.ones(len(units)))
    given = GivenLeaves(fractions, applicable,
                        summed(units["deductions"].to_numpy(dtype=float)) / whole,
                        summed(units["bonuses"].to_numpy(dtype=float)) / whole)
    # the group of the predecessor that weighs most (the first of equals)
    order = np.lexsort((-weight, slot))
    heaviest = prev[order][np.searchsorted(slot[order], np.arange(m))]
    now = current.units.iloc[has]
    data = Dataset(ids=now["id"].to_numpy(dtype=object), names=now["name"].to_numpy(dtype=object),
                   groups=units["group"].to_numpy(dtype=object)[heaviest],
                   values={}, denominators={}, deductions={},
                   rows=np.arange(m) + 2, source="")
    return score(data, previous.criteria, given)
