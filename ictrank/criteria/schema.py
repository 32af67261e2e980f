"""The criteria file's keys, each declared once: its type, what it allows, its default and
what it means (docs/criteria-format.md). The checker reads every key through its
declaration (`KeyReader.value`), and keeps for itself only the rules that join keys (a
band's `min` or `min_percent`, the weights that must add up, ...). A scoring method's own
keys are declared by the method (ictrank/methods/).

A text key marked `translated` may also be given in Vietnamese as KEY_vi.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "number", "whole", "choice", "pair", "flag", "date", "names",
               "mapping", "list", "weight", "groups"]

MISSING_POLICIES = ("zero", "error", "mean", "skip", "group-mean", "group-median", "previous")
IMPUTED = ("group-mean", "group-median")  # filled in before treatment, by `impute_by`
AGGREGATIONS = ("arithmetic", "geometric")


@dataclass(frozen=True)
class Key:
    """One key: how it is read and checked (`kind`), and what it means (`about`)."""

    kind: Kind
    about: str
    default: Any = None
    choices: tuple[str, ...] = ()  # a `choice` key's values
    required: bool = False
    translated: bool = False  # also KEY_vi, in Vietnamese
    positive: bool = False  # a number above 0
    minimum: float | None = None  # a number at least this
    valid: range | None = None  # a whole number within
    what: str = ""  # the message key naming what a whole number is, for its error


Section = dict[str, Key]

FILE: Section = {
    "name": Key("text", "the index's name", required=True, translated=True),
    "year": Key("whole", "the round's year", what="yaml.a_year"),
    "scale": Key("number", "the points of a full score (default: the sum of the top-level "
                 "weights)", positive=True),
    "decimals": Key("whole", "decimals of published scores", default=2, valid=range(0, 11),
                    what="yaml.0_to_10"),
    "columns": Key("mapping", "the sheet's identity columns: id, name, group, period"),
    "missing": Key("choice", "what an empty cell earns", default="zero",
                   choices=MISSING_POLICIES),
    "aggregation": Key("choice", "how branches combine their children", default="arithmetic",
                       choices=AGGREGATIONS),
    "groups": Key("mapping", "the groups ranked separately"),
    "number_format": Key("mapping", "how the sheets write numbers"),
    "weights": Key("choice", "whether weights are relative or points", default="relative",
                   choices=("relative", "points")),
    "treat": Key("mapping", "outlier treatment of every criterion's values, before scoring"),
    "impute_by": Key("text", "the unit column whose units share a `group-mean` or "
                     "`group-median` value (default: the ranking group)"),
    "screen": Key("mapping", "units left out of the ranking for too few values"),
    "rank_on": Key("choice", "rank on the rounded or the unrounded score",
                   default="rounded", choices=("rounded", "unrounded")),
    "rounding": Key("choice", "how published numbers are rounded: half-up as a spreadsheet's "
                    "ROUND (15 significant digits, then half away from zero) or half-even as "
                    "numpy", default="half-up", choices=("half-up", "half-even")),
    "publication": Key("mapping", "the annex's title block"),
    "bands": Key("list", "the bands, highest first"),
    "criteria": Key("list", "the criteria tree", required=True),
    "deductions": Key("list", "points taken off per counted item"),
    "bonuses": Key("list", "points added per counted item"),
    "max_score": Key("number", "the highest score, bonuses included", positive=True),
    "views": Key("list", "aggregates ranked beside the score, such as DTI's pillars"),
    "lang": Key("choice", "the language of outputs and messages", choices=("en", "vi")),
    "description": Key("text", "what the index measures", translated=True),
    "source": Key("text", "where the method is published"),
}

PUBLICATION: Section = {
    "issuer": Key("text", "the issuing body", translated=True),
    "annex": Key("text", "the annex's number", translated=True),
    "decision": Key("text", "the decision the annex is attached to", translated=True),
    "place": Key("text", "the place of the date line", translated=True),
    "date": Key("date", "the date of the decision (YYYY-MM-DD)"),
    "style": Key("choice", "the annex's look: decree (a serif face, italics and headings as "
                 "Nghị định 30/2020/NĐ-CP sets documents) or sans", default="decree",
                 choices=("decree", "sans")),
}

COLUMNS: Section = {
    "id": Key("names", "the column of unit ids", default="id"),
    "name": Key("names", "the column of unit names", default="name"),
    "group": Key("names", "the column of groups", default="group"),
    "period": Key("names", "the column of periods (a sheet of several years)"),
}

TREAT: Section = {
    "method": Key("choice", "how outliers are treated: winsorised (COINr's rule)",
                  default="winsorise", choices=("winsorise",)),
    "max_points": Key("whole", "the most values winsorising may move", default=5,
                      valid=range(0, 1_000_001), what="yaml.count"),
    "skew": Key("number", "the |skewness| from which a column is treated (with kurtosis)",
                default=2.0, positive=True),
    "kurtosis": Key("number", "the kurtosis from which a column is treated (with skewness)",
                    default=3.5),
    "fallback": Key("choice", "what a column winsorising cannot mend gets: log, or none",
                    default="log", choices=("log", "none")),
}

NUMBER_FORMAT: Section = {
    "decimal": Key("choice", "the decimal mark", default=".", choices=(".", ",")),
    "thousands": Key("choice", "the thousands separator", default="",
                     choices=(".", ",", " ", "'", "")),
}

GROUP: Section = {
    "title": Key("text", "the group's title", translated=True),
    "match": Key("list", "the cells that name the group"),
    "scale": Key("number", "the group's own scale", positive=True),
    "bands": Key("list", "the group's own bands"),
    "description": Key("text", "what the group holds", translated=True),
}

BAND: Section = {
    "id": Key("text", "the band's id", required=True),
    "title": Key("text", "the band's title", translated=True),
    "min": Key("number", "the lowest score of the band"),
    "min_percent": Key("number", "the lowest score of the band, in percent of the scale"),
    "above": Key("number", "the score the band's scores are strictly above"),
    "above_percent": Key("number", "the percent of the scale the band's scores are strictly "
                         "above"),
    "color": Key("text", "the band's colour, #rrggbb"),
}

CRITERION: Section = {  # every criterion, branch or leaf
    "id": Key("text", "the criterion's id", required=True),
    "title": Key("text", "the criterion's title", translated=True),
    "description": Key("text", "what the criterion measures", translated=True),
    "unit": Key("text", "the unit of its values", translated=True),
    "weight": Key("weight", "its weight, or a weight per group", default=1.0, minimum=0.0),
    "applies_to": Key("groups", "the groups it applies to"),
}

BRANCH: Section = {
    "criteria": Key("list", "the children"),
    "aggregation": Key("choice", "how the children combine", default="arithmetic",
                       choices=AGGREGATIONS),
}

LEAF: Section = {
    "method": Key("choice", "the scoring method (ictrank/methods/)"),
    "column": Key("names", "the sheet's column, or a list of accepted names"),
    "direction": Key("choice", "whether higher or lower values are better", default="higher",
                     choices=("higher", "lower")),
    "bounds": Key("pair", "the values allowed in the sheet"),
    "integer": Key("flag", "the values are whole numbers"),
    "missing": Key("choice", "what an empty cell earns, for this criterion",
                   choices=MISSING_POLICIES),
    "treat": Key("mapping", "this criterion's outlier treatment, or `none`"),
    "denominator": Key("text", "a unit column the value is divided by before scoring"),
    "scale_factor": Key("number", "the value is divided by denominator / scale_factor",
                        default=1.0, positive=True),
    "impute_by": Key("text", "the unit column whose units share an imputed value"),
}

SCREEN: Section = {
    "min_available": Key("number", "the least share (0 to 1) of present values over the "
                         "scored criteria a unit needs to be ranked", required=True, minimum=0),
}

def _counted(item: str, points: str) -> Section:
    """The keys of a deduction or a bonus, the two lists of the same shape: `points` is
    what happens to the points ("taken off", "added")."""
    return {
        "id": Key("text", f"the {item}'s id", required=True),
        "title": Key("text", f"the {item}'s title", translated=True),
        "description": Key("text", "what is counted", translated=True),
        "column": Key("text", "the sheet's column of counts"),
        "points_each": Key("number", f"the points {points} per item", required=True,
                           minimum=0.0),
        "max_points": Key("number", f"the most points {points}", minimum=0.0),
    }


DEDUCTION: Section = _counted("deduction", "taken off")
BONUS: Section = _counted("bonus", "added")

VIEW: Section = {
    "id": Key("text", "the view's id", required=True),
    "title": Key("text", "the view's title", translated=True),
    "description": Key("text", "what the view shows", translated=True),
    "of": Key("list", "the ids of the criteria it combines", required=True),
    "weights": Key("mapping", "a weight per criterion of `of` (default: their own weights)"),
    "sum": Key("choice", "`mean`: the weighted mean of their fractions × 100; `points`: the "
               "sum of their points", default="mean", choices=("mean", "points")),
}

SECTIONS: dict[str, Section] = {
    "the file": FILE, "publication": PUBLICATION, "columns": COLUMNS,
    "number_format": NUMBER_FORMAT, "groups.GROUP": GROUP, "bands[i]": BAND,
    "criteria[i]": CRITERION, "a branch": BRANCH, "a leaf": LEAF, "deductions[i]": DEDUCTION,
    "bonuses[i]": BONUS, "views[i]": VIEW, "treat": TREAT, "screen": SCREEN,
}


def required(section: Section) -> tuple[str, ...]:
    return tuple(name for name, key in section.items() if key.required)
