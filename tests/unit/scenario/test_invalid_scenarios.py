"""Every validation rule has a named invalid fixture; each says what it must report."""

from __future__ import annotations

from pathlib import Path

import pytest

from labs.scenario.load import validate_file

INVALID = Path(__file__).parents[2] / "fixtures" / "scenarios" / "invalid"
VALID = Path(__file__).parents[2] / "fixtures" / "scenarios" / "valid"


def _expectation(path: Path) -> tuple[str, str]:
    header = dict(line[2:].split(": ", 1) for line in path.read_text().splitlines()[:2])
    return header["expect-path"].strip(), header.get("expect-message", "").strip()


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_an_invalid_scenario_names_the_field_the_problem_and_a_fix(path: Path) -> None:
    expected_path, expected_message = _expectation(path)
    scenario, problems = validate_file(path)
    assert scenario is None
    assert problems, "the file must be rejected"
    matching = [p for p in problems if p.path.startswith(expected_path)]
    assert matching, [str(p) for p in problems]
    assert any(expected_message in p.message for p in matching), [str(p) for p in problems]
    assert all(p.fix and p.file == str(path) for p in problems)


def test_there_is_one_fixture_per_rule_and_they_are_all_different() -> None:
    texts = [p.read_text() for p in INVALID.glob("*.yaml")]
    assert len(texts) >= 25
    assert len(set(texts)) == len(texts)


def test_the_minimal_fixture_the_invalid_ones_derive_from_is_valid() -> None:
    scenario, problems = validate_file(VALID / "minimal.yaml")
    assert problems == []
    assert scenario is not None
    assert scenario.exercise_ids == ["reinicio"]


def test_an_unknown_kind_suggests_the_closest_registered_one() -> None:
    _, problems = validate_file(INVALID / "unknown-check-kind.yaml")
    assert "¿Quiso decir `backend-healthy`?" in problems[0].fix


def test_a_yaml_syntax_error_points_at_line_and_column() -> None:
    _, problems = validate_file(INVALID / "yaml-syntax.yaml")
    assert problems[0].path == "line 5, column 1"  # where PyYAML sees the unclosed [
    assert "YAML" in problems[0].fix


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    _, problems = validate_file(tmp_path / "nope.yaml")
    assert problems
    assert "nope.yaml" in problems[0].file
