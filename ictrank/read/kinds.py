"""Which kind of file a sheet is, told by its bytes, not its name; and the reader of each
kind of workbook (the registry: docs/architecture.md, "Add an input format").
"""

from __future__ import annotations

import importlib
import io
import zipfile

from ictrank.codes import Code
from ictrank.errors import SheetError
from ictrank.messages import Message, msg
from ictrank.read.book import OLE_MAGIC, ZIP_ERRORS, ZIP_MAGIC, Book

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


_KNOWN_BINARY = {  # what a misplaced file often is, to say so (catalogue keys)
    b"%PDF": "kind.pdf", b"\x89PNG": "kind.png", b"\xff\xd8\xff": "kind.jpeg",
    b"GIF8": "kind.gif", b"Rar!": "kind.rar", b"\x1f\x8b": "kind.gzip",
    b"7z\xbc\xaf": "kind.7z",
}


_ZIP_KINDS = {"word/document.xml": "kind.docx", "ppt/presentation.xml": "kind.pptx"}


def unsupported(file: str, what: Message) -> SheetError:
    return SheetError.single(file, Code.UNSUPPORTED_FORMAT, msg("read.unsupported", what=what))


def workbook_kind(data: bytes, file: str) -> str | None:
    """`xlsx`, `ods` or `xls` for a workbook, None for text; an error for any other binary."""
    if data.startswith(OLE_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except ZIP_ERRORS:
            return "xlsx"  # the .xlsx reader says the file is damaged
        if mime.strip().startswith(_ODS_MIME):
            return "ods"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        what = next((kind for member, kind in _ZIP_KINDS.items() if member in names),
                    "kind.zip")
        raise unsupported(file, msg(what))
    for magic, what in _KNOWN_BINARY.items():
        if data.startswith(magic):
            raise unsupported(file, msg(what))
    if file.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if file.lower().endswith((".xls", ".ods")):
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.damaged"))
    return None


# the reader of each kind of workbook: its module and its `Book`, imported only when a file
# of that kind comes (a CSV run never loads a workbook library)
READERS: dict[str, tuple[str, str]] = {
    "xlsx": ("ictrank.read.xlsx", "XlsxBook"),
    "ods": ("ictrank.read.ods", "OdsBook"),
    "xls": ("ictrank.read.xls", "XlsBook"),
}


def open_book(data: bytes, file: str) -> Book | None:
    """The workbook `data` holds (None for a text sheet, such as a CSV)."""
    kind = workbook_kind(data, file)
    if kind is None:
        return None
    if kind == "xlsx" and data.startswith(OLE_MAGIC):
        raise SheetError.single(file, Code.UNREADABLE_FILE, msg("read.password_xlsx"))
    module, name = READERS[kind]
    reader: Book = getattr(importlib.import_module(module), name)(data, file)
    return reader
