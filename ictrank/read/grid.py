"""A table of text cells (a CSV's, or a workbook's grid) into a `RawSheet`: the header
found, the rows below it kept with their spreadsheet numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ictrank.messages import msg
from ictrank.read.header import HEADER_SEARCH_ROWS, column_names, find_header, header_note
from ictrank.read.raw import ColumnHints, RawSheet, empty


def _from_grid(frame: pd.DataFrame, file: str, rownums: np.ndarray, letters: list[str] | None,
               hints: ColumnHints | None = None, nonblank: np.ndarray | None = None
               ) -> RawSheet:
    """Turn a headerless grid of text into a RawSheet, finding its header row; `nonblank`
    (a row holds something) where the caller knows it already."""
    frame = frame.fillna("").astype(str)
    if nonblank is None:
        nonblank = (frame.apply(lambda col: col.str.strip()) != "").to_numpy().any(axis=1)
    if not nonblank.any():
        raise empty(file)
    search = max(HEADER_SEARCH_ROWS, hints.header_row or 0) if hints else HEADER_SEARCH_ROWS
    first = find_header(frame.iloc[:search].values.tolist(), hints, file)
    notes = header_note(file, int(rownums[first]), bool(nonblank[:first].any()))
    header = [str(h).strip() for h in frame.iloc[first]]
    body = frame.iloc[first + 1 :]
    filled_below = nonblank[first + 1 :]
    # drop trailing blank rows (spreadsheets often carry them); keep inner ones for reporting
    if filled_below.any():
        last = len(filled_below) - int(np.argmax(filled_below[::-1]))
        body = body.iloc[:last]
    else:
        body = body.iloc[:0]
    rows = rownums[first + 1 : first + 1 + len(body)]
    names = column_names(header, file)
    body.columns = pd.Index(names)
    body = body.reset_index(drop=True)
    letter_map = dict(zip(names, letters, strict=False)) if letters is not None else None
    if body.empty:
        raise empty(file, msg("read.no_rows"))
    return RawSheet(file, body, np.asarray(rows, dtype=np.int64), letter_map, problems=notes,
                    header_row=int(rownums[first]))
