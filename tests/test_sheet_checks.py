from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CHECKED_CRITERIA as CRITERIA
from conftest import CHECKED_HEADER as HEADER
from conftest import criteria_from
from ictrank.criteria import NumberFormat
from ictrank.read.hints import column_hints
from ictrank.read.text import read_csv_text
from ictrank.sheet_checks import check_sheet

MODE = {"typed": False}


@pytest.fixture(params=["text cells", "typed columns"], autouse=True)
def reading(request):
    """Every check runs twice: on a sheet read as text, and as the CSV reader types it."""
    MODE["typed"] = request.param == "typed columns"
    yield
    MODE["typed"] = False


def read(text: str, criteria, fmt: NumberFormat | None = None):
    hints = column_hints(criteria, fmt) if MODE["typed"] else None
    return read_csv_text(text, "data.csv", hints)


def check(rows: str, fmt: NumberFormat | None = None, criteria: str = CRITERIA):
    text = HEADER + "\n" + textwrap.dedent(rows)
    parsed = criteria_from(criteria)
    return check_sheet(read(text, parsed, fmt), parsed, fmt)


def codes(report) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for p in report.sorted()]


def test_a_clean_sheet_gives_a_dataset_and_no_problems():
    dataset, report = check("a,A,dep,50,2,có,full,10,3,4,,0\nb,B,dis,20,0,no,none,5,1,2,1,\n")
    assert report.problems == []
    assert dataset is not None and list(dataset.groups) == ["dep", "dis"]
    assert list(dataset.values["ok"]) == [1.0, 0.0]


def test_every_problem_is_reported_with_row_and_column():
    dataset, report = check(
        "a,A,dep,abc,1.5,maybe,half,0,5,4,,0\n"      # row 2
        "a,B,mars,150,1,1,full,,1,2,,-1\n"           # row 3
        ",C,dis,10,1,1,full,5,1,1,perhaps,0\n"             # row 4
    )
    assert dataset is None
    assert codes(report) == [
        (2, "count", "not-an-integer"),
        (2, "income", "log-of-non-positive"),
        (2, "kind", "invalid-choice"),
        (2, "ok", "invalid-boolean"),
        (2, "online", "numerator-exceeds-denominator"),
        (2, "pct", "not-a-number"),
        (3, "group", "unknown-group"),
        (3, "id", "duplicate-id"),
        (3, "income", "missing-value"),
        (3, "late", "out-of-bounds"),
        (3, "pct", "out-of-bounds"),
        (4, "communes", "invalid-boolean"),
        (4, "id", "missing-id"),
    ]


def test_missing_columns_are_each_reported_with_a_hint():
    text = "ID,name,group,pct,count,ok,kind,incme,online\na,A,dep,1,1,1,full,3,1\n"
    _, report = check_sheet(read(text, criteria_from(CRITERIA)), criteria_from(CRITERIA))
    missing = [(p.column, p.message) for p in report.errors if p.code == "missing-column"]
    # `communes` applies to districts only, and the sheet has none: not needed
    assert [c for c, _ in missing] == ["income", "total", "late"]
    assert "'incme'" in missing[0][1]
    with_district = text + "b,B,dis,1,1,1,full,3,1\n"
    _, report = check_sheet(read(with_district, criteria_from(CRITERIA)),
                            criteria_from(CRITERIA))
    missing = [p.column for p in report.errors if p.code == "missing-column"]
    assert missing == ["income", "total", "communes", "late"]


def test_unknown_columns_and_blank_rows_are_warnings():
    dataset, report = check("a,A,dep,50,2,1,full,10,3,4,,0\n,,,,,,,,,,,\nb,B,dis,10,1,1,full,1,1,1,1,\n")
    assert dataset is not None and len(dataset) == 2
    assert codes(report) == [(3, None, "blank-row")]
    _, report = check_sheet(read(HEADER + ",extra\na,A,dep,50,2,1,full,10,3,4,,0,1\n",
                                 criteria_from(CRITERIA)), criteria_from(CRITERIA))
    assert [(p.code, p.severity) for p in report.problems] == [("unknown-column", "warning")]


def test_group_cells_match_any_listed_value_trimmed_and_casefolded():
    dataset, report = check("a,A, SỞ ,50,2,1,full,10,3,4,,0\nb,B,Department,1,1,1,full,1,1,1,,\n")
    assert report.valid and list(dataset.groups) == ["dep", "dep"]


def test_cells_of_criteria_that_do_not_apply_are_not_checked():
    _dataset, report = check("a,A,dep,50,2,1,full,10,3,4,nonsense,0\n")
    assert report.valid


def test_decimal_comma_percent_and_thousands():
    dataset, report = check('a,A,dep,"85,5%",2,1,full,"1.000",3,4,,0\n',
                            NumberFormat(decimal=",", thousands="."))
    assert report.valid
    assert list(dataset.values["pct"]) == [85.5]
    assert list(dataset.values["income"]) == [1000.0]


