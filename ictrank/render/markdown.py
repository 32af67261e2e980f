"""`score --format markdown`: a table per group, ready to paste into a report."""

from __future__ import annotations

from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.common import (
    about_lines,
    gone_line,
    group_slices,
    group_title,
    published_columns,
    summary_lines,
    term,
    treatment_line,
)
from ictrank.safety import markdown_text


def _cell(text: object) -> str:
    return markdown_text(str(text))


def render_markdown(ranking: Ranking, lang: str = "en") -> str:
    criteria = ranking.criteria
    lines = [f"# {_cell(criteria.titled(lang))}", ""]
    for key, text in about_lines(criteria, lang):
        lines += [f"*{term(key, lang)}:* {_cell(text)}", ""]
    return "\n".join(lines + markdown_body(ranking, lang, "##"))


def markdown_body(ranking: Ranking, lang: str, level: str) -> list[str]:
    """The tables of one ranking, a `level` heading (## or ###) per group."""
    criteria = ranking.criteria
    columns = published_columns(ranking, lang)
    lines: list[str] = []
    per_group, overall = summary_lines(ranking, lang)
    for group_id, rows in group_slices(ranking):
        if criteria.groups:
            lines += [f"{level} {_cell(group_title(criteria, group_id, lang))}", ""]
        lines.append("| " + " | ".join(_cell(c.header) for c in columns) + " |")
        lines.append("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|")
        for i in rows:
            lines.append("| " + " | ".join(_cell(c.cells[i]) for c in columns) + " |")
        lines += ["", _cell(per_group[group_id]), ""]
    if overall is not None:
        lines += [f"**{term('all', lang)}:** {_cell(overall)}", ""]
    for note in (gone_line(ranking, lang), treatment_line(ranking, lang)):
        if note:
            lines += [_cell(note), ""]
    return lines


def publish_markdown(ranking: Ranking, options: RenderOptions) -> str:
    return render_markdown(ranking, options.lang)
