"""`ictrank audit` as a table on the terminal and as JSON (docs/audit.md)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from ictrank.audits import Audit, AuditSeries
from ictrank.messages import msg, term
from ictrank.render import RenderOptions
from ictrank.render.common import number_text, shown

if TYPE_CHECKING:
    from rich.console import RenderableType


def _num(value: float | None, decimals: int = 4) -> float | None:
    return None if value is None or math.isnan(value) else round(value, decimals)


def audit_dict(result: Audit) -> dict[str, Any]:
    """The audit as JSON: `criteria` and `branches` (the keys docs/audit.md names), then
    `units` and `groups` (availability)."""
    return {
        "index": {"name": result.criteria.name, "year": result.criteria.year},
        "criteria": [{
            "id": row.id, "parent": row.parent, "leaf": row.leaf,
            "available": _num(row.available), "skewness": _num(row.skewness),
            "kurtosis": _num(row.kurtosis), "treatment": row.treatment,
            "r_parent": _num(row.r_parent), "rho_parent": _num(row.rho_parent),
            "r_score": _num(row.r_score), "rho_score": _num(row.rho_score), "n": row.n,
            "loo_shift": _num(row.loo_shift), "flags": list(row.flags),
        } for row in result.criteria_rows],
        "branches": [{
            "id": branch.id or None, "children": list(branch.children),
            "alpha": _num(branch.alpha), "pc1_share": _num(branch.pc1_share),
            "loadings": [_num(v) for v in branch.loadings],
            "pearson": [[_num(v) for v in row] for row in branch.pearson],
            "spearman": [[_num(v) for v in row] for row in branch.spearman],
            "n": branch.n, "flags": list(branch.flags),
        } for branch in result.branches],
        "units": [{"id": str(u.id), "name": u.name or None, "group": u.group,
                   "available": _num(float(str(u.available)))}
                  for u in result.units.itertuples(index=False)],
        "groups": {g: _num(v) for g, v in result.groups.items()},
    }


def audit_json(result: Audit | AuditSeries, options: RenderOptions) -> str:
    """The audit, or a panel's: {"periods": [{"period", ...one audit}]}."""
    if isinstance(result, AuditSeries):
        content: dict[str, Any] = {"periods": [{"period": period, **audit_dict(one)}
                                               for period, one in result.audits]}
    else:
        content = audit_dict(result)
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def _cell(value: float | None, lang: str, decimals: int = 2) -> str:
    return "" if value is None or math.isnan(value) else number_text(value, decimals, lang)


def audit_table(result: Audit | AuditSeries, options: RenderOptions) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    if isinstance(result, AuditSeries):
        parts: list[RenderableType] = []
        for period, one in result.audits:
            parts += [Text(f"{term('period', options.lang)} {shown(period)}", style="bold"),
                      _one_table(one, options)]
        return Group(*parts)
    return _one_table(result, options)


