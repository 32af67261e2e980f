"""`score --format markdown`: a table per group, ready to paste into a report."""

from __future__ import annotations

from ictrank.render.common import (
    band_counts,
    band_titles,
    group_slices,
    group_title,
    label,
    number_text,
    summarize,
    summary_line,
)
from ictrank.scoring import Ranking


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(ranking: Ranking, lang: str = "en") -> str:
    criteria = ranking.criteria
    d = criteria.decimals
    titles = band_titles(criteria, lang)
    head = [label(k, lang) for k in ("rank", "id", "name", "score", "percent", "band")]
    head += [c.label(lang) for c in criteria.top]
    lines = [f"# {_cell(criteria.label(lang))}" + (f" {criteria.year}" if criteria.year else ""),
             ""]
    units = ranking.units
    for group_id, rows in group_slices(ranking):
        if criteria.groups:
            lines += [f"## {_cell(group_title(criteria, group_id, lang))}", ""]
        lines.append("| " + " | ".join(_cell(h) for h in head) + " |")
        align = ["---:", "---", "---", "---:", "---:", "---"] + ["---:"] * len(criteria.top)
        lines.append("|" + "|".join(align) + "|")
        for i in rows:
            u = units.iloc[i]
            cells = [str(u["rank"]), u["id"], u["name"], number_text(u["score"], d),
                     number_text(u["percent"], d), titles.get(u["band"] or "none", "")]
            cells += [number_text(ranking.points[c.id].iloc[i], d) for c in criteria.top]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        counts = band_counts(units["band"].to_numpy(dtype=object)[rows],
                             list(criteria.bands_for(group_id)))
        lines += ["", summary_line(counts, len(rows), criteria, lang), ""]
    if criteria.groups:
        summary = summarize(ranking)
        lines += [f"**{label('all', lang)}:** "
                  + summary_line(summary["bands"], summary["units"], criteria, lang), ""]
    return "\n".join(lines)
