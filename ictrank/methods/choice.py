"""`choice`: one of the values the criteria file lists, each worth its fraction (or its
points, `choice_points`): "toàn bộ: 1, một phần: 0.5"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ictrank.codes import Code
from ictrank.labels import normalize_label
from ictrank.messages import Message, msg
from ictrank.methods.base import (
    CellKind,
    KeyReader,
    Method,
    Statistics,
    finite_number,
    join,
    short_number,
)

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


@dataclass(frozen=True)
class ChoiceParams:
    choices: tuple[tuple[str, float], ...]  # (normalised value, fraction), in file order


class Choice(Method):
    name = "choice"
    keys = frozenset({"choices", "choice_points"})
    cell = CellKind.CHOICE
    lower_allowed = False

    def parse(self, reader: KeyReader, m: Any, path: str,
              weight: float | None) -> ChoiceParams:
        return ChoiceParams(_choices(reader, m, path, weight))

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        np.copyto(out, x)  # the cell's choice arrives as its fraction already

    def describe(self, leaf: Criterion, lang: str) -> str:
        """"choice: toàn bộ 100%, một phần 50%, không 0%": every value and its share."""
        listed = ", ".join(f"{label} {short_number(fraction * 100, lang)}%"
                           for label, fraction in leaf.params.choices)
        return msg("show.choice", choices=listed).text(lang)

    def lookup_table(self, leaf: Criterion) -> dict[str, float]:
        return dict(leaf.params.choices)

    def invalid_cell(self, leaf: Criterion) -> tuple[Code, Message]:
        allowed = ", ".join(k for k, _ in leaf.params.choices)
        return Code.INVALID_CHOICE, msg("cell.not_choice", allowed=allowed)

    def value_text(self, leaf: Criterion, value: float, lang: str) -> str:
        """The choice as the criteria spell it (`toàn bộ`), not its fraction (1); every
        choice worth that fraction, where several are."""
        named = [label for label, fraction in leaf.params.choices if fraction == value]
        return " / ".join(named) if named else super().value_text(leaf, value, lang)

    def canonical(self, leaf: Criterion, value: float, typed: str) -> str:
        return normalize_label(typed)


def _choices(reader: KeyReader, m: Any, path: str,
             weight: float | None) -> tuple[tuple[str, float], ...]:
    if not reader.exactly_one(m, path, ("choices", "choice_points"), msg("yaml.choice")):
        return ()
    as_points = "choice_points" in m
    if as_points and weight is None:
        reader.error(Code.CONFLICTING_KEYS, join(path, "choice_points"),
                     m.line_of("choice_points"), msg("yaml.choice_points"),
                     msg("yaml.choice_points_hint"))
        return ()
    weight = weight or 0.0
    key = "choice_points" if as_points else "choices"
    raw: Any = m[key]  # a YAML mapping: its keys' lines by `line_of`
    where = join(path, key)
    if not isinstance(m[key], dict) or not raw:
        reader.error(Code.WRONG_TYPE, where, m.line_of(key), msg("yaml.expected_choices"))
        return ()
    limit = weight if as_points else 1.0
    out: dict[str, float] = {}
    for value, number in raw.items():
        vpath = join(where, str(value))
        if not finite_number(number) or number < 0:
            reader.error(Code.WRONG_TYPE, vpath, raw.line_of(value),
                         msg("yaml.expected_nonnegative", value=repr(number)))
            continue
        if number > limit:
            reader.error(Code.INVALID_VALUE, vpath, raw.line_of(value),
                         msg("yaml.choice_over_weight" if as_points else "yaml.choice_over_1",
                             value=f"{number:g}", limit=f"{limit:g}"))
        norm = normalize_label(value)
        if norm in out:
            reader.error(Code.DUPLICATE_CRITERION_ID, vpath, raw.line_of(value),
                         msg("yaml.listed_twice", value=value))
        out[norm] = (number / weight if weight > 0 else 0.0) if as_points else float(number)
    return tuple(out.items())


