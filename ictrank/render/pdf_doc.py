"""A PDF of tables per group with a chart under each, for the analyses that go with the
decision (the explanatory report): `trend -o trend.pdf`, `sensitivity -o sensitivity.pdf`.

It is set as the annex is (pdf_out.py): the same title block and style, the same table
(header repeated, a group that runs on headed "(tiếp theo)"), one orientation a document,
and charts drawn as vector graphics with fpdf2's lines and text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ictrank.criteria import Criteria
from ictrank.render.common import Column
from ictrank.render.pdf_out import (
    FONT,
    INK,
    MUTED,
    PAGE_WIDTH,
    _layout,
    _pdf,
    _rgb,
    _title_block,
    _without_library_warnings,
    annex_title,
    check_texts,
    draw_table,
    fitted_columns,
    uses_italics,
)

Chart = Callable[[Any, float], None]  # draws on the pdf at its current y, over a width


@dataclass(frozen=True)
class Section:
    """One group: its heading, the rows of the shared columns, the band colour of a cell,
    and a chart drawn under its table."""

    heading: str | None
    rows: np.ndarray
    fill: Callable[[str, int], str | None] = field(default=lambda key, i: None)
    chart: Chart | None = None


def table_document(criteria: Criteria, lang: str, made: dt.date, subtitle: str,
                   columns: list[Column], sections: list[Section],
                   periods: tuple[str, ...] = ()) -> bytes:
    """The document: title block, `subtitle`, then each section's heading, table, chart."""
    check_texts([(column.header, column.header) for column in columns]
                + [(subtitle, subtitle), (criteria.label(lang), annex_title(criteria, lang,
                                                                           periods))]
                + [(str(s.heading), s.heading or "") for s in sections]
                + [(column.header, cell) for column in columns for cell in column.cells],
                criteria.publication.style)
    return _without_library_warnings(lambda: _document(criteria, lang, made, subtitle,
                                                       columns, sections, periods))


def _document(criteria: Criteria, lang: str, made: dt.date, subtitle: str,
              columns: list[Column], sections: list[Section],
              periods: tuple[str, ...]) -> bytearray:
    pdf = _pdf("P", lang, made, criteria.publication.style, uses_italics(criteria, lang))
    pdf.set_title(f"{annex_title(criteria, lang, periods)} — {subtitle}")
    fitted, _ = fitted_columns(columns)
    layout = _layout(pdf, fitted)
    pdf.add_page(orientation=layout.orientation)
    width = PAGE_WIDTH[layout.orientation] - 2 * pdf.l_margin
    _title_block(pdf, criteria, lang, width, periods)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(width, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for section in sections:
        if pdf.will_page_break(40):
            pdf.add_page(same=True)
        if section.heading:
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(width, 6, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.continuing = section.heading
        draw_table(pdf, fitted, section.rows, layout, section.fill)
        pdf.continuing = None
        pdf.ln(3)
        if section.chart is not None and len(section.rows):
            section.chart(pdf, width)
            pdf.set_draw_color(0, 0, 0)  # the chart's colours stay in the chart
            pdf.set_fill_color(255, 255, 255)
            pdf.set_line_width(0.2)
        pdf.ln(4)
    return bytearray(pdf.output())


def chart_box(pdf: Any, height: float) -> float:
    """The top of a chart `height` mm tall: here, or on a new page when it would not fit."""
    if pdf.will_page_break(height):
        pdf.add_page(same=True)
    top = float(pdf.get_y())
    pdf.set_y(top + height)
    return top


def label(pdf: Any, x: float, y: float, text: str, size: float = 6.5,
          align: str = "L", color: tuple[int, int, int] = INK) -> None:
    """`text` with its baseline middle at (x, y), left of x when `align` is R."""
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*color)
    shift = pdf.get_string_width(text) if align == "R" else 0.0
    pdf.text(x - shift, y + size * 0.35 / 2.0 * 0.8, text)
    pdf.set_text_color(*INK)


def stroke(pdf: Any, color: str | None, width: float = 0.5) -> None:
    pdf.set_draw_color(*(_rgb(color) if color else MUTED))
    pdf.set_fill_color(*(_rgb(color) if color else MUTED))
    pdf.set_line_width(width)