def _one_table(result: Audit, options: RenderOptions) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    lang = options.lang
    criteria = result.criteria
    title = msg("audit.title", name=criteria.label(lang)).text(lang)
    table = Table(title=shown(title), title_justify="left", header_style="bold")
    for key in ("audit.criterion", "audit.available", "audit.skewness", "audit.kurtosis",
                "audit.treatment", "audit.r_parent", "audit.r_score", "audit.loo",
                "audit.flags"):
        table.add_column(term(key, lang), justify="left" if key in (
            "audit.criterion", "audit.treatment", "audit.flags") else "right")
    depths = {c.id: c.depth for c in criteria.walk()}
    for row in result.criteria_rows:
        table.add_row(shown("  " * depths[row.id] + row.id),
                      _cell(100 * row.available, lang, 0) + " %" if not math.isnan(
                          row.available) else "",
                      _cell(row.skewness, lang), _cell(row.kurtosis, lang),
                      term(f"audit.{row.treatment}", lang),
                      _cell(row.r_parent, lang), _cell(row.r_score, lang),
                      _cell(row.loo_shift, lang),
                      ", ".join(_flag_text(f, lang) for f in row.flags))
    branches = Table(header_style="bold")
    for key in ("audit.branch", "audit.alpha", "audit.pc1", "audit.n", "audit.flags"):
        branches.add_column(term(key, lang), justify="left" if key in (
            "audit.branch", "audit.flags") else "right")
    for branch in result.branches:
        flags = [_flag_text(f, lang) for f in branch.flags]
        branches.add_row(shown(branch.id or term("score", lang)),
                         _cell(branch.alpha, lang), _cell(branch.pc1_share, lang),
                         str(branch.n), ", ".join(flags))
    note = Text(msg("audit.rules", alpha=_cell(0.7, lang, 1),
                    redundant=_cell(0.92, lang)).text(lang))
    return Group(table, branches, note)


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def _criteria_sheet(book: Any, result: Audit, lang: str, taken: set[str],
                    prefix: str = "") -> None:
    from ictrank.render.xlsx_out import sheet_name

    sheet = book.sheet(sheet_name(prefix + term("audit.criterion", lang), taken))
    keys = ("audit.criterion", "audit.available", "audit.skewness", "audit.kurtosis",
            "audit.treatment", "audit.r_parent", "audit.rho_parent", "audit.r_score",
            "audit.rho_score", "audit.n", "audit.loo", "audit.flags")
    for c, key in enumerate(keys, start=1):
        sheet.header(c, term(key, lang))
    for r, row in enumerate(result.criteria_rows, start=2):
        cells: list[tuple[Any, str | None]] = [
            (row.id, None), (_finite(row.available), "0%"), (_finite(row.skewness), "0.00"),
            (_finite(row.kurtosis), "0.00"), (term(f"audit.{row.treatment}", lang), None),
            (_finite(row.r_parent), "0.00"), (_finite(row.rho_parent), "0.00"),
            (_finite(row.r_score), "0.00"), (_finite(row.rho_score), "0.00"), (row.n, None),
            (_finite(row.loo_shift), "0.00"),
            (", ".join(_flag_text(f, lang) for f in row.flags) or None, None)]
        for c, (value, excel_format) in enumerate(cells, start=1):
            sheet.put(r, c, value, excel_format)
    sheet.freeze(2, 2)
    sheet.fit()


def _branches_sheet(book: Any, result: Audit, lang: str, taken: set[str],
                    prefix: str = "") -> None:
    """α, PC1 and flags per branch, then each branch's correlation matrix (Pearson)
    coloured from red (−1) through white (0) to green (+1), its loadings beside it."""
    from ictrank.render.xlsx_out import sheet_name

    sheet = book.sheet(sheet_name(prefix + term("audit.branch", lang), taken))
    for c, key in enumerate(("audit.branch", "audit.alpha", "audit.pc1", "audit.n",
                             "audit.flags"), start=1):
        sheet.header(c, term(key, lang))
    for r, branch in enumerate(result.branches, start=2):
        for c, (value, excel_format) in enumerate([
                (branch.id or term("score", lang), None), (_finite(branch.alpha), "0.00"),
                (_finite(branch.pc1_share), "0%"), (branch.n, None),
                (", ".join(_flag_text(f, lang) for f in branch.flags) or None, None)],
                start=1):
            sheet.put(r, c, value, excel_format)
    row = len(result.branches) + 3
    for branch in result.branches:
        sheet.put(row, 1, f"{branch.id or term('score', lang)} — Pearson", bold=True)
        sheet.put(row, len(branch.children) + 3, term("audit.loading", lang), bold=True)
        for j, child in enumerate(branch.children, start=2):
            sheet.put(row, j, child, bold=True)
        for i, child in enumerate(branch.children, start=1):
            sheet.put(row + i, 1, child, bold=True)
            for j, value in enumerate(branch.pearson[i - 1], start=2):
                sheet.put(row + i, j, _finite(value), "0.00")
            sheet.put(row + i, len(branch.children) + 3, _finite(branch.loadings[i - 1]),
                      "0.00")
        k = len(branch.children)
        sheet.ws.conditional_format(row, 1, row + k - 1, k, {
            "type": "3_color_scale", "min_type": "num", "min_value": -1,
            "mid_type": "num", "mid_value": 0, "max_type": "num", "max_value": 1,
            "min_color": "#F8696B", "mid_color": "#FFFFFF", "max_color": "#63BE7B"})
        row += k + 2
    sheet.fit()


