"""Band labels that read, on screen and in print (ictrank/render/colors.py)."""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import CRITERIA, SAMPLES
from ictrank.cli import cli
from ictrank.criteria import load_criteria
from ictrank.criteria.sections import _BAND_COLORS
from ictrank.render.colors import contrast, ink_on, luminance


@pytest.mark.parametrize("fill", [*_BAND_COLORS, "#f9a825", "#777777", "#ffffff", "#000000"])
def test_a_label_on_any_fill_reads_at_four_and_a_half_to_one(fill):
    assert contrast(fill, ink_on(fill)) >= 4.5


def test_the_default_bands_differ_in_grey_when_printed_in_black_and_white():
    greys = [luminance(c) for c in _BAND_COLORS[:4]]
    for first, second in itertools.combinations(_BAND_COLORS[:4], 2):
        assert contrast(first, second) >= 1.25, (first, second, greys)


def test_every_bundled_band_reads():
    for path in sorted(CRITERIA.glob("*.yaml")):
        for band in load_criteria(path).all_bands():
            assert contrast(band.color, ink_on(band.color)) >= 4.5, (path.name, band.id)


class _Bands(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "span" and found.get("class") == "band":
            self.styles.append(found.get("style") or "")


def test_the_web_page_and_the_workbook_write_each_band_in_its_readable_ink(tmp_path):
    page = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "--format",
                                    "html", "--lang", "vi"])
    parser = _Bands()
    parser.feed(page.stdout)
    assert parser.styles
    for style in parser.styles:
        fill, ink = re.fullmatch(r"background:(#\w{6});color:(#\w{6})", style).groups()
        assert contrast(fill, ink) >= 4.5, style
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"), "-o", str(out)])
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    inks = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                if isinstance(fill, str) and cell.font.color is not None and cell.value:
                    ink = cell.font.color.rgb
                    if isinstance(ink, str):
                        inks.append(contrast(f"#{fill[-6:]}", f"#{ink[-6:]}"))
    assert inks and min(inks) >= 4.5
