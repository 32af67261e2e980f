"""Rows kept out of openpyxl's cells (ictrank.render.xlsx_rows) are written byte for byte
as openpyxl writes cells: every workbook is made both ways and compared."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from conftest import CRITERIA, SAMPLES, rank
from ictrank.comparison import compare
from ictrank.criteria import load_criteria
from ictrank.pipeline import rank_source
from ictrank.render import xlsx_out
from ictrank.render.xlsx_out import render_xlsx

DAY = dt.date(2015, 3, 1)


def _both(monkeypatch, make) -> tuple[bytes, bytes]:
    fast = make()
    monkeypatch.setattr(xlsx_out, "KEEP_ROWS", False)
    plain = make()
    monkeypatch.setattr(xlsx_out, "KEEP_ROWS", True)
    return fast, plain


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _laocai(year: int):
    return rank_source(str(SAMPLES / f"laocai-{year}.csv"),
                       load_criteria(CRITERIA / "laocai-2014.yaml"))[0]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_laocai_workbooks_are_the_same_bytes_either_way(monkeypatch, lang):
    ranking = compare(_laocai(2015), _laocai(2014), "laocai-2014.csv")
    fast, plain = _both(monkeypatch, lambda: render_xlsx(ranking, lang, DAY))
    assert _members(fast) == _members(plain)
    assert fast == plain


def test_reference_indices_are_the_same_bytes_either_way(monkeypatch):
    for sample, criteria in (("undp-hdi-2022", "undp-hdi"), ("un-egdi-2022", "un-egdi")):
        ranking = rank_source(str(SAMPLES / f"{sample}.csv"),
                              load_criteria(CRITERIA / f"{criteria}.yaml"))[0]
        fast, plain = _both(monkeypatch, lambda r=ranking: render_xlsx(r, "en", DAY))
        assert fast == plain, sample


def test_awkward_text_and_numbers_are_the_same_bytes_either_way(monkeypatch):
    """Text with spaces at its ends, markup, formulas, line breaks, control characters,
    an empty name, a very long name; numbers large, small, negative and missing."""
    names = [" padded ", "a&b<c>\"d\"", "=HYPERLINK(\"x\")", "+1", "-2", "@x", "two\nlines",
             "tab\tinside", "\x01control", "", "x" * 40_000, "Sở Nông nghiệp", "   "]
    rng = np.random.default_rng(3)
    n = len(names)
    frame = pd.DataFrame({
        "id": [f"U{i}" for i in range(n)], "name": names,
        "a": rng.uniform(0, 1e6, n).round(6), "b": [1e-9, 1e15, -0.0, *rng.random(n - 3)],
        "c": ["", *rng.integers(0, 5, n - 1).astype(str)],
    })
    criteria = ("name: awkward\ndecimals: 3\nmissing: zero\ncriteria:\n"
                "  - {id: a, method: minmax}\n  - {id: b, method: linear, range: [0, 1]}\n"
                "  - {id: c, method: linear, range: [0, 4]}\n"
                "bands:\n  - {id: top, min: 50}\n  - {id: rest, min: 0}\n")
    ranking = rank(criteria, frame.to_csv(index=False))
    fast, plain = _both(monkeypatch, lambda: render_xlsx(ranking, "en", DAY))
    assert fast == plain


def test_a_panel_workbook_is_the_same_bytes_either_way(monkeypatch, tmp_path):
    from conftest import write_panel
    from ictrank.pipeline import rank_panel

    sheet, criteria_path = write_panel(tmp_path)
    panel, _ = rank_panel([str(sheet)], load_criteria(criteria_path))
    pairs = list(zip(panel.periods, panel.rankings, strict=True))
    fast, plain = _both(monkeypatch, lambda: xlsx_out.panel_book(pairs, "vi", DAY, "panel"))
    assert fast == plain


@pytest.mark.parametrize("values", [
    [float("inf"), float("-inf"), float("nan"), 1e300, -0.0, 0.1 + 0.2, 2**53 + 1],
    [np.float64(1.5), np.int64(7), np.float32(0.25), None, "", " x ", "=1+1", "a\r\nb"],
])
def test_a_kept_row_of_odd_values_is_written_as_openpyxl_writes_it(values):
    from openpyxl import Workbook

    def book(keep: bool) -> bytes:
        workbook = Workbook()
        sheet = xlsx_out._Sheet(workbook.active, keep_rows=keep)
        sheet.header(1, "head")
        sheet.put_row(2, [(v, "0.00" if i % 2 else None, None) for i, v in enumerate(values)])
        sheet.put(3, 2, values[0], "0.0", bold=True)
        sheet.put(3, 4, "late", fill="#2e7d32")
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    assert _members(book(True))["xl/worksheets/sheet1.xml"] == \
        _members(book(False))["xl/worksheets/sheet1.xml"]
    assert _members(book(True))["xl/styles.xml"] == _members(book(False))["xl/styles.xml"]
