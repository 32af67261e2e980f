"""Columns the analyst adds (docs/cli.md, "Joined columns"): `--join FILE` puts the
columns of another sheet beside the data, matched by unit id.

Late reports, inspection results and bonus decisions are counted by the Department
itself, not by the agencies: the analyst keeps them in a sheet of their own, keyed by
the same ids, instead of editing the collected data by hand. The joined sheet is read
as any sheet is (its own decimal mark found from its own cells), and its cells are
checked where they are: a problem in a joined cell names the joined file, its row and
its cell.

- Ids (and periods, where both sheets have a period column) match without regard to
  case, surrounding spaces or Unicode normal form.
- A column the data does not have is added. One it has is filled where the data's cell
  is empty; where both hold a value and the values differ, that is `join-conflict`,
  naming both cells. Never a silent choice between two values.
- An id of the joined sheet that no sheet of the run holds is a warning
  (`join-unknown-id`): a misspelt id would otherwise lose its row without a word.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, NumberFormat, normalize_label
from ictrank.messages import msg
from ictrank.read import read_source
from ictrank.read.hints import column_hints
from ictrank.read.options import ReadOptions
from ictrank.read.raw import MISSING_TOKENS, JoinedColumn, RawSheet
from ictrank.report import Problem
from ictrank.sheet_checks import id_key, parse_plain_numbers


@dataclass
class _Joined:
    """One joined sheet: its cells, how it writes numbers, its keys, which were matched."""

    sheet: RawSheet
    number_format: NumberFormat
    id_column: str | None
    period_column: str | None
    keys: np.ndarray  # normalised id (and period) of each row
    matched: np.ndarray  # rows some sheet of the run holds


class Joiner:
    """The joined sheets of one run, read once, applied to every sheet the run reads."""

    def __init__(self, paths: tuple[str, ...], criteria: Criteria, options: ReadOptions):
        self.criteria = criteria
        self.problems: list[Problem] = []  # found in the joined sheets themselves
        self.told = False  # whether a sheet of the run carries those problems yet
        plain = replace(options, joins=(), sheet=None, header_row=None, stdin=None)
        self.joined = [self._read(path, plain) for path in paths]

    def _read(self, path: str, options: ReadOptions) -> _Joined:
        sheet = read_source(path, self.criteria, options)
        self.problems += sheet.problems
        fmt = (options.number_format or sheet.number_format or self.criteria.number_format
               or NumberFormat())
        id_column = _find(sheet, self.criteria.columns.accepted("id"))
        if id_column is None:
            self.problems.append(Problem(sheet.file, sheet.header_row, self.criteria.columns.id,
                                         Code.MISSING_COLUMN, msg("join.no_id",
                                                                  name=self.criteria.columns.id)))
        period = self.criteria.columns.period
        period_column = _find(sheet, self.criteria.columns.accepted("period")) if period else None
        keys = _keys(sheet, id_column, period_column)
        joined = _Joined(sheet, fmt, id_column, period_column, keys,
                         np.zeros(len(keys), dtype=bool))
        self._duplicates(joined)
        self._unused(sheet)
        return joined

    def _unused(self, sheet: RawSheet) -> None:
        """A joined column no criterion reads: said once, at the joined sheet's header (a
        misspelt `late_report` would otherwise count nothing without a word)."""
        read = column_hints(self.criteria).header_names
        for column in sheet.frame.columns:
            if normalize_label(column) and normalize_label(column) not in read:
                self.problems.append(Problem(sheet.file, sheet.header_row, column,
                                             Code.UNKNOWN_COLUMN,
                                             msg("column.unused", name=column)))

    def _duplicates(self, joined: _Joined) -> None:
        """An id twice in a joined sheet: which row's value would count is not ours to
        guess."""
        if joined.id_column is None:
            return
        keys = pd.Series(joined.keys)
        again = keys.duplicated(keep="first") & (keys != "")
        firsts = pd.Series(np.arange(len(keys))).groupby(keys).transform("first").to_numpy()
        rows = joined.sheet.rows
        for i in np.flatnonzero(again.to_numpy()).tolist():
            ident = str(joined.sheet.frame[joined.id_column].iloc[i])
            self.problems.append(Problem(
                joined.sheet.file, int(rows[i]), joined.id_column, Code.DUPLICATE_ID,
                msg("row.duplicate_id", id=ident, row=int(rows[firsts[i]])),
                cell=joined.sheet.cell(joined.id_column, int(rows[i]))))

    def apply(self, sheet: RawSheet, number_format: NumberFormat | None = None) -> RawSheet:
        """`sheet` with every joined sheet's columns beside its own (a conflict is a
        problem of the sheet). `number_format` is the one the sheet is checked with."""
        fmt = (number_format or sheet.number_format or self.criteria.number_format
               or NumberFormat())
        if not self.told:  # the joined sheets' own problems, once a run
            sheet.problems.extend(self.problems)
            self.told = True
        for joined in self.joined:
            if joined.id_column is not None:
                _join(sheet, fmt, joined, self.criteria)
        return sheet

    def unmatched(self) -> list[Problem]:
        """The warnings for joined ids that no sheet of the run holds, once the run has
        applied the joins to all its sheets."""
        out = []
        for joined in self.joined:
            if joined.id_column is None:
                continue
            sheet = joined.sheet
            for i in np.flatnonzero(~joined.matched & (joined.keys != "")).tolist():
                ident = str(sheet.frame[joined.id_column].iloc[i])
                out.append(Problem(sheet.file, int(sheet.rows[i]), joined.id_column,
                                   Code.JOIN_UNKNOWN_ID, msg("join.unknown_id", id=ident),
                                   cell=sheet.cell(joined.id_column, int(sheet.rows[i]))))
        return out


def _find(sheet: RawSheet, names: tuple[str, ...]) -> str | None:
    index = sheet.column_index()
    return next((index[key] for key in map(normalize_label, names) if key in index), None)


def _text(sheet: RawSheet, column: str) -> pd.Series:
    """A column's cells as trimmed text ("" where empty), whatever type it was read as."""
    col = sheet.frame[column]
    if isinstance(col.dtype, pd.StringDtype):
        col = col.fillna("")
    elif pd.api.types.is_float_dtype(col.dtype):  # 2, not 2.0: as the sheet shows it
        values = col.to_numpy(dtype=float)
        whole = np.isfinite(values) & (np.abs(values) < 1e15)
        whole[whole] = values[whole] == np.floor(values[whole])
        text = np.where(whole, np.where(whole, values, 0).astype(np.int64).astype(str),
                        col.astype(str).to_numpy())
        col = pd.Series(np.where(np.isnan(values), "", text), dtype=object)
    else:
        col = col.astype(object).where(col.notna(), "").astype(str)
    return col.str.strip().reset_index(drop=True)


