"""`ictrank trend`: each unit's rank, score and band in every period side by side, its change
over the whole series, and when it entered or left (docs/cli.md, "trend")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria
from ictrank.panel import Panel
from ictrank.sheet_checks import id_key


@dataclass(frozen=True)
class Trend:
    """One row per unit, ordered by group, then as ranked in the last period (units that
    left after it by their last rank)."""

    criteria: Criteria
    periods: tuple[str, ...]
    frame: pd.DataFrame  # group, id, name, rank.P, score.P, band.P for every period P,
    #                      first, last, rank_change, score_change, status


def trend(panel: Panel) -> Trend:
    """The panel's units across its periods, built column by column (no loop over units)."""
    periods = list(panel.periods)
    long = pd.concat([r.units[["id", "name", "group", "rank", "score", "band"]].assign(period=p)
                      for p, r in zip(periods, panel.rankings, strict=True)], ignore_index=True)
    long["key"] = id_key(long["id"])  # snv in one period is SNV in the next
    last = long.drop_duplicates("key", keep="last").set_index("key")
    first = long.drop_duplicates("key", keep="first").set_index("key").reindex(last.index)
    frame = pd.DataFrame({"group": last["group"], "id": last["id"], "name": last["name"]})
    frame.index.name = None
    columns: dict[str, pd.Series] = {}  # made apart, joined once: no fragmented frame
    for measure in ("rank", "score", "band"):
        wide = long.pivot(index="key", columns="period", values=measure)
        for period in periods:
            column = wide[period].reindex(frame.index)
            columns[f"{measure}.{period}"] = (
                column.astype("Int64") if measure == "rank"
                else column.astype(float) if measure == "score"
                else column.astype(object).where(column.notna(), None))
    frame = pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)
    frame["first"] = first["period"]
    frame["last"] = last["period"]
    several = (first["period"] != last["period"]).to_numpy()  # a change needs two periods
    frame["rank_change"] = (first["rank"] - last["rank"]).astype("Int64").where(several)
    frame["score_change"] = pd.Series(panel.criteria.round(
        (last["score"] - first["score"]).to_numpy(dtype=float)), index=frame.index).where(several)
    entered = np.where(frame["first"] != periods[0], "entered " + frame["first"], "")
    left = np.where(frame["last"] != periods[-1], "left after " + frame["last"], "")
    both = (entered != "") & (left != "")
    frame["status"] = np.char.add(np.char.add(entered.astype(str),
                                              np.where(both, "; ", "")), left.astype(str))
    group_order = {g.id: k for k, g in enumerate(panel.criteria.groups)}
    key = pd.DataFrame({"group": frame["group"].map(group_order).fillna(0),
                        "gone": frame["last"] != periods[-1], "rank": last["rank"],
                        "unit": frame["id"]})
    order = key.sort_values(["group", "gone", "rank", "unit"], kind="stable").index
    return Trend(panel.criteria, tuple(periods), frame.loc[order].reset_index(drop=True))
