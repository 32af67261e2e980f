"""Regression tests for the hostile-input campaign: each case ran into an internal error, a
hang, an injection, a lost file or a silently wrong result before it was fixed. Every case
runs through the command line."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import CRITERIA, SAMPLES
from ictrank.cli import cli

LAOCAI = SAMPLES / "laocai-2014.csv"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# --- data loss -----------------------------------------------------------------------------

def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path):
    data = tmp_path / "d.csv"
    shutil.copy(LAOCAI, data)
    before = data.read_bytes()
    result = run("score", data, "-o", data)
    assert result.exit_code == 2 and "would destroy the input" in result.stderr
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    assert run("score", link, "-o", data).exit_code == 2  # the same file under another name
    assert run("score", LAOCAI, "--previous", data, "-o", data).exit_code == 2
    assert data.read_bytes() == before


def test_an_output_onto_the_criteria_read_by_default_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CRITERIA / "laocai-2014.yaml", tmp_path / "criteria.yaml")
    before = (tmp_path / "criteria.yaml").read_bytes()
    for command in (["score", LAOCAI], ["trend", LAOCAI, SAMPLES / "laocai-2015.csv",
                                        "--periods", "2014,2015"], ["template"]):
        result = run(*command, "-o", "criteria.yaml", "--format", "csv") if (
            command[0] != "template") else run(*command, "-o", "criteria.yaml")
        assert result.exit_code == 2, (command, result.output)
    assert (tmp_path / "criteria.yaml").read_bytes() == before


def test_an_output_that_is_a_pipe_is_written_in_place_not_replaced(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("score", LAOCAI, "--format", "csv", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo() and received and received[0].startswith(b"\xef\xbb\xbfgroup,rank")


def test_a_full_disk_on_standard_output_is_a_clear_message():
    import subprocess
    import sys

    for fmt in ("csv", "table"):
        with open("/dev/full", "wb") as full:
            done = subprocess.run([sys.executable, "-m", "ictrank", "score", str(LAOCAI),
                                   "--format", fmt], stdout=full, stderr=subprocess.PIPE,
                                  text=True)
        assert done.returncode == 1
        assert done.stderr.strip().endswith("cannot write <stdout>: No space left on device")


def test_collect_refuses_to_write_over_a_template(tmp_path):
    template = tmp_path / "t.xlsx"
    assert run("template", "-o", template).exit_code == 0
    before = template.read_bytes()
    result = run("collect", template, "-o", template)
    assert result.exit_code == 2 and template.read_bytes() == before


def test_standard_input_twice_is_a_usage_error():
    data = LAOCAI.read_bytes()
    assert run("score", "-", "--previous", "-", input=data).exit_code == 2
    assert run("validate", "-", "-", input=data).exit_code == 2


def test_a_negative_seed_is_a_usage_error():
    result = run("sensitivity", LAOCAI, "--seed", "-1", "--runs", "5")
    assert result.exit_code == 2 and "internal error" not in result.output
    ok = run("sensitivity", LAOCAI, "--seed", "0", "--runs", "5", "--format", "json")
    assert json.loads(ok.stdout)["seed"] == 0


# --- criteria files --------------------------------------------------------------------------

def criteria_file(tmp_path, text: str):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_band_colour_must_be_rrggbb_so_no_css_or_workbook_crash(tmp_path):
    for colour in ("red", "red;background-image:url(https://evil.example/t.png)"):
        path = criteria_file(tmp_path, "name: t\nbands:\n  - {id: good, min: 1, color: "
                             f'"{colour}"' "}\ncriteria:\n  - {id: a, method: boolean}\n")
        result = run("criteria", "check", path)
        assert result.exit_code == 1
        assert "bands[0].color" in result.stderr and "#rrggbb" in result.stderr
        assert run("score", LAOCAI, "-c", path, "-o", tmp_path / "r.xlsx").exit_code == 1


def test_a_group_no_criterion_applies_to_is_refused(tmp_path):
    path = criteria_file(tmp_path, "name: t\ngroups: {a: {}, b: {}}\ncriteria:\n"
                         "  - {id: x, method: boolean, applies_to: [a]}\n")
    result = run("criteria", "check", path)
    assert result.exit_code == 1
    assert "groups.b: no criterion applies to group `b`" in result.stderr


def test_deep_criteria_and_deep_yaml_are_clear_errors(tmp_path):
    deep = "name: t\ncriteria:\n" + "".join(
        "  " * i + f"- id: c{i}\n" + "  " * i + "  criteria:\n" for i in range(300))
    deep += "  " * 300 + "- {id: leaf, method: boolean}\n"
    result = run("criteria", "check", criteria_file(tmp_path, deep))
    assert result.exit_code == 1 and "nested more than" in result.stderr
    nested = "name: t\ncriteria: " + "[" * 10_000 + "]" * 10_000 + "\n"
    result = run("criteria", "check", criteria_file(tmp_path, nested))
    assert result.exit_code == 1 and "nested more than 64 levels deep" in result.stderr
    assert "internal error" not in result.output


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    result = run("criteria", "check", criteria_file(tmp_path, "\n".join(lines) + "\n"))
    assert result.exit_code == 1 and "aliases" in result.stderr


def test_yaml_errors_are_one_line_and_a_text_number_gets_a_hint(tmp_path):
    tagged = run("criteria", "check", criteria_file(tmp_path, "!!python/object:os.system x\n"))
    assert tagged.exit_code == 1 and len(tagged.stderr.splitlines()) == 2  # heading + one
    huge = run("criteria", "check", criteria_file(
        tmp_path, "name: t\ncriteria:\n  - {id: a, weight: 1e308, method: boolean}\n"))
    assert "write it 1.0e+308" in huge.stderr
    big = run("criteria", "check", criteria_file(
        tmp_path, "name: t\ncriteria:\n  - {id: a, weight: 1.0e+308, method: boolean}\n"))
    assert big.exit_code == 1 and "too large" in big.stderr


# --- workbooks -------------------------------------------------------------------------------

HDI_HEADER = ["iso3", "country", "le_2022", "eys_2022", "mys_2022", "gnipc_2022"]


def hdi_book(path, *rows):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HDI_HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("with_error_cell", [False, True])  # calamine's way, openpyxl's way
def test_a_date_cell_out_of_range_is_reported_at_its_cell_with_no_warning_of_openpyxls(
        tmp_path, with_error_cell):
    import warnings

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HDI_HEADER)
    book.active.append(["AAA", "A", 70, 12, 8, 5000])
    book.active.append(["BBB", "B", 1e20, 12, 8, 6000])
    book.active["C3"].number_format = "dd/mm/yyyy"
    if with_error_cell:  # #N/A somewhere: calamine reads it otherwise, openpyxl reads all
        book.active.append(["CCC", "C", 71, 12, 8, "#N/A"])
        book.active["F4"].data_type = "e"
    path = tmp_path / "d.xlsx"
    book.save(path)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        result = run("validate", path, "-c", "undp-hdi", "--format", "json", "--lang", "vi")
    assert result.exit_code == 1
    assert [str(w.message) for w in seen] == []
    cells = {(e["row"], e["column"], e["code"]) for e in json.loads(result.stdout)["errors"]}
    assert (3, "le_2022", "not-a-number") in cells


def test_a_formula_without_a_computed_value_is_reported_at_its_cell(tmp_path):
    path = hdi_book(tmp_path / "f.xlsx", ["AAA", "A", 70, 12, 8, 5000],
                    ["BBB", "B", 71, 12, "=D3*2", 6000])
    result = run("validate", path, "-c", "undp-hdi", "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert ("formula-without-value", 3, "mys_2022", "E3") in {
        (e["code"], e["row"], e["column"], e["cell"]) for e in errors}


def test_a_damaged_workbook_names_its_sheet(tmp_path):
    import re
    import zipfile

    ok = hdi_book(tmp_path / "ok.xlsx", ["AAA", "A", 70, 12, 8, 5000])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(ok) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # a shared string past the table
                data = re.sub(rb'<c r="A2" t="inlineStr"><is><t>AAA</t></is></c>',
                              rb'<c r="A2" t="s"><v>999</v></c>', data)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rS" Type="http://'
                                    b'schemas.openxmlformats.org/officeDocument/2006/'
                                    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                     'spreadsheetml/2006/main"><si><t>AAA</t></si></sst>')
    result = run("score", damaged, "-c", "undp-hdi")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert "the sheet 'Sheet' is damaged" in result.stderr


def test_a_workbook_of_charts_only_is_a_clear_error(tmp_path):
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    data = book.active
    data.append([1, 2])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, max_col=2, min_row=1))
    book.create_chartsheet().add_chart(chart)
    book.remove(data)
    path = tmp_path / "charts.xlsx"
    book.save(path)
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 1 and "no worksheet" in result.stdout


def test_a_million_formatted_blank_rows_are_not_read(tmp_path, monkeypatch):
    import openpyxl

    import ictrank.read.worksheet as sheets

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(HDI_HEADER)
    ws.append(["AAA", "A", 70, 12, 8, 5000])
    for _ in range(20_000):
        ws.append([None])
    path = tmp_path / "blank.xlsx"
    book.save(path)
    seen = []
    real = sheets._workbook_sheet
    monkeypatch.setattr(sheets, "_workbook_sheet",
                        lambda grid, *a: seen.append(grid) or real(grid, *a))
    result = run("score", path, "-c", "undp-hdi", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(seen[0]) == 2  # the header and the one row of data; the blank rows unread


# --- templates -------------------------------------------------------------------------------

def filled_template(tmp_path, edit):
    import openpyxl
    import pandas as pd

    template = tmp_path / "t.xlsx"
    assert run("template", "-o", template).exit_code == 0
    row = pd.read_csv(LAOCAI, dtype=str, keep_default_na=False).iloc[0]
    book = openpyxl.load_workbook(template)
    ws = book.worksheets[0]
    ws["B3"], ws["B4"], ws["B5"] = row["id"], row["name"], row["group"]
    r = 8
    while ws[f"A{r}"].value:
        value = row[ws[f"A{r}"].value]
        try:
            ws[f"F{r}"] = float(value)
        except ValueError:
            ws[f"F{r}"] = value or None
        r += 1
    edit(ws, r)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    return path


def test_an_id_row_added_below_the_indicators_is_refused_not_obeyed(tmp_path):
    def add_id_row(ws, r):
        ws[f"A{r}"], ws[f"F{r}"] = "id", "SNV"

    path = filled_template(tmp_path, add_id_row)
    result = run("collect", path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and not (tmp_path / "out.csv").exists()
    assert "gives 'id' twice: here and in B3" in result.stderr and "[duplicate-column]" in result.stderr


def test_a_numeric_id_keeps_the_zeros_its_cell_format_shows(tmp_path):
    def zero_padded_id(ws, r):
        ws["B3"] = 7
        ws["B3"].number_format = "000"

    path = filled_template(tmp_path, zero_padded_id)
    out = tmp_path / "out.csv"
    assert run("collect", path, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("007,")


# --- sheets ----------------------------------------------------------------------------------

def test_a_csv_with_old_mac_line_ends_is_read():
    data = LAOCAI.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    result = run("score", "-", "--format", "json", input=data)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["units"]) == 31


def test_huge_numbers_are_refused_at_their_cell_not_turned_into_a_silent_zero(tmp_path):
    criteria = tmp_path / "c.yaml"
    criteria.write_text("name: t\ncriteria:\n  - {id: x, method: minmax}\n"
                        "deductions:\n  - {id: d, points_each: 2}\n")
    result = run("score", "-", "-c", criteria, input=b"id,x,d\na,1e308,0\nb,-1e308,1e308\n")
    assert result.exit_code == 1 and "RuntimeWarning" not in result.output
    assert result.stderr.count("[number-too-large]") == 3
    assert "row 2, column 'x': 1e+308 is too large" in result.stderr


def test_a_sheet_wider_than_a_spreadsheet_is_refused_at_once(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id" + "," * 20_000 + "\na" + "," * 20_000 + "\n")
    result = run("validate", path, "--format", "table")
    assert result.exit_code == 1 and "more than the 16,384 a spreadsheet holds" in result.stdout


def test_duplicate_and_unknown_columns_are_capped_like_every_problem(tmp_path, monkeypatch):
    import ictrank.read.header
    import ictrank.sheet_checks

    for module in (ictrank.read.header, ictrank.sheet_checks):
        monkeypatch.setattr(module, "MAX_PROBLEMS", 5)
    duplicated = tmp_path / "dup.csv"
    duplicated.write_text("id,name,group" + ",x" * 40 + "\na,b,department" + ",1" * 40 + "\n")
    report = json.loads(run("validate", duplicated, "--format", "json").stdout)
    codes = [e["code"] for e in report["errors"]]
    assert codes.count("duplicate-column") == 5 and codes.count("too-many-problems") == 1
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(LAOCAI.read_text(encoding="utf-8").splitlines()[0]
                       + "".join(f",extra{i}" for i in range(40)) + "\n")
    report = json.loads(run("validate", unknown, "--format", "json").stdout)
    assert [w["code"] for w in report["warnings"]].count("unknown-column") <= 5


def test_control_characters_in_names_are_replaced_in_the_workbook_with_a_warning(tmp_path):
    import openpyxl

    text = LAOCAI.read_text(encoding="utf-8").replace("Sở Nội vụ", "Sở\x01Nội\uffffvụ", 1)
    data = tmp_path / "d.csv"
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = run("score", data, "-o", out)
    assert result.exit_code == 0, result.output
    assert "[control-character]" in result.stderr and "\\x01" in result.stderr
    book = openpyxl.load_workbook(out)  # well-formed XML
    names = [c.value for c in book.worksheets[1]["C"]]
    assert "Sở\ufffdNội\ufffdvụ" in names
    page = run("score", data, "--format", "html").stdout
    assert "\x01" not in page and "\uffff" not in page


# --- injection and markup ----------------------------------------------------------------------

HOSTILE_NAME = '=HYPERLINK("http://evil")'


def hostile_sheet(tmp_path, unit_id="[/]", name="[/]"):
    text = LAOCAI.read_text(encoding="utf-8")
    text = text.replace("VPUBND,Văn phòng UBND tỉnh,", f'"{unit_id}","{name}",', 1) if '"' not in (
        unit_id + name) else text
    path = tmp_path / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rich_markup_in_data_is_text_in_every_table(tmp_path):
    path = hostile_sheet(tmp_path)
    for args in (["score", path, "--format", "table"],
                 ["validate", path, "--format", "table"],
                 ["sensitivity", path, "--runs", "5", "--format", "table"],
                 ["explain", "[/]", path, "--format", "table"]):
        result = run(*args)
        assert result.exit_code == 0 and "internal error" not in result.output, args
        assert "[/]" in result.stdout or args[0] == "validate", args
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,group,computers_pct\n[/],x,[/],[/]\n", encoding="utf-8")
    result = run("validate", bad, "--format", "table")
    assert result.exit_code == 1 and "internal error" not in result.output


def test_terminal_escapes_in_names_are_shown_not_obeyed(tmp_path):
    path = hostile_sheet(tmp_path, name="\x1b]0;pwned\x07\x1b[31mred")
    result = run("score", path, "--format", "table")
    assert "\x1b" not in result.stdout and "\\x1b]0;pwned" in result.stdout


def test_formulas_from_sheets_and_criteria_never_reach_a_csv(tmp_path):
    criteria = tmp_path / "c.yaml"
    criteria.write_text(
        'name: "=HYPERLINK(\\"x\\")"\n'
        'groups: {"+cmd": {match: [a]}}\n'
        'bands: [{id: "=1+1", min: 0}]\n'
        'criteria:\n  - {id: "@SUM(1)", method: boolean, missing: zero}\n', encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text(f'id,name,group,@SUM(1)\n"@x","{HOSTILE_NAME.replace(chr(34), 2 * chr(34))}",a,\n',
                    encoding="utf-8")
    outputs = [run("score", data, "-c", criteria, "--format", "csv").stdout,
               run("sensitivity", data, "-c", criteria, "--runs", "3", "--format", "csv").stdout]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,=cmd\n=x,1\n", encoding="utf-8")
    outputs.append(run("validate", bad, "-c", criteria, "--format", "csv").stdout)
    import csv
    import io

    for text in outputs:
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (cell, text)


def test_the_template_stores_a_formula_like_name_as_text(tmp_path):
    import openpyxl

    criteria = tmp_path / "c.yaml"
    criteria.write_text(f"name: '{HOSTILE_NAME}'\ncriteria:\n  - {{id: a, method: boolean}}\n",
                        encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert run("template", "-c", criteria, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].data_type == "s"
    assert book.worksheets[0]["A1"].value == HOSTILE_NAME


def test_markdown_escapes_html_from_names(tmp_path):
    path = hostile_sheet(tmp_path, unit_id="X1", name="<script>alert(1)</script>")
    text = run("score", path, "--format", "markdown").stdout
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_workbook_whose_xml_uses_a_namespace_prefix_is_read_whole(tmp_path):
    import re
    import zipfile

    plain = hdi_book(tmp_path / "plain.xlsx", ["AAA", "A", 70, 12, 8, 5000],
                     ["BBB", "B", 71, 12, "=D3*2", 6000])
    prefixed = tmp_path / "prefixed.xlsx"  # <x:row>, </x:v>: as some writers store sheets
    tags = rb"worksheet|sheetPr|outlinePr|pageSetUpPr|dimension|sheetViews|sheetView|" \
           rb"selection|sheetFormatPr|sheetData|row|c|v|f|is|t|pageMargins"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(prefixed, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet xmlns=", b"<worksheet xmlns:x=")
                data = re.sub(rb"<(/?)(" + tags + rb")\b", rb"<\1x:\2", data)
            dst.writestr(info, data)
    a = json.loads(run("validate", plain, "-c", "undp-hdi", "--format", "json").stdout)
    b = json.loads(run("validate", prefixed, "-c", "undp-hdi", "--format", "json").stdout)
    assert [e["code"] for e in b["errors"]] == [e["code"] for e in a["errors"]]
    assert "formula-without-value" in [e["code"] for e in b["errors"]]


def test_an_error_after_ten_thousand_blank_row_warnings_is_listed(tmp_path):
    lines = LAOCAI.read_text(encoding="utf-8").splitlines()
    bad = lines[2].split(",")
    bad[3] = "abc"  # computers_pct: not a number
    text = "\n".join([lines[0], lines[1], *([","] * 10_500), ",".join(bad)]) + "\n"
    (tmp_path / "s.csv").write_text(text, encoding="utf-8")
    result = run("validate", tmp_path / "s.csv", "--format", "json")
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["errors"]] == ["not-a-number"]
    assert report["errors"][0]["row"] == 10_503


def test_an_escape_in_an_id_is_not_stripped_off_a_piped_csv_leaving_a_formula(tmp_path):
    # found by the hostile-text hunt: click.echo strips ANSI sequences off a pipe, so the
    # id `\x1b[31m=` (guarded: it does not start with =) reached the sensitivity CSV as `=`
    criteria = tmp_path / "c.yaml"
    criteria.write_text("name: t\ncriteria:\n  - {id: c0, method: linear, range: [0, 10]}\n")
    sheet = tmp_path / "d.csv"
    sheet.write_text("id,name,c0\n\x1b[31m=,A,0\nB,B,0\n", encoding="utf-8")
    for args in (["sensitivity", sheet, "--runs", "2", "--format", "csv"],
                 ["validate", sheet, "--format", "csv"]):
        out = run(*args, "-c", criteria).stdout
        for row in csv.reader(io.StringIO(out)):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    sensitivity = run("sensitivity", sheet, "-c", criteria, "--runs", "2", "--format", "csv")
    assert "\x1b[31m=,A," in sensitivity.stdout  # as the score CSV writes it
