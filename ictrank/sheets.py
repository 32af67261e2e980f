"""Read indicator sheets (CSV or XLSX) into a frame of raw text cells.

Everything is kept as text here; `validate` decides what each cell means, so
that every problem can be reported with its spreadsheet row and column.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ictrank.codes import Code
from ictrank.criteria import NumberFormat, normalize_label
from ictrank.errors import SheetError
from ictrank.messages import Message, msg
from ictrank.report import MAX_PROBLEMS, Problem, Report

if TYPE_CHECKING:
    from ictrank.workbook_formats import Book

MAX_XLSX_ROWS = 1_000_000
MAX_COLUMNS = 16_384  # as many as Excel holds
HEAD_CHARS = 1_000_000  # enough of a CSV to find its delimiter and header


@dataclass
class RawSheet:
    """One sheet's cells as text, with where each row and column sits in the file."""

    file: str
    frame: pd.DataFrame  # columns as written in the header; every cell a str
    rows: np.ndarray  # spreadsheet row number of each frame row (header = 1)
    letters: dict[str, str] | None = None  # column -> Excel column letter, for XLSX
    problems: list[Problem] = field(default_factory=list)  # found while reading
    header_row: int = 1  # the header's row in the file
    # a filled template: where each column's one value sits (row, cell such as F12)
    template_cells: dict[str, tuple[int, str]] | None = None
    # (row, column) of the workbook text cells shaped like a number with thousands dots
    text_numbers: frozenset[tuple[int, str]] = frozenset()
    # (row, column) of the workbook number cells shown as percentages (read as shown)
    percent_cells: frozenset[tuple[int, str]] = frozenset()
    # the decimal comma this CSV was read with because its cells show it (decimal_mark.py)
    number_format: NumberFormat | None = None

    def cell(self, column: str, row: int) -> str | None:
        if self.letters is None or column not in self.letters:
            return None
        return f"{self.letters[column]}{row}"

    def place(self, column: str | None, row: int | None) -> tuple[int | None, str | None]:
        """Where a problem at (column, row) is in the file: its row and cell."""
        if self.template_cells is not None:
            return self.template_cells.get(column or "", (None, None))
        if column is None or row is None:
            return row, None
        return row, self.cell(column, row)

    def column_index(self) -> dict[str, str]:
        """Normalised header name -> header as written (first one wins)."""
        index: dict[str, str] = {}
        for name in self.frame.columns:
            index.setdefault(normalize_label(name), name)
        return index


def unreadable(file: str, message: str) -> SheetError:
    """The error for a file that cannot be read as a sheet at all."""
    return SheetError.single(file, Code.UNREADABLE_FILE, message)


def empty(file: str, message: str | None = None) -> SheetError:
    return SheetError.single(file, Code.EMPTY_FILE, message or msg("read.empty"))


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
            from ictrank.workbook_formats import unsupported

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

# cells that mean "no value" (docs/criteria-format.md, "Missing values"), trimmed and
# case-folded; MISSING_CELLS holds every case variant, for pandas' exact matching
MISSING_TOKENS = frozenset({"", "na", "n/a", "-", "—", "–"})
MISSING_CELLS = sorted({"".join(chars) for token in MISSING_TOKENS
                        for chars in itertools.product(*({c, c.upper()} for c in token))})


@dataclass(frozen=True)
class ColumnHints:
    """How to read a CSV's columns quickly: which hold text, which few distinct values.

    Every other column is read as numbers by the C parser when all its cells are
    numbers or missing (8 bytes a cell, no Python object), and as text otherwise,
    so that `validate` can say what is wrong with each bad cell.
    """

    text: frozenset[str] = frozenset()  # normalised names: ids, names, groups
    category: frozenset[str] = frozenset()  # normalised names: yes/no and choice columns
    decimal: str = "."
    thousands: str | None = None
    # finding the header row (docs/criteria-format.md, "Header row")
    id_names: frozenset[str] = frozenset()  # normalised names the id column may have
    header_names: frozenset[str] = frozenset()  # every column the criteria read
    header_row: int | None = None  # given by --header-row


def _parse_error(exc: Exception, sep: str) -> Message:
    match = _FIELDS_RE.search(str(exc))
    if match:
        expected, line, saw = match.groups()
        return msg("read.fields", line=line, saw=saw, expected=expected, sep=sep)
    return msg("read.parse", error=exc)


HEADER_SEARCH_ROWS = 30  # rows looked through for the header


