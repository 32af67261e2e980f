from __future__ import annotations

import textwrap

import pytest

from conftest import CRITERIA, criteria_from
from ictrank.codes import Code
from ictrank.criteria import load_criteria, parse_criteria, resolve_criteria_path
from ictrank.errors import CriteriaError, IctrankError

VALID = """
name: t
criteria:
  - {id: a, weight: 10, method: boolean}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(CriteriaError) as info:
        parse_criteria(textwrap.dedent(text), "bad.yaml")
    return [p.described() for p in info.value.problems]


def one_problem(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_bundled_criteria_sets_are_valid():
    for path in sorted(CRITERIA.glob("*.yaml")):
        assert load_criteria(path).root.children


def test_scale_defaults_to_the_sum_of_top_level_weights():
    c = criteria_from("""
    name: t
    criteria:
      - {id: a, weight: 30, method: boolean}
      - {id: b, weight: 70, method: boolean}
    """)
    assert c.scale == 100 and c.decimals == 2 and c.missing == "zero"


def test_unknown_key_names_the_line_and_path_and_suggests_the_key():
    msg = one_problem("""
    name: t
    criteria:
      - id: a
        method: boolean
      - id: b
        wieght: 5
        method: boolean
    """)
    assert msg == "bad.yaml:7: criteria[1].wieght: unknown key `wieght` (did you mean `weight`?)"


def test_unknown_top_level_key():
    assert "unknown key `bnads`" in one_problem(VALID + "bnads: []\n")


def test_duplicate_keys_are_rejected_with_both_lines():
    msg = one_problem("""
    name: t
    criteria:
      - id: a
        weight: 1
        weight: 2
        method: boolean
    """)
    assert "bad.yaml:6: criteria[0].weight: duplicate key `weight` (first given on line 5)" in msg


def test_duplicate_ids_across_the_tree():
    msg = one_problem("""
    name: t
    criteria:
      - id: a
        criteria:
          - {id: x, method: boolean}
      - {id: x, method: boolean}
    """)
    assert "criteria[1].id: duplicate id `x` (also at criteria[0].criteria[0])" in msg


def test_leaf_without_method():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, weight: 3}\n")
    assert "criteria[0]: criterion `a` has neither `method` nor `criteria`" in msg


def test_branch_with_a_method():
    msg = one_problem("""
    name: t
    criteria:
      - id: a
        method: boolean
        criteria:
          - {id: b, method: boolean}
    """)
    assert "criteria[0].method: a branch" in msg


def test_negative_weight():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, weight: -2, method: boolean}\n")
    assert msg.startswith("bad.yaml:3: criteria[0].weight: must be at least 0")


def test_bands_not_in_descending_order():
    msg = one_problem(VALID + "bands: [{id: fair, min: 7}, {id: good, min: 8.5}]\n")
    assert "bands are not in descending order" in msg


def test_band_needs_exactly_one_threshold():
    expected = "exactly one of `min`, `min_percent`, `above` and `above_percent`"
    assert expected in one_problem(VALID + "bands: [{id: good, min: 7, min_percent: 70}]\n")
    assert expected in one_problem(VALID + "bands: [{id: good, above: 7, min: 7}]\n")
    assert expected in one_problem(VALID + "bands: [{id: good, title: Good}]\n")


def test_a_strict_band_may_sit_on_the_threshold_of_the_band_below():
    text = VALID + "bands: [{id: good, above: 7}, {id: fair, min: 7}, {id: low, min: 0}]\n"
    bands = parse_criteria(text).bands
    assert [(b.id, b.strict, b.rule_text()) for b in bands] == [
        ("good", True, "> 7"), ("fair", False, "≥ 7"), ("low", False, "≥ 0")]
    assert "not in descending order" in one_problem(
        VALID + "bands: [{id: good, min: 7}, {id: fair, above: 7}]\n")


def test_range_with_equal_ends():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, method: linear, range: [5, 5]}\n")
    assert "criteria[0].range: lo == hi" in msg


def test_linear_needs_a_range():
    assert "needs `range" in problems("name: t\ncriteria:\n  - {id: a, method: linear}\n")[0]


def test_log_transform_needs_a_positive_range():
    assert "above 0" in one_problem(
        "name: t\ncriteria:\n  - {id: a, method: linear, range: [0, 9], transform: log}\n")


@pytest.mark.parametrize(("steps", "message"), [
    ("[{min: 1, points: 1}, {min: 3, points: 2}]",
     "the steps are out of order: `min` bounds must be strictly descending (1, 3) "
     "(the first step a value meets is the one it gets)"),
    ("[{max: 3, points: 1}, {max: 1, points: 2}]",
     "the steps are out of order: `max` bounds must be strictly ascending (3, 1) "
     "(the first step a value meets is the one it gets)"),
    ("[{min: 3, points: 1}, {max: 1, points: 2}]",
     "a step table uses one kind of bound: all `min` or all `max`"),
])
def test_steps_out_of_order_or_mixed(steps, message):
    text = f"name: t\ncriteria:\n  - {{id: a, weight: 5, method: steps, steps: {steps}}}\n"
    with pytest.raises(CriteriaError) as info:
        parse_criteria(text, "bad.yaml")
    [problem] = info.value.problems
    assert problem.code == Code.STEPS_OUT_OF_ORDER
    assert problem.described() == f"bad.yaml:3: criteria[0].steps: {message}"


def test_step_points_above_the_weight():
    assert "more than the criterion's weight" in one_problem(
        "name: t\ncriteria:\n  - {id: a, weight: 2, method: steps, steps: [{min: 1, points: 3}]}\n")


def test_key_of_another_method_is_named():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, method: boolean, range: [0, 1]}\n")
    assert "criteria[0].range: `range` is not used by method `boolean`" in msg


def test_unknown_method_suggests_the_closest():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, method: lineer, range: [0, 1]}\n")
    assert "`lineer` is not allowed (did you mean `linear`?)" in msg


def test_ratio_needs_per_or_target():
    assert "exactly one of `per`" in one_problem(
        "name: t\ncriteria:\n  - {id: a, method: ratio}\n")


def test_choice_needs_choices():
    assert "exactly one of `choices`" in one_problem(
        "name: t\ncriteria:\n  - {id: a, method: choice}\n")


def test_applies_to_unknown_group_and_without_groups():
    msg = one_problem("""
    name: t
    groups: {department: {}}
    criteria:
      - {id: a, method: boolean, applies_to: [departmnt]}
      - {id: b, method: boolean}
    """)
    assert "unknown group `departmnt` (did you mean `department`?)" in msg
    assert "needs `groups`" in one_problem(
        "name: t\ncriteria:\n  - {id: a, method: boolean, applies_to: [x]}\n")


def test_group_match_values_must_not_overlap():
    assert "already matches group" in one_problem(
        VALID + "groups: {a: {match: [x]}, b: {match: [X]}}\n")


def test_every_problem_is_reported_not_just_the_first():
    found = problems("""
    name: t
    decimals: many
    criteria:
      - {id: a, weight: -1, method: boolean}
      - {id: b, method: linear, range: [1, 1]}
      - {id: c}
    """)
    assert len(found) == 4


def test_yaml_syntax_error_has_a_line():
    msg = one_problem("name: t\ncriteria:\n  - {id: a, method: boolean\n")
    assert msg.startswith("bad.yaml:") and "YAML syntax error" in msg


def test_empty_and_non_mapping_files():
    assert "empty" in one_problem("")
    assert "expected a mapping" in one_problem("- just\n- a list\n")


def test_name_and_criteria_are_required():
    found = problems("year: 2014\n")
    assert any("`name` is required" in p for p in found)
    assert any("`criteria` is required" in p for p in found)


def test_applies_to_is_inherited_by_the_subtree():
    c = criteria_from("""
    name: t
    groups: {a: {}, b: {}}
    criteria:
      - {id: x, method: boolean}
      - id: br
        applies_to: [a]
        criteria:
          - {id: y, method: boolean}
    """)
    leaf = next(c for c in c.walk() if c.id == "y")
    assert leaf.applies_to == frozenset({"a"})


def test_criteria_are_frozen():
    c = criteria_from(VALID)
    with pytest.raises(AttributeError):
        c.scale = 5  # type: ignore[misc]


def test_resolution_prefers_given_then_local_then_bundled(tmp_cwd):
    assert resolve_criteria_path(None).name == "laocai-2014.yaml"
    (tmp_cwd / "criteria.yaml").write_text(VALID, encoding="utf-8")
    assert resolve_criteria_path(None).name == "criteria.yaml"
    assert resolve_criteria_path("undp-hdi").name == "undp-hdi.yaml"
    with pytest.raises(IctrankError, match="not found"):
        resolve_criteria_path("nope.yaml")


def test_a_non_utf8_criteria_file_is_a_clear_error(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes("name: Lào Cai\n".encode("cp1258"))
    with pytest.raises(CriteriaError, match="UTF-8"):
        load_criteria(path)


def test_the_readme_example_is_a_valid_criteria_file():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    criteria = parse_criteria(example, "README.md")
    assert [c.id for c in criteria.top] == ["infrastructure", "online"]
    assert criteria.scale == 100 and len(criteria.groups) == 2


def test_the_fast_yaml_parser_reads_the_bundled_sets_as_the_pure_python_one_does(monkeypatch):
    import yaml

    from ictrank.criteria import yamlsource

    for path in sorted(CRITERIA.glob("*.yaml")):
        fast = parse_criteria(path.read_text(encoding="utf-8"), str(path))
        monkeypatch.setattr(yamlsource, "FAST_LOADER", yaml.SafeLoader)
        assert parse_criteria(path.read_text(encoding="utf-8"), str(path)) == fast
        monkeypatch.undo()


def test_yaml_errors_name_the_character_and_the_alias_at_fault():
    assert one_problem("a:\n\t- b\n") == ("bad.yaml:2: YAML syntax error: found character '\\t' "
                                          "that cannot start any token")
    assert one_problem("a: &x 1\nb: *y\n") == "bad.yaml:2: YAML syntax error: found undefined alias 'y'"


README_EXAMPLE = """
name: ICT application ranking
scale: 100
groups: {department: {match: [so]}, district: {match: [huyen]}}
criteria:
  - id: infrastructure
    weight: 25
    criteria:
      - {id: computers, weight: 8, method: linear, range: [0, 100]}
      - {id: lan, weight: 4, method: boolean}
      - {id: servers, weight: 5, method: steps, steps: [{min: 3, points: 5}, {min: 1, points: 2}]}
  - id: online
    weight: 25
    criteria:
      - {id: services, weight: 10, method: boolean}
      - {id: communes, weight: 5, method: boolean, applies_to: [district]}
