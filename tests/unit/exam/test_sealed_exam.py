"""The exam on the trainee's machine is sealed: it grades, but holds no solutions, no
known-bad fixes and no hints; `lab selftest` refuses such a file; the solutions stay in
the instructor's in-memory composition."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from labs.core.errors import UsageError
from labs.core.workspace import Workspace
from labs.exam.compose import compose, write_plan
from labs.exam.definition import load_definition
from labs.host.fake import FakeHost
from labs.scenario import load
from labs.scenario.load import load_scenario, validate_data, validate_file
from labs.selftest import LabSelftest

ANSWERS = {"solution", "wrong_solutions", "hints", "hint_cost"}


def _written(tmp_path: Path) -> Path:
    return write_plan(compose(load_definition(), 11, "Ana"), tmp_path / "exam-scenario.yaml")


def test_the_written_exam_file_holds_no_solutions_no_known_bad_fixes_and_no_hints(
    tmp_path: Path,
) -> None:
    raw = yaml.safe_load(_written(tmp_path).read_text(encoding="utf-8"))
    assert raw["sealed"] is True
    assert raw["exercises"]
    for exercise in raw["exercises"]:
        assert not ANSWERS & set(exercise), exercise["id"]
        assert exercise["checks"], exercise["id"]


def test_a_sealed_exam_file_loads_for_grading_with_every_check(tmp_path: Path) -> None:
    plan = compose(load_definition(), 11, "Ana")
    scenario = load_scenario(write_plan(plan, tmp_path / "exam-scenario.yaml"))
    assert scenario.sealed
    assert all(not e.solution and not e.wrong_solutions for e in scenario.exercises)
    full, problems = validate_data(plan.raw, "composed")
    assert problems == []
    assert full is not None
    assert [[c.id for c in e.checks] for e in scenario.exercises] == [
        [c.id for c in e.checks] for e in full.exercises
    ]


def test_the_instructors_in_memory_composition_keeps_every_reference_solution() -> None:
    plan = compose(load_definition(), 11, "Ana")
    scenario, problems = validate_data(plan.raw, "composed")
    assert problems == []
    assert scenario is not None
    assert not scenario.sealed
    assert all(e.solution for e in scenario.exercises)


def test_both_machines_write_the_same_sealed_bytes_so_the_hashes_match(tmp_path: Path) -> None:
    first = _written(tmp_path / "trainee").read_bytes()
    assert first == _written(tmp_path / "instructor").read_bytes()


def test_a_sealed_file_that_still_carries_a_solution_is_refused(tmp_path: Path) -> None:
    raw = yaml.safe_load(_written(tmp_path).read_text(encoding="utf-8"))
    raw["exercises"][0]["solution"] = [{"run": "true"}]
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _, problems = validate_file(leaky)
    assert [p.path for p in problems] == ["exercises[0].solution"]
    assert "sealed" in problems[0].message


def test_an_unsealed_scenario_without_a_solution_is_refused(tmp_path: Path) -> None:
    raw = yaml.safe_load(_written(tmp_path).read_text(encoding="utf-8"))
    del raw["sealed"]
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    _, problems = validate_file(bare)
    assert [p.path for p in problems][:1] == ["exercises[0].solution"]
    assert "solution:" in problems[0].fix


def test_lab_selftest_refuses_a_sealed_scenario_before_starting_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf = tmp_path / "scenarios"
    write_plan(compose(load_definition(), 11, "Ana"), shelf / "examen-final.yaml")
    monkeypatch.setattr(load, "scenarios_dir", lambda: shelf)
    host = FakeHost.healthy_stack()
    ws = Workspace(tmp_path / "lab")
    with pytest.raises(UsageError) as refused:
        LabSelftest(ws, host, "examen-final", 7, lambda _: None).execute()
    assert "sellado" in refused.value.message or "sealed" in refused.value.message
    assert "lab exam selftest" in (refused.value.fix or "")
    assert not ws.state_file.exists()
