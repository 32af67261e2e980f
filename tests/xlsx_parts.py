"""Workbooks written part by part, as other programs lay them out: a test says exactly
which XML a cell is stored as, and ictrank's reading of it is checked."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def cell(ref: str, value: str = "", t: str | None = None, s: int | None = None,
         formula: str | None = None) -> str:
    """A <c> element: `value` is the stored <v> text (None: no <v>)."""
    attrs = f' r="{ref}"' + (f' t="{t}"' if t else "") + (f' s="{s}"' if s is not None else "")
    inner = f"<f>{formula}</f>" if formula is not None else ""
    if t == "inlineStr":
        inner += f"<is><t>{value}</t></is>"
    elif value is not None:
        inner += f"<v>{value}</v>"
    return f"<c{attrs}>{inner}</c>"


def sheet(rows: list[tuple[int, list[str]]], dimension: str | None = None,
          row_attribute: bool = True) -> str:
    body = "".join((f'<row r="{r}">' if row_attribute else "<row>") + "".join(cells) + "</row>"
                   for r, cells in rows)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{dim}<sheetData>{body}'
            "</sheetData></worksheet>")


def styles(formats: list[str]) -> str:
    """A styles part whose cell style i (from 1) shows numbers by formats[i - 1]; style 0
    is General."""
    fmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{code}"/>'
                   for i, code in enumerate(formats))
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>'
                                         for i in range(len(formats)))
    return (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
            f'<numFmts count="{len(formats)}">{fmts}</numFmts>'
            f'<cellXfs count="{len(formats) + 1}">{xfs}</cellXfs></styleSheet>')


def workbook(sheet_xml: str | bytes, style_xml: str | None = None,
             strings: list[str] | None = None, date1904: bool = False,
             sheets: list[tuple[str, str | bytes]] | None = None,
             package_rels: bool = True, with_styles: bool = True) -> bytes:
    """The bytes of an .xlsx holding `sheet_xml` as its sheet "Sheet1" (or `sheets`, a
    list of (name, xml)), with the styles and shared strings given; without the package's
    relationships or a styles part where told (some writers leave them out)."""
    sheets = sheets or [("Sheet1", sheet_xml)]
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, (name, _) in enumerate(sheets, start=1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    if with_styles:
        rels += f'<Relationship Id="rS" Type="{RELS}/styles" Target="styles.xml"/>'
    if strings is not None:
        rels += f'<Relationship Id="rT" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets), strings is not None))
        if package_rels:
            archive.writestr("_rels/.rels",
                             f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE}">'
                             f'<Relationship Id="rId1" Type="{RELS}/officeDocument" '
                             'Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml",
                         f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
                         f"{pr}<sheets>{listed}</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE}">{rels}'
                         "</Relationships>")
        if with_styles:
            archive.writestr("xl/styles.xml", style_xml or styles([]))
        if strings is not None:
            items = "".join(f"<si>{s}</si>" for s in strings)
            archive.writestr("xl/sharedStrings.xml",
                             f'<?xml version="1.0"?><sst xmlns="{MAIN}">{items}</sst>')
        for i, (_, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return buffer.getvalue()


_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(sheet_count: int, strings: bool) -> str:
    parts = [("/xl/workbook.xml", "sheet.main"), ("/xl/styles.xml", "styles")]
    parts += [(f"/xl/worksheets/sheet{i}.xml", "worksheet") for i in range(1, sheet_count + 1)]
    if strings:
        parts.append(("/xl/sharedStrings.xml", "sharedStrings"))
    overrides = "".join(f'<Override PartName="{name}" ContentType="{_TYPE}.{kind}+xml"/>'
                        for name, kind in parts)
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{overrides}</Types>')
