"""`score --format markdown`: a table per group, ready to paste into a report."""

from __future__ import annotations

from ictrank.render.common import (
    band_counts,
    gone_line,
    group_slices,
    group_title,
    label,
    published_columns,
    summarize,
    summary_line,
)
from ictrank.scoring import Ranking


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(ranking: Ranking, lang: str = "en") -> str:
    criteria = ranking.criteria
    columns = published_columns(ranking, lang)
    lines = [f"# {_cell(criteria.label(lang))}" + (f" {criteria.year}" if criteria.year else ""),
             ""]
    bands = ranking.units["band"].to_numpy(dtype=object)
    for group_id, rows in group_slices(ranking):
        if criteria.groups:
            lines += [f"## {_cell(group_title(criteria, group_id, lang))}", ""]
        lines.append("| " + " | ".join(_cell(c.header) for c in columns) + " |")
        lines.append("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|")
        for i in rows:
            lines.append("| " + " | ".join(_cell(c.cells[i]) for c in columns) + " |")
        counts = band_counts(bands[rows], list(criteria.bands_for(group_id)))
        lines += ["", summary_line(counts, len(rows), criteria, lang), ""]
    if criteria.groups:
        summary = summarize(ranking)
        lines += [f"**{label('all', lang)}:** "
                  + summary_line(summary["bands"], summary["units"], criteria, lang), ""]
    gone = gone_line(ranking, lang)
    if gone:
        lines += [_cell(gone), ""]
    return "\n".join(lines)