def _keys(sheet: RawSheet, id_column: str | None, period_column: str | None) -> np.ndarray:
    """Each row's match key: its id, and its period where there is one, normalised."""
    if id_column is None:
        return np.full(len(sheet.frame), "", dtype=object)
    keys = id_key(_text(sheet, id_column))
    if period_column is not None:
        keys = keys.where(keys == "", keys + "\x00" + id_key(_text(sheet, period_column)))
    return keys.to_numpy(dtype=object)


def _identity(criteria: Criteria) -> set[str]:
    """Headers of identity columns, normalised: not joined (the data's own say who)."""
    cols = criteria.columns
    names = [*cols.accepted("id"), *cols.accepted("name"), *cols.accepted("group")]
    if cols.period:
        names += cols.accepted("period")
    return {normalize_label(n) for n in names}


def _join(sheet: RawSheet, fmt: NumberFormat, joined: _Joined, criteria: Criteria) -> None:
    id_column = _find(sheet, criteria.columns.accepted("id"))
    if id_column is None:
        return  # the sheet's own check reports its missing id column
    period_column = (_find(sheet, criteria.columns.accepted("period"))
                     if joined.period_column is not None else None)
    keys = _keys(sheet, id_column, period_column if period_column else None)
    first = ~pd.Series(joined.keys).duplicated(keep="first").to_numpy()
    lookup = pd.Index(joined.keys[first])
    position = lookup.get_indexer(keys)
    position = np.where(keys == "", -1, position)
    rows_of_joined = np.flatnonzero(first)
    found = position >= 0
    source = np.where(found, rows_of_joined[np.maximum(position, 0)], -1)
    joined.matched[source[found]] = True
    index = sheet.column_index()
    skip = _identity(criteria)
    for column in joined.sheet.frame.columns:
        if normalize_label(column) in skip:
            continue
        values = _text(joined.sheet, column).to_numpy(dtype=object)
        aligned = np.where(found, values[np.maximum(source, 0)], "")
        joined_rows = np.where(found & (aligned != ""), joined.sheet.rows[np.maximum(source, 0)],
                               0)
        letter = (joined.sheet.letters or {}).get(column)
        own = index.get(normalize_label(column))
        if own is None:
            sheet.frame[column] = pd.Series(aligned, index=sheet.frame.index, dtype=object)
            sheet.column_formats[column] = joined.number_format
            sheet.joined[column] = JoinedColumn(joined.sheet.file, joined_rows, letter)
            continue
        _merge(sheet, own, fmt, joined, aligned, joined_rows, letter)