"""


def test_relative_weights_that_add_up_to_nothing_meant_warn_with_what_each_is_worth():
    criteria = criteria_from(README_EXAMPLE)
    assert [(w.code, w.row, w.path) for w in criteria.warnings] == [
        (Code.WEIGHTS_RESCALED, 6, "criteria[0]"),
        (Code.WEIGHTS_RESCALED, 12, "criteria[1]")]
    first = criteria.warnings[0].message
    assert "add up to 17, neither its weight 25 nor 1 nor 100" in first
    assert "computers: weight 8, worth 23.53 points" in first
    assert criteria.warnings[1].message.endswith(", for group district")


@pytest.mark.parametrize("weights", ["[2, 2, 2]", "[0.5, 0.3, 0.2]", "[50, 30, 20]", "[5, 3, 2]"])
def test_equal_weights_and_weights_adding_to_1_100_or_the_parent_do_not_warn(weights):
    a, b, c = weights.strip("[]").split(", ")
    criteria = criteria_from(f"""
    name: t
    criteria:
      - id: branch
        weight: 10
        criteria:
          - {{id: a, weight: {a}, method: boolean}}
          - {{id: b, weight: {b}, method: boolean}}
          - {{id: c, weight: {c}, method: boolean}}
    """)
    assert criteria.warnings == ()


def test_the_published_indices_have_no_weight_warning():
    for name in ("undp-hdi", "un-egdi"):
        assert load_criteria(resolve_criteria_path(name)).warnings == ()


def test_weights_as_points_must_add_up_to_the_branch_and_the_scale():
    text = README_EXAMPLE.replace("scale: 100", "scale: 100\nweights: points")
    found = problems(text)
    assert "bad.yaml:6: criteria: the points of the top-level criteria add up to 50, not the " \
           "scale 100" in found[0]
    assert found[1].startswith("bad.yaml:7: criteria[0]: the points of the criteria "
                               "under `infrastructure` add up to 17, not its weight 25")
    assert any("add up to 10, not its weight 25, for group department" in p for p in found)


def test_a_26_point_typo_under_a_25_point_branch_is_an_error():
    text = """
    name: t
    weights: points
    criteria:
      - id: infrastructure
        weight: 25
        criteria:
          - {id: computers, weight: 9, method: boolean}
          - {id: lan, weight: 17, method: boolean}
    """
    assert "add up to 26, not its weight 25" in one_problem(text)


def test_points_that_add_up_are_valid_and_scored_as_written():
    criteria = criteria_from("""
    name: t
    weights: points
    scale: 25
    criteria:
      - {id: computers, weight: 8, method: boolean}
      - {id: lan, weight: 17, method: boolean}
    """)
    assert criteria.weights == "points" and criteria.warnings == ()


def test_a_weight_per_group_names_known_groups_and_leaves_out_the_others():
    criteria = criteria_from("""
    name: t
    scale: 10
    groups: {department: {}, district: {}, city: {}}
    criteria:
      - {id: a, weight: {department: 10, district: 5}, method: boolean}
      - {id: b, weight: 5, method: boolean}
    """)
    a = criteria.top[0]
    assert (a.weight_for("department"), a.weight_for("district")) == (10.0, 5.0)
    assert a.applies_to == frozenset({"department", "district"})
    assert "unknown group `mars`" in problems("""
    name: t
    scale: 10
    groups: {department: {}}
    criteria:
      - {id: a, weight: {mars: 10}, method: boolean}
    """)[0]


def test_step_points_need_a_single_weight():
    assert "give each step a `fraction`" in one_problem("""
    name: t
    scale: 10
    groups: {department: {}, district: {}}
    criteria:
      - {id: a, weight: {department: 10, district: 5}, method: steps, steps: [{min: 1, points: 2}]}
    """)


def test_a_column_may_be_a_list_of_accepted_names_and_titles_are_accepted_too():
    criteria = criteria_from("""
    name: t
    columns: {id: [id, ma_dv]}
    criteria:
      - {id: pc, title: Computers, title_vi: Máy tính, column: [pc_pct, may_tinh], method: boolean}
    """)
    leaf = criteria.leaves()[0]
    assert leaf.column == "pc_pct"
    assert leaf.accepted_names() == ("pc_pct", "may_tinh", "Computers", "Máy tính")
    assert criteria.columns.accepted("id") == ("id", "ma_dv", "Unit id", "Mã đơn vị")
    assert "expected a column name or a non-empty list" in one_problem("""
    name: t
    criteria:
      - {id: pc, column: [], method: boolean}
    """)


def test_a_date_that_does_not_exist_is_a_criteria_error_at_its_line(tmp_path):
    from click.testing import CliRunner

    from ictrank.cli import cli

    path = tmp_path / "c.yaml"
    path.write_text("name: d\npublication: {date: 2025-02-30}\ncriteria:\n"
                    "  - {id: c0, method: linear, range: [0, 8]}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["criteria", "check", str(path)])
    assert result.exit_code == 1
    assert ":2: publication.date: '2025-02-30' is not a valid value" in result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize("text, message", [
    ("groups: {a: {}, b: {}}\ncriteria:\n  - {id: x, method: linear, range: [0, 1], weight: {}}\n"
     "  - {id: y, method: linear, range: [0, 1]}\n",
     "criteria[0].weight: `weight: {}` gives the criterion no weight in any group"),
    ("columns: {period: id}\ncriteria:\n  - {id: y, method: linear, range: [0, 1]}\n",
     "columns.period: the period column 'id' is also the id column"),
])
def test_a_weight_of_no_group_or_a_period_column_that_is_the_id_is_refused(tmp_path, text,
                                                                           message):
    from click.testing import CliRunner

    from ictrank.cli import cli

    (tmp_path / "c.yaml").write_text("name: t\n" + text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["criteria", "check", str(tmp_path / "c.yaml")])
    assert result.exit_code == 1 and message in result.output, result.output
    assert result.output.rstrip().endswith("[invalid-value]")  # the code, as warnings show it


def test_criteria_check_in_json_for_a_program_to_read(tmp_path):
    import json

    from click.testing import CliRunner

    from ictrank.cli import cli

    path = tmp_path / "c.yaml"
    path.write_text("name: d\ncriteria:\n  - {id: c0, method: linear, range: [0, 8], weight: -1}\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["criteria", "check", str(path), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(e["line"], e["path"], e["code"]) for e in report["errors"]] == [
        (3, "criteria[0].weight", "invalid-value")]
    valid = CliRunner().invoke(cli, ["criteria", "check", "--format", "json"])
    assert valid.exit_code == 0 and json.loads(valid.stdout)["warnings"][0]["code"] == (
        "weights-rescaled")


def test_every_key_the_schema_or_a_method_declares_is_written_in_the_format_document():
    import re

    from conftest import ROOT
    from ictrank.criteria.schema import SECTIONS
    from ictrank.methods import method_keys

    document = (ROOT / "docs" / "criteria-format.md").read_text(encoding="utf-8")
    declared = {key for section in SECTIONS.values() for key in section} | method_keys()
    undocumented = sorted(key for key in declared
                          if not re.search(rf"`[^`]*\b{re.escape(key)}\b[^`]*`", document))
    assert undocumented == []
    for section in SECTIONS.values():
        assert all(key.about for key in section.values())
