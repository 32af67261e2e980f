"""What every output format shares: labels in two languages, counts per band, number text."""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ictrank.criteria import Band, Criteria, Criterion, View
from ictrank.messages import VIETNAMESE_MARKS, msg
from ictrank.messages import term as term  # the renderers' words come from the catalogue
from ictrank.ranking import UNSCORED_DECIMALS, Ranking
from ictrank.safety import terminal_text
from ictrank.views import view_columns


def today() -> dt.date:
    """The day an output is made: today, or the day SOURCE_DATE_EPOCH names (seconds since
    1970, UTC; the reproducible-builds convention), so that a run can be repeated to the
    byte on another day (the stored sample outputs, a published annex made again)."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return dt.datetime.fromtimestamp(int(pinned), dt.UTC).date()
    return dt.date.today()


def date_text(day: dt.date, lang: str) -> str:
    """A date as its readers write it: 20/03/2025 in Vietnamese, 2025-03-20 in English."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if lang == "vi" else day.isoformat()


def shown(text: object, style: str = "") -> Any:
    """Data as a rich Text for the terminal: never read as markup (`[/]` is text), control
    characters shown as escapes."""
    from rich.text import Text

    return Text(terminal_text(str(text)), style=style)




def number_text(value: float | None, decimals: int, lang: str = "en") -> str:
    """A number for people to read: 98.88, or in Vietnamese 98,88 and 1.234,50 (a comma
    before the decimals, a dot between thousands). CSV and JSON keep the program's 98.88."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if lang == "vi":
        return f"{value:,.{decimals}f}".translate(VIETNAMESE_MARKS)
    return f"{value:.{decimals}f}"


def plain_number(value: float) -> int | float:
    """A scale or threshold as JSON shows it: 100, not 100.0."""
    return int(value) if float(value).is_integer() else float(value)


def band_counts(bands: np.ndarray, all_bands: list[Band]) -> dict[str, int]:
    counts = {b.id: int((bands == b.id).sum()) for b in all_bands}
    unbanded = int(pd.isna(bands).sum())
    if unbanded:
        counts["none"] = unbanded
    return counts


def summarize(ranking: Ranking) -> dict[str, Any]:
    """The summary of JSON output: units and band counts overall and per group."""
    criteria = ranking.criteria
    bands = ranking.units["band"].to_numpy(dtype=object)
    all_bands = criteria.all_bands()
    summary: dict[str, Any] = {"units": len(ranking), "bands": band_counts(bands, all_bands)}
    if criteria.groups:
        groups = ranking.units["group"].to_numpy(dtype=object)
        summary["groups"] = {
            g.id: {
                "units": int((groups == g.id).sum()),
                "bands": band_counts(bands[groups == g.id],
                                     list(criteria.bands_for(g.id))),
            }
            for g in criteria.groups
        }
    return summary


def band_titles(criteria: Criteria, lang: str) -> dict[str, str]:
    titles = {b.id: b.label(lang) for b in criteria.all_bands()}
    titles["none"] = term("none", lang)
    return titles


def whole_percents(counts: list[int], total: int) -> list[int]:
    """Each count's share of `total` in whole percents that add up to 100 where the counts
    make the total (largest remainder, ties to the first): 38 + 38 + 24, not 38 + 38 + 25."""
    if not total:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    shares = [math.floor(x) for x in exact]
    if sum(counts) == total:
        by_remainder = sorted(range(len(counts)), key=lambda k: (shares[k] - exact[k], k))
        for k in by_remainder[:100 - sum(shares)]:
            shares[k] += 1
    else:
        shares = [round(x) for x in exact]
    return shares


def summary_line(counts: dict[str, int], units: int, criteria: Criteria, lang: str) -> str:
    """'9 of 31 good (29%), 12 fair (39%), 10 average (32%)'."""
    titles = band_titles(criteria, lang)
    parts = []
    shares = whole_percents(list(counts.values()), units)
    for i, ((band_id, count), share) in enumerate(zip(counts.items(), shares, strict=True)):
        title = titles.get(band_id, band_id)
        title = title if lang == "vi" else title.lower()
        lead = f"{count} {term('of', lang)} {units} " if i == 0 else f"{count} "
        parts.append(f"{lead}{title} ({share}%)")
    return ", ".join(parts)


def about_lines(criteria: Criteria, lang: str) -> list[tuple[str, str]]:
    """The index's description and the source of its method, where the file gives them,
    as (term key, text): every publication shows them under the title."""
    lines = [("description", criteria.about(lang)), ("cites", criteria.cites)]
    return [(key, text) for key, text in lines if text]


def group_title(criteria: Criteria, group_id: str | None, lang: str) -> str:
    if group_id is None:
        return criteria.label(lang)
    return criteria.group(group_id).label(lang)


def movement(change: object, status: str) -> str:
    """'▲ 2' (up two places), '▼ 1', '=' or 'new'."""
    if status == "new":
        return "new"
    if change is None or change is pd.NA or (isinstance(change, float) and math.isnan(change)):
        return ""
    value = int(change)  # type: ignore[call-overload]
    return f"▲ {value}" if value > 0 else ("=" if value == 0 else f"▼ {-value}")


def signed_text(value: object, decimals: int, lang: str = "en") -> str:
    """A change with its sign: +1.07, −0.91, 0.00 (+1,07 in Vietnamese); empty where there
    is none."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    text = number_text(abs(number), decimals, lang)
    return f"+{text}" if number > 0 else (f"−{text}" if number < 0 else text)