def _merge(sheet: RawSheet, column: str, fmt: NumberFormat, joined: _Joined,
           aligned: np.ndarray, joined_rows: np.ndarray, letter: str | None) -> None:
    """A column both sheets have: the data's empty cells filled from the joined sheet; a
    cell where both hold different values is a conflict, at the data's cell."""
    mine = _text(sheet, column).to_numpy(dtype=object)
    mine_empty = _empty(mine)
    theirs_empty = _empty(aligned)
    both = ~mine_empty & ~theirs_empty
    if both.any():
        same = _same(mine, fmt, aligned, joined.number_format) | ~both
        for i in np.flatnonzero(~same).tolist():
            row = int(sheet.rows[i])
            there = int(joined_rows[i])
            joined_cell = (f"{letter}{there}" if letter else
                           msg("join.cell", column=column, row=there))
            at, cell = sheet.place(column, row)
            sheet.problems.append(Problem(
                sheet.file, at, column, Code.JOIN_CONFLICT,
                msg("join.conflict", mine=str(mine[i]), theirs=str(aligned[i]),
                    file=joined.sheet.file, cell=joined_cell), cell=cell))
    fill = mine_empty & ~theirs_empty
    if fill.any():
        moved = _as_format(aligned[fill], joined.number_format, fmt)
        merged = mine.copy()
        merged[fill] = moved
        sheet.frame[column] = pd.Series(merged, index=sheet.frame.index, dtype=object)
        sheet.joined[column] = JoinedColumn(joined.sheet.file, np.where(fill, joined_rows, 0),
                                            letter)


def _same(mine: np.ndarray, fmt: NumberFormat, theirs: np.ndarray,
          their_fmt: NumberFormat) -> np.ndarray:
    """Equal cells: the same text (case and spaces aside), or the same number however
    each sheet writes it (3 and 3.0; 2,5 and 2.5)."""
    text_equal = (id_key(pd.Series(mine, dtype=object)).to_numpy()
                  == id_key(pd.Series(theirs, dtype=object)).to_numpy())
    a = parse_plain_numbers(pd.Series(mine, dtype=object), fmt)
    b = parse_plain_numbers(pd.Series(theirs, dtype=object), their_fmt)
    with np.errstate(invalid="ignore"):
        return text_equal | (np.isfinite(a) & np.isfinite(b) & (a == b))


def _as_format(cells: np.ndarray, source: NumberFormat, target: NumberFormat) -> np.ndarray:
    """Joined cells written as the data writes numbers, where the two differ: a number
    read with the joined sheet's marks, written with the data's decimal mark and no
    separator; any other text as it is."""
    if source == target:
        return cells
    numbers = parse_plain_numbers(pd.Series(cells, dtype=object), source)
    out = cells.copy()
    finite = np.isfinite(numbers)
    if finite.any():  # the shortest text that reads back as the number (2.5, 1e-05)
        text = pd.Series(numbers[finite]).astype(str)
        out[finite] = (text.str.replace(".", ",", regex=False) if target.decimal == ","
                       else text).to_numpy(dtype=object)
    return out


def _empty(cells: np.ndarray) -> np.ndarray:
    """Cells that hold no value (empty, NA, -), as the sheet checks read them."""
    return pd.Series(cells, dtype=object).astype(str).str.strip().str.casefold().isin(
        MISSING_TOKENS).to_numpy()