def _units_sheet(book: Any, result: Audit, lang: str, taken: set[str],
                 prefix: str = "") -> None:
    from ictrank.render.xlsx_out import sheet_name

    sheet = book.sheet(sheet_name(prefix + term("audit.units", lang), taken))
    for c, key in enumerate(("id", "name", "group", "audit.available"), start=1):
        sheet.header(c, term(key, lang))
    for r, unit in enumerate(result.units.itertuples(index=False), start=2):
        for c, (value, excel_format) in enumerate([
                (str(unit.id), None), (unit.name or None, None), (unit.group, None),
                (float(str(unit.available)), "0%")], start=1):
            sheet.put(r, c, value, excel_format)
    sheet.ws.conditional_format(1, 3, len(result.units), 3, {"type": "data_bar",
                                                             "bar_color": "#4472C4"})
    sheet.freeze(2, 2)
    sheet.fit()


def _flag_text(flag: str, lang: str) -> str:
    if ":" in flag:
        return msg("audit.redundant", pair=flag.split(":", 1)[1]).text(lang)
    return term(f"audit.flag.{flag}", lang)


def audit_xlsx(result: Audit | AuditSeries, options: RenderOptions) -> bytes:
    """A sheet per section: the criteria, the branches with their correlation heatmaps,
    the units' availability; a panel's, those of each period in turn (named by it)."""
    from ictrank.render.common import today
    from ictrank.render.xlsx_out import new_book

    book, taken = new_book(result.criteria, options.lang, today())
    audits = result.audits if isinstance(result, AuditSeries) else (("", result),)
    for period, one in audits:
        prefix = f"{period} " if period else ""
        _criteria_sheet(book, one, options.lang, taken, prefix)
        _branches_sheet(book, one, options.lang, taken, prefix)
        _units_sheet(book, one, options.lang, taken, prefix)
    return bytes(book.bytes())


def _heat(value: float | None) -> str:
    """A correlation's background: red (−1) through white (0) to green (+1), the colours
    of the workbook's scale."""
    if value is None or math.isnan(value):
        return "#EEEEEE"
    low, high, white = (0xF8, 0x69, 0x6B), (0x63, 0xBE, 0x7B), (0xFF, 0xFF, 0xFF)
    end, t = (high, value) if value >= 0 else (low, -value)
    return "#" + "".join(f"{round(w + (e - w) * min(t, 1.0)):02X}"
                         for w, e in zip(white, end, strict=True))


def _availability_svg(result: Audit, lang: str) -> str:
    """A bar per leaf criterion: its share of units with a value, the 65 % line drawn."""
    from ictrank.render.html_out import escape

    leaves = [row for row in result.criteria_rows if row.leaf]
    height, width, label = 16 * len(leaves) + 30, 640, 180
    bars = []
    for i, row in enumerate(leaves):
        share = 0.0 if math.isnan(row.available) else row.available
        y = 10 + 16 * i
        colour = "#4472C4" if share >= 0.65 else "#C0504D"
        bars.append(f'<text x="{label - 6}" y="{y + 11}" text-anchor="end">'
                    f"{escape(row.id)}</text>"
                    f'<rect x="{label}" y="{y + 2}" width="{share * (width - label - 60):.1f}" '
                    f'height="11" fill="{colour}"/>'
                    f'<text x="{label + share * (width - label - 60) + 4:.1f}" y="{y + 11}">'
                    f"{escape(number_text(100 * share, 0, lang))} %</text>")
    line = label + 0.65 * (width - label - 60)
    return (f'<svg class="availability" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(term("audit.available", lang))}">' + "".join(bars)
            + f'<line x1="{line:.1f}" x2="{line:.1f}" y1="6" y2="{height - 14}" '
            'stroke="#555" stroke-dasharray="4 3"/></svg>')