def test_an_unsettled_decimal_comma_says_what_to_write_not_a_flag():
    # (the pipeline reads a CSV whose cells all write the comma with it: decimal_mark.py)
    _, report = check('a,A,dep,"85,5",2,1,full,10,3,4,,0\n')
    message = report.errors[0].message
    assert "write a number such as 12.5, with a decimal point" in message
    assert "--" not in message


def test_not_a_number_covers_inf_and_nan_strings():
    _, report = check("a,A,dep,inf,2,1,full,nan,3,4,,0\n")
    assert {(p.column, p.code) for p in report.errors} == {("pct", "not-a-number"),
                                                           ("income", "not-a-number")}


def test_an_integer_too_long_for_a_machine_number_is_not_a_number():
    huge = "9" * 400  # the CSV reader keeps it as a Python int in an object column
    _, report = check(f",,,{huge},,,,,,,,\n")
    assert ("pct", "not-a-number") in {(p.column, p.code) for p in report.errors}


def test_the_invalid_sample_gives_exactly_one_line_per_planted_problem():
    from conftest import CRITERIA as CRITERIA_DIR
    from conftest import SAMPLES
    from ictrank.criteria import load_criteria
    from ictrank.read import read_sheet

    criteria = load_criteria(CRITERIA_DIR / "laocai-2014.yaml")
    hints = column_hints(criteria) if MODE["typed"] else None
    _, report = check_sheet(read_sheet(SAMPLES / "laocai-2014-invalid.csv", hints=hints),
                            criteria)
    assert [(p.row, p.column, p.code) for p in report.sorted()] == [
        (1, "antivirus_pct", "missing-column"),
        (1, "notes", "unknown-column"),
        (2, "email_use_pct", "not-a-number"),
        (3, "servers", "not-an-integer"),
        (4, "trained_pct", "out-of-bounds"),
        (5, "document_system", "invalid-choice"),
        (5, "id", "duplicate-id"),
        (6, "computers_pct", "missing-value"),
        (6, "lan", "invalid-boolean"),
        (7, "id", "missing-id"),
        (8, "online_services", "numerator-exceeds-denominator"),
        (9, None, "blank-row"),
        (10, "group", "unknown-group"),
    ]
    assert [p.severity for p in report.warnings] == ["warning", "warning"]




def test_a_sheet_full_of_errors_lists_a_bounded_number_and_counts_the_rest(monkeypatch):
    import ictrank.sheet_checks as validate

    monkeypatch.setattr(validate, "MAX_PROBLEMS", 5)
    rows = "".join(f"u{i},A,dep,abc,1,1,full,10,3,4,,0\n" for i in range(20))
    _, report = check(rows)
    codes = [p.code for p in report.problems]
    assert codes.count("not-a-number") == 5
    assert codes[-1] == "too-many-problems"
    assert "15 more problems" in report.problems[-1].message


VIETNAMESE = NumberFormat(decimal=",")


@pytest.mark.parametrize("written, meant", [
    ("15.293", 15293.0), ("1.500", 1500.0), ("12.345,6", 12345.6), ("1.000.000", 1e6),
    ("12,5", 12.5), ("-1.250,75", -1250.75), ("0,933", 0.933), ("7", 7.0), ("85,5%", 85.5),
])
def test_under_a_decimal_comma_a_dot_grouping_digits_by_three_separates_thousands(written,
                                                                                 meant):
    dataset, report = check(f'a,A,dep,50,2,1,full,"{written}",3,4,,0\n', VIETNAMESE,
                            CRITERIA.replace("range: [1, 100], transform: log", "range: [-10000000, 10000000]"))
    assert report.valid, [str(p) for p in report.problems]
    assert list(dataset.values["income"]) == [meant]


@pytest.mark.parametrize("written", ["15.29", "0.933", "1.5", "12.3456", "1.50,5", "12,345.6",
                                     "0.500"])
def test_under_a_decimal_comma_any_other_dot_is_an_ambiguous_number_at_its_cell(written):
    dataset, report = check(f'a,A,dep,50,2,1,full,"{written}",3,4,,0\n', VIETNAMESE)
    assert dataset is None
    assert codes(report) == [(2, "income", "ambiguous-number")]
    assert repr(written) in report.errors[0].message


def test_a_thousands_comma_that_does_not_group_by_three_is_ambiguous():
    fmt = NumberFormat(decimal=".", thousands=",")
    dataset, report = check('a,A,dep,50,2,1,full,"1,5",3,4,,0\n', fmt)
    assert codes(report) == [(2, "income", "ambiguous-number")]
    dataset, report = check('a,A,dep,50,2,1,full,"1,500.5",3,4,,0\n', fmt,
                            CRITERIA.replace("range: [1, 100], transform: log", "range: [0, 10000000]"))
    assert list(dataset.values["income"]) == [1500.5]


