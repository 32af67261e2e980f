"""Criteria sets: the frozen model (`model`), the checker that builds it from YAML
(`checker`, over the line-keeping loader `yamlsource`), and where files are found
(`files`). Code past `load_criteria` only sees the model, never raw YAML.
"""

from ictrank.criteria.checker import parse_criteria
from ictrank.criteria.files import bundled_criteria_path, load_criteria, resolve_criteria_path
from ictrank.criteria.model import (
    AGGREGATIONS,
    METHODS,
    MISSING_POLICIES,
    Band,
    Columns,
    Criteria,
    Criterion,
    Deduction,
    Group,
    NumberFormat,
    Publication,
    Step,
    View,
    normalize_label,
)

__all__ = [
    "AGGREGATIONS", "METHODS", "MISSING_POLICIES", "Band", "Columns", "Criteria", "Criterion",
    "Deduction", "Group", "NumberFormat", "Publication", "Step", "View", "bundled_criteria_path",
    "load_criteria", "normalize_label", "parse_criteria", "resolve_criteria_path",
]
