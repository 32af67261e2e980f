from __future__ import annotations

import io

import openpyxl
from click.testing import CliRunner

from ictrank.cli import cli
from ictrank.read.template import FIRST_ROW, input_columns
from ictrank.template import build_template


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_template_lists_every_input_column_with_a_value_cell(laocai_criteria):
    book = workbook(build_template(laocai_criteria))
    ws = book.worksheets[0]
    names = [ws[f"A{FIRST_ROW + i}"].value for i in range(len(input_columns(laocai_criteria)))]
    assert names == [c.name for c in input_columns(laocai_criteria)]
    assert "services_total" in names and "late_reports" in names
    assert book.sheetnames == ["Indicators", "Instructions", "_ictrank"]
    assert book["_ictrank"].sheet_state == "hidden"


def test_value_cells_are_unlocked_descriptions_locked_and_validated(laocai_criteria):
    ws = workbook(build_template(laocai_criteria)).worksheets[0]
    assert ws.protection.sheet
    assert ws[f"F{FIRST_ROW}"].protection.locked is False
    assert ws[f"B{FIRST_ROW}"].protection.locked is True
    assert ws["B3"].protection.locked is False
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    # the group drop-down lists the groups' titles, kept on the hidden sheet (a title may
    # hold a comma, which a literal list cannot)
    assert rules["B5"].formula1 == "'_ictrank'!$B$6:$C$6"
    book = workbook(build_template(laocai_criteria, "vi"))
    listed = next(r for r in book["_ictrank"].iter_rows(values_only=True) if r[0] == "groups")
    assert listed == ("groups", "Sở, ban, ngành", "Huyện, thành phố")
    assert rules[f"F{FIRST_ROW}"].type == "decimal"  # computers_pct, 0..100
    assert (rules[f"F{FIRST_ROW}"].formula1, rules[f"F{FIRST_ROW}"].formula2) == ("0", "100")
    assert rules[f"F{FIRST_ROW + 1}"].formula1 == '"yes,no"'  # internet
    kinds = {dv.type for dv in rules.values()}
    assert {"list", "decimal", "whole"} <= kinds


def test_vietnamese_template_and_group_filter(laocai_criteria):
    book = workbook(build_template(laocai_criteria, "vi", group="department"))
    ws = book.worksheets[0]
    assert book.sheetnames[:2] == ["Chỉ tiêu", "Hướng dẫn"]
    names = [row[0] for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True) if row[0]]
    assert "commune_websites" not in names
    assert ws["B5"].value == "Sở, ban, ngành"  # the group by its title, as the list offers it
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules[f"F{FIRST_ROW + 1}"].formula1 == '"có,không"'


def test_template_command_writes_the_workbook(tmp_path):
    out = tmp_path / "mau.xlsx"
    result = CliRunner().invoke(cli, ["template", "-o", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert workbook(out.read_bytes()).sheetnames[0] == "Chỉ tiêu"
    bad = CliRunner().invoke(cli, ["template", "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2


def test_template_takes_a_year_and_a_title_and_writes_the_year_once(tmp_path):
    import openpyxl
    from click.testing import CliRunner

    from ictrank.cli import cli

    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(cli, ["template", "-o", str(out), "--year", "2026", "--title",
                                      "Báo cáo ứng dụng CNTT năm 2026"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value == (
        "Báo cáo ứng dụng CNTT năm 2026")
    assert CliRunner().invoke(cli, ["template", "-o", str(out), "--year", "2026"]).exit_code == 0
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value.endswith(" — 2026")


def test_the_template_prints_each_indicator_beside_its_value_cell(laocai_criteria):
    from ictrank.read.template import FIRST_ROW, HEADER_ROW

    ws = workbook(build_template(laocai_criteria, "vi")).worksheets[0]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1: the default  # one page wide
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    printed = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    closing = next(r for r in range(FIRST_ROW, ws.max_row + 1)
                   if str(ws[f"A{r}"].value).startswith("Chỉ điền vào các ô màu vàng"))
    assert printed.endswith(f"!$A$1:$F${closing}")  # every indicator and its value cell (F)
