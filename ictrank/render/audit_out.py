"""`ictrank audit` as a table on the terminal and as JSON (docs/audit.md)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from ictrank.audit import Audit
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


def audit_json(result: Audit, options: RenderOptions) -> str:
    return json.dumps(audit_dict(result), ensure_ascii=False, indent=2) + "\n"


def _cell(value: float | None, lang: str, decimals: int = 2) -> str:
    return "" if value is None or math.isnan(value) else number_text(value, decimals, lang)


def audit_table(result: Audit, options: RenderOptions) -> RenderableType:
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
    for row in result.criteria_rows:
        depth = 0
        parent = row.parent
        parents = {r.id: r.parent for r in result.criteria_rows}
        while parent is not None:
            depth += 1
            parent = parents.get(parent)
        table.add_row(shown("  " * depth + row.id),
                      _cell(100 * row.available, lang, 0) + " %" if not math.isnan(
                          row.available) else "",
                      _cell(row.skewness, lang), _cell(row.kurtosis, lang),
                      term(f"audit.{row.treatment}", lang),
                      _cell(row.r_parent, lang), _cell(row.r_score, lang),
                      _cell(row.loo_shift, lang),
                      ", ".join(term(f"audit.flag.{f}", lang) for f in row.flags))
    branches = Table(header_style="bold")
    for key in ("audit.branch", "audit.alpha", "audit.pc1", "audit.n", "audit.flags"):
        branches.add_column(term(key, lang), justify="left" if key in (
            "audit.branch", "audit.flags") else "right")
    for branch in result.branches:
        flags = [term(f"audit.flag.{f}", lang) if ":" not in f else
                 msg("audit.redundant", pair=f.split(":", 1)[1]).text(lang)
                 for f in branch.flags]
        branches.add_row(shown(branch.id or term("score", lang)),
                         _cell(branch.alpha, lang), _cell(branch.pc1_share, lang),
                         str(branch.n), ", ".join(flags))
    note = Text(msg("audit.rules", alpha="0,7" if lang == "vi" else "0.7",
                    redundant="0,92" if lang == "vi" else "0.92").text(lang))
    return Group(table, branches, note)
