"""Each text sheet its own decimal mark: a CSV whose numbers plainly use the decimal comma.

When neither the command line nor the criteria say how numbers are written, a CSV is read
with the decimal point, as programs write it. A sheet exported by a Vietnamese Excel writes
12,5 instead, and a run often mixes both (this year's collected sheet and last year's
export). A sheet is read with the decimal comma when some of its indicator cells can only
be read that way (12,5; 1.234,5; 1.234.567) and none can only be read the other way (12.5;
1,234.5; 1,234,567; a number the parser already read with a fraction). Cells that read
both ways (1,250; 1.250) decide nothing. Where both marks appear, nothing is guessed: the
cells that do not parse are errors at their cells (docs/criteria-format.md, "Each CSV its
own decimal mark").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ictrank.labels import normalize_label

# text a decimal comma alone explains: a comma not followed by exactly three digits,
# dots grouping thousands before a comma, or more than one dot grouping by three
_COMMA_ONLY = r"[+-]?(?:\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})"
# text a decimal point alone explains, the same shapes with the marks swapped
_POINT_ONLY = r"[+-]?(?:\d*\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})"


class CommaEvidence(NamedTuple):
    """The first cell that shows a sheet writes the decimal comma."""

    row: int  # spreadsheet row (header = 1)
    column: str
    text: str


def decimal_comma_evidence(frame: pd.DataFrame, rows: np.ndarray,
                           indicators: frozenset[str]) -> CommaEvidence | None:
    """The cell showing that `frame` (a CSV read with the decimal point) writes the decimal
    comma, or None when nothing shows it or some cell shows the decimal point.

    `indicators` are the normalised names of the columns the criteria read numbers from:
    only they vote. An id, a name, or a column no criterion reads (a note, a phone
    number, "version 1,5") says nothing of how the indicators are written.
    """
    candidates = [name for name in frame.columns
                  if normalize_label(str(name)) in indicators]
    texts = [name for name in candidates if isinstance(frame[name].dtype, pd.StringDtype)
             or frame[name].dtype == object]
    if not texts:  # every indicator column parsed as numbers with the point: nothing to see
        return None
    found: CommaEvidence | None = None
    for name in candidates:
        column = frame[name]
        if name not in texts:
            if pd.api.types.is_float_dtype(column.dtype):
                values = column.to_numpy()
                finite = values[np.isfinite(values)]
                if (finite != np.round(finite)).any():
                    return None  # 12.5 read as a number: this sheet writes the point
            continue
        shown = column.astype(str).str.strip()
        cells = shown.str.removesuffix("%").str.rstrip()
        if cells.str.fullmatch(_POINT_ONLY).any():
            return None
        comma = cells.str.fullmatch(_COMMA_ONLY).to_numpy(dtype=bool)
        if found is None and comma.any():
            first = int(np.argmax(comma))
            found = CommaEvidence(int(rows[first]), str(name), str(shown.iloc[first]))
    return found
