"""`score -o ranking.pdf`: the ranking as an annex (phụ lục) an office can sign.

A4, portrait when the table fits it and landscape when it does not; the title
block from the criteria file's `publication:` keys; a section per group with
its band counts and its table (rank, name, score, band, the year-on-year
columns when there is a previous ranking, the points of each top-level
criterion); the table's header row repeated on every page; "Trang 1/3" at the
foot. The text is DejaVu Serif Condensed with its italics, as Nghị định 30/2020
sets official documents (or DejaVu Sans Condensed, `publication.style: sans`),
bundled (ictrank/fonts), so the diacritics render and can be searched on any
machine. Same inputs on the same day give the same bytes: the only date inside is
the day made.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictrank import __version__
from ictrank.codes import Code
from ictrank.criteria import Criteria
from ictrank.errors import IctrankError
from ictrank.messages import msg
from ictrank.ranking import Ranking
from ictrank.render import RenderOptions
from ictrank.render.colors import ink_on
from ictrank.render.common import (
    Column,
    about_lines,
    annex_columns,
    gone_line,
    group_slices,
    group_title,
    summary_lines,
    term,
    today,
    treatment_line,
)

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "Annex"
# the faces of each style (publication.style): the decree's serif with its italics, or the
# condensed sans (which has no italics bundled: its regular stands in)
FACES = {
    "decree": {"": "DejaVuSerifCondensed.ttf", "B": "DejaVuSerifCondensed-Bold.ttf",
               "I": "DejaVuSerifCondensed-Italic.ttf", "BI": "DejaVuSerifCondensed-BoldItalic.ttf"},
    "sans": {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf",
             "I": "DejaVuSansCondensed.ttf", "BI": "DejaVuSansCondensed-Bold.ttf"},
}
MARGIN = 12.0  # mm
PAGE_WIDTH = {"P": 210.0, "L": 297.0}
SIZES = (9.0, 8.0, 7.0)  # table font sizes tried, largest first
PADDING = 1.2  # mm each side of a cell
MIN_NAME = 38.0  # mm: the name column wraps below this, never narrower
UP, DOWN, INK, MUTED = (27, 127, 59), (180, 35, 24), (31, 41, 51), (82, 96, 109)


@dataclass(frozen=True)
class _Layout:
    orientation: str
    size: float
    widths: list[float]


def _pdf(orientation: str, lang: str, made: dt.date, style: str = "decree",
         italics: bool = True) -> Any:
    from fpdf import FPDF

    class Annex(FPDF):
        continuing: str | None = None  # the group whose table runs on to the next page
        text_widths: TextWidths  # set below: the widths of the texts the tables hold

        def header(self) -> None:
            """A group that runs on repeats its heading, "(tiếp theo)", above its table's
            repeated header row."""
            if self.continuing:
                self.set_font(FONT, "B", 11)
                self.multi_cell(0, 6, f"{self.continuing} ({term('pdf.continued', lang)})",
                                new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(FONT, size=8)
            self.set_text_color(*MUTED)
            self.cell(0, 4, f"{term('page', lang)} {self.page_no()}/{{nb}}", align="C")

    pdf = Annex(orientation=orientation, unit="mm", format="A4")
    pdf.text_widths = TextWidths(pdf)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=14)
    for face, file in FACES[style].items():  # (reading a font costs a tenth of a second)
        if italics or "I" not in face:
            pdf.add_font(FONT, face, str(FONT_DIR / file))
    pdf.set_creation_date(dt.datetime(made.year, made.month, made.day, tzinfo=dt.UTC))
    pdf.set_creator(f"ictrank {__version__}")
    pdf.set_lang("vi" if lang == "vi" else "en")
    return pdf


MEASURE = 10.0  # points: the size a table's texts are measured at, once


class TextWidths:
    """Texts' widths in the annex's regular and bold face at MEASURE points, scaled to any
    size. fpdf2 (without text shaping) measures a text as the sum of its characters'
    widths times the size: each character is measured once, and a text then costs a sum
    (2,000 units measured text by text took a quarter of the annex's time)."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.chars: dict[bool, dict[str, float]] = {False: {}, True: {}}

    def learn(self, texts: Iterable[str]) -> None:
        """Measure the characters of `texts` not yet measured. Call it before a page is
        open: setting a font on an open page writes to the page. The pdf's font is set
        back as it was."""
        new = set("".join(texts)).difference(self.chars[False])
        if not new:
            return
        pdf = self.pdf
        was = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
        for bold, table in self.chars.items():
            pdf.set_font(FONT, "B" if bold else "", MEASURE)
            table.update((ch, pdf.get_string_width(ch)) for ch in new)
        if was[0]:
            pdf.set_font(*was)

    def width(self, text: str, bold: bool = False, size: float = MEASURE) -> float:
        table = self.chars[bold]
        try:
            total = sum(map(table.__getitem__, text))
        except KeyError:  # a character no table column holds (a test's own text)
            self.learn([text])
            total = sum(map(table.__getitem__, text))
        return total * size / MEASURE


def _header_width(widths: TextWidths, header: str, lines: int = 4) -> float:
    """The narrowest width at which `header` (bold, MEASURE points), wrapped at spaces,
    takes at most `lines` lines (never narrower than its longest word)."""
    words = header.split()
    space = widths.width(" ", True)
    sizes = [widths.width(w, True) for w in words]
    for width in sorted(set(sizes) | {sum(sizes[i:j]) + space * (j - i - 1)
                                      for i in range(len(words))
                                      for j in range(i + 1, len(words) + 1)}):
        used, line = 1, -space
        for size in sizes:
            if line + space + size > width + 1e-9:
                used, line = used + 1, size
            else:
                line += space + size
        if used <= lines:
            return width
    return sum(sizes) + space * (len(sizes) - 1)


def _measured(widths: TextWidths, columns: list[Column]) -> list[tuple[float, float]]:
    """Each column's widest cell and its header's width on at most four lines, at MEASURE
    points, scaled to every size tried."""
    return [(_header_width(widths, col.header),
             max((widths.width(c, col.key == "band") for c in set(col.cells)), default=0.0))
            for col in columns]


def _natural_widths(widths: TextWidths, measured: list[tuple[float, float]],
                    size: float) -> list[float]:
    """Each column as wide as its widest cell, its header on at most four lines, and no
    narrower than _fits allows (three letters)."""
    few = widths.width("W" * 3, size=size)
    return [max((header * size / MEASURE), cells * size / MEASURE, few) + 2 * PADDING + 0.6
            for header, cells in measured]


MAX_CELL = 200  # characters of a cell set in the annex; a longer text ends with "…"
MAX_HEADER = 80  # characters of a column's heading in the annex


def _short(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters (the rest as "…")."""
    text = " ".join(text.split()) if ("\n" in text or "\r" in text) else text
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def fitted_columns(columns: list[Column]) -> tuple[list[Column], int]:
    """The columns as the annex sets them: line breaks as spaces, a cell past MAX_CELL and
    a heading past MAX_HEADER characters shortened with "…" (a page cannot hold a name of
    10,000 characters); and how many texts were shortened, which the annex says."""
    from dataclasses import replace

    fitted, shortened = [], 0
    for col in columns:
        cells = [_short(c, MAX_CELL) for c in col.cells]
        header = _short(col.header, MAX_HEADER)
        shortened += sum(a != b for a, b in zip(cells, col.cells, strict=True) if len(b) > len(a))
        shortened += len(header) < len(col.header)
        fitted.append(replace(col, header=header, cells=cells))
    return fitted, shortened


def _text_widths(pdf: Any, columns: list[Column]) -> TextWidths:
    """The pdf's text widths, knowing every character of `columns`."""
    measure: TextWidths = pdf.text_widths
    measure.learn([*(c.header for c in columns), *(cell for c in columns for cell in c.cells),
                   "W "])
    return measure


def _fits(pdf: Any, columns: list[Column], widths: list[float]) -> bool:
    """Every numeric column at least as wide as its widest number, and every other as
    wide as a few characters, so that no number is broken and no text set a character a
    line (or not at all: fpdf2 refuses a column narrower than one character)."""
    measure = _text_widths(pdf, columns)
    few = measure.width("W" * 3, size=SIZES[-1])
    for col, width in zip(columns, widths, strict=True):
        least = max((measure.width(c, size=SIZES[-1]) for c in set(col.cells)),
                    default=0.0) if col.numeric else few
        if width < max(least, few) + 2 * PADDING:
            return False
    return True


def _layout(pdf: Any, columns: list[Column],
            orientations: tuple[str, ...] = ("P", "L")) -> _Layout:
    """Portrait when the table fits its width at the largest size, else landscape; the
    font shrinks before the name column drops under MIN_NAME; the name takes what is left."""
    name = next(i for i, c in enumerate(columns) if c.key == "name")
    measure = _text_widths(pdf, columns)
    measured = _measured(measure, columns)
    for orientation in orientations:
        usable = PAGE_WIDTH[orientation] - 2 * MARGIN
        for size in SIZES:
            widths = _natural_widths(measure, measured, size)
            others = sum(widths) - widths[name]
            if usable - others >= min(MIN_NAME, widths[name]):
                widths[name] = usable - others
                return _Layout(orientation, size, widths)
    widths = _natural_widths(measure, measured, SIZES[-1])  # the widest tables: shrink to fit
    others = sum(widths) - widths[name]
    usable = PAGE_WIDTH["L"] - 2 * MARGIN
    factor = (usable - MIN_NAME) / others
    widths = [w * factor for w in widths]
    widths[name] = MIN_NAME
    return _Layout("L", SIZES[-1], widths)


def _title_block(pdf: Any, criteria: Criteria, lang: str, width: float,
                 periods: tuple[str, ...] = ()) -> None:
    publication = criteria.publication
    issuer = publication.text("issuer", lang)
    where = publication.place_and_date(lang)
    if issuer or where:
        pdf.set_font(FONT, "B", 10)
        top = pdf.get_y()
        pdf.multi_cell(width * 0.5, 5, issuer or "", align="C", new_x="LMARGIN", new_y="NEXT")
        below = pdf.get_y()
        pdf.set_xy(pdf.l_margin + width * 0.5, top)
        pdf.set_font(FONT, "I", 10)  # the place and date line, in italics (Nghị định 30)
        pdf.multi_cell(width * 0.5, 5, where or "", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(below, pdf.get_y()) + 4)
    annex = publication.text("annex", lang)
    if annex:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(width, 6, annex, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(width, 6.5, annex_title(criteria, lang, periods), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    decision = publication.text("decision", lang)
    if decision:
        pdf.set_font(FONT, "I", 10)
        pdf.multi_cell(width, 5, f"({decision})", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 8.5)
    for key, text in about_lines(criteria, lang):
        pdf.multi_cell(width, 4.2, f"{term(key, lang)}: {text}", align="C",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(2)


def uses_italics(criteria: Criteria, lang: str) -> bool:
    """Whether the title block sets anything in italics: the place and date, the decision."""
    publication = criteria.publication
    return bool(publication.place_and_date(lang) or publication.text("decision", lang))


def annex_title(criteria: Criteria, lang: str, periods: tuple[str, ...] = ()) -> str:
    """The index's name with its year, or its periods' span for a panel: in Vietnamese in
    capitals, the year after "NĂM" ("… TỈNH LÀO CAI NĂM 2014")."""
    year: int | str | None = criteria.year
    if len(periods) > 1:
        year = f"{periods[0]}–{periods[-1]}"
    elif periods:
        year = periods[0]
    if lang != "vi":
        return criteria.titled(lang, year=year)
    return criteria.titled(lang, separator=" năm ", year=year).upper()


@functools.cache
def _font_characters(style: str = "decree") -> frozenset[int]:
    """The characters the style's font can show (the same in every face of it)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_DIR / FACES[style][""]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _check_glyphs(ranking: Ranking, columns: list[Column], lang: str,
                  periods: tuple[str, ...] = ()) -> None:
    """Refuse a ranking whose text the font cannot show: a name would print with holes in
    it, silently. Names a cell (its unit) or the header it is in."""
    ids = [str(v) for v in ranking.units["id"]]
    criteria = ranking.criteria
    titles = [criteria.titled(lang), *(text for _, text in about_lines(criteria, lang)),
              *(criteria.publication.text(key, lang) or "" for key in
                ("issuer", "annex", "decision", "place")),
              *(g.label(lang) for g in criteria.groups),
              *(b.label(lang) for b in criteria.all_bands())]
    texts = [(Path(criteria.source).name, text) for text in titles]
    if ranking.comparison is not None:  # the units gone since, named under the tables
        gone = ranking.comparison.gone
        texts += [(str(unit), str(name or "")) for unit, name in
                  zip(gone["id"].tolist(), gone["name"].tolist(), strict=True)]
    texts += [(term("period", lang), period) for period in periods]
    for col in columns:
        texts += [(col.header, col.header), *zip(ids, col.cells, strict=True)]
    check_texts(texts, criteria.publication.style)


def check_texts(texts: list[tuple[str, str]], style: str) -> None:
    """Refuse a text (named by where it is) the style's font cannot show, or written right
    to left."""
    known = _font_characters(style)
    for where, text in texts:
        if any(unicodedata.bidirectional(ch) in RIGHT_TO_LEFT for ch in text):
            # fpdf2 lays text out left to right without a shaping engine (a dependency
            # with a compiled part): Arabic or Hebrew would come out reversed and unjoined
            raise IctrankError(msg("pdf.right_to_left", text=text, where=where),
                               Code.INVALID_ARGUMENT)
        missing = sorted({ch for ch in text if ord(ch) not in known and not ch.isspace()})
        if missing:
            raise IctrankError(msg("pdf.no_glyph", chars=" ".join(missing), text=text,
                                   where=where), Code.INVALID_ARGUMENT)


RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})  # Unicode bidi classes


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return (int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16))


@dataclass(frozen=True)
class _Look:
    """How a cell stands out: bold, its ink, its fill (RGB)."""

    bold: bool = False
    ink: tuple[int, int, int] = INK
    fill: tuple[int, int, int] | None = None


def _styled_cell(col: Column, text: str, band_color: str | None) -> _Look | None:
    """The band in its colour (black or white on the band's fill, whichever reads), a rise
    green, a fall red."""
    if (col.key == "band" or col.key.startswith("band.")) and band_color and text:
        return _Look(True, _rgb(ink_on(band_color)), _rgb(band_color))
    if col.key in ("rank_change", "score_change") and text[:1] in ("▲", "+"):
        return _Look(ink=UP)
    if col.key in ("rank_change", "score_change") and text[:1] in ("▼", "−"):
        return _Look(ink=DOWN)
    return None


def _group_table(pdf: Any, ranking: Ranking, columns: list[Column], rows: Any,
                 layout: _Layout) -> None:
    colors = {b.id: b.color for b in ranking.criteria.all_bands()}
    bands = ranking.units["band"].to_numpy(dtype=object)
    draw_table(pdf, columns, rows, layout, lambda key, i: colors.get(str(bands[i])))


def draw_table(pdf: Any, columns: list[Column], rows: Any, layout: _Layout,
               fill: Any) -> None:
    """The table of `rows`, its header row repeated on every page; `fill(key, i)` gives a
    band cell's colour. Set cell by cell with fpdf2's `cell` (a text on one line) and
    `multi_cell` (one that wraps): its `table` lays out each cell as a paragraph, which
    took 10 s for 2,000 units where this takes a fraction."""
    margin = pdf.c_margin  # fpdf2's own padding inside a cell: the table pads its cells
    pdf.c_margin = 0.0
    table = _Table(pdf, columns, layout, fill)
    table.header()
    for i in rows:
        table.row(int(i))
    pdf.set_y(table.y)
    pdf.c_margin = margin


class _Table:
    """The running state of one table: where the next row goes, and the lines each text
    wraps to in its column (a band's title recurs on every row: wrapped once)."""

    def __init__(self, pdf: Any, columns: list[Column], layout: _Layout, fill: Any) -> None:
        self.pdf, self.columns, self.layout, self.fill = pdf, columns, layout, fill
        self.line = layout.size * 0.5
        self.left = float(pdf.l_margin)
        self.width = sum(layout.widths)
        self.y = float(pdf.get_y())
        self.aligns = ["R" if c.numeric else ("C" if c.key == "band" else "L")
                       for c in columns]
        self.wraps: dict[tuple[str, float, bool], list[str]] = {}
        self.widths: TextWidths = pdf.text_widths
        self.face: tuple[bool, tuple[int, int, int]] | None = None  # what the pdf is set to
        self.numeric = [c.numeric for c in columns]

    def measure(self, text: str, bold: bool) -> float:
        """A text's width in its face at the table's size."""
        return self.widths.width(text, bold, self.layout.size)

    def wrapped(self, text: str, width: float, bold: bool) -> list[str]:
        """`text` in the lines that fit a cell `width` wide, broken between words; where a
        word alone is wider, as fpdf2's multi_cell breaks it (inside the word)."""
        key = (text, width, bold)
        if key not in self.wraps:
            room = width - 2 * PADDING
            lines: list[str] = []
            current = ""
            for word in text.split(" ") if self.measure(text, bold) > room else [text]:
                trial = f"{current} {word}" if current else word
                if not trial or self.measure(trial, bold) <= room:
                    current = trial
                elif not current or self.measure(word, bold) > room:
                    lines = self.broken(text, room, bold)
                    break
                else:
                    lines.append(current)
                    current = word
            else:
                lines.append(current)
            self.wraps[key] = lines
        return self.wraps[key]

    def broken(self, text: str, room: float, bold: bool) -> list[str]:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", self.layout.size)
        self.face = None
        margin, pdf.c_margin = pdf.c_margin, 0.0
        lines = pdf.multi_cell(room, self.line, text, dry_run=True, output="LINES")
        pdf.c_margin = margin
        return [str(line) for line in lines]

    def header(self) -> None:
        pdf = self.pdf
        cells: list[tuple[str, float, _Look | None]] = [
            (c.header, w, None) for c, w in zip(self.columns, self.layout.widths, strict=True)]
        self.y += self.draw_row(cells, ["C"] * len(cells), bold=True, shade=(240, 244, 248))
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.2)
        pdf.line(self.left, self.y, self.left + self.width, self.y)

    def row(self, i: int) -> None:
        cells = [(c.cells[i], w, _styled_cell(c, c.cells[i], self.fill(c.key, i)))
                 for c, w in zip(self.columns, self.layout.widths, strict=True)]
        height = self.height(cells, bold=False)
        if self.y + height > self.pdf.h - self.pdf.b_margin:  # the next page, headed again
            self.pdf.add_page(same=True)
            self.face = None  # the page's heading and footer set their own face and ink
            self.y = float(self.pdf.get_y())
            self.header()
        self.y += self.draw_row(cells, self.aligns, bold=False)

    def height(self, cells: list[tuple[str, float, _Look | None]], bold: bool) -> float:
        """The row's height: its tallest cell's lines (a number never wraps: its column is
        as wide as its widest number)."""
        return max(1 if numeric and not bold else
                   self.count(text, width, bold or bool(look and look.bold))
                   for (text, width, look), numeric in zip(cells, self.numeric, strict=True)
                   ) * self.line + 1.6

    def count(self, text: str, width: float, bold: bool) -> int:
        return len(self.wrapped(text, width, bold))

    def draw_row(self, cells: list[tuple[str, float, _Look | None]], aligns: list[str],
                 bold: bool, shade: tuple[int, int, int] | None = None) -> float:
        """The cells of one row at self.y; returns its height."""
        pdf = self.pdf
        height = self.height(cells, bold)
        if shade is not None:
            pdf.set_fill_color(*shade)
            pdf.rect(self.left, self.y, self.width, height, style="F")
            self.face = None  # (the fill is the ink's no more: see set)
        x = self.left
        for (text, width, look), align in zip(cells, aligns, strict=True):
            strong = bold or bool(look and look.bold)
            if look is not None and look.fill is not None:
                pdf.set_fill_color(*look.fill)
                pdf.rect(x, self.y, width, height, style="F")
                self.face = None
            self.set(strong, look.ink if look is not None else INK)
            self.text(x, width, height, text, align, strong)
            x += width
        self.set(False, INK)
        return height

    def set(self, bold: bool, ink: tuple[int, int, int]) -> None:
        """The face and ink of the next text, changed only when they change (fpdf2's own
        setters cost as much as a text). The fill colour is set to the ink as well: fpdf2's
        `text` then sets the page's colour once, not around every text (a third of its
        time)."""
        if (bold, ink) != self.face:
            self.pdf.set_font(FONT, "B" if bold else "", self.layout.size)
            self.pdf.set_text_color(*ink)
            self.pdf.set_fill_color(*ink)
            self.face = (bold, ink)

    def text(self, x: float, width: float, height: float, text: str, align: str,
             bold: bool) -> None:
        """`text` in the cell at (x, self.y), centred in its height: each line set with
        fpdf2's `text`, five times as fast as `cell` and placed as `cell` places it."""
        pdf = self.pdf
        lines = self.wrapped(text, width, bold)
        top = self.y + (height - len(lines) * self.line) / 2
        for k, line in enumerate(lines):
            if not line:
                continue
            if align == "L":
                left = x + PADDING
            else:
                used = self.measure(line, bold)
                left = x + width - PADDING - used if align == "R" else x + (width - used) / 2
            pdf.text(left, top + k * self.line + self.line / 2 + 0.3 * pdf.font_size, line)


def _group_height(layout: _Layout, rows: int) -> float:
    """About how tall a group's section is (mm): heading, band counts, the header row and
    one line a row. A name that wraps makes it taller; the table then runs on, headed."""
    line = layout.size * 0.5 + 1.6
    return 6 + 4.5 + 1 + 4 * line + rows * line + 4


def annex_sections(pdf: Any, ranking: Ranking, lang: str, layout: _Layout,
                   columns: list[Column], width: float) -> None:
    """A section per group (heading, band counts, table), then all units and units gone."""
    criteria = ranking.criteria
    per_group, overall = summary_lines(ranking, lang)
    for group_id, rows in group_slices(ranking):
        # a group short enough for a page is never split: it starts on a new page when it
        # would not fit on this one; a longer one starts here with at least 3 rows
        needed = _group_height(layout, len(rows))
        page = pdf.h - pdf.t_margin - pdf.b_margin
        if pdf.will_page_break(min(needed, 48) if needed > page else needed):
            pdf.add_page(same=True)
        title = group_title(criteria, group_id, lang) if criteria.groups else None
        if title:
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(width, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 4.5, per_group[group_id], new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1)
        pdf.continuing = title  # a page break inside the table repeats the heading
        _group_table(pdf, ranking, columns, rows, layout)
        pdf.continuing = None
        pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    for line in (f"{term('all', lang)}: {overall}" if overall else None,
                 gone_line(ranking, lang), treatment_line(ranking, lang)):
        if line:
            pdf.multi_cell(width, 4.5, line, new_x="LMARGIN", new_y="NEXT")


def annex_pdf(criteria: Criteria, parts: list[tuple[str | None, Ranking]], lang: str,
              made: dt.date | None = None) -> bytes:
    """The annex of one ranking (`parts` of one, no period) or of several periods, each
    period from a new page under its heading, in the orientation its own table needs."""
    return _without_library_warnings(lambda: _annex(criteria, parts, lang,
                                                    made or today()))


def _annex(criteria: Criteria, parts: list[tuple[str | None, Ranking]], lang: str,
           made: dt.date) -> bytearray:
    pdf = _pdf("P", lang, made, criteria.publication.style, uses_italics(criteria, lang))
    tables = [annex_columns(ranking, lang) for _, ranking in parts]
    periods = tuple(str(period) for period, _ in parts if period is not None)
    pdf.set_title(annex_title(criteria, lang, periods))
    for (_, ranking), columns in zip(parts, tables, strict=True):
        _check_glyphs(ranking, columns, lang, periods)
    # measured before any page is open: setting a font on an open page writes to it
    notes: list[list[str]] = []
    layouts = []
    for k, columns in enumerate(tables):
        tables[k], shortened = fitted_columns(columns)
        layouts.append(_layout(pdf, tables[k]))
        said = [msg("pdf.shortened", count=shortened, limit=MAX_CELL).text(lang)] if (
            shortened) else []
        if not _fits(pdf, tables[k], layouts[-1].widths):  # too many criteria for a page
            kept = [c for c in tables[k] if not c.key.startswith("points.")]
            said.append(msg("pdf.no_points", count=len(tables[k]) - len(kept)).text(lang))
            tables[k] = kept
        layouts[-1] = _layout(pdf, tables[k])  # (its measuring leaves the font set as before)
        notes.append(said)
    if any(layout.orientation == "L" for layout in layouts):  # one orientation a document
        layouts = [_layout(pdf, table, ("L",)) for table in tables]
    for k, ((period, ranking), columns, layout) in enumerate(zip(parts, tables, layouts,
                                                                  strict=True)):
        pdf.add_page(orientation=layout.orientation)
        width = PAGE_WIDTH[layout.orientation] - 2 * MARGIN
        if k == 0:
            _title_block(pdf, criteria, lang, width, periods)
        if period is not None:
            pdf.set_font(FONT, "B", 12)
            pdf.multi_cell(width, 7, f"{term('period', lang)} {period}",
                           new_x="LMARGIN", new_y="NEXT")
        annex_sections(pdf, ranking, lang, layout, columns, width)
        pdf.set_font(FONT, "", 9)
        for line in notes[k]:
            pdf.multi_cell(width, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    return pdf.output()


def _without_library_warnings(make: Any) -> bytes:
    """`make()`, refused when fpdf2 warns while laying out: its warnings (a glyph it could
    not draw, text it had to drop) mean a page that is not what the ranking says, and its
    English text with a site-packages path is no message for an analyst."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = make()
    said = [w for w in caught if issubclass(w.category, UserWarning)]
    if said:
        raise IctrankError(msg("pdf.library", count=len(said)), Code.INVALID_ARGUMENT) from (
            UserWarning("; ".join(str(w.message) for w in said)))
    return bytes(out)


def render_pdf(ranking: Ranking, lang: str = "en", made: dt.date | None = None) -> bytes:
    return annex_pdf(ranking.criteria, [(None, ranking)], lang, made)


def publish_pdf(ranking: Ranking, options: RenderOptions) -> bytes:
    return render_pdf(ranking, options.lang)
