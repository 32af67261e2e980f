"""The PDF annex: read back with pypdf for its page size, page count, headers and text."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import CRITERIA, SAMPLES, write_panel
from ictrank.cli import cli
from ictrank.comparison import compare
from ictrank.criteria import load_criteria, parse_criteria
from ictrank.pipeline import rank_source
from ictrank.render.pdf_out import render_pdf

DAY = dt.date(2015, 3, 20)
A4 = (595.28, 841.89)  # points, portrait
PUBLICATION = """
publication:
  issuer: People's Committee of Lào Cai province
  issuer_vi: "ỦY BAN NHÂN DÂN\\nTỈNH LÀO CAI"
  annex: Annex
  annex_vi: Phụ lục I
  decision: "Attached to Decision No. 123/QĐ-UBND"
  decision_vi: "Kèm theo Quyết định số 123/QĐ-UBND"
  place: Lào Cai
  date: 2015-03-20
"""


def _text(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


def _pages(data: bytes) -> list[str]:
    return [_text(p) for p in PdfReader(io.BytesIO(data)).pages]


def _sizes(data: bytes) -> set[tuple[float, float]]:
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in PdfReader(io.BytesIO(data)).pages}


def laocai(year: int = 2014, criteria_text: str | None = None):
    path = CRITERIA / "laocai-2014.yaml"
    criteria = (parse_criteria(path.read_text("utf-8") + criteria_text, str(path))
                if criteria_text else load_criteria(path))
    return rank_source(str(SAMPLES / f"laocai-{year}.csv"), criteria)[0]


def test_the_laocai_annex_is_one_portrait_a4_page_with_every_vietnamese_name(tmp_cwd):
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"),
                                      "-o", "phu-luc.pdf", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    data = (tmp_cwd / "phu-luc.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert _sizes(data) == {A4}
    pages = _pages(data)
    assert len(pages) == 1
    text = pages[0]
    names = pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str)["name"]
    assert len(names) == 31
    for name in names:  # diacritics extract as written (NFC), long names wrapped in their cell
        assert name in text, name
    for words in ("Sở, ban, ngành", "Huyện, thành phố", "Hạng", "Tên đơn vị", "Xếp loại",
                  "Hạ tầng kỹ thuật", "6 trên 22 Tốt (27%)", "Trang 1/1"):
        assert words in text, words
    assert "Văn phòng UBND tỉnh 95,13 Tốt" in text


def test_a_long_ranking_repeats_the_header_row_and_numbers_every_page(tmp_cwd):
    sample = pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str)
    copies = [sample.assign(id=sample["id"] + f"-{k}", name=sample["name"] + f" {k}")
              for k in range(5)]
    pd.concat(copies).to_csv("many.csv", index=False)
    result = CliRunner().invoke(cli, ["score", "many.csv", "--format", "pdf", "-o", "many.pdf",
                                      "--lang", "vi"])
    assert result.exit_code == 0, result.output
    data = (tmp_cwd / "many.pdf").read_bytes()
    pages = _pages(data)
    assert len(pages) >= 3
    assert _sizes(data) == {A4}
    for number, text in enumerate(pages, start=1):
        assert re.search(r"Hạng Tên đơn vị Điểm Xếp loại", text), number
        assert f"Trang {number}/{len(pages)}" in text
    everything = " ".join(pages)
    assert all(f"{name} {k}" in everything for name in sample["name"] for k in range(5))


def test_year_on_year_columns_turn_the_page_to_landscape():
    ranking = compare(laocai(2015), laocai(2014), "laocai-2014.csv")
    data = render_pdf(ranking, "vi", DAY)
    assert _sizes(data) == {(A4[1], A4[0])}
    text = " ".join(_pages(data))
    for header in ("Hạng năm trước", "Thay đổi hạng", "Điểm năm trước", "Thay đổi điểm",
                   "Xếp loại năm trước"):
        assert header in text
    # Sở Tư pháp: 3rd in 2014 (90.30), 2nd in 2015 (93.40)
    assert "Sở Tư pháp 93,40 Tốt 3 ▲ 1 90,30 +3,10 Tốt" in text
    assert "Sở Nội vụ 91,49 Tốt 2 ▼ 1 92,40 −0,91 Tốt" in text


def test_the_title_block_comes_from_the_publication_keys():
    text = _pages(render_pdf(laocai(criteria_text=PUBLICATION), "vi", DAY))[0]
    for words in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Lào Cai, ngày 20 tháng 3 năm 2015",
                  "Phụ lục I", "(Kèm theo Quyết định số 123/QĐ-UBND)"):
        assert words in text, words
    english = _pages(render_pdf(laocai(criteria_text=PUBLICATION), "en", DAY))[0]
    assert "Lào Cai, 20 March 2015" in english
    assert "(Attached to Decision No. 123/QĐ-UBND)" in english
    assert re.search(r"Page 1/\d", english)


def test_the_same_ranking_on_the_same_day_gives_the_same_bytes():
    ranking = laocai()
    assert render_pdf(ranking, "vi", DAY) == render_pdf(ranking, "vi", DAY)


def test_a_panel_annex_gives_each_period_its_heading(tmp_path, tmp_cwd):
    sheet, criteria = write_panel(tmp_path)
    result = CliRunner().invoke(cli, ["score", str(sheet), "-c", str(criteria),
                                      "-o", "panel.pdf", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    text = " ".join(_pages((tmp_cwd / "panel.pdf").read_bytes()))
    assert "Kỳ 2014" in text and "Kỳ 2015" in text
    assert text.index("Kỳ 2014") < text.index("Kỳ 2015")


@pytest.mark.parametrize("bad", ["date: 20/03/2015", "dat: 2015-03-20"])
def test_a_wrong_publication_key_names_its_path(bad):
    path = CRITERIA / "laocai-2014.yaml"
    with pytest.raises(Exception, match=r"publication\.dat"):
        parse_criteria(path.read_text("utf-8") + f"publication:\n  {bad}\n", str(path))


def test_a_name_the_font_cannot_show_is_refused_at_its_unit_and_nothing_is_written(tmp_cwd):
    text = (SAMPLES / "laocai-2014.csv").read_text("utf-8").replace("Sở Nội vụ", "Sở 内务", 1)
    (tmp_cwd / "d.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "d.csv", "-o", "phu-luc.pdf", "--lang", "vi"])
    assert result.exit_code == 1
    assert "phông chữ của PDF không có ký tự 内 务 trong 'Sở 内务' (SNV)" in result.stderr
    assert not (tmp_cwd / "phu-luc.pdf").exists()


@pytest.mark.parametrize("name", ["מחלקת חינוך", "مديرية التعليم"])
def test_a_right_to_left_name_is_refused_not_printed_reversed(tmp_cwd, name):
    text = (SAMPLES / "laocai-2014.csv").read_text("utf-8").replace("Sở Nội vụ", name, 1)
    (tmp_cwd / "d.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", "d.csv", "-o", "phu-luc.pdf"])
    assert result.exit_code == 1
    assert f"{name!r} (SNV) is written right to left" in result.stderr
    assert not (tmp_cwd / "phu-luc.pdf").exists()
    # the workbook and the web page lay it out: they are the way to publish it
    assert CliRunner().invoke(cli, ["score", "d.csv", "-o", "phu-luc.xlsx"]).exit_code == 0


def test_a_warning_from_the_pdf_library_is_our_error_not_its_text():
    import warnings

    from ictrank.errors import IctrankError
    from ictrank.render.pdf_out import _without_library_warnings

    def make():
        warnings.warn("Font DejaVu is missing the following glyphs: X", UserWarning,
                      stacklevel=1)
        return b"%PDF"

    with pytest.raises(IctrankError) as caught:
        _without_library_warnings(make)
    assert "could not be made as written (1 problem(s)" in str(caught.value)
    assert "missing the following glyphs" in str(caught.value.__cause__)
    assert _without_library_warnings(lambda: b"%PDF") == b"%PDF"


def _annex(tmp_path, rows: list[list[str]], criteria: str | None = None) -> list[str]:
    path = tmp_path / "d.csv"
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(path, index=False)
    args = ["score", str(path), "-o", str(tmp_path / "a.pdf")]
    if criteria is not None:
        (tmp_path / "c.yaml").write_text(criteria, encoding="utf-8")
        args += ["-c", str(tmp_path / "c.yaml")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return _pages((tmp_path / "a.pdf").read_bytes())


def test_a_name_longer_than_a_page_is_shortened_and_the_annex_says_so(tmp_path):
    frame = pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "name"] = "Sở " + "rất dài " * 1250  # 10,000 characters
    frame.loc[1, "name"] = "\n".join(["dòng"] * 200)  # 200 line breaks
    pages = _annex(tmp_path, [list(frame.columns), *frame.values.tolist()])
    text = " ".join(pages)
    assert "2 text(s) longer than a page holds are shortened here to 200 characters" in text
    assert "Sở rất dài" in text and "dòng dòng" in text


def test_too_many_criteria_for_a_page_leave_their_points_to_the_workbook(tmp_path):
    count = 45
    criteria = "name: wide\ncriteria:\n" + "".join(
        f"  - {{id: c{k}, title: Criterion {k}, method: linear, range: [0, 8]}}\n"
        for k in range(count))
    rows = [["id", "name", *(f"c{k}" for k in range(count))]]
    rows += [[f"u{u}", f"Unit {u}", *(str((u + k) % 8) for k in range(count))] for u in range(4)]
    text = " ".join(_annex(tmp_path, rows, criteria))
    assert "the 45 criteria are too many columns for a page" in text
    header = "name: long\ncriteria:\n  - {id: c0, title: '" + " ".join(["word"] * 250) + (
        "', method: linear, range: [0, 8]}\n  - {id: c1, title: short, method: linear, "
        "range: [0, 8]}\n")
    text = " ".join(_annex(tmp_path, [["id", "name", "c0", "c1"], ["u1", "U1", "3", "4"],
                                      ["u2", "U2", "5", "6"]], header))
    assert "shortened here" in text and "word word" in text


def test_a_gone_units_name_or_a_period_the_font_cannot_show_is_refused_too(tmp_cwd):
    last_year = (SAMPLES / "laocai-2014.csv").read_text("utf-8").replace(
        "VPUBND,Văn phòng UBND tỉnh", "CU,Văn phòng 内务", 1)  # gone this year
    (tmp_cwd / "2014.csv").write_text(last_year, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2015.csv"), "--previous",
                                      "2014.csv", "-o", "a.pdf"])
    assert result.exit_code == 1 and "内 务" in result.stderr and "(CU)" in result.stderr
    assert not (tmp_cwd / "a.pdf").exists()
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"),
                                      str(SAMPLES / "laocai-2015.csv"), "--periods",
                                      "2014,二〇一五", "-o", "p.pdf"])
    assert result.exit_code == 1 and "'二〇一五'" in result.stderr
    assert not (tmp_cwd / "p.pdf").exists()


# --- the decree's layout (Nghị định 30/2020/NĐ-CP) -------------------------------------------

def _fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].replace("-", ""))
    return names


def test_the_decree_style_is_a_serif_with_italics_and_the_year_after_nam():
    data = render_pdf(laocai(criteria_text=PUBLICATION), "vi", DAY)
    assert _fonts(data) >= {"DejaVuSerifCondensed", "DejaVuSerifCondensedBold",
                            "DejaVuSerifCondensedItalic"}  # the date line and "(Kèm theo …)"
    first = _pages(data)[0]
    assert "TỈNH LÀO CAI NĂM 2014" in first and "LÀO CAI 2014" not in first
    sans = render_pdf(laocai(criteria_text=PUBLICATION + "  style: sans\n"), "vi", DAY)
    assert _fonts(sans) == {"DejaVuSansCondensed", "DejaVuSansCondensedBold"}


def test_a_group_that_runs_on_repeats_its_heading_and_a_short_group_is_not_split(tmp_cwd):
    sample = pd.read_csv(SAMPLES / "laocai-2014.csv", dtype=str)
    departments = sample[sample["group"] == "department"]
    copies = [departments.assign(id=departments["id"] + f"-{k}",
                                 name=departments["name"] + f" {k}") for k in range(3)]
    pd.concat([*copies, sample[sample["group"] == "district"]]).to_csv("d.csv", index=False)
    result = CliRunner().invoke(cli, ["score", "d.csv", "-o", "d.pdf", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    pages = _pages((tmp_cwd / "d.pdf").read_bytes())
    assert len(pages) >= 2
    assert "Sở, ban, ngành (tiếp theo)" in pages[1]
    # the nine districts, a group that fits a page, on one page together with its heading
    holding = [k for k, text in enumerate(pages) if "Huyện Bát Xát" in text or
               "Thành phố Lào Cai" in text or "Huyện Si Ma Cai" in text]
    assert len(set(holding)) == 1
    assert "Huyện, thành phố" in pages[holding[0]]


def test_a_panel_annex_keeps_one_orientation_and_is_titled_by_its_periods(tmp_cwd):
    result = CliRunner().invoke(cli, ["score", str(SAMPLES / "laocai-2014.csv"),
                                      str(SAMPLES / "laocai-2015.csv"), "--periods",
                                      "2014,2015", "-o", "p.pdf", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    data = (tmp_cwd / "p.pdf").read_bytes()
    assert len(_sizes(data)) == 1  # the 2015 comparison needs landscape: so does 2014
    first = _pages(data)[0]
    assert "NĂM 2014–2015" in first


@pytest.mark.parametrize("style", ["decree", "sans"])
def test_text_widths_summed_by_character_equal_fpdf2s_own_measure(style: str) -> None:
    """The table measures a text as the sum of its characters' widths, each measured once:
    it must be the width fpdf2 itself gives the whole text, or cells would overflow."""
    from ictrank.render.pdf_out import FONT, _pdf

    pdf = _pdf("P", "vi", DAY, style)
    texts = ["Sở Thông tin và Truyền thông", "Ủy ban nhân dân huyện Bắc Hà", "1.234,56",
             "Khá", "▲ 3", "−12,5", "Trung bình…", "WWW"]
    pdf.text_widths.learn(texts[:2])  # the rest are measured when first asked for
    for bold in (False, True):
        for size in (7.0, 8.5, 9.0):
            pdf.set_font(FONT, "B" if bold else "", size)
            for text in texts:
                assert pdf.text_widths.width(text, bold, size) == pytest.approx(
                    pdf.get_string_width(text), rel=1e-12, abs=1e-12)
