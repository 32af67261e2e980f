"""`sensitivity --method sobol` as a table, JSON or CSV (docs/cli.md, "sensitivity")."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from ictrank.messages import msg, term
from ictrank.render import RenderOptions
from ictrank.render.common import number_text, shown
from ictrank.safety import spreadsheet_column
from ictrank.sobol import SobolResult

if TYPE_CHECKING:
    from rich.console import RenderableType


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def _indices(table: Any, name: str, unit: bool = False) -> dict[str, float | None]:
    if unit:  # a unit's row
        return {key: _num(table[f"{key}.{name}"]) for key in ("S1", "S1_conf", "ST",
                                                               "ST_conf")}
    return {key: _num(table.loc[name, key]) for key in ("S1", "S1_conf", "ST", "ST_conf")}


def sobol_dict(result: SobolResult) -> dict[str, Any]:
    """What was varied and how, then each input's indices on the mean absolute rank shift
    and on every unit's rank (S1, ST and their 95 % bootstrap half-widths)."""
    units = [{"id": row["id"], "name": row["name"] or None, "group": row["group"],
              "rank": int(row["rank"]),
              "indices": {name: _indices(row, name, unit=True) for name in result.inputs}}
             for row in result.units.to_dict("records")]
    return {"method": "sobol", "base_samples": result.base_samples, "runs": result.runs,
            "jitter": result.jitter, "seed": result.seed, "inputs": list(result.inputs),
            "mean_rank_shift": {name: _indices(result.shift, name)
                                for name in result.inputs},
            "units": units}


def sobol_json(result: SobolResult, options: RenderOptions) -> str:
    return json.dumps(sobol_dict(result), ensure_ascii=False, indent=2) + "\n"


def sobol_csv(result: SobolResult, options: RenderOptions) -> str:
    """A row per unit: id, name, group, rank, then S1.<input>, ST.<input> and their
    confidence half-widths (S1_conf.<input>, ST_conf.<input>), 4 decimals."""
    frame = result.units.copy()
    for column in ("id", "name", "group"):
        frame[column] = spreadsheet_column(frame[column])
    for column in frame.columns[4:]:
        frame[column] = frame[column].map(lambda v: "" if math.isnan(v) else f"{v:.4f}")
    return frame.to_csv(index=False, lineterminator="\n")


def _input_label(name: str, result: SobolResult, lang: str) -> str:
    if name.startswith("weight."):
        cid = name.split(".", 1)[1]
        node = next(c for c in result.criteria.top if c.id == cid)
        return msg("sobol.weight", id=node.label(lang)).text(lang)
    return term(f"sobol.{name}", lang)


def sobol_table(result: SobolResult, options: RenderOptions) -> RenderableType:
    from rich.console import Group
    from rich.table import Table

    lang = options.lang
    jitter = number_text(result.jitter, 2, lang)
    title = msg("sobol.title", runs=result.runs, samples=result.base_samples,
                jitter=jitter).text(lang)
    table = Table(title=shown(term("sobol.shift", lang)), title_justify="left",
                  header_style="bold")
    for key in ("sobol.input", "sobol.first", "sobol.total"):
        table.add_column(term(key, lang), justify="left" if key == "sobol.input" else "right")

    def pair(value: float, half: float) -> str:
        if math.isnan(value):
            return ""
        return f"{number_text(value, 3, lang)} ± {number_text(half, 3, lang)}"

    shift: dict[str, dict[str, float]] = result.shift.to_dict("index")  # type: ignore[assignment]
    for name in result.inputs:
        row = shift[name]
        table.add_row(shown(_input_label(name, result, lang)), pair(row["S1"], row["S1_conf"]),
                      pair(row["ST"], row["ST_conf"]))
    units = Table(title=shown(term("sobol.units", lang)), title_justify="left",
                  header_style="bold")
    for key in ("sobol.input", "id", "name", "rank", "sobol.total"):
        units.add_column(term(key, lang), justify="right" if key in ("rank", "sobol.total")
                         else "left")
    for name in result.inputs:
        column = result.units[f"ST.{name}"]
        for i in column.sort_values(ascending=False, kind="stable").index[:3]:
            unit = result.units.loc[i]
            units.add_row(shown(_input_label(name, result, lang)), shown(str(unit["id"])),
                          shown(unit["name"] or ""), str(unit["rank"]),
                          number_text(float(column[i]), 3, lang))
    return Group(shown(title, style="bold"), table, units)