def group_rows(criteria: Criteria, groups: pd.Series) -> list[tuple[str | None, np.ndarray]]:
    """Row positions of each group, in the criteria file's order (one slice without groups)."""
    if not criteria.groups:
        return [(None, np.arange(len(groups)))]
    values = groups.to_numpy(dtype=object)
    return [(g.id, np.flatnonzero(values == g.id)) for g in criteria.groups]


def group_slices(ranking: Ranking) -> list[tuple[str | None, np.ndarray]]:
    return group_rows(ranking.criteria, ranking.units["group"])


def summary_lines(ranking: Ranking, lang: str) -> tuple[dict[str | None, str], str | None]:
    """Each group's summary line ('6 of 22 good (27%), ...') and, where the criteria have
    groups, the line for all units; every format prints these."""
    criteria = ranking.criteria
    summary = summarize(ranking)
    overall = summary_line(summary["bands"], summary["units"], criteria, lang)
    if not criteria.groups:
        return {None: overall}, None
    per_group: dict[str | None, str] = {
        g: summary_line(s["bands"], s["units"], criteria, lang)
        for g, s in summary["groups"].items()
    }
    return per_group, overall


@dataclass(frozen=True)
class Column:
    """One column of the published table, its cells already text."""

    key: str
    header: str
    numeric: bool
    cells: list[str]




def unscored_header(criterion: Criterion, lang: str) -> str:
    """'Đô thị thông minh (không tính điểm)'."""
    return f"{criterion.label(lang)} ({term('unscored', lang)})"


def view_header(view: View, lang: str) -> str:
    """'Chính quyền số (điểm, hạng)'."""
    return f"{view.label(lang)} ({term('view.value_rank', lang)})"


def published_columns(ranking: Ranking, lang: str) -> list[Column]:
    """The columns of the published table per group, shared by table, markdown and HTML."""
    criteria = ranking.criteria
    d = criteria.decimals
    units = ranking.units
    titles = band_titles(criteria, lang)
    cols = [
        Column("rank", term("rank", lang), True, [str(r) for r in units["rank"]]),
        Column("id", term("id", lang), False, [str(v) for v in units["id"]]),
        Column("name", term("name", lang), False, [str(v or "") for v in units["name"]]),
        Column("score", term("score", lang), True,
               [number_text(v, d, lang) for v in units["score"]]),
        Column("percent", term("percent", lang), True,
               [number_text(v, d, lang) for v in units["percent"]]),
        Column("band", term("band", lang), False,
               [titles.get(b or "none", "") for b in units["band"]]),
    ]
    if ranking.comparison is not None:
        cols += _comparison_columns(ranking.comparison.frame, d, lang, titles)
    return cols + _points_columns(ranking, lang)