def find_header(rows: list[list[str]], hints: ColumnHints | None, file: str) -> int:
    """Index in `rows` (the sheet's first rows) of the header: the row given, else the first
    that holds the id column and more of the criteria's columns than any other row, else the
    first row with anything in it."""
    if hints is not None and hints.header_row is not None:
        index = hints.header_row - 1
        if index >= len(rows) or not any(cell.strip() for cell in rows[index]):
            raise unreadable(file, msg("read.header_beyond", row=hints.header_row))
        return index
    filled = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not filled:
        raise empty(file)
    best, most = filled[0], 0
    if hints is not None and hints.id_names:
        for i in filled:
            names = {normalize_label(cell) for cell in rows[i]}
            if names & hints.id_names and len(names & hints.header_names) > most:
                best, most = i, len(names & hints.header_names)
    return best


def header_note(file: str, header_row: int, skipped: bool) -> list[Problem]:
    """The note that rows above the header (titles, a dispatch number) were skipped."""
    if not skipped:
        return []
    return [Problem(file, header_row, None, Code.HEADER_ROW,
                    msg("read.header_found", row=header_row))]


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


def column_names(header: list[str], file: str) -> list[str]:
    """The header's names (a blank one gets a placeholder); two equal names are an error."""
    if len(header) > MAX_COLUMNS:
        raise unreadable(file, msg("read.too_many_columns", count=len(header),
                                   limit=MAX_COLUMNS))
    report = Report()
    seen: dict[str, int] = {}
    unlisted = 0
    for i, name in enumerate(header):
        key = normalize_label(name)
        if name and key in seen:
            if len(report.problems) < MAX_PROBLEMS:
                report.add(Problem(file, 1, name, Code.DUPLICATE_COLUMN,
                                   msg("read.column_twice", name=name, first=seen[key] + 1,
                                       second=i + 1)))
            else:
                unlisted += 1
        seen.setdefault(key, i)
    if report.problems:
        report.count_unlisted(file, unlisted)
        raise SheetError(report)
    return [name if name else str(msg("read.blank_header", number=i + 1))
            for i, name in enumerate(header)]  # a placeholder, said again in any language


def empty_cells(column: pd.Series) -> np.ndarray:
    """True where a cell holds nothing (missing number, empty or blank text)."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.isna().to_numpy()
    if isinstance(column.dtype, pd.CategoricalDtype):
        blank_category = np.append(
            (pd.Series(column.cat.categories.astype(str)).str.strip() == "").to_numpy(), True)
        return blank_category[column.cat.codes.to_numpy()]  # code -1 (NaN) -> last entry
    return (column.isna() | (column.astype(str).str.strip() == "")).to_numpy()


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for each row with nothing in any cell (stops looking once no row is blank)."""
    blank = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        blank &= empty_cells(frame[name])
        if not blank.any():
            break
    return blank


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


def _from_grid(frame: pd.DataFrame, file: str, rownums: np.ndarray, letters: list[str] | None,
               hints: ColumnHints | None = None, nonblank: np.ndarray | None = None
               ) -> RawSheet:
    """Turn a headerless grid of text into a RawSheet, finding its header row; `nonblank`
    (a row holds something) where the caller knows it already."""
    frame = frame.fillna("").astype(str)
    if nonblank is None:
        nonblank = (frame.apply(lambda col: col.str.strip()) != "").to_numpy().any(axis=1)
    if not nonblank.any():
        raise empty(file)
    search = max(HEADER_SEARCH_ROWS, hints.header_row or 0) if hints else HEADER_SEARCH_ROWS
    first = find_header(frame.iloc[:search].values.tolist(), hints, file)
    notes = header_note(file, int(rownums[first]), bool(nonblank[:first].any()))
    header = [str(h).strip() for h in frame.iloc[first]]
    body = frame.iloc[first + 1 :]
    filled_below = nonblank[first + 1 :]
    # drop trailing blank rows (spreadsheets often carry them); keep inner ones for reporting
    if filled_below.any():
        last = len(filled_below) - int(np.argmax(filled_below[::-1]))
        body = body.iloc[:last]
    else:
        body = body.iloc[:0]
    rows = rownums[first + 1 : first + 1 + len(body)]
    names = column_names(header, file)
    body.columns = pd.Index(names)
    body = body.reset_index(drop=True)
    letter_map = dict(zip(names, letters, strict=False)) if letters is not None else None
    if body.empty:
        raise empty(file, msg("read.no_rows"))
    return RawSheet(file, body, np.asarray(rows, dtype=np.int64), letter_map, problems=notes,
                    header_row=int(rownums[first]))


def excel_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_ZERO_PADDED = re.compile("0{2,}")


def cell_text(value: object, excel_format: str | None = None, decimal: str = ".") -> str:
    """An XLSX cell as the text a CSV would hold, numbers written so they read back exactly
    under the sheet's decimal mark (a number cell is a number whatever the mark).

    A cell shown as a percentage (85%) holds 0.85; the sheet means 85, as in a CSV.
    """
    if excel_format is None:  # the usual cell first: a workbook has millions of them
        if isinstance(value, str):
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
    text = _cell_text(value, excel_format)
    if decimal != "." and isinstance(value, float):
        return text.replace(".", decimal)
    return text


