"""`sensitivity` as a rich table, JSON or CSV."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ictrank.messages import msg, term
from ictrank.render import RenderOptions
from ictrank.render.common import band_titles, group_rows, number_text, shown
from ictrank.safety import spreadsheet_column
from ictrank.sensitivity import STABLE_PROBABILITY, SensitivityResult


def _header(result: SensitivityResult, lang: str) -> str:
    extra = msg("sensitivity.methods") if result.methods else ""
    return msg("sensitivity.header", runs=result.runs, low=f"{1 - result.jitter:g}",
               high=f"{1 + result.jitter:g}", seed=result.seed, extra=extra).text(lang)


def sensitivity_dict(result: SensitivityResult) -> dict[str, Any]:
    units = []
    for row in result.units.to_dict("records"):
        units.append({
            "id": row["id"], "name": row["name"] or None, "group": row["group"],
            "rank": int(row["rank"]), "band": row["band"],
            "median_rank": int(row["median_rank"]),
            "rank_interval": [int(row["rank_p05"]), int(row["rank_p95"])],
            "band_probability": {b: round(float(row[f"p_{b}"]), 4) for b in result.band_ids},
            "unstable": bool(row["unstable"]),
        })
    return {"runs": result.runs, "jitter": result.jitter, "seed": result.seed,
            "methods": result.methods, "stable_probability": STABLE_PROBABILITY,
            "units": units}


def sensitivity_json(result: SensitivityResult, options: RenderOptions) -> str:
    return json.dumps(sensitivity_dict(result), ensure_ascii=False, indent=2) + "\n"


def sensitivity_csv(result: SensitivityResult, options: RenderOptions) -> str:
    frame = result.units.copy()
    for column in ("id", "name", "group", "band"):
        frame[column] = spreadsheet_column(frame[column])
    for b in result.band_ids:
        frame[f"p_{b}"] = frame[f"p_{b}"].map(lambda v: f"{v:.4f}")
    frame["p_nominal_band"] = frame["p_nominal_band"].map(lambda v: f"{v:.4f}")
    return frame.to_csv(index=False, lineterminator="\n")


def sensitivity_table(result: SensitivityResult, options: RenderOptions) -> RenderableType:
    criteria, lang = result.criteria, options.lang
    titles = band_titles(criteria, lang)
    parts: list[RenderableType] = [Text(_header(result, lang), style="bold")]
    units = result.units
    for group_id, rows in group_rows(criteria, units["group"]):
        table = Table(title=shown(criteria.group(group_id).label(lang)) if group_id else None,
                      title_justify="left", header_style="bold")
        for key in ["rank", "id", "name", "band", "sensitivity.median", "sensitivity.interval"]:
            table.add_column(term(key, lang), justify="right" if key in (
                "rank", "sensitivity.median") else "left")
        for b in result.band_ids:
            table.add_column(shown(f"P({titles.get(b, b)})"), justify="right")
        table.add_column(term("sensitivity.stability", lang))
        for i in rows:
            u = units.iloc[i]
            cells = [str(u["rank"]), shown(u["id"]), shown(u["name"] or ""),
                     shown(titles.get(u["band"] or "none", "")),
                     str(u["median_rank"]), f"{u['rank_p05']}–{u['rank_p95']}"]
            cells += [number_text(u[f"p_{b}"], 2, lang) for b in result.band_ids]
            flag = (Text(term("sensitivity.unstable", lang), style="bold yellow")
                    if u["unstable"] else Text(""))
            table.add_row(*cells, flag)
        parts.append(table)
    flagged = int(units["unstable"].sum())
    parts.append(Text(msg("sensitivity.flagged", count=flagged,
                          share=f"{STABLE_PROBABILITY:.0%}").text(lang)))
    return RenderGroup(*parts)
