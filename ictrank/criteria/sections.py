"""The sections of a criteria file around the tree: groups, bands, deductions, the
identity columns, the number format and the publication block."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from ictrank.codes import Code
from ictrank.criteria.model import (
    Band,
    Columns,
    Deduction,
    Group,
    NumberFormat,
    Publication,
    View,
)
from ictrank.criteria.reader import KeyReader, _join, _kind
from ictrank.criteria.schema import (
    BAND,
    BONUS,
    COLUMNS,
    DEDUCTION,
    GROUP,
    NUMBER_FORMAT,
    PUBLICATION,
    VIEW,
    Section,
)
from ictrank.criteria.yamlsource import YList, YMap
from ictrank.labels import normalize_label
from ictrank.messages import msg

# the default band colours, best first: their greys differ in print (luminance 0.08, 0.58,
# 0.23, 0.44, 0.06, 0.50), and each takes black or white text at 4.5:1 or more
_BAND_COLORS = ("#1b5e20", "#fbc02d", "#e65100", "#ef9a9a", "#6a1b9a", "#b0bec5")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class SectionReader(KeyReader):
    """Reads the sections of the file that are not the criteria tree."""

    # --- bands and groups ------------------------------------------------------------
    def bands(self, value: Any, path: str, line: int, scale: float) -> tuple[Band, ...]:
        if not isinstance(value, YList):
            self.error(Code.WRONG_TYPE, path, line, msg("yaml.expected_bands", got=_kind(value)))
            return ()
        bands: list[Band] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            band = self.band(item, f"{path}[{i}]", value.item_lines[i], i, seen)
            if band is not None:
                bands.append(band)
        for higher, lower in itertools.pairwise(bands):
            # (> 75 may sit just above ≥ 75: a score of exactly 75 is in the lower band)
            if ((lower.threshold_percent(scale), lower.strict)
                    >= (higher.threshold_percent(scale), higher.strict)):
                self.error(Code.BANDS_NOT_DESCENDING, path, value.line,
                           msg("yaml.bands_order", lower=lower.id, higher=higher.id),
                           msg("yaml.bands_hint"))
                break
        return tuple(bands)

    def band(self, item: Any, path: str, line: int, index: int, seen: set[str]) -> Band | None:
        m = self.mapping(item, path, line)
        if m is None:
            return None
        self.keys(m, path, BAND)
        ident = self.text(m, "id", path) or f"band{index + 1}"
        self.plain_id(ident, _join(path, "id"), m.line_of("id"))
        if ident in seen:
            self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "id"), m.line_of("id"),
                       msg("yaml.duplicate_band", id=ident))
        seen.add(ident)
        given = [key for key in ("min", "min_percent", "above", "above_percent") if key in m]
        if len(given) != 1:
            self.error(Code.CONFLICTING_KEYS, path, m.line, msg("yaml.band_threshold"),
                       msg("yaml.band_threshold_hint"))
            return None
        value = self.value(m, BAND, given[0], path)
        if value is None:
            return None
        percent = given[0].endswith("_percent")
        lo, pct = (None, value) if percent else (value, None)
        color = self.text(m, "color", path) or _BAND_COLORS[min(index, len(_BAND_COLORS) - 1)]
        if not _COLOR.fullmatch(color):
            self.error(Code.INVALID_VALUE, _join(path, "color"), m.line_of("color"),
                       msg("yaml.colour", color=color), msg("yaml.colour_hint"))
            color = _BAND_COLORS[min(index, len(_BAND_COLORS) - 1)]
        return Band(id=ident, title=self.text(m, "title", path, ident) or ident,
                    title_vi=self.text(m, "title_vi", path), min=lo, min_percent=pct, color=color,
                    strict=given[0].startswith("above"))

    def groups(self, value: Any, line: int, scale: float) -> tuple[Group, ...]:
        m = self.mapping(value, "groups", line)
        if m is None:
            return ()
        groups: list[Group] = []
        matched: dict[str, str] = {}  # normalised match value -> group id
        for gid, spec in m.items():
            group = self.group(gid, spec, m.line_of(gid), scale, matched)
            if group is not None:
                groups.append(group)
        return tuple(groups)

    def group(self, gid: str, spec: Any, line: int, scale: float,
              matched: dict[str, str]) -> Group | None:
        path = f"groups.{gid}"
        self.plain_id(gid, path, line)
        gm = self.mapping(spec if spec is not None else YMap(), path, line)
        if gm is None:
            return None
        if not hasattr(gm, "line"):
            gm.line, gm.key_lines = line, {}
        self.keys(gm, path, GROUP)
        match = self.match_values(gm, gid, path)
        for value in match:
            if value in matched and matched[value] != gid:
                self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "match"), gm.line_of("match"),
                           msg("yaml.already_matches", value=value, group=matched[value]))
            matched[value] = gid
        group_scale = self.value(gm, GROUP, "scale", path)
        group_bands = None
        if "bands" in gm:
            group_bands = self.bands(gm["bands"], _join(path, "bands"), gm.line_of("bands"),
                                     group_scale or scale)
        return Group(id=gid, **self.titles(gm, path, gid), match=match, scale=group_scale,
                     bands=group_bands)

    def match_values(self, gm: YMap, gid: str, path: str) -> tuple[str, ...]:
        """The group's id and its `match` values, normalised, each once."""
        values = [gid]
        raw = gm.get("match")
        if isinstance(raw, YList) and all(isinstance(v, (str, int)) for v in raw):
            values += [str(v) for v in raw]
        elif isinstance(raw, (str, int)):
            values.append(str(raw))
        elif "match" in gm:
            self.error(Code.WRONG_TYPE, _join(path, "match"), gm.line_of("match"),
                       msg("yaml.expected_values"))
        return tuple(dict.fromkeys(normalize_label(v) for v in values))

    def deductions(self, value: Any, line: int, key: str = "deductions") -> tuple[Deduction, ...]:
        """`deductions:` or `bonuses:` (the same shape): points per counted item."""
        section = BONUS if key == "bonuses" else DEDUCTION
        out = []
        for path, m in self.listed(value, key, line, section):
            ident = self.value(m, section, "id", path)
            each = self.value(m, section, "points_each", path)
            cap = self.value(m, section, "max_points", path)
            if not ident or each is None:
                continue
            self.register_id(ident, path, m.line_of("id"))
            out.append(Deduction(id=ident, **self.titles(m, path, ident),
                                 column=self.text(m, "column", path, ident) or ident,
                                 points_each=each, max_points=cap, bonus=key == "bonuses"))
        return tuple(out)

    def listed(self, value: Any, key: str, line: int,
               section: Section) -> Iterator[tuple[str, YMap]]:
        """Each mapping of a list of them (`deductions`, `bonuses`, `views`), with its YAML
        path, its keys checked against `section`."""
        if not isinstance(value, YList):
            self.error(Code.WRONG_TYPE, key, line, msg("yaml.expected_list", got=_kind(value)))
            return
        for i, item in enumerate(value):
            path = f"{key}[{i}]"
            m = self.mapping(item, path, value.item_lines[i])
            if m is not None:
                self.keys(m, path, section)
                yield path, m

    def views(self, value: Any, line: int, criterion_ids: set[str]) -> tuple[View, ...]:
        """`views:`: aggregates of named criteria, ranked beside the score."""
        out = []
        for path, m in self.listed(value, "views", line, VIEW):
            ident = self.value(m, VIEW, "id", path)
            of = self.view_members(m, path, criterion_ids)
            if not ident or of is None:
                continue
            self.register_id(ident, path, m.line_of("id"))
            out.append(View(id=ident, **self.titles(m, path, ident), of=of,
                            weights=self.view_weights(m, path, of),
                            sum=self.value(m, VIEW, "sum", path)))
        return tuple(out)

    def view_members(self, m: YMap, path: str, criterion_ids: set[str]) -> tuple[str, ...] | None:
        """A view's `of`: ids of criteria of the tree, at least one, each once."""
        raw = m.get("of")
        if not isinstance(raw, YList) or not raw:
            if "of" in m:
                self.error(Code.WRONG_TYPE, _join(path, "of"), m.line_of("of"),
                           msg("yaml.expected_nonempty"))
            return None
        ids = [str(v).strip() for v in raw]
        unknown = [v for v in ids if v not in criterion_ids]
        for v in unknown:
            self.error(Code.INVALID_VALUE, _join(path, "of"), m.line_of("of"),
                       msg("yaml.unknown_criterion", id=v))
        if len(set(ids)) < len(ids):
            self.error(Code.INVALID_VALUE, _join(path, "of"), m.line_of("of"),
                       msg("yaml.view_twice"))
            return None
        return None if unknown else tuple(ids)

    def view_weights(self, m: YMap, path: str, of: tuple[str, ...]) -> tuple[float, ...] | None:
        """`weights: {criterion id: weight}` for every criterion of `of`, or None."""
        if "weights" not in m:
            return None
        wm = self.mapping(m["weights"], _join(path, "weights"), m.line_of("weights"))
        if wm is None:
            return None
        where = _join(path, "weights")
        for key in wm:
            if key not in of:
                self.error(Code.INVALID_VALUE, _join(where, key), wm.line_of(key),
                           msg("yaml.view_weight_not_in_of", id=key))
        weights = [self.number(wm, cid, where, None, 0.0) for cid in of]
        missing = [cid for cid, w in zip(of, weights, strict=True) if cid not in wm]
        if missing:
            self.error(Code.MISSING_KEY, where, wm.line, msg("yaml.view_weight_missing",
                                                              ids=", ".join(missing)))
        if any(w is None for w in weights) or not any(weights):
            return None
        return tuple(float(w or 0.0) for w in weights)

    def publication(self, top: YMap) -> Publication:
        """`publication: {issuer, annex, decision, place, date}`: the annex's title block."""
        if "publication" not in top:
            return Publication()
        pm = self.mapping(top["publication"], "publication", top.line_of("publication"))
        if pm is None:
            return Publication()
        self.keys(pm, "publication", PUBLICATION)
        texts = {f"{key}{suffix}": self.text(pm, f"{key}{suffix}", "publication")
                 for key in sorted(k for k, v in PUBLICATION.items() if v.kind == "text")
                 for suffix in ("", "_vi")}
        return Publication(**texts, date=self.value(pm, PUBLICATION, "date", "publication"),
                           style=self.value(pm, PUBLICATION, "style", "publication"))

    def number_format(self, top: YMap) -> NumberFormat | None:
        """`number_format: {decimal: ",", thousands: "."}`: how the sheets write numbers."""
        if "number_format" not in top:
            return None
        nm = self.mapping(top["number_format"], "number_format", top.line_of("number_format"))
        if nm is None:
            return None
        self.keys(nm, "number_format", NUMBER_FORMAT)
        decimal = self.value(nm, NUMBER_FORMAT, "decimal", "number_format")
        thousands = self.value(nm, NUMBER_FORMAT, "thousands", "number_format")
        if thousands == decimal:
            self.error(Code.CONFLICTING_KEYS, "number_format", nm.line,
                       msg("yaml.same_marks", mark=decimal), msg("yaml.same_marks_hint"))
        return NumberFormat(decimal=decimal, thousands=thousands or None)

    def columns(self, top: YMap) -> Columns:
        if "columns" not in top:
            return Columns()
        cm = self.mapping(top["columns"], "columns", top.line_of("columns"))
        if cm is None:
            return Columns()
        self.keys(cm, "columns", COLUMNS)
        names: dict[str, Any] = {}
        aliases = []
        for key in sorted(COLUMNS):
            if key == "period" and key not in cm:
                continue  # no periods: one ranking
            given = self.column_names(cm, "columns", key, key)
            names[key] = given["column"]
            if given.get("aliases"):
                aliases.append((key, given["aliases"]))
        period = names.get("period")
        for key in ("id", "name", "group"):
            if period is not None and normalize_label(period) == normalize_label(names[key]):
                # one column cannot be both: every unit would be its own period, or no id
                self.error(Code.INVALID_VALUE, "columns.period", cm.line_of("period"),
                           msg("yaml.period_is", column=period, key=key))
        return Columns(**names, aliases=tuple(aliases))
