"""`score --format csv`: one row per unit, every field of docs/cli.md, a column per top-level
criterion.

Built column by column (no loop over units), so a million-unit ranking writes in
seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ictrank.ranking import UNSCORED_DECIMALS, Ranking
from ictrank.render import RenderOptions
from ictrank.safety import spreadsheet_column
from ictrank.views import ViewColumns, view_columns


def fixed_text(values: pd.Series | np.ndarray, decimals: int) -> pd.Series:
    """Numbers as text with exactly `decimals` places; empty where NaN.

    "%.2f" rounds the exact binary value, as Python's round() does for the JSON output.
    Python's own `%` is three times faster than numpy's element-wise string formatting
    (np.char.mod), and writes the same bytes. Each distinct value is formatted once (by
    its bits: -0.0 stays apart from 0.0): published numbers have a few decimals in a
    bounded range, so a column of 100,000 holds at most some thousands."""
    array = np.asarray(values, dtype=float)
    spec = f"%.{decimals}f"
    codes, distinct = pd.factorize(np.ascontiguousarray(array).view(np.int64))
    shown = np.array([spec % v for v in distinct.view(float).tolist()], dtype=object)
    text = pd.Series(shown[codes], dtype=object)
    missing = np.isnan(array)
    return text.where(~missing, "") if missing.any() else text


CHUNK_ROWS = 100_000  # rows formatted at a time: text for a million rows at once is large


def _missing_text(missing: pd.DataFrame) -> pd.Series:
    """Leaf ids with a missing value, joined by `;` (one pass per leaf, not per unit)."""
    out = pd.Series([""] * len(missing), dtype=object)
    for leaf_id in missing.columns:
        hit = missing[leaf_id].to_numpy(dtype=bool)
        if hit.any():
            sep = np.where(out[hit] == "", "", ";")
            out[hit] = out[hit] + sep + leaf_id
    return out


def _int_text(values: pd.Series) -> pd.Series:
    """Whole numbers as text; empty where there is none (a new unit's previous rank)."""
    return values.astype("Int64").astype(str).where(values.notna(), "")


def ranking_frame(ranking: Ranking, rows: slice | None = None,
                  top_points: dict[str, np.ndarray] | None = None,
                  views: list[ViewColumns] | None = None) -> pd.DataFrame:
    """The CSV table (or the `rows` slice of it) as text cells, numbers with the criteria's
    decimals."""
    criteria = ranking.criteria
    d = criteria.decimals
    rows = rows or slice(0, len(ranking))
    units = ranking.units.iloc[rows].reset_index(drop=True)
    if top_points is None:
        top_points = {top.id: ranking.rounded_points_of(top.id) for top in criteria.top}
    frame = pd.DataFrame({
        "group": spreadsheet_column(units["group"]),
        "rank": units["rank"].astype(str),
        "id": spreadsheet_column(units["id"]),
        "name": spreadsheet_column(units["name"]),
        "score": fixed_text(units["score"], d),
        "percent": fixed_text(units["percent"], d),
        "band": spreadsheet_column(units["band"]),
        "deductions": fixed_text(units["deductions"], d),
        "missing": spreadsheet_column(
            _missing_text(ranking.missing.iloc[rows].reset_index(drop=True))),
    })
    if not criteria.groups:
        frame = frame.drop(columns="group")
    if criteria.bonuses:  # beside the deductions
        frame.insert(list(frame.columns).index("deductions"), "bonuses",
                     fixed_text(units["bonuses"], d))
    for view in view_columns(ranking) if views is None else views:
        frame[f"view.{view.view.id}"] = fixed_text(view.values[rows], d)
        frame[f"view_rank.{view.view.id}"] = _int_text(view.ranks.iloc[rows].reset_index(
            drop=True))
    for top in criteria.top:
        frame[f"points.{top.id}"] = fixed_text(top_points[top.id][rows], d)
        if top.unscored:  # its fraction, which earns nothing
            frame[f"value.{top.id}"] = fixed_text(ranking.unscored_fractions(top.id)[rows],
                                              UNSCORED_DECIMALS)
    comparison = ranking.comparison
    if comparison is not None:
        prev = comparison.frame.iloc[rows].reset_index(drop=True)
        frame["previous_rank"] = _int_text(prev["previous_rank"])
        frame["rank_change"] = _int_text(prev["rank_change"])
        frame["previous_score"] = fixed_text(prev["previous_score"], d)
        frame["score_change"] = fixed_text(prev["score_change"], d)
        frame["previous_band"] = spreadsheet_column(prev["previous_band"])
        frame["status"] = prev["status"]
        if "previous_from" in prev:  # a lineage: the predecessors of a merged unit
            frame["previous_from"] = spreadsheet_column(prev["previous_from"].map(";".join))
        if len(comparison.gone) and rows.stop >= len(ranking):  # gone units close the table
            frame = pd.concat([frame, gone_frame(comparison.gone, d).reindex(
                columns=frame.columns, fill_value="")], ignore_index=True)
    return frame


def gone_frame(gone: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """The rows of last round's units no longer ranked, status `gone`."""
    return pd.DataFrame({
        "group": spreadsheet_column(gone["group"]),
        "id": spreadsheet_column(gone["id"]),
        "name": spreadsheet_column(gone["name"]),
        "previous_rank": gone["rank"].astype(int).astype(str),
        "previous_score": fixed_text(gone["score"], decimals),
        "previous_band": spreadsheet_column(gone["band"]),
        "status": "gone",
    })


def _chunks(ranking: Ranking) -> list[str]:
    top_points = {top.id: ranking.rounded_points_of(top.id) for top in ranking.criteria.top}
    views = view_columns(ranking)  # over every unit, once: not once a chunk
    parts = []
    for start in range(0, max(len(ranking), 1), CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, len(ranking)))
        parts.append(ranking_frame(ranking, rows, top_points, views).to_csv(
            index=False, header=start == 0, lineterminator="\n"))
    return parts


def render_csv_bytes(ranking: Ranking, bom: bool = False) -> bytes:
    """The CSV as UTF-8 bytes, encoded a chunk at a time (no whole-file text copy); with
    `bom`, Excel opens the UTF-8 (Vietnamese names) correctly."""
    return (b"\xef\xbb\xbf" if bom else b"") + b"".join(
        part.encode("utf-8") for part in _chunks(ranking))


def publish_csv(ranking: Ranking, options: RenderOptions) -> bytes:
    return render_csv_bytes(ranking, bom=options.to_file)
