"""What every scoring method is: the interface each method module fills in.

A method owns everything about itself: the criteria-file keys only it uses and their
checks, the parameters it keeps (a frozen object on the `Criterion`), its vectorised
score, how a sheet's cell is read for it (a number, yes/no, a choice), and how it is
described. Nothing outside `ictrank/methods/` names a method; the rest asks the
`Criterion`'s `kind` (docs/architecture.md, "Add a scoring method").
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np

from ictrank.codes import Code
from ictrank.messages import Message, msg

if TYPE_CHECKING:
    from ictrank.criteria.model import Criterion


class CellKind(StrEnum):
    """How a sheet's cell is read for a criterion, and offered in the template."""

    NUMBER = "number"
    YES_NO = "yes_no"
    CHOICE = "choice"


class KeyReader(Protocol):
    """What a method's `parse` may ask of the criteria checker: each reports its problem at
    its YAML path and line, and returns the default after one."""

    def error(self, code: Code, path: str, line: int | None, message: Message,
              hint: Message | None = None) -> None: ...

    def mapping(self, value: Any, path: str, line: int | None) -> Any: ...

    def keys(self, m: Any, path: str, allowed: set[str],
             required: tuple[str, ...] = ()) -> None: ...

    def text(self, m: Any, key: str, path: str, default: str | None = None) -> str | None: ...

    def number(self, m: Any, key: str, path: str, default: float | None = None,
               minimum: float | None = None, positive: bool = False) -> float | None: ...

    def choice(self, m: Any, key: str, path: str, options: tuple[str, ...],
               default: str) -> str: ...

    def pair(self, m: Any, key: str, path: str) -> tuple[float, float] | None: ...

    def exactly_one(self, m: Any, path: str, keys: tuple[str, str], message: Message,
                    hint: Message | None = None) -> bool: ...


class Statistics(Protocol):
    """What a method's `fraction` may ask of the scoring engine."""

    @property
    def denominators(self) -> dict[str, np.ndarray]: ...

    def group_stat(self, values: np.ndarray, how: str, scope: str) -> float | np.ndarray: ...

    def warn_no_spread(self, leaf: Criterion, observed: np.ndarray,
                       span: float | np.ndarray, scope: str) -> None: ...


def join(path: str, key: str) -> str:
    """A YAML path one key deeper."""
    return f"{path}.{key}" if path else key


def short_number(value: float, lang: str) -> str:
    """A number as short as it is (12.5, 3, 37.5), in Vietnamese with its comma (12,5)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" and "e" not in text else text


def finite_number(value: Any) -> bool:
    """A YAML value that is a number (not a boolean, not inf or nan)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def number_text(value: float) -> str:
    """A number as Python writes it back exactly: 12.5, 3 (not 3.0), or empty."""
    if np.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class Method:
    """A scoring method; subclasses set `name` and override what differs."""

    name: ClassVar[str]
    keys: ClassVar[frozenset[str]] = frozenset()  # the YAML keys only this method uses
    cell: ClassVar[CellKind] = CellKind.NUMBER
    nonnegative: ClassVar[bool] = False  # a value below 0 is an error at its cell
    lower_allowed: ClassVar[bool] = True  # `direction: lower` makes sense

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Method) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"<method {self.name}>"

    def parse(self, reader: KeyReader, m: Any, path: str, weight: float | None) -> Any:
        """The method's own keys of the leaf `m`, checked: its parameters (None if it has
        none). `weight` is the leaf's, None where it differs by group."""
        return None

    def fraction(self, leaf: Criterion, x: np.ndarray, observed: np.ndarray,
                 out: np.ndarray, engine: Statistics) -> None:
        """Write the fraction in [0, 1] earned into `out` (anything where x is NaN: the
        engine fills those). `observed` is x before missing values were filled."""
        raise NotImplementedError

    def describe(self, leaf: Criterion, lang: str) -> str:
        """The method as `criteria show` and the workbook's criteria sheet name it."""
        return msg(f"method.{self.name}").text(lang)

    # --- reading a sheet's cells for the method --------------------------------------
    def lookup_table(self, leaf: Criterion) -> dict[str, float]:
        """For a yes/no or choice cell: each accepted (normalised) text and its fraction."""
        return {}

    def invalid_cell(self, leaf: Criterion) -> tuple[Code, Message]:
        """The code and message of a cell the lookup table does not hold."""
        return Code.NOT_A_NUMBER, msg("cell.not_number", hint=msg("hint.number"))

    def positive_only(self, leaf: Criterion) -> bool:
        """True when 0 and below cannot be scored (a log scale)."""
        return False

    def value_span(self, leaf: Criterion) -> tuple[float, float] | None:
        """The values the method expects, where it says (a linear range)."""
        return None

    def value_text(self, leaf: Criterion, value: float, lang: str) -> str:
        """A unit's value as the sheet means it, for `explain`: 93.3 (93,3 in Vietnamese)."""
        return short_number(value, lang)

    def canonical(self, leaf: Criterion, value: float, typed: str) -> str:
        """The cell as a collected sheet writes it back (`typed` is the agency's text)."""
        return number_text(value)

    def for_sensitivity(self, leaf: Criterion) -> Criterion | None:
        """The leaf scored by min-max instead, for the normalisation alternative of the
        sensitivity analysis; None where the method keeps its own."""
        return None
