"""Check a raw sheet against the criteria and turn it into typed indicator columns.

One pass both validates and parses, so `validate` and `score` can never disagree
about what is valid. Checks run over whole columns; only the bad cells found are
visited one by one to word their messages.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import Criteria, Criterion, Group, NumberFormat, normalize_label
from ictrank.criteria.schema import IMPUTED
from ictrank.dataset import Dataset
from ictrank.messages import Message, msg
from ictrank.methods import CellKind
from ictrank.read.raw import MISSING_TOKENS, RawSheet, blank_rows
from ictrank.report import MAX_PROBLEMS, Problem, Report
from ictrank.safety import CONTROL, MAX_MAGNITUDE, XML_ILLEGAL, terminal_text

HINT_COLUMNS = 500  # columns searched for a 'did you mean' hint


class _SheetCheck:
    """One sheet's checks, step by step; every step adds its problems to one report."""

    def __init__(self, sheet: RawSheet, criteria: Criteria, number_format: NumberFormat,
                 report: Report, settled: bool = True, empty_notes: bool = False):
        self.sheet = sheet
        self.criteria = criteria
        self.number_format = number_format
        self.settled = settled  # the criteria or the command line say how numbers are written
        self.empty_notes = empty_notes  # say each empty cell that scores 0 (validate, collect)
        self.empty_cells = 0
        # warnings and notes listed so far (counted, not recounted at every check)
        self.not_errors = sum(1 for p in report.problems if p.severity != "error")
        self.report = report
        self.index = sheet.column_index()
        self.used: set[str] = set()
        # problems found beyond MAX_PROBLEMS, counted by severity, not listed
        self.unlisted: Counter[str] = Counter()
        self.blank = np.zeros(len(sheet.frame), dtype=bool)  # rows with nothing in them

    def flagged(self, mask: np.ndarray, code: Code) -> np.ndarray:
        """Positions of the flagged cells to report, at most MAX_PROBLEMS in all; the rest are
        counted, so a million bad cells cost a count, not a million messages."""
        positions = np.flatnonzero(mask)
        room = max(0, MAX_PROBLEMS - len(self.report.problems))
        if code.severity != "error":  # warnings and notes leave half the list to errors
            room = min(room, max(0, MAX_PROBLEMS // 2 - self.not_errors))
        if len(positions) > room:
            self.unlisted[code.severity] += len(positions) - room
            positions = positions[:room]
        return positions

    def problem(self, row: int | None, column: str | None, code: Code, message: Message) -> None:
        self.not_errors += code.severity != "error"
        file, row, cell = self.sheet.locate(column, row)
        self.report.add(Problem(file, row, column, code, message, cell=cell))

    def column(self, names: tuple[str, ...] | str, needed_for: Message,
               required: bool = True) -> str | None:
        """The sheet's column for one of `names` (the first is the one to name), or None after
        reporting it missing (unless not `required`), or found twice (`ambiguous-column`)."""
        names = (names,) if isinstance(names, str) else names
        found = list(dict.fromkeys(self.index[key] for key in map(normalize_label, names)
                                   if key in self.index))
        if len(found) == 1:
            self.used.add(found[0])
            return found[0]
        if found:
            self.used.update(found)
            self.problem(self.sheet.header_row, found[1], Code.AMBIGUOUS_COLUMN,
                         msg("column.ambiguous", first=found[0], second=found[1],
                             name=names[0], need=needed_for))
            return None
        if not required:
            return None
        self.problem(self.sheet.header_row, names[0], Code.MISSING_COLUMN,
                     msg("column.missing", name=names[0], need=needed_for,
                         hint=self.closest(names)))
        return None

    def closest(self, names: tuple[str, ...]) -> Message:
        """'; is X meant to be it?' for the header most like one of `names`."""
        candidates = [key for key in list(self.index)[:HINT_COLUMNS]  # a sheet may have
                      if self.index[key] not in self.used]  # thousands of columns
        best: tuple[float, str] | None = None
        for name in names:
            for close in difflib.get_close_matches(normalize_label(name), candidates, n=1,
                                                   cutoff=0.6):
                ratio = difflib.SequenceMatcher(None, normalize_label(name), close).ratio()
                if best is None or ratio > best[0]:
                    best = (ratio, close)
        if best is None:
            return msg("column.add")
        return msg("column.meant", name=self.index[best[1]])

    def cells(self, column: str, where: np.ndarray) -> pd.Series:
        """A column as text ("" outside `where`), whatever type it was read as."""
        col = self.sheet.frame[column]
        if isinstance(col.dtype, pd.StringDtype):
            col = col.fillna("")  # a missing-value token the reader turned into NaN
        else:
            # numbers, categories, or objects such as an integer too long for int64
            col = col.astype(object).where(col.notna(), "").astype(str)
        return col.where(where, "")

    def report_cells(self, mask: np.ndarray, column: str, code: Code,
                     text: pd.Series | np.ndarray, message: Message) -> None:
        rows = self.sheet.rows
        for i in self.flagged(mask, code):
            value = text.iloc[i] if isinstance(text, pd.Series) else _shown(text[i])
            self.problem(int(rows[i]), column, code, message.filled(value=value))

    def report_cell_text(self, mask: np.ndarray, column: str, code: Code,
                         message: Message) -> None:
        """report_cells quoting each cell's trimmed text, made only when a cell is flagged."""
        if mask.any():
            self.report_cells(mask, column, code, self.cells(column, mask).str.strip(), message)

    def numbers(self, column: str, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A column's numbers (NaN where missing or outside `where`) and its missing mask.

        A number beyond MAX_MAGNITUDE is an error at its cell: no indicator is that large,
        and sums of such numbers overflow.
        """
        values, missing = self.read_numbers(column, where)
        with np.errstate(invalid="ignore"):
            huge = np.abs(values) > MAX_MAGNITUDE
        if huge.any():
            self.report_cells(huge, column, Code.NUMBER_TOO_LARGE, values,
                              msg("cell.too_large", limit=f"{MAX_MAGNITUDE:g}"))
            values = np.where(huge, np.nan, values)
        return values, missing

    def read_numbers(self, column: str, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A column the CSV reader already parsed as numbers only needs a check for
        infinities; any other is parsed here, cell by cell in vectorised form."""
        col = self.sheet.frame[column]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(
                col.dtype):
            values = col.to_numpy(dtype=float)  # a view where the column is float already
            bad = np.isinf(values) & where
            if bad.any():
                self.report_cells(bad, column, Code.NOT_A_NUMBER, pd.Series(values).astype(str),
                                  msg("cell.not_number", hint=msg("hint.number")))
            if bad.any() or not where.all():
                values = np.where(where & ~bad, values, np.nan)
            return values, np.isnan(values) & ~bad
        return self.parse_numbers(column, self.cells(column, where))

    def parse_numbers(self, column: str, text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Parse text to numbers; returns (values, missing mask) and reports non-numbers and
        numbers that could be read two ways (docs/criteria-format.md, "Numbers")."""
        stripped = text.str.strip()
        missing = stripped.str.casefold().isin(MISSING_TOKENS).to_numpy()
        cleaned = stripped.str.removesuffix("%").str.strip()
        fmt = self.sheet.column_formats.get(column, self.number_format)
        ambiguous = np.zeros(len(text), dtype=bool)
        if not fmt.plain:
            cleaned, ambiguous = _apply_number_format(cleaned, fmt, missing)
        numeric = pd.to_numeric(cleaned.where(~missing & ~ambiguous, None), errors="coerce")
        values = np.asarray(numeric, dtype=float)
        if ambiguous.any():
            self.report_cells(ambiguous, column, Code.AMBIGUOUS_NUMBER, stripped,
                              msg("cell.two_ways", hint=_ambiguity_hint(fmt)))
        if not self.settled and self.sheet.text_numbers:
            dots = self.dotted_text(column, stripped) & ~missing & ~ambiguous
            ambiguous |= dots
        bad = ~missing & ~ambiguous & ~np.isfinite(values)
        if bad.any():
            self.report_not_numbers(bad, column, stripped, fmt)
        if bad.any() or ambiguous.any():
            values = np.where(bad | ambiguous, np.nan, values)
        return values, missing

    def report_not_numbers(self, bad: np.ndarray, column: str, stripped: pd.Series,
                           fmt: NumberFormat) -> None:
        """Cells that are not numbers, with one hint for the column: a comma in any of them
        says how to write the decimal mark."""
        commas = stripped[bad].str.contains(",", regex=False).any()
        hint = msg("hint.comma" if fmt.decimal == "." and commas else "hint.number")
        self.report_cells(bad, column, Code.NOT_A_NUMBER, stripped,
                          msg("cell.not_number", hint=hint))

    def check_leaf(self, leaf: Criterion, applicable: np.ndarray) -> tuple[np.ndarray,
                                                                          np.ndarray | None]:
        # a criterion of other groups only (`applies_to`) needs no column in a sheet without
        # a unit of those groups: a template made for one group (`template --group`) has none
        required = leaf.applies_to is None or bool(applicable.any())
        column = self.column(leaf.accepted_names(), msg("need.criterion", id=leaf.id), required)
        n = len(self.sheet.frame)
        if column is None:  # (a ratio's total is then missing too: it is scored nowhere)
            return np.full(n, np.nan), np.full(n, np.nan) if leaf.per is not None else None
        denominators = None
        kind = leaf.kind
        assert kind is not None
        if kind.cell != CellKind.NUMBER:  # yes/no, a choice: looked up in the method's table
            values, missing, bad = self.lookup(column, applicable, kind.lookup_table(leaf))
            self.report_cell_text(bad, column, *kind.invalid_cell(leaf))
        else:
            values, missing = self.numbers(column, applicable)
            if leaf.is_fraction:
                values = self.percents_as_fractions(column, values)
            self.check_numbers(leaf, column, values)
            if leaf.is_percentage:
                self.check_fractions(column, values)
            if leaf.per is not None:
                denominators = self.check_denominator(leaf, column, values, applicable)
                if denominators is not None:
                    missing = missing | (np.isnan(denominators) & ~missing)
                    values = np.where(np.isnan(denominators), np.nan, values)
        policy = leaf.missing or self.criteria.missing
        if policy == "error":
            absent = missing & applicable
            self.report_cells(absent, column, Code.MISSING_VALUE, values,
                              msg("cell.missing", id=leaf.id))
        elif policy == "zero" and self.empty_notes:
            self.note_empty(missing & applicable & ~self.blank, column)
        return values, denominators

    def note_empty(self, empty: np.ndarray, column: str) -> None:
        """Empty cells that score 0: a note at each of the first EMPTY_NOTES of a column,
        all of them counted in one line (`empty_cells`)."""
        count = int(empty.sum())
        if not count:
            return
        self.empty_cells += count
        for i in np.flatnonzero(empty)[:EMPTY_NOTES]:
            self.problem(int(self.sheet.rows[i]), column, Code.EMPTY_CELL,
                         msg("cell.empty_zero"))

    def lookup(self, column: str, where: np.ndarray,
               table: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Map yes/no or choice cells through `table`: (values, missing, invalid) masks.

        A column read as categories is mapped once per distinct value.
        """
        col = self.sheet.frame[column]
        if isinstance(col.dtype, pd.CategoricalDtype):
            labels = pd.Series(col.cat.categories.astype(str)).str.strip().str.casefold()
            codes = col.cat.codes.to_numpy()
            label_values = np.append(np.asarray(labels.map(table), dtype=float), np.nan)
            label_missing = np.append(labels.isin(MISSING_TOKENS).to_numpy(), True)
            values = label_values[codes]
            missing = label_missing[codes]
        else:
            norm = self.cells(column, where).str.strip().str.casefold()
            missing = norm.isin(MISSING_TOKENS).to_numpy()
            values = np.asarray(norm.map(table), dtype=float)
        values = np.where(where, values, np.nan)
        missing = missing | ~where
        return values, missing, ~missing & np.isnan(values)

    def percents_as_fractions(self, column: str, values: np.ndarray) -> np.ndarray:
        """A criterion of fractions (0 to 1) reads 85 % as 0.85: a cell typed `85%`, or a
        workbook cell shown as 85 % (which the reader gives as 85)."""
        col = self.sheet.frame[column]
        typed = np.zeros(len(values), dtype=bool)
        if not pd.api.types.is_numeric_dtype(col.dtype):
            typed = self.cells(column, np.isfinite(values)).str.strip().str.endswith(
                "%").to_numpy()
        rows = [row for row, name in self.sheet.percent_cells if name == column]
        if rows:
            typed = typed | np.isin(self.sheet.rows, rows)
        return np.where(typed, values / 100, values) if typed.any() else values

    def dotted_text(self, column: str, stripped: pd.Series) -> np.ndarray:
        """The text cells of `column` typed like 3.000 (a workbook's text, not a number
        cell), each reported with both readings: the criteria do not say whether a dot
        separates thousands (docs/criteria-format.md, "Numbers")."""
        rows = [row for row, name in self.sheet.text_numbers if name == column]
        mask = np.isin(self.sheet.rows, rows) if rows else np.zeros(len(stripped), bool)
        for i in self.flagged(mask, Code.AMBIGUOUS_NUMBER):
            text = stripped.iloc[i]
            self.problem(int(self.sheet.rows[i]), column, Code.AMBIGUOUS_NUMBER,
                         msg("cell.dots", value=text, thousands=text.replace(".", ""),
                             decimal=f"{float(text):g}"))
        return mask

    def check_numbers(self, leaf: Criterion, column: str, values: np.ndarray) -> None:
        present = np.isfinite(values)
        shown = values
        with np.errstate(invalid="ignore"):
            if leaf.bounds is not None:
                lo, hi = leaf.bounds
                out = present & ((values < lo) | (values > hi))
                self.report_cells(out, column, Code.OUT_OF_BOUNDS, shown,
                                  msg("cell.out_of_range", low=f"{lo:g}", high=f"{hi:g}"))
            if leaf.kind is not None and leaf.kind.nonnegative:
                neg = present & (values < 0)
                self.report_cells(neg, column, Code.OUT_OF_BOUNDS, shown,
                                  msg("cell.negative_method", method=leaf.method))
            if leaf.integer:
                frac = present & (values != np.floor(values))
                self.report_cells(frac, column, Code.NOT_AN_INTEGER, shown,
                                  msg("cell.not_whole"))
            if leaf.kind is not None and leaf.kind.positive_only(leaf):
                nonpos = present & (values <= 0)
                self.report_cells(nonpos, column, Code.LOG_OF_NON_POSITIVE, shown,
                                  msg("cell.not_positive"))

    def check_fractions(self, column: str, values: np.ndarray) -> None:
        """A percentage typed as a fraction (0.933 for 93.3 %): one cell can move a unit
        several ranks, so it is named, though it may be a true 0.9 % (fraction_flags)."""
        flags, median, every = fraction_flags(values)
        if every:
            self.problem(None, column, Code.LOOKS_LIKE_FRACTION,
                         msg("column.fractions", column=column))
            return
        rows = self.sheet.rows
        for i in self.flagged(flags, Code.LOOKS_LIKE_FRACTION):
            self.problem(int(rows[i]), column, Code.LOOKS_LIKE_FRACTION,
                         fraction_message(float(values[i]), median))

    def check_denominator(self, leaf: Criterion, column: str, values: np.ndarray,
                          applicable: np.ndarray) -> np.ndarray | None:
        assert leaf.per is not None
        per_column = self.column(leaf.per, msg("need.denominator", id=leaf.id),
                                 leaf.applies_to is None or bool(applicable.any()))
        if per_column is None:
            return None
        denominators, _ = self.numbers(per_column, applicable)
        shown = denominators
        with np.errstate(invalid="ignore"):
            neg = np.isfinite(denominators) & (denominators < 0)
            self.report_cells(neg, per_column, Code.OUT_OF_BOUNDS, shown,
                              msg("cell.negative_total"))
            over = np.isfinite(values) & np.isfinite(denominators) & (values > denominators)
        rows = self.sheet.rows
        for i in self.flagged(over, Code.NUMERATOR_EXCEEDS_DENOMINATOR):
            self.problem(int(rows[i]), column, Code.NUMERATOR_EXCEEDS_DENOMINATOR,
                         msg("cell.over_total", value=f"{values[i]:g}", column=per_column,
                             total=f"{denominators[i]:g}"))
        return denominators

    # --- the steps of check_sheet, in order ----------------------------------------
    def blank_rows(self) -> None:
        self.blank = blank_rows(self.sheet.frame)
        for i in self.flagged(self.blank, Code.BLANK_ROW):
            self.problem(int(self.sheet.rows[i]), None, Code.BLANK_ROW,
                         msg("row.blank"))

    def identity(self, column: str | None) -> pd.Series:
        """An identity column (id, name, group) as trimmed text; empty when absent."""
        if column is None:
            return pd.Series([""] * len(self.sheet.frame))
        text = self.cells(column, np.ones(len(self.sheet.frame), dtype=bool)).str.strip()
        if XML_ILLEGAL.search("".join(text.to_numpy(dtype=object))):  # one pass; cells if found
            # cell by cell in Python: a regex with surrogates in it is refused by pandas'
            # pyarrow-backed strings, the default string type where pyarrow is installed
            cells = text.to_numpy(dtype=object)
            unwritable = np.fromiter((XML_ILLEGAL.search(t) is not None for t in cells),
                                     dtype=bool, count=len(cells))
            escaped = text.copy()  # escapes made for the flagged cells only
            escaped[unwritable] = text[unwritable].map(
                lambda t: t.encode("unicode_escape").decode("ascii"))
            self.report_cells(unwritable, column, Code.CONTROL_CHARACTER, escaped,
                              msg("cell.control"))
        return text

    def periods(self) -> pd.Series | None:
        """The period of each row (trimmed text), where the criteria name a period column."""
        if self.criteria.columns.period is None:
            return None
        column = self.column(self.criteria.columns.accepted("period"), msg("need.period"))
        periods = period_labels(self.identity(column))
        if column is not None:
            empty = (periods == "").to_numpy() & ~self.blank
            for i in self.flagged(empty, Code.MISSING_PERIOD):
                self.problem(int(self.sheet.rows[i]), column, Code.MISSING_PERIOD,
                             msg("row.no_period"))
        return periods

    def ids(self, periods: pd.Series | None) -> pd.Series:
        id_column = self.column(self.criteria.columns.accepted("id"), msg("need.id"))
        ids = self.identity(id_column)
        if id_column is None:
            return ids
        rows = self.sheet.rows
        no_id = (ids == "").to_numpy() & ~self.blank
        for i in self.flagged(no_id, Code.MISSING_ID):
            self.problem(int(rows[i]), id_column, Code.MISSING_ID,
                         msg("row.no_id"))
        # ids are unique within a period: the key is (period, id), the id compared as
        # everywhere two ids meet (snv and SNV are one agency: id_key)
        folded = id_key(ids)
        keys = folded if periods is None else periods + "\x00" + folded
        repeated = keys.duplicated(keep="first").to_numpy()
        duplicate = repeated & ~no_id & ~self.blank
        if duplicate.any():
            first_row = dict(zip(keys[~repeated], rows[~repeated], strict=False))
            for i in self.flagged(duplicate, Code.DUPLICATE_ID):
                first = first_row[keys.iloc[i]]
                self.problem(int(rows[i]), id_column, Code.DUPLICATE_ID,
                             msg("row.duplicate_id", id=ids.iloc[i], row=first)
                             if periods is None else
                             msg("row.duplicate_id_period", id=ids.iloc[i], row=first,
                                 period=periods.iloc[i]))
        return ids

    def names(self) -> pd.Series:
        accepted = map(normalize_label, self.criteria.columns.accepted("name"))
        name_column = next((self.index[key] for key in accepted if key in self.index), None)
        if name_column:
            self.used.add(name_column)
        return self.identity(name_column)

    def groups(self) -> np.ndarray:
        """The group id of each row (None where the criteria have no groups)."""
        n = len(self.sheet.frame)
        groups = self.criteria.groups
        column = self.column(self.criteria.columns.accepted("group"),
                             msg("need.group")) if groups else None
        if column is None:
            return np.full(n, None, dtype=object)
        lookup = group_lookup(groups)
        written = self.identity(column)  # trimmed: normalised as normalize_label does
        mapped = written.str.normalize("NFC").str.casefold().map(lookup)
        allowed = GroupChoices(groups)
        for i in self.flagged(mapped.isna().to_numpy() & ~self.blank, Code.UNKNOWN_GROUP):
            value = written.iloc[i]
            self.problem(int(self.sheet.rows[i]), column, Code.UNKNOWN_GROUP,
                         msg("row.group_unknown", value=value, allowed=allowed) if value
                         else msg("row.group_empty", allowed=allowed))
        return np.asarray(mapped.where(mapped.notna(), None), dtype=object)

    def leaves(self, groups: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Each leaf's values, and the denominators of `ratio` leaves with `per`."""
        values: dict[str, np.ndarray] = {}
        denominators: dict[str, np.ndarray] = {}
        for leaf in self.criteria.leaves():
            applicable = ~self.blank
            if leaf.applies_to is not None and self.criteria.groups:
                applicable = applicable & np.isin(groups, list(leaf.applies_to))
            values[leaf.id], leaf_denominators = self.check_leaf(leaf, applicable)
            if leaf_denominators is not None:
                denominators[leaf.id] = leaf_denominators
        return values, denominators

    def divisors(self, groups: np.ndarray) -> dict[str, np.ndarray]:
        """Each `denominator` column's numbers (by leaf id): a negative one is an error at
        its cell; an empty or zero one makes the value missing (treatment.py)."""
        found: dict[str, np.ndarray] = {}
        read: dict[str, np.ndarray] = {}
        for leaf in self.criteria.leaves():
            if leaf.denominator is None:
                continue
            applicable = ~self.blank
            if leaf.applies_to is not None and self.criteria.groups:
                applicable = applicable & np.isin(groups, list(leaf.applies_to))
            column = self.column(leaf.denominator, msg("need.denominator", id=leaf.id),
                                 leaf.applies_to is None or bool(applicable.any()))
            if column is None:
                found[leaf.id] = np.full(len(self.sheet.frame), np.nan)
                continue
            if column not in read:
                numbers, _ = self.numbers(column, ~self.blank)
                with np.errstate(invalid="ignore"):
                    self.report_cells(np.isfinite(numbers) & (numbers < 0), column,
                                      Code.OUT_OF_BOUNDS, numbers, msg("cell.negative_total"))
                read[column] = numbers
            found[leaf.id] = read[column]
        return found

    def unit_columns(self) -> dict[str, np.ndarray]:
        """Each `impute_by` column's cells as labels (trimmed, NFC, case-folded), by the name
        the criteria give it."""
        names = {self.criteria.imputed_by(leaf) for leaf in self.criteria.leaves()
                 if (leaf.missing or self.criteria.missing) in IMPUTED}
        found: dict[str, np.ndarray] = {}
        for name in sorted(n for n in names if n is not None):
            column = self.column(name, msg("need.impute_by", column=name))
            if column is not None:
                found[name] = id_key(self.identity(column)).to_numpy(dtype=object)
        return found

    def deductions(self) -> dict[str, np.ndarray]:
        deductions: dict[str, np.ndarray] = {}
        for deduction in self.criteria.adjustments:
            kind = "bonus" if deduction.bonus else "deduction"
            column = self.column(deduction.accepted_names(), msg(f"need.{kind}", id=deduction.id))
            if column is None:
                continue
            amounts, _ = self.numbers(column, ~self.blank)
            with np.errstate(invalid="ignore"):
                negative = np.isfinite(amounts) & (amounts < 0)
            self.report_cells(negative, column, Code.OUT_OF_BOUNDS, amounts,
                              msg(f"cell.negative_{kind}"))
            deductions[deduction.id] = np.nan_to_num(amounts, nan=0.0)
        return deductions

    def unused_columns(self) -> None:
        names = list(self.sheet.frame.columns)
        joined = self.sheet.joined  # a joined sheet's own columns are its own to report
        unused = np.array([name not in self.used and bool(normalize_label(name))
                           and not (name in joined and name in self.sheet.column_formats)
                           for name in names], dtype=bool)
        for i in self.flagged(unused, Code.UNKNOWN_COLUMN):
            self.problem(self.sheet.header_row, names[i], Code.UNKNOWN_COLUMN,
                         msg("column.unused", name=names[i]))

    def count_unlisted(self) -> None:
        self.report.count_unlisted(self.sheet.file, self.unlisted["error"],
                                   self.unlisted["warning"])


def _grouped(fmt: NumberFormat) -> str:
    """A number whose separators group its digits by three: 1.500, 12.345,6, -1.000.000."""
    sep, dec = re.escape(fmt.grouping or ""), re.escape(fmt.decimal)
    return rf"[+-]?[1-9]\d{{0,2}}(?:{sep}\d{{3}})+(?:{dec}\d+)?"


def _apply_number_format(cleaned: pd.Series, fmt: NumberFormat,
                         missing: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """Cells rewritten with a decimal dot and no separator, and the cells whose marks could
    be read two ways: a separator that does not group by three (15.29 under a decimal
    comma), or a dot where the decimal mark is a comma."""
    sep = fmt.grouping
    marks = [m for m in (sep, "." if fmt.decimal == "," else None) if m]
    suspect = np.zeros(len(cleaned), dtype=bool)
    for mark in dict.fromkeys(marks):
        suspect |= cleaned.str.contains(mark, regex=False).to_numpy()
    suspect &= ~missing
    ambiguous = np.zeros(len(cleaned), dtype=bool)
    if suspect.any():
        grouped = np.zeros(len(cleaned), dtype=bool)
        if sep is not None:
            grouped[suspect] = cleaned[suspect].str.fullmatch(_grouped(fmt)).to_numpy()
        # number-like, read another way: digits with marks between them
        numberish = cleaned.str.fullmatch(r"[+-]?\d[\d.,' ]*\d|[+-]?[.,]\d+").to_numpy()
        ambiguous = suspect & ~grouped & numberish
        if sep is not None and grouped.any():
            cleaned = cleaned.copy()
            cleaned[grouped] = cleaned[grouped].str.replace(sep, "", regex=False)
    if fmt.decimal != ".":
        cleaned = cleaned.str.replace(fmt.decimal, ".", regex=False)
    return cleaned, ambiguous


def parse_plain_numbers(text: pd.Series, fmt: NumberFormat) -> np.ndarray:
    """Cells read as numbers written with `fmt`'s marks; NaN where a cell is not one, or
    could be read two ways (no problem is reported: for comparing cells)."""
    cleaned = text.astype(str).str.strip().str.removesuffix("%").str.strip()
    missing = cleaned.str.casefold().isin(MISSING_TOKENS).to_numpy()
    ambiguous = np.zeros(len(cleaned), dtype=bool)
    if not fmt.plain:
        cleaned, ambiguous = _apply_number_format(cleaned, fmt, missing)
    return np.asarray(pd.to_numeric(cleaned.where(~missing & ~ambiguous, None),
                                    errors="coerce"), dtype=float)


def period_labels(text: pd.Series) -> pd.Series:
    """Period cells as labels: a number is one period however it is written (2014, 2014.0
    and 2.014e3 are 2014), a missing-value token (NA, nan, -) is no period, and a control
    character is shown as its escape (\\x1b) in every output that names the period."""
    controlled = text.str.contains(CONTROL.pattern, regex=True).to_numpy(dtype=bool)
    if controlled.any():
        text = text.where(~controlled, text.map(terminal_text))
    missing = text.str.casefold().isin(MISSING_TOKENS | {"nan"})
    numbers = pd.to_numeric(text.where(~missing, None), errors="coerce").to_numpy(dtype=float)
    finite = np.isfinite(numbers)
    if not finite.any() and not missing.any():
        return text
    labels = text.to_numpy(dtype=object).copy()
    with np.errstate(invalid="ignore"):
        whole = finite & (np.mod(numbers, 1) == 0) & (np.abs(numbers) < 1e15)
    labels[whole] = numbers[whole].astype(np.int64).astype(str)
    fractional = finite & ~whole  # rare: a label such as 2014.5
    labels[fractional] = [repr(float(v)) for v in numbers[fractional]]
    labels[missing.to_numpy()] = ""
    return pd.Series(labels, index=text.index, dtype=object)


EMPTY_NOTES = 20  # empty cells noted one by one in a column; all are counted


def id_key(ids: pd.Series) -> pd.Series:
    """Ids as they are compared wherever two meet (a sheet's rows, this year and last year,
    two files): trimmed, NFC-normalised and case-folded, as `normalize_label`."""
    return ids.astype(str).str.normalize("NFC").str.strip().str.casefold()


@dataclass(frozen=True)
class GroupChoices:
    """The groups a group cell may name, as a message shows them in its language: each
    id with its title, as the template's drop-down offers the titles."""

    groups: tuple[Group, ...]

    def text(self, lang: str) -> str:
        return "; ".join(g.id if normalize_label(g.label(lang)) == normalize_label(g.id)
                         else f"{g.id} ({g.label(lang)})" for g in self.groups)

    def __str__(self) -> str:
        return self.text("en")


def fraction_flags(values: np.ndarray) -> tuple[np.ndarray, float, bool]:
    """Which values of a percentage column look typed as fractions: (the cells, the median
    they are judged against, whether the whole column looks so).

    A value x in (0, 1] is judged against the column's values above 1 (its percentages):
    it is flagged when 100·x lies nearer them than x does (in ratio, around their median
    m: x < m / 10), so 0.85 among 70–95 is flagged and a true 0.6 % among 0.3–2.5 % is
    not. A column of two values or more, every one of them in [0, 1], is flagged whole."""
    none = np.zeros(len(values), dtype=bool)
    finite = np.isfinite(values)
    present = values[finite]
    if present.size < 2:
        return none, 0.0, False
    if present.min() >= 0 and present.max() <= 1 and present.max() > 0:
        return none, 0.0, True
    above = present[present > 1]
    if above.size == 0:
        return none, 0.0, False
    median = float(np.median(above))
    with np.errstate(invalid="ignore"):
        return finite & (values > 0) & (values <= 1) & (values < median / 10), median, False


def fraction_message(value: float, median: float) -> Message:
    return msg("cell.fraction", value=f"{value:g}", median=f"{median:g}",
               percent=f"{100 * value:.12g}")


def group_lookup(groups: tuple[Group, ...]) -> dict[str, str]:
    """A group cell (normalised) to the group's id: by what the group matches, or by its
    title (the template lists titles). A title that another group matches, or that two
    groups share, is left out: such a cell stays an unknown group, never a guess."""
    lookup = {m: g.id for g in groups for m in g.match}
    titles: dict[str, set[str]] = {}
    for g in groups:
        for title in {normalize_label(g.title), normalize_label(g.title_vi or g.title)}:
            titles.setdefault(title, set()).add(g.id)
    for title, ids in titles.items():
        if len(ids) == 1 and title not in lookup:
            lookup[title] = next(iter(ids))
    return lookup


def _ambiguity_hint(fmt: NumberFormat) -> Message:
    if fmt.decimal == ",":
        return msg("hint.decimal_comma")
    return msg("hint.grouping", sep=fmt.grouping)


def _shown(value: float) -> str:
    return msg("value.missing") if np.isnan(value) else f"{value:g}"


def check_sheet(
    sheet: RawSheet, criteria: Criteria, number_format: NumberFormat | None = None,
    empty_notes: bool = False,
) -> tuple[Dataset | None, Report]:
    """Validate one sheet; returns the dataset (None when the sheet has errors) and the report.
    With `empty_notes` (validate, collect: what an agency acts on) each empty cell that
    scores 0 is a note, and one note counts them."""
    report = Report(list(sheet.problems))
    given = given_format(sheet, criteria, number_format)
    check = _SheetCheck(sheet, criteria, given or NumberFormat(), report,
                        settled=given is not None, empty_notes=empty_notes)
    parsed = run_checks(check)
    if check.empty_cells:
        report.add(empty_count(sheet.file, check.empty_cells))
    if not report.valid:
        return None, report
    return parsed.dataset(~check.blank, sheet.rows, sheet.file), report


def given_format(sheet: RawSheet, criteria: Criteria,
                 number_format: NumberFormat | None) -> NumberFormat | None:
    """How numbers are written, where the command line, the sheet or the criteria say."""
    return number_format or sheet.number_format or criteria.number_format


def empty_count(file: str, count: int) -> Problem:
    """The one line counting a sheet's empty cells that score 0."""
    return Problem(file, None, None, Code.EMPTY_CELL, msg("sheet.empty_zero", count=count))


@dataclass
class Parsed:
    """A checked sheet's columns, every row kept (blank rows too)."""

    periods: pd.Series | None
    ids: pd.Series
    names: pd.Series
    groups: np.ndarray
    values: dict[str, np.ndarray]
    denominators: dict[str, np.ndarray]
    deductions: dict[str, np.ndarray]
    divisors: dict[str, np.ndarray]
    unit_columns: dict[str, np.ndarray]

    def dataset(self, keep: np.ndarray | slice, rows: np.ndarray, source: str) -> Dataset:
        """The rows `keep` picks (a mask or a slice; `rows`: their place in the file) as a
        dataset."""
        whole = isinstance(keep, np.ndarray) and bool(keep.all())

        def kept(array: np.ndarray) -> np.ndarray:
            return array if whole else array[keep]

        return Dataset(
            ids=kept(self.ids.to_numpy(dtype=object)),
            names=kept(self.names.to_numpy(dtype=object)),
            groups=kept(self.groups),
            values={k: kept(v) for k, v in self.values.items()},
            denominators={k: kept(v) for k, v in self.denominators.items()},
            deductions={k: kept(v) for k, v in self.deductions.items()},
            rows=rows if whole else rows[keep],
            source=source,
            periods=None if self.periods is None else kept(
                self.periods.to_numpy(dtype=object)),
            divisors={k: kept(v) for k, v in self.divisors.items()},
            unit_columns={k: kept(v) for k, v in self.unit_columns.items()},
        )


def run_checks(check: _SheetCheck) -> Parsed:
    """check_sheet's steps, in order: each adds its problems to the check's report."""
    check.blank_rows()
    periods = check.periods()
    ids = check.ids(periods)
    names = check.names()
    groups = check.groups()
    values, denominators = check.leaves(groups)
    divisors = check.divisors(groups)
    unit_columns = check.unit_columns()
    deductions = check.deductions()
    check.unused_columns()
    check.count_unlisted()
    return Parsed(periods, ids, names, groups, values, denominators, deductions, divisors,
                  unit_columns)