def test_the_criteria_files_number_format_is_the_default_for_its_sheets():
    criteria = CRITERIA.replace("missing: zero", 'missing: zero\nnumber_format: {decimal: ","}')
    dataset, report = check('a,A,dep,"85,5",2,1,full,"12,5",3,4,,0\n', criteria=criteria)
    assert report.valid and list(dataset.values["pct"]) == [85.5]
    _, report = check('a,A,dep,"85.5",2,1,full,10,3,4,,0\n', criteria=criteria)
    assert codes(report) == [(2, "pct", "ambiguous-number")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(
    lambda x: round(x, 3)), min_size=1, max_size=20))
def test_a_sheet_written_the_vietnamese_way_reads_equal_to_the_same_sheet_written_plainly(
        numbers):
    criteria = criteria_from("name: t\ncriteria:\n  - {id: x, method: minmax}\n")
    plain = "id,x\n" + "".join(f"u{i},{x!r}\n" for i, x in enumerate(numbers))
    vietnamese = "id;x\n" + "".join(f"u{i};{_vietnamese(x)}\n" for i, x in enumerate(numbers))
    read_plain, _ = check_sheet(read(plain, criteria), criteria)
    read_vi, report = check_sheet(read(vietnamese, criteria, VIETNAMESE), criteria, VIETNAMESE)
    assert report.valid, [str(p) for p in report.problems]
    assert list(read_vi.values["x"]) == list(read_plain.values["x"])


def _vietnamese(x: float) -> str:
    """15293.5 as Vietnam writes it: 15.293,5."""
    sign = "-" if x < 0 else ""
    whole, _, fraction = repr(abs(x)).partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction and fraction != "0" else "")


def test_warnings_past_the_listing_cap_are_counted_as_warnings_not_an_error(monkeypatch):
    import ictrank.sheet_checks as validate_module

    monkeypatch.setattr(validate_module, "MAX_PROBLEMS", 2)
    rows = "".join(f"u{i},U,dep,{0.5 if i % 2 else 50},2,1,full,10,3,4,,0\n" for i in range(10))
    dataset, report = check(rows)
    assert dataset is not None and report.valid
    assert [p.code for p in report.warnings][-1] == "too-many-problems"
    # warnings fill at most half the list (the other half is kept for errors)
    assert report.warnings[-1].message == "4 more warnings are not listed"


def test_a_control_character_is_found_in_pyarrow_backed_text_too():
    """pandas' pyarrow strings (its default where pyarrow is installed) refuse a regex with
    surrogates in it; the cells holding a character no workbook can show are found anyway."""
    pytest.importorskip("pyarrow")
    from conftest import criteria_from
    from ictrank.read.text import read_csv_text
    from ictrank.sheet_checks import check_sheet

    criteria = criteria_from("name: t\ncriteria:\n  - {id: x, method: boolean}\n")
    sheet = read_csv_text('id,name,x\na,"b\x01c",1\nd,e,0\n', "t.csv")
    sheet.frame["name"] = sheet.frame["name"].astype("string[pyarrow]")
    _, report = check_sheet(sheet, criteria)
    flagged = [(p.row, p.column) for p in report.problems if p.code == "control-character"]
    assert flagged == [(2, "name")]


def test_a_group_is_found_by_its_title_unless_another_group_claims_that_word():
    from ictrank.sheet_checks import group_lookup

    criteria = criteria_from(
        "name: t\ngroups:\n"
        "  department: {title: Departments, title_vi: \"Sở, ban, ngành\", match: [so]}\n"
        "  district: {title: Local, match: [huyen]}\n"
        "  city: {title: Local, match: [tp]}\n"
        "  town: {title: Towns, match: [departments]}\n"
        "criteria:\n  - {id: x, method: boolean}\n")
    lookup = group_lookup(criteria.groups)
    assert lookup["sở, ban, ngành"] == "department"  # a title, said the template's way
    assert lookup["departments"] == "town"  # what `town` matches wins over a title
    assert "local" not in lookup  # two groups' title: never a guess
    assert lookup["huyen"] == "district" and lookup["tp"] == "city"


def test_an_unknown_group_is_answered_with_the_titles_the_template_offers():
    from click.testing import CliRunner

    from conftest import SAMPLES
    from ictrank.cli import cli

    text = (SAMPLES / "laocai-2014.csv").read_text("utf-8").replace(",department,",
                                                                   ",Sở ban ngành,", 1)
    result = CliRunner().invoke(cli, ["validate", "-", "--format", "json", "--lang", "vi"],
                                input=text.encode("utf-8"))
    [error] = json.loads(result.stdout)["errors"]
    assert error["message"].endswith("hãy dùng một trong: department (Sở, ban, ngành); "
                                     "district (Huyện, thành phố)")
