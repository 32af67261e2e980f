"""A validation report: every problem found in the indicator sheets, not just the first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem, located the way a spreadsheet user finds it (header row = 1)."""

    file: str
    row: int | None
    column: str | None
    code: str
    message: str
    severity: Severity = "error"
    cell: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["cell"] is None:
            del data["cell"]
        return data


@dataclass
class Report:
    """Problems collected over one or more sheets."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        """Problems in reading order: file, row, then column, so a user can work down the sheet."""
        return sorted(
            self.problems,
            key=lambda p: (p.file, p.row if p.row is not None else 0, p.column or "", p.code),
        )

    def to_dict(self) -> dict[str, Any]:
        ordered = self.sorted()
        return {
            "valid": self.valid,
            "errors": [p.to_dict() for p in ordered if p.severity == "error"],
            "warnings": [p.to_dict() for p in ordered if p.severity == "warning"],
        }
