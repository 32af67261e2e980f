"""Reading the values of a criteria file: each key's type checked, each problem reported at
its YAML path and line (`KeyReader`); what a key may hold is declared in schema.py."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Set as AbstractSet
from typing import Any

from ictrank.codes import Code
from ictrank.criteria.schema import SECTIONS, Section
from ictrank.criteria.schema import required as required_keys
from ictrank.criteria.yamlsource import YList, YMap
from ictrank.messages import Message, msg
from ictrank.methods.base import finite_number
from ictrank.methods.base import join as _join
from ictrank.report import Problem
from ictrank.safety import CONTROL, MAX_MAGNITUDE

# the keys that may also be given in Vietnamese, as KEY_vi
TRANSLATED = frozenset(name for section in SECTIONS.values()
                       for name, key in section.items() if key.translated)
_TEXT_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")  # 1e308: YAML 1.1 reads it as text


class KeyReader:
    """Collects every problem of a criteria file before giving up; reads its values."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # the file is usable; check and show say
        self.ids: dict[str, str] = {}
        # branches (by path) with a child left out or of unreadable weight: their children's
        # sum is not checked, for it would leave that child out ("add up to 15" for 26)
        self.unsure_sums: set[str] = set()

    def error(self, code: Code, path: str, line: int | None, message: Message,
              hint: Message | None = None) -> None:
        self.problems.append(Problem.in_criteria(self.file, line, path, code, message, hint))

    # --- values ----------------------------------------------------------------------
    def mapping(self, value: Any, path: str, line: int | None) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(Code.WRONG_TYPE, path, line,
                   msg("yaml.expected_mapping", got=_kind(value)))
        return None

    def keys(self, m: YMap, path: str, allowed: Section | AbstractSet[str],
             required: tuple[str, ...] | None = None) -> None:
        """Unknown keys (with the closest known one), and the required ones missing; a
        `Section` says which are required."""
        if required is None:
            required = required_keys(allowed) if isinstance(allowed, dict) else ()
        allowed = set(allowed)
        text_keys = {k for k in allowed if k in TRANSLATED}
        for key in m:
            if key in allowed or (key.endswith("_vi") and key[:-3] in text_keys):
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = (msg("yaml.did_you_mean", name=close[0]) if close
                    else msg("yaml.allowed", names=", ".join(sorted(allowed))))
            self.error(Code.UNKNOWN_KEY, _join(path, key), m.line_of(key),
                       msg("yaml.unknown_key", key=key), hint)
        for key in required:
            if key not in m:
                self.error(Code.MISSING_KEY, path, m.line, msg("yaml.required", key=key))

    def value(self, m: YMap, section: Section, key: str, path: str) -> Any:
        """`key` of `m` read and checked as its declaration in `section` says (schema.py);
        its default where it is absent or after its problem is reported."""
        spec = section[key]
        if spec.kind == "text":
            return self.text(m, key, path, spec.default)
        if spec.kind == "number":
            return self.number(m, key, path, spec.default, spec.minimum, spec.positive)
        if spec.kind == "whole":
            found = self.whole(m, key, path, msg(spec.what), spec.valid)
            return spec.default if found is None else found
        if spec.kind == "choice":
            return self.choice(m, key, path, spec.choices, spec.default)
        if spec.kind == "pair":
            return self.pair(m, key, path)
        if spec.kind == "date":
            return self.date(m, key, path)
        if spec.kind == "flag":
            return self.flag(m, key, path, spec.default)
        raise ValueError(f"{key}: a {spec.kind} key is read by its own rule")

    def flag(self, m: YMap, key: str, path: str, default: bool | None) -> bool | None:
        """A yes/no key (`integer: true`)."""
        if key not in m:
            return default
        if isinstance(m[key], bool):
            return bool(m[key])
        self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key), msg("yaml.expected_bool"))
        return default

    def text(self, m: YMap, key: str, path: str, default: str | None = None) -> str | None:
        if key not in m or m[key] is None:
            return default
        value = m[key]
        if isinstance(value, (YMap, YList, bool)):
            hint = msg("yaml.hint_bool") if isinstance(value, bool) else None
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_text", got=_kind(value)), hint)
            return default
        return str(value).strip()

    def number(
        self,
        m: YMap,
        key: str,
        path: str,
        default: float | None = None,
        minimum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        if key not in m:
            return default
        value = m[key]
        where = _join(path, key)
        if not finite_number(value):
            hint = None
            if isinstance(value, str) and _TEXT_NUMBER.fullmatch(value.strip()):
                mantissa, exponent = value.strip().lower().split("e")
                mantissa += "" if "." in mantissa else ".0"
                exponent = exponent if exponent[0] in "+-" else "+" + exponent
                hint = msg("yaml.hint_exponent", value=value, number=f"{mantissa}e{exponent}")
            self.error(Code.WRONG_TYPE, where, m.line_of(key),
                       msg("yaml.expected_number", got=_kind(value)), hint)
            return default
        if abs(value) > MAX_MAGNITUDE:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.too_large", value=f"{value:g}", limit=f"{MAX_MAGNITUDE:g}"))
            return default
        if positive and value <= 0:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.positive", value=value))
            return default
        if minimum is not None and value < minimum:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.at_least", minimum=f"{minimum:g}", value=value))
            return default
        return float(value)

    def whole(self, m: YMap, key: str, path: str, what: Message, valid: range | None = None
              ) -> int | None:
        """An integer key (a year, a count of decimals), or None after reporting it."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, int) and not isinstance(value, bool) and (
                valid is None or value in valid):
            return value
        self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                   msg("yaml.expected", what=what, got=_kind(value)))
        return None

    def choice(self, m: YMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        if key not in m:
            return default
        value = m[key]
        if value in options:
            return str(value)
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = (msg("yaml.did_you_mean", name=close[0]) if close
                else msg("yaml.use_one_of", names=", ".join(options)))
        self.error(Code.INVALID_VALUE, _join(path, key), m.line_of(key),
                   msg("yaml.not_allowed", value=value), hint)
        return default

    def pair(self, m: YMap, key: str, path: str) -> tuple[float, float] | None:
        if key not in m:
            return None
        value = m[key]
        where = _join(path, key)
        if not isinstance(value, YList) or len(value) != 2 or not all(map(finite_number, value)):
            self.error(Code.WRONG_TYPE, where, m.line_of(key), msg("yaml.expected_pair"))
            return None
        lo, hi = float(value[0]), float(value[1])
        if max(abs(lo), abs(hi)) > MAX_MAGNITUDE:
            self.error(Code.INVALID_VALUE, where, m.line_of(key),
                       msg("yaml.pair_too_large", limit=f"{MAX_MAGNITUDE:g}"))
            return None
        if lo >= hi:
            self.error(Code.EMPTY_RANGE, where, m.line_of(key),
                       msg("yaml.no_width" if lo == hi else "yaml.lo_below_hi", lo=f"{lo:g}",
                           hi=f"{hi:g}"))
            return None
        return lo, hi

    def date(self, m: YMap, key: str, path: str) -> dt.date | None:
        """A date written YYYY-MM-DD (YAML reads it as a date; quoted, as text)."""
        if key not in m:
            return None
        value = m[key]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_date", got=_kind(value)), msg("yaml.date_hint"))
            return None

    def plain_id(self, ident: str, path: str, line: int | None) -> None:
        """Ids are keys for programs (CSV columns, JSON keys): no control characters."""
        if CONTROL.search(ident):
            self.error(Code.INVALID_VALUE, path, line,
                       msg("yaml.id_control", id=ident.encode("unicode_escape").decode("ascii")),
                       msg("yaml.retype_id"))

    def register_id(self, ident: str, path: str, line: int) -> None:
        self.plain_id(ident, _join(path, "id"), line)
        if ident in self.ids:
            self.error(Code.DUPLICATE_CRITERION_ID, _join(path, "id"), line,
                       msg("yaml.duplicate_id", id=ident, other=self.ids[ident]))
        else:
            self.ids[ident] = path

    def exactly_one(self, m: YMap, path: str, keys: tuple[str, str], message: Message,
                    hint: Message | None = None) -> bool:
        """True when `m` has exactly one of the two keys; reports it otherwise."""
        if (keys[0] in m) != (keys[1] in m):
            return True
        self.error(Code.CONFLICTING_KEYS, path, m.line, message, hint)
        return False

    def titles(self, m: YMap, path: str, default: str) -> dict[str, Any]:
        """title, description and their Vietnamese twins, of anything titled."""
        return dict(title=self.text(m, "title", path, default) or default,
                    title_vi=self.text(m, "title_vi", path),
                    description=self.text(m, "description", path),
                    description_vi=self.text(m, "description_vi", path))

    def column_names(self, m: YMap, path: str, default: str,
                     key: str = "column") -> dict[str, Any]:
        """`column: name` or `column: [name, other name...]`: the first is the one ictrank
        writes (templates, collected sheets); any is read."""
        raw = m.get(key)
        if not isinstance(raw, YList):
            return {"column": self.text(m, key, path, default) or default}
        names = [str(v).strip() for v in raw if isinstance(v, (str, int, float))
                 and not isinstance(v, bool) and str(v).strip()]
        if len(names) != len(raw) or not names:
            self.error(Code.WRONG_TYPE, _join(path, key), m.line_of(key),
                       msg("yaml.expected_column"))
            return {"column": default}
        return {"column": names[0], "aliases": tuple(names[1:])}


def _kind(value: Any) -> str:
    if value is None:
        return msg("yaml.nothing")
    if isinstance(value, YMap):
        return msg("yaml.a_mapping")
    if isinstance(value, YList):
        return msg("yaml.a_list")
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"
