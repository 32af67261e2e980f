"""Text sheets (CSV, TSV): the encoding, the delimiter and the header found, then the
columns read by pandas' C parser, numbers as numbers where the criteria expect them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ictrank.labels import normalize_label
from ictrank.messages import Message, msg
from ictrank.read.grid import _from_grid
from ictrank.read.header import HEADER_SEARCH_ROWS, column_names, find_header, header_note
from ictrank.read.kinds import unsupported
from ictrank.read.raw import MISSING_CELLS, ColumnHints, RawSheet, blank_rows, empty, unreadable
from ictrank.report import Problem

HEAD_CHARS = 1_000_000  # enough of a CSV to find its delimiter and header


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes (BOMs, UTF-8, then Windows code pages) to NFC text."""
    text, encoding = _decode(data, file)
    # NFC: Windows-1258 writes tones as combining marks; "không" must match "không"
    return unicodedata.normalize("NFC", text), encoding


def _decode(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes: BOMs first, then UTF-8, then Windows-1258 and -1252
    (docs/criteria-format.md, "Reading sheets")."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise unsupported(file, msg("kind.binary"))
        candidates = ["utf-8", "cp1258", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise unreadable(file, msg("read.encoding"))


def detect_delimiter(text: str) -> str:
    """The delimiter most used in the header line, among `,` `;` and tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


_FIELDS_RE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _parse_error(exc: Exception, sep: str) -> Message:
    match = _FIELDS_RE.search(str(exc))
    if match:
        expected, line, saw = match.groups()
        return msg("read.fields", line=line, saw=saw, expected=expected, sep=sep)
    return msg("read.parse", error=exc)


def _header(text: str, sep: str, file: str,
            hints: ColumnHints) -> tuple[int, list[str], list[Problem]]:
    """Lines up to and including the header, its cells, and the note when rows were skipped."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[list[str]] = []
    ends: list[int] = []
    try:
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
            if len(rows) >= max(HEADER_SEARCH_ROWS, hints.header_row or 0):
                break
    except csv.Error as exc:
        raise unreadable(file, msg("read.parse", error=exc)) from exc
    index = find_header(rows, hints, file)
    skipped = any(any(cell.strip() for cell in row) for row in rows[:index])
    row_number = ends[index - 1] + 1 if index else 1
    return ends[index], [cell.strip() for cell in rows[index]], header_note(file, row_number,
                                                                            skipped)


def _read_typed(head: str, source: io.BytesIO, encoding: str, file: str,
                hints: ColumnHints) -> RawSheet:
    """Parse CSV bytes with the C parser; `head` (decoded start of the file) finds the header."""
    sep = detect_delimiter(head)
    lines, header, notes = _header(head, sep, file, hints)
    names = column_names(header, file)
    dtype: dict[str, Any] = {}
    na_values: dict[str, list[str]] = {}
    plain = hints.decimal == "." and hints.thousands is None
    for name in names:
        key = normalize_label(name)
        if key in hints.text or not plain:
            # ids, names, groups; and every cell of a sheet with a decimal comma or a
            # thousands separator, which `validate` reads strictly (the C parser would read
            # 15.29 as 1529 under a thousands dot)
            dtype[name] = str
        elif key in hints.category:
            # read as text (the parser shares repeated strings), then as categories: read
            # straight as categories, pandas would turn "1" into the number 1.0
            dtype[name] = "category-text"
        else:
            na_values[name] = MISSING_CELLS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                source, encoding=encoding, sep=sep, header=None, names=names,
                skiprows=lines,
                dtype={k: str for k in dtype}, keep_default_na=False, na_values=na_values,
                skip_blank_lines=False, index_col=False, engine="c",
            )
    except pd.errors.ParserWarning as exc:
        raise unreadable(file, msg("read.more_cells")) from exc
    except pd.errors.ParserError as exc:
        raise unreadable(file, _parse_error(exc, sep)) from exc
    except (ValueError, MemoryError, OverflowError) as exc:
        raise unreadable(file, msg("read.parse", error=exc)) from exc
    for name, kind in dtype.items():
        frame[name] = frame[name].fillna("").astype(str)
        if kind == "category-text":
            frame[name] = frame[name].astype("category")
    blank = blank_rows(frame)
    last = len(frame) - int(np.argmax(~blank[::-1])) if (~blank).any() else 0
    frame = frame.iloc[:last].reset_index(drop=True)
    if frame.empty:
        raise empty(file, msg("read.no_rows"))
    rows = np.arange(len(frame), dtype=np.int64) + lines + 1
    return RawSheet(file, frame, rows, None, problems=notes, header_row=lines)


def read_csv_text(text: str, file: str, hints: ColumnHints | None = None) -> RawSheet:
    """Read CSV text; with `hints`, numeric columns are parsed as numbers straight away."""
    if not text or text.isspace():
        raise empty(file)
    if "\r" in text and "\n" not in text:  # old Mac line ends: CR alone
        text = text.replace("\r", "\n")
    if hints is not None:
        return _read_typed(text[:HEAD_CHARS], io.BytesIO(text.encode("utf-8")), "utf-8", file,
                           hints)
    sep = detect_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise unreadable(file, _parse_error(exc, sep)) from exc
    except (ValueError, MemoryError, OverflowError) as exc:
        raise unreadable(file, msg("read.parse", error=exc)) from exc
    return _from_grid(frame, file, np.arange(1, len(frame) + 1), None)


def _plain_utf8(data: bytes, block: int = 1 << 23) -> bool:
    """True when `data` is UTF-8 already in NFC, checked a block of lines at a time."""
    if data.isascii():
        return True
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while start < len(data):
        end = data.find(b"\n", start + block)
        end = len(data) if end < 0 else end + 1
        try:
            chunk = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return False
        if not unicodedata.is_normalized("NFC", chunk):
            return False
        start = end
    return True
