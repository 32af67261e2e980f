"""Check parsed criteria YAML against every rule of the format and freeze it into the model.

The checker walks the whole document and collects every problem (file, line,
YAML path, catalogue code, hint) before giving up, so an analyst fixes a file
in one round. The rules are written down in docs/criteria-format.md.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ictrank.codes import Code
from ictrank.criteria.model import Criteria, Criterion, Group
from ictrank.criteria.schema import FILE, SCREEN
from ictrank.criteria.sections import SectionReader
from ictrank.criteria.tree import TreeReader, _Context
from ictrank.criteria.weights import WeightRules, check_weights
from ictrank.criteria.yamlsource import YList, YMap, load_yaml
from ictrank.errors import CriteriaError
from ictrank.messages import msg
from ictrank.treatment import TreatRule


class _Checker(SectionReader, TreeReader):
    """The whole file: its sections and its tree, then the rules that join them."""

    # --- the whole file --------------------------------------------------------------
    def top_level(self, top: YMap, text: str) -> Criteria:
        """The file's top-level keys, each checked, in an order that lets later ones use
        earlier ones (bands need the scale, which needs the criteria)."""
        self.keys(top, "", FILE)
        header = self.header(top)
        scale_given = self.value(top, FILE, "scale", "")
        groups: tuple[Group, ...] = ()
        if "groups" in top:
            groups = self.groups(top["groups"], top.line_of("groups"), scale_given or 100.0)
        children: tuple[Criterion, ...] = ()
        if "criteria" in top:
            raw = top["criteria"]
            if isinstance(raw, YList) and raw:
                context = _Context(frozenset(g.id for g in groups), bool(groups))
                children = self.children(raw, "criteria", context)
            else:
                self.error(Code.WRONG_TYPE, "criteria", top.line_of("criteria"),
                           msg("yaml.expected_nonempty"))
        if scale_given is None and any(c.group_weights for c in children):
            self.error(Code.MISSING_KEY, "scale", top.line, msg("yaml.needs_scale"),
                       msg("yaml.needs_scale_hint"))
        total = sum(c.weight for c in children)
        scale = scale_given if scale_given is not None else (total if total > 0 else 1.0)
        mode = self.value(top, FILE, "weights", "")
        around = self.around_the_tree(top, scale, children)
        aggregation = header.pop("aggregation")
        root = Criterion(id="", title=header["name"], path="", children=children,
                         aggregation=aggregation, line=top.line_of("criteria") if children
                         else None)
        if children:
            self.weights(root, groups)
            rules = WeightRules(mode, groups, scale, scale_given is not None,
                                header["decimals"], self.file)
            for problem in check_weights(root, rules, frozenset(self.unsure_sums)):
                (self.problems if problem.code.severity == "error" else self.warnings).append(
                    problem)
        return Criteria(
            **header,
            name_vi=self.text(top, "name_vi", ""),
            root=root,
            scale=scale,
            groups=groups,
            **around,
            max_score=self.value(top, FILE, "max_score", ""),
            description=self.value(top, FILE, "description", ""),
            description_vi=self.text(top, "description_vi", ""),
            cites=self.value(top, FILE, "source", ""),
            source=self.file,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            weights=mode,
            warnings=tuple(self.warnings),
        )

    def around_the_tree(self, top: YMap, scale: float,
                        children: tuple[Criterion, ...]) -> dict[str, Any]:
        """The lists beside the tree: bands (which need the scale), deductions, bonuses
        and views (which need the criteria's ids)."""
        around: dict[str, Any] = {"bands": (), "deductions": (), "bonuses": (), "views": ()}
        if "bands" in top:
            around["bands"] = self.bands(top["bands"], "bands", top.line_of("bands"), scale)
        for key in ("deductions", "bonuses"):
            if key in top:
                around[key] = self.deductions(top[key], top.line_of(key), key)
        if "views" in top:
            ids = {c.id for child in children for c in child.walk()}
            around["views"] = self.views(top["views"], top.line_of("views"), ids)
        return around

    def file_treat(self, top: YMap) -> TreatRule | None:
        """The file's `treat:` (`none` there is no treatment: the default)."""
        rule = self.treat(top, "")
        return rule if isinstance(rule, TreatRule) else None

    def screen(self, top: YMap) -> float | None:
        """`screen: {min_available: 0.65}`: the least share of values to be ranked."""
        if "screen" not in top:
            return None
        sm = self.mapping(top["screen"], "screen", top.line_of("screen"))
        if sm is None:
            return None
        self.keys(sm, "screen", SCREEN)
        share = self.value(sm, SCREEN, "min_available", "screen")
        if share is not None and share > 1:
            self.error(Code.INVALID_VALUE, "screen.min_available", sm.line_of("min_available"),
                       msg("yaml.share", value=f"{share:g}"))
            return None
        return share

    def header(self, top: YMap) -> dict[str, Any]:
        """The keys that stand alone: name, year, decimals, columns, policies, language."""
        return dict(
            name=self.value(top, FILE, "name", "") or "?",
            year=self.value(top, FILE, "year", ""),
            decimals=self.value(top, FILE, "decimals", ""),
            columns=self.columns(top),
            missing=self.value(top, FILE, "missing", ""),
            aggregation=self.value(top, FILE, "aggregation", ""),
            lang=self.value(top, FILE, "lang", ""),
            number_format=self.number_format(top),
            rank_on=self.value(top, FILE, "rank_on", ""),
            rounding=self.value(top, FILE, "rounding", ""),
            treat=self.file_treat(top),
            impute_by=self.value(top, FILE, "impute_by", ""),
            min_available=self.screen(top),
            publication=self.publication(top),
        )


def parse_criteria(text: str, file: str = "<criteria>") -> Criteria:
    """Check criteria YAML text and freeze it; raises CriteriaError listing every problem."""
    data, problems = load_yaml(text, file)
    checker = _Checker(file)
    checker.problems.extend(problems)
    top = checker.mapping(data, "", 1) if not problems else None
    if top is None:
        raise CriteriaError(checker.problems)
    criteria = checker.top_level(top, text)
    if checker.problems:
        raise CriteriaError(checker.problems)
    return criteria
