"""The scoring methods, one module each, found here by name (docs/architecture.md, "Add a
scoring method"): the criteria checker, the engine, the sheet checks, the template and
the renderers ask a `Criterion`'s `kind`, never a method's name."""

from __future__ import annotations

from ictrank.methods.base import CellKind, KeyReader, Method, Statistics
from ictrank.methods.boolean import Boolean
from ictrank.methods.choice import Choice
from ictrank.methods.linear import Linear
from ictrank.methods.ratio import Ratio
from ictrank.methods.statistic import Best, MinMax
from ictrank.methods.steps import Step, Steps

# in the order `criteria show` and the messages list them
REGISTRY: dict[str, Method] = {m.name: m for m in (
    Linear(), MinMax(), Best(), Ratio(), Steps(), Choice(), Boolean())}
METHODS = tuple(REGISTRY)


def method_names() -> tuple[str, ...]:
    """The methods a criteria file may name, as registered now."""
    return tuple(REGISTRY)


def method_keys() -> frozenset[str]:
    """Every key some method uses: a key of another method is "not used by method X"."""
    return frozenset().union(*(m.keys for m in REGISTRY.values()))


__all__ = ["METHODS", "REGISTRY", "CellKind", "KeyReader", "Method", "Statistics", "Step",
           "method_keys", "method_names"]
