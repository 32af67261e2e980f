"""Reading indicator sheets: one entry, `read_source`, turns a path (or standard input)
into a `RawSheet`, whatever the file is.

The rooms (docs/architecture.md): `kinds` tells a file's kind by its bytes and holds the
registry of workbook readers (`xlsx`, `ods`, `xls`, each a `Book` of `book`); `text` reads
CSV; `header` finds the header row; `grid` and `worksheet` turn a table of cells into a
`RawSheet` (`raw`); `cells` is how a cell becomes text; `number_format` what a format means
for reading; `decimal_mark` a CSV's own decimal comma; `template` a filled template;
`hints` what the criteria tell the reader; `files` the bytes, bounded; `options` the
reading options of a run.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from ictrank.codes import Code
from ictrank.criteria import Criteria, NumberFormat
from ictrank.messages import msg
from ictrank.read.book import Book
from ictrank.read.decimal_mark import decimal_comma_evidence
from ictrank.read.files import file_bytes
from ictrank.read.hints import column_hints
from ictrank.read.kinds import open_book
from ictrank.read.options import DEFAULT_READING, ReadOptions
from ictrank.read.raw import ColumnHints, RawSheet, empty
from ictrank.read.template import is_template, read_template
from ictrank.read.text import HEAD_CHARS, _plain_utf8, _read_typed, decode_text, read_csv_text
from ictrank.read.worksheet import read_book_sheet
from ictrank.report import Problem

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def expand_sources(sources: list[str]) -> list[str]:
    """A folder stands for every sheet in it (sorted, so runs are repeatable)."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            out += sorted(str(p) for p in path.iterdir()
                          if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES
                          and not p.name.startswith(("~$", ".")))
        else:
            out.append(source)
    return out


def read_source(source: str, criteria: Criteria,
               options: ReadOptions = DEFAULT_READING) -> RawSheet:
    """A sheet from a path, or from standard input when the path is `-`."""
    hints = column_hints(criteria, options.number_format, options.header_row)
    data = (options.stdin or b"") if source == "-" else file_bytes(source)
    file = "<stdin>" if source == "-" else source
    book = open_workbook(data, file)
    if book is None:
        raw = read_sheet_bytes(data, file, options.sheet, hints)
        if options.number_format is None and criteria.number_format is None:
            return _with_decimal_comma(raw, data, options.sheet, hints)
        return raw
    if is_template(book):  # a workbook made by `ictrank template`, filled in
        return read_template(book, criteria, hints.decimal)
    return read_book_sheet(book, options.sheet, hints)


def _with_decimal_comma(raw: RawSheet, data: bytes, sheet: str | None,
                        hints: ColumnHints) -> RawSheet:
    """`raw`, or the same CSV read again with the decimal comma its cells show, with a
    note at the cell that shows it (decimal_mark.py)."""
    # the columns the criteria read numbers from (ids, names, groups and periods are text)
    evidence = decimal_comma_evidence(raw.frame, raw.rows, hints.header_names - hints.text)
    if evidence is None:
        return raw
    comma = NumberFormat(decimal=",")
    again = read_sheet_bytes(data, raw.file, sheet,
                             replace(hints, decimal=comma.decimal, thousands=comma.thousands))
    again.number_format = comma
    again.problems.append(Problem(raw.file, evidence.row, evidence.column, Code.DECIMAL_COMMA,
                                  msg("read.decimal_comma", value=evidence.text)))
    return again


def open_workbook(data: bytes, file: str) -> Book | None:
    """The workbook `data` holds, None for a text sheet (a CSV); an empty file is refused
    as empty whatever its name."""
    if not data or data.isspace():
        raise empty(file)
    return open_book(data, file)


def read_sheet_bytes(data: bytes, file: str, sheet: str | None = None,
                     hints: ColumnHints | None = None) -> RawSheet:
    """Read a sheet from bytes; XLSX is recognised by content, not only by its name."""
    book = open_workbook(data, file)
    if book is not None:
        return read_book_sheet(book, sheet, hints)
    if b"\r" in data and b"\n" not in data:  # old Mac line ends: CR alone
        data = data.replace(b"\r", b"\n")
    if hints is not None and b"\x00" not in data[:4096] and _plain_utf8(data):
        # hand the parser the bytes as they are: a Python string of the whole file would
        # cost up to four bytes a character on top of the file itself
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        head = data[:HEAD_CHARS].decode(encoding, errors="ignore")
        return _read_typed(head, io.BytesIO(data), encoding, file, hints)
    text, encoding = decode_text(data, file)
    raw = read_csv_text(text, file, hints)
    if encoding in ("cp1258", "cp1252"):
        raw.problems.append(Problem(file, None, None, Code.LEGACY_ENCODING,
                                    msg("read.not_utf8", encoding=encoding)))
    return raw


def read_sheet(path: str | Path, sheet: str | None = None,
               hints: ColumnHints | None = None) -> RawSheet:
    """Read an indicator sheet from a file."""
    return read_sheet_bytes(file_bytes(path), str(path), sheet, hints)

__all__ = ["SHEET_SUFFIXES", "ColumnHints", "RawSheet", "ReadOptions", "expand_sources",
           "open_workbook", "read_sheet", "read_sheet_bytes", "read_source"]
