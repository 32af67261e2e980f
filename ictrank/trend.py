"""`ictrank trend`: each unit's rank, score and band in every period side by side, its change
over the whole series, and when it entered or left (docs/cli.md, "trend")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ictrank.criteria import Criteria
from ictrank.lineage import KINDS
from ictrank.messages import msg
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


def _lineage(panel: Panel) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[str, str, str]]]:
    """Through a lineage (lineage.py): each unit that came from others (key → kind, their
    ids, the period it came in, and its predecessors' recomputed rank and score there)
    and each that went into others (key → kind, their ids, its last period). A loop over
    the lineage's units only."""
    came: dict[str, tuple[Any, ...]] = {}
    went: dict[str, dict[str, list[str]]] = {}
    went_kind: dict[str, tuple[str, str]] = {}
    if not panel.through_lineage:
        return came, {}
    for k, ranking in enumerate(panel.rankings):
        comparison = ranking.comparison
        if comparison is None or "previous_from" not in comparison.frame:
            continue
        frame = comparison.frame
        for i in np.flatnonzero(frame["status"].isin(KINDS).to_numpy()).tolist():
            kind, olds = str(frame["status"].iloc[i]), frame["previous_from"].iloc[i]
            unit = str(ranking.units["id"].iloc[i])
            came[id_key(pd.Series([unit])).iloc[0]] = (
                kind, ", ".join(olds), panel.periods[k], int(frame["previous_rank"].iloc[i]),
                float(frame["previous_score"].iloc[i]), frame["previous_band"].iloc[i],
                panel.periods[k - 1])
            for old in olds:
                key = id_key(pd.Series([old])).iloc[0]
                went.setdefault(key, {}).setdefault(kind, []).append(unit)
                went_kind[key] = (kind, panel.periods[k - 1])
    return came, {key: (went_kind[key][0], ", ".join(went[key][went_kind[key][0]]),
                        went_kind[key][1]) for key in went}


def statuses(frame: pd.DataFrame, periods: tuple[str, ...], lang: str) -> pd.Series:
    """'entered 2015', 'left after 2014', and through a lineage 'merged from LC, YB in
    2025', 'merged into LC after 2024': each unit's status in `lang`."""
    out = []
    rows = zip(frame["first"], frame["last"], frame["came"], frame["went"], strict=True)
    for first, last, came, went in rows:  # (texts in a language: per unit, not per cell)
        parts = []
        if isinstance(came, tuple):
            parts.append(msg(f"trend.{came[0]}_from", ids=came[1], period=came[2]).text(lang))
        elif first != periods[0]:
            parts.append(msg("trend.entered", period=first).text(lang))
        if isinstance(went, tuple) and last != periods[-1]:
            parts.append(msg(f"trend.{went[0]}_into", ids=went[1], period=went[2]).text(lang))
        elif last != periods[-1]:
            parts.append(msg("trend.left", period=last).text(lang))
        out.append("; ".join(parts))
    return pd.Series(out, index=frame.index, dtype=object)


def trend(panel: Panel) -> Trend:
    """The panel's units across its periods, built column by column (no loop over units)."""
    periods = list(panel.periods)
    whole, period_of_rows = panel.stacked()  # every period's units, one table
    long = whole.units[["id", "name", "group", "rank", "score", "band"]].assign(
        period=np.array(periods, dtype=object)[period_of_rows])
    long["key"] = id_key(long["id"])  # snv in one period is SNV in the next
    last = long.drop_duplicates("key", keep="last").set_index("key")
    first = long.drop_duplicates("key", keep="first").set_index("key").reindex(last.index)
    frame = pd.DataFrame({"group": last["group"], "id": last["id"], "name": last["name"]})
    frame.index.name = None
    blocks = []  # a block of a column per period for each measure, joined once
    for measure in ("rank", "score", "band"):
        wide = long.pivot(index="key", columns="period", values=measure).reindex(
            index=frame.index, columns=periods)
        block = (wide.astype(float).astype("Int64") if measure == "rank"
                 else wide.astype(float) if measure == "score"
                 else wide.astype(object).where(wide.notna(), None))
        block.columns = [f"{measure}.{period}" for period in periods]
        blocks.append(block)
    frame = pd.concat([frame, *blocks], axis=1)
    frame["first"] = first["period"]
    frame["last"] = last["period"]
    several = (first["period"] != last["period"]).to_numpy()  # a change needs two periods
    frame["rank_change"] = (first["rank"] - last["rank"]).astype("Int64").where(several)
    frame["score_change"] = pd.Series(panel.criteria.round(
        (last["score"] - first["score"]).to_numpy(dtype=float)), index=frame.index).where(several)
    came, went = _lineage(panel)
    frame["came"] = pd.Series(came, dtype=object).reindex(frame.index)
    frame["went"] = pd.Series(went, dtype=object).reindex(frame.index)
    if came:  # the period before a merger shows the predecessors recomputed, as DTI 2024
        # was republished for the merged provinces; the change runs from there
        since = pd.DataFrame.from_dict(came, orient="index").reindex(frame.index)
        merged = since[0].notna().to_numpy()
        for before in since[6][merged].unique().tolist():
            rows = merged & (since[6] == before).to_numpy()
            frame.loc[rows, f"rank.{before}"] = since[3][rows].astype("Int64")
            frame.loc[rows, f"score.{before}"] = since[4][rows].astype(float)
            frame.loc[rows, f"band.{before}"] = since[5][rows]
        frame.loc[merged, "rank_change"] = (since[3] - last["rank"])[merged].astype("Int64")
        frame.loc[merged, "score_change"] = panel.criteria.round(
            (last["score"] - since[4])[merged].to_numpy(dtype=float))
    frame["status"] = statuses(frame, tuple(periods), "en")
    group_order = {g.id: k for k, g in enumerate(panel.criteria.groups)}
    key = pd.DataFrame({"group": frame["group"].map(group_order).fillna(0),
                        "gone": frame["last"] != periods[-1], "rank": last["rank"],
                        "unit": frame["id"]})
    order = key.sort_values(["group", "gone", "rank", "unit"], kind="stable").index
    return Trend(panel.criteria, tuple(periods), frame.loc[order].reset_index(drop=True))
