"""Hostile input never crashes: every run ends with exit 0 or 1 and a report, never a traceback."""

from __future__ import annotations

import io
import os
import string
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ictrank.read as sheets
from conftest import SAMPLES, ods_bytes
from ictrank.cli import cli
from ictrank.errors import SheetError
from ictrank.read import book, files, worksheet

# CI runs a bounded number of examples; ICTRANK_FUZZ_EXAMPLES=2000 for a longer hunt
FUZZ = settings(max_examples=int(os.environ.get("ICTRANK_FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
HEADER = (SAMPLES / "laocai-2014.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
NASTY = ["", " ", "NA", "-", "NaN", "nan", "inf", "-inf", "1e400", "-1e400", "=1+1",
         "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "x" * 10_000, "9" * 400, "１２", "\x00", "12,5",
         "85%", "%", "--", "0x10", "1_000", "có", "không", "toàn bộ", "department", "district",
         "-1", "0", "3", "100", "101", "2.5", '"', "'", "\t", "\r", "\u202e", "😀"]


def check(result: Result) -> None:
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


def invoke(args: list[str], data: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, args, input=data)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_a_sheet(data):
    check(invoke(["score", "-", "--format", "json"], data))
    check(invoke(["validate", "-", "--format", "json"], data))


cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=20),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr))


@FUZZ
@given(st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2), max_size=8),
       st.sampled_from([",", ";", "\t"]),
       st.lists(st.sampled_from(HEADER), max_size=3),
       st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
       st.lists(st.lists(cell, max_size=4), max_size=4),
       st.sampled_from([[], ["--decimal", ","], ["--thousands", ","], ["--strict"],
                        ["--header-row", "2"]]))
def test_random_cells_under_the_real_header(rows, sep, dropped, encoding, titles, options):
    header = [h for h in HEADER if h not in dropped]
    lines = [sep.join(c.replace(sep, " ").replace("\n", " ") for c in row) for row in titles]
    lines += [sep.join(header)] + [sep.join(c.replace(sep, " ").replace("\n", " ")
                                            for c in row) for row in rows]
    data = ("\n".join(lines) + "\n").encode(encoding, errors="replace")
    check(invoke(["score", "-", "--format", "csv", *options], data))
    check(invoke(["validate", "-", "--format", "csv", *options], data))


def _xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for line in (SAMPLES / "laocai-2014.csv").read_text(encoding="utf-8").splitlines()[:6]:
        ws.append(line.split(","))
    ws.append(["=1+1", "=HYPERLINK(\"x\")", "department"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = _xlsx_bytes()
XLS = (Path(__file__).parent / "data" / "laocai-2014.xls").read_bytes()
ODS = ods_bytes([line.split(",") for line in
                 (SAMPLES / "laocai-2014.csv").read_text(encoding="utf-8").splitlines()[:6]])


@FUZZ
@given(st.sampled_from([("sheet.xls", XLS), ("sheet.ods", ODS)]), st.floats(0, 1),
       st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=20))
def test_truncated_and_corrupted_xls_and_ods(tmp_path, named, cut, flips):
    name, original = named
    data = bytearray(original[:int(cut * len(original))])
    for where, value in flips:
        if data:
            data[int(where * (len(data) - 1))] = value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    check(invoke(["validate", str(path), "--format", "json"]))
    check(invoke(["score", str(path), "--format", "json", "--decimal", ","]))


@FUZZ
@given(st.integers(0, len(XLSX)), st.lists(st.tuples(st.integers(0, len(XLSX) - 1),
                                                     st.integers(0, 255)), max_size=20))
def test_truncated_and_corrupted_xlsx(tmp_path, cut, flips):
    data = bytearray(XLSX[:cut])
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(bytes(data))
    check(invoke(["validate", str(path), "--format", "json"]))
    check(invoke(["score", str(path), "--format", "json"]))


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(),
              st.text(string.ascii_letters + "_-. ", max_size=12),
              st.sampled_from(["linear", "boolean", "steps", "choice", "ratio", "best", "minmax",
                               "geometric", "lower"])),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["name", "criteria", "id", "weight", "method", "range",
                                         "steps", "min", "max", "points", "bands", "groups",
                                         "scale", "decimals", "choices", "applies_to", "per",
                                         "aggregation", "missing", "columns", "deductions",
                                         "bounds", "x"]),
                        children, max_size=6)),
    max_leaves=25,
)