def _cell_text(value: object, excel_format: str | None) -> str:
    if (excel_format and "%" in excel_format and isinstance(value, (int, float))
            and not isinstance(value, bool)):
        value = float(f"{value * 100:.12g}")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if (excel_format and _ZERO_PADDED.fullmatch(excel_format) and isinstance(value, (int, float))
            and not isinstance(value, bool) and float(value).is_integer()):
        return f"{int(value):0{len(excel_format)}d}"  # an id 007 shown by its format "000"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return unicodedata.normalize("NFC", str(value))


def open_workbook(data: bytes, file: str) -> Book | None:
    """The workbook `data` holds, None for a text sheet (a CSV); an empty file is refused
    as empty whatever its name."""
    if not data or data.isspace():
        raise empty(file)
    from ictrank.workbook_formats import open_book

    return open_book(data, file)


def read_book_sheet(book: Book, sheet: str | None = None,
                    hints: ColumnHints | None = None) -> RawSheet:
    """A worksheet of `book` (by name, number from 1, or the first) as a sheet."""
    from ictrank.workbook_formats import choose_sheet

    cells = book.cells(choose_sheet(book, sheet), MAX_XLSX_ROWS, hints.decimal if hints else ".")
    raw = _workbook_sheet(cells.grid, book.file, hints)
    raw.problems += _formula_problems(raw, cells.formulas)
    names = list(raw.frame.columns)

    def placed(cells: list[tuple[int, int]]) -> frozenset[tuple[int, str]]:
        return frozenset((row, names[col - 1]) for row, col in cells
                         if row > raw.header_row and col <= len(names))

    raw.text_numbers = placed(cells.text_numbers)
    raw.percent_cells = placed(cells.percent_cells)
    return raw


def _workbook_sheet(grid: list[list[str]], file: str, hints: ColumnHints | None) -> RawSheet:
    """A workbook's grid of text as a sheet, its columns known by their letters."""
    from ictrank.workbook_formats import grid_frame

    if not grid:
        raise empty(file, msg("read.sheet_empty"))
    frame, rownums = grid_frame(grid)
    nonblank = np.fromiter((any(cell.strip() for cell in row) for row in grid), bool, len(grid))
    return _from_grid(frame, file, rownums, [excel_letter(i) for i in range(frame.shape[1])],
                      hints, nonblank)


def _formula_problems(raw: RawSheet, cells: list[tuple[int, int]]) -> list[Problem]:
    names = list(raw.frame.columns)
    problems = []
    for row, col in cells:
        if row <= raw.header_row or col > len(names):
            continue
        problems.append(Problem(
            raw.file, row, names[col - 1], Code.FORMULA_WITHOUT_VALUE,
            msg("read.uncomputed"),
            cell=f"{excel_letter(col - 1)}{row}"))
    return problems


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


MAX_INPUT_BYTES = 1_000_000_000  # a sheet larger than this is refused, as a workbook unpacking
#                                  to more: ten times the largest sheet a province sends


def bounded_bytes(stream: Any, file: str) -> bytes:
    """All of `stream`, or the error that says it is larger than MAX_INPUT_BYTES (a stream
    such as /dev/zero never ends)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(1 << 24)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise unreadable(file, msg("read.too_large", limit=MAX_INPUT_BYTES))
        chunks.append(chunk)


def file_bytes(path: str | Path) -> bytes:
    """A file's bytes, or the error that says why they cannot be read (a regular file
    larger than MAX_INPUT_BYTES is refused before it is read; a pipe or a device is read
    up to that much)."""
    path = Path(path)
    try:
        if path.is_file():  # its size is known: read at once, no chunks held twice
            if path.stat().st_size > MAX_INPUT_BYTES:
                raise unreadable(str(path), msg("read.too_large", limit=MAX_INPUT_BYTES))
            return path.read_bytes()
        with open(path, "rb") as stream:
            return bounded_bytes(stream, str(path))
    except FileNotFoundError as exc:
        raise unreadable(str(path), msg("read.not_found")) from exc
    except IsADirectoryError as exc:
        raise unreadable(str(path), msg("read.folder")) from exc
    except OSError as exc:
        raise unreadable(str(path), msg("read.cannot", error=exc.strerror)) from exc


def read_sheet(path: str | Path, sheet: str | None = None,
               hints: ColumnHints | None = None) -> RawSheet:
    """Read an indicator sheet from a file."""
    return read_sheet_bytes(file_bytes(path), str(path), sheet, hints)