def audit_html(result: Audit | AuditSeries, options: RenderOptions) -> str:
    """One page: the criteria table, each branch's correlation heatmap, the availability
    chart, the rules of thumb; a panel's, each period's in turn under its heading."""
    from ictrank.render.common import date_text, today
    from ictrank.render.html_out import CSS, escape

    lang = options.lang
    title = msg("audit.title", name=result.criteria.label(lang)).text(lang)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title><style>{CSS}"
           "svg.availability{max-width:100%;height:auto;font:11px sans-serif;display:block}"
           "td.heat{text-align:right;min-width:3.5em}</style></head>",
           f"<body><header><h1>{escape(title)}</h1></header>"]
    audits = result.audits if isinstance(result, AuditSeries) else (("", result),)
    for period, one in audits:
        if period:
            out.append(f"<h2>{escape(term('period', lang))} {escape(period)}</h2>")
        out += _html_sections(one, lang)
    out += [f'<p class="meta">{escape(msg("audit.rules", alpha=_cell(0.7, lang, 1), redundant=_cell(0.92, lang)).text(lang))}</p>',  # noqa: E501
            f"<footer><p>{escape(term('made', lang))} {date_text(today(), lang)}</p>"
            "</footer></body></html>"]
    return "\n".join(out) + "\n"


def _html_sections(result: Audit, lang: str) -> list[str]:
    """One audit's tables, heatmaps and availability chart."""
    from ictrank.render.html_out import escape

    out = ["<section>", '<div class="scroll"><table class="ranking"><thead><tr>']
    keys = ("audit.criterion", "audit.available", "audit.skewness", "audit.kurtosis",
            "audit.treatment", "audit.r_parent", "audit.r_score", "audit.loo", "audit.flags")
    out += [f'<th scope="col">{escape(term(k, lang))}</th>' for k in keys]
    out.append("</tr></thead><tbody>")
    for row in result.criteria_rows:
        cells = [row.id, "" if math.isnan(row.available) else
                 number_text(100 * row.available, 0, lang) + " %",
                 _cell(row.skewness, lang), _cell(row.kurtosis, lang),
                 term(f"audit.{row.treatment}", lang), _cell(row.r_parent, lang),
                 _cell(row.r_score, lang), _cell(row.loo_shift, lang),
                 ", ".join(_flag_text(f, lang) for f in row.flags)]
        out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table></div></section>")
    for branch in result.branches:
        name = branch.id or term("score", lang)
        out.append(f"<section><h3>{escape(name)}</h3><p>"
                   f"{escape(term('audit.alpha', lang))}: {_cell(branch.alpha, lang)}; "
                   f"{escape(term('audit.pc1', lang))}: {_cell(branch.pc1_share, lang)}; "
                   f"{escape(term('audit.n', lang))}: {branch.n}</p>")
        flags = [_flag_text(f, lang) for f in branch.flags]
        if flags:
            out.append(f'<p class="meta">{escape(", ".join(flags))}</p>')
        out.append('<div class="scroll"><table><thead><tr><th></th>' + "".join(
            f'<th scope="col">{escape(c)}</th>' for c in branch.children) + "</tr></thead>"
                   "<tbody>")
        for child, correlations in zip(branch.children, branch.pearson, strict=True):
            out.append(f'<tr><th scope="row">{escape(child)}</th>' + "".join(
                f'<td class="heat" style="background:{_heat(v)}">{_cell(v, lang)}</td>'
                for v in correlations) + "</tr>")
        out.append("</tbody></table></div></section>")
    out += [f"<section><h3>{escape(term('audit.available', lang))}</h3>",
            _availability_svg(result, lang), "</section>"]
    return out
