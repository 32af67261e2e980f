"""What every output format shares: labels in two languages, counts per band, number text."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ictrank.criteria import Band, Criteria
from ictrank.scoring import Ranking

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "rank": "Rank", "id": "ID", "name": "Name", "group": "Group", "score": "Score",
        "percent": "Percent", "band": "Band", "deductions": "Deductions", "missing": "Missing",
        "all": "All units", "of": "of", "none": "no band", "warnings": "Warnings",
    },
    "vi": {
        "rank": "Hạng", "id": "Mã", "name": "Tên đơn vị", "group": "Nhóm", "score": "Điểm",
        "percent": "Tỷ lệ (%)", "band": "Xếp loại", "deductions": "Điểm trừ",
        "missing": "Thiếu số liệu", "all": "Tất cả đơn vị", "of": "trên", "none": "không xếp loại",
        "warnings": "Cảnh báo",
    },
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["en"])[key]


def defuse(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV/XLSX injection defence)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def number_text(value: float, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.{decimals}f}"


def plain_number(value: float) -> int | float:
    """A scale or threshold as JSON shows it: 100, not 100.0."""
    return int(value) if float(value).is_integer() else float(value)


def band_counts(bands: np.ndarray, all_bands: list[Band]) -> dict[str, int]:
    counts = {b.id: int((bands == b.id).sum()) for b in all_bands}
    unbanded = int(sum(1 for b in bands if b is None))
    if unbanded:
        counts["none"] = unbanded
    return counts


def summarize(ranking: Ranking) -> dict[str, Any]:
    """SPEC §5 summary: units and band counts overall and per group."""
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
    titles["none"] = label("none", lang)
    return titles


def summary_line(counts: dict[str, int], units: int, criteria: Criteria, lang: str) -> str:
    """'9 of 31 good (29%), 12 fair (39%), 10 average (32%)'."""
    titles = band_titles(criteria, lang)
    parts = []
    for i, (band_id, count) in enumerate(counts.items()):
        share = round(100 * count / units) if units else 0
        title = titles.get(band_id, band_id)
        title = title if lang == "vi" else title.lower()
        lead = f"{count} {label('of', lang)} {units} " if i == 0 else f"{count} "
        parts.append(f"{lead}{title} ({share}%)")
    return ", ".join(parts)


def group_title(criteria: Criteria, group_id: str | None, lang: str) -> str:
    if group_id is None:
        return criteria.label(lang)
    return criteria.group(group_id).label(lang)


def group_slices(ranking: Ranking) -> list[tuple[str | None, np.ndarray]]:
    """Row positions of each group, in the criteria file's order (one slice without groups)."""
    if not ranking.criteria.groups:
        return [(None, np.arange(len(ranking)))]
    groups = ranking.units["group"].to_numpy(dtype=object)
    return [(g.id, np.flatnonzero(groups == g.id)) for g in ranking.criteria.groups]