def _points_columns(ranking: Ranking, lang: str) -> list[Column]:
    """The views, then each top-level criterion's points (an unscored one's fraction), the
    bonuses and the deductions: the points, plus the bonuses, less the deductions, are
    the score."""
    criteria = ranking.criteria
    d = criteria.decimals
    units = ranking.units
    cols = []
    for view in view_columns(ranking):  # "78.50 (3)": the value and its rank in the group
        cols.append(Column(f"view.{view.view.id}", view_header(view.view, lang), True,
                           [f"{number_text(v, d, lang)} ({r})" if r is not pd.NA else ""
                            for v, r in zip(view.values.tolist(), view.ranks, strict=True)]))
    for top in criteria.top:
        if top.unscored:  # its value (a fraction, as DTI publishes its indices), no points
            cols.append(Column(f"value.{top.id}", unscored_header(top, lang), True,
                               [number_text(v, UNSCORED_DECIMALS, lang) for v in
                                ranking.unscored_fractions(top.id).tolist()]))
            continue
        cols.append(Column(f"points.{top.id}", top.label(lang), True,
                           [number_text(v, d, lang) for v in
                            ranking.rounded_points_of(top.id).tolist()]))
    if criteria.bonuses:  # a row's points, plus its bonuses, less its deductions: its score
        cols.append(Column("bonuses", term("bonuses", lang), True,
                           [signed_text(v, d, lang) for v in units["bonuses"]]))
    if criteria.deductions:
        cols.append(Column("deductions", term("deductions", lang), True,
                           [signed_text(-v if v else 0.0, d, lang)
                            for v in units["deductions"]]))
    return cols


def _comparison_columns(prev: pd.DataFrame, d: int, lang: str,
                        titles: dict[str, str]) -> list[Column]:
    """The year-on-year columns: previous rank, its change (▲ 2), previous score, its
    change (+1.07), previous band."""
    return [
        Column("previous_rank", term("previous_rank", lang), True,
               [("" if pd.isna(v) else str(v)) for v in prev["previous_rank"]]),
        Column("rank_change", term("rank_change", lang), True,
               [movement(c, s).replace("new", term("new", lang))
                for c, s in zip(prev["rank_change"], prev["status"], strict=True)]),
        Column("previous_score", term("previous_score", lang), True,
               [number_text(v, d, lang) for v in prev["previous_score"]]),
        Column("score_change", term("score_change", lang), True,
               [signed_text(v, d, lang) for v in prev["score_change"]]),
        Column("previous_band", term("previous_band", lang), False,
               [titles.get(b, "") if b else "" for b in prev["previous_band"]]),
    ]


def annex_columns(ranking: Ranking, lang: str, keep_id: bool = False) -> list[Column]:
    """The published columns for a page or a terminal, where width is short: without the
    percentage where every scale is 100 (it repeats the score), and without the id unless
    `keep_id` (the name says who)."""
    criteria = ranking.criteria
    scales = {criteria.scale_for(g.id) for g in criteria.groups} or {criteria.scale}
    drop = ({"percent"} if scales == {100.0} else set()) | (set() if keep_id else {"id"})
    return [c for c in published_columns(ranking, lang) if c.key not in drop]


def method_text(c: Criterion, lang: str) -> str:
    """A leaf's method as `criteria show` and the workbook's criteria sheet name it."""
    if c.kind is not None:
        return c.kind.describe(c, lang)
    return term(f"method.{c.aggregation}", lang)


def treatment_line(ranking: Ranking, lang: str) -> str | None:
    """'Outliers treated before scoring: Flights (1 value winsorised), Gas (log).' where
    the criteria treat outliers (docs/criteria-format.md, "Treatment")."""
    labels = {leaf.id: leaf.label(lang) for leaf in ranking.criteria.leaves()}
    done = []
    for t in ranking.treatment:
        if t.action == "winsorised":
            done.append(msg("treatment.winsorised", name=labels.get(t.id, t.id),
                            count=t.moved).text(lang))
        elif t.action == "log":
            done.append(msg("treatment.logged", name=labels.get(t.id, t.id)).text(lang))
    if not done:
        return None
    return f"{term('treatment.treated', lang)}: " + ", ".join(done)


def gone_line(ranking: Ranking, lang: str) -> str | None:
    """'No longer ranked: …', and with a lineage 'Merged: Lào Cai (from LC, YB). …'."""
    comparison = ranking.comparison
    if comparison is None:
        return None
    parts = []
    if not comparison.gone.empty:
        names = [f"{g.name or g.id!s} ({g.id!s})"
                 for g in comparison.gone.itertuples(index=False)]
        parts.append(f"{term('gone', lang)}: " + ", ".join(names))
    frame = comparison.frame
    if "previous_from" in frame:
        units = ranking.units
        for kind in ("merged", "split", "renamed"):
            rows = np.flatnonzero(frame["status"].to_numpy() == kind)
            if rows.size:
                listed = [f"{units['name'].iloc[i] or units['id'].iloc[i]} "
                          f"({', '.join(frame['previous_from'].iloc[i])})" for i in rows]
                parts.append(f"{term(f'lineage.{kind}', lang)}: " + ", ".join(listed))
    return ". ".join(parts) if parts else None