@FUZZ
@given(st.one_of(yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
                 st.text(max_size=300)))
def test_random_yaml_as_criteria(tmp_path, text):
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    check(invoke(["criteria", "check", str(path)]))
    check(invoke(["score", str(SAMPLES / "laocai-2014.csv"), "-c", str(path), "--format",
                  "json"]))


def test_formulas_and_huge_cells_are_data_not_code(tmp_path):
    text = (SAMPLES / "laocai-2014.csv").read_text(encoding="utf-8")
    text = text.replace("Sở Nội vụ", "=cmd|'/C calc'!A0", 1).replace("VPUBND", "x" * 10_000, 1)
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke(["score", str(path), "--format", "csv"])
    check(result)
    assert "'=cmd|'/C calc'!A0" in result.stdout


def test_header_only_files_in_every_format(tmp_path):
    for name, data in [("a.csv", b"id,name\n"), ("b.csv", b"\xef\xbb\xbfid;name\r\n")]:
        path = tmp_path / name
        path.write_bytes(data)
        result = invoke(["validate", str(path), "--format", "json"])
        check(result)
        assert '"empty-file"' in result.stdout


def test_a_sheet_with_too_many_rows_is_refused_at_the_first_row_past_the_limit(
        monkeypatch, tmp_path):
    monkeypatch.setattr(worksheet, "MAX_XLSX_ROWS", 5)
    book = openpyxl.Workbook()
    for i in range(20):
        book.active.append([f"u{i}", i])
    path = tmp_path / "big.xlsx"
    book.save(path)
    with pytest.raises(SheetError) as info:
        sheets.read_sheet(path)
    assert "the sheet has more than 5 rows" in info.value.report.problems[0].message


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(book, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(SheetError) as info:
        sheets.read_sheet_bytes(XLSX, "bomb.xlsx")
    assert "unpacks to" in info.value.report.problems[0].message


@FUZZ
@given(st.integers(1, 3000), st.sampled_from(["[", "{a: ", "- "]))
def test_deeply_nested_yaml_is_a_clear_error_or_valid(tmp_path, depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    if opener == "- ":
        body = "".join("  " * i + "- \n" for i in range(depth)) + "  " * depth + "x\n"
    else:
        body = opener * depth + "x" + closer * depth + "\n"
    path = tmp_path / "criteria.yaml"
    path.write_text("name: t\ncriteria: " + ("\n" if opener == "- " else "") + body)
    check(invoke(["criteria", "check", str(path)]))


@FUZZ
@given(st.integers(1, 12), st.integers(1, 12))
def test_yaml_aliases_cannot_expand_without_bound(tmp_path, levels, fan):
    lines = ["l0: &l0 [" + ",".join(["x"] * fan) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * fan) + "]")
    lines.append(f"name: t\ncriteria: *l{levels - 1}")
    path = tmp_path / "criteria.yaml"
    path.write_text("\n".join(lines) + "\n")
    check(invoke(["criteria", "check", str(path)]))


def test_a_stream_that_never_ends_is_refused_at_the_stated_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", 100_000)
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "zero.csv").symlink_to("/dev/zero")
    for args in (["score", "/dev/zero"], ["validate", str(folder / "zero.csv")]):
        result = invoke([*args, "--format", "json"])
        check(result)
        assert result.exit_code == 1
        assert "larger than the 100,000 bytes ictrank reads" in result.output
    big = tmp_path / "big.csv"
    big.write_bytes(b"id,x\n" + b"u,1\n" * 30_000)
    assert "larger than the 100,000 bytes" in invoke(["score", str(big)]).output
    piped = invoke(["score", "-"], data=b"id,x\n" + b"u,1\n" * 30_000)
    assert piped.exit_code == 1 and "larger than the 100,000 bytes" in piped.output
