"""A classroom exam's copy on the trainee's machine: what that machine must run (briefs,
variables, faults) and nothing of how it is graded or solved; the submit request it leaves
is cleared only by the instructor's answer."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import yaml

from labs.core.state import utc_now
from labs.core.workspace import Workspace
from labs.exam.compose import PREPARING, compose, reached_so_far, write_plan
from labs.exam.definition import load_definition
from labs.exam.driven import pending_request, request_submit, take_state
from labs.exam.state import ExamState, PartState
from labs.scenario.load import declared_variables, validate_data, validate_file
from labs.scenario.variables import resolve_variables

GRADING_OR_ANSWERS = {"checks", "solution", "wrong_solutions", "hints", "hint_cost"}


def _trainee_copy(tmp_path: Path) -> Path:
    plan = compose(load_definition(), 11, "Ana")
    return write_plan(plan, tmp_path / "exam-scenario.yaml", for_trainee_machine=True)


def test_the_trainee_machines_copy_holds_briefs_and_faults_but_no_checks_or_answers(
    tmp_path: Path,
) -> None:
    raw = yaml.safe_load(_trainee_copy(tmp_path).read_text(encoding="utf-8"))
    assert raw["sealed"] is True
    assert raw["graded_elsewhere"] is True
    assert any(exercise.get("faults") for exercise in raw["exercises"])
    for exercise in raw["exercises"]:
        assert exercise["brief"], exercise["id"]
        assert not GRADING_OR_ANSWERS & set(exercise), exercise["id"]


def test_the_trainee_machines_copy_loads_with_the_same_exercises_and_faults(
    tmp_path: Path,
) -> None:
    copy, problems = validate_file(_trainee_copy(tmp_path))
    assert problems == []
    assert copy is not None
    full, _ = validate_data(compose(load_definition(), 11, "Ana").raw, "composed")
    assert full is not None
    assert copy.exercise_ids == full.exercise_ids
    assert [e.faults for e in copy.exercises] == [e.faults for e in full.exercises]


def test_the_copy_grows_one_exercise_at_a_time_already_rendered_without_variables(
    tmp_path: Path,
) -> None:
    plan = compose(load_definition(), 11, "Ana")
    full, _ = validate_data(plan.raw, "composed")
    assert full is not None
    composed = write_plan(plan, tmp_path / "examen.yaml")
    emails = [["ana@x.lab"], ["luis@x.lab"]]
    values = resolve_variables(declared_variables(composed), 11, sql=lambda query: emails)
    first, second = full.exercise_ids[:2]
    at_start = reached_so_far(plan.raw, {}, None)
    assert [e["id"] for e in at_start["exercises"]] == [PREPARING["id"]]
    later = reached_so_far(plan.raw, values, second)
    assert [e["id"] for e in later["exercises"]] == [PREPARING["id"], first, second]
    assert "variables" not in later
    names = "|".join(map(re.escape, values))
    assert not re.search(rf"\{{\{{\s*({names})\s*\}}\}}", yaml.safe_dump(later))
    path = tmp_path / "copia.yaml"
    path.write_text(yaml.safe_dump(later, allow_unicode=True), encoding="utf-8")
    copy, problems = validate_file(path)
    assert problems == []
    assert copy is not None
    assert copy.graded_elsewhere


def _scenario(**top: object) -> dict[str, object]:
    exercise = {"id": "uno", "title": "Uno", "brief": "Haga algo."}
    return {
        "id": "x",
        "title": "X",
        "version": "1",
        "description": "d",
        **top,
        "exercises": [exercise],
    }


def test_an_exercise_without_checks_is_refused_unless_it_is_graded_elsewhere() -> None:
    _, problems = validate_data(_scenario(), "x.yaml")
    assert "exercises[0].checks" in [p.path for p in problems]
    _, problems = validate_data(_scenario(sealed=True, graded_elsewhere=True), "x.yaml")
    assert problems == []


def test_graded_elsewhere_needs_sealed_and_holds_no_checks() -> None:
    _, problems = validate_data(_scenario(graded_elsewhere=True), "x.yaml")
    assert "graded_elsewhere" in [p.path for p in problems]
    with_check = _scenario(sealed=True, graded_elsewhere=True)
    exercises = with_check["exercises"]
    assert isinstance(exercises, list)
    exercises[0]["checks"] = [
        {"id": "c", "kind": "backend-healthy", "criterion": "operaciones", "weight": 1}
    ]
    _, problems = validate_data(with_check, "x.yaml")
    assert "exercises[0].checks" in [p.path for p in problems]


def _exam(closed: dict[str, object] | None = None, finished: bool = False) -> ExamState:
    now = utc_now()
    part = PartState(
        id="parte-1",
        title="Parte 1",
        criterion="operaciones",
        minutes=30,
        exercises=["uno", "dos"],
        started_at=now,
        closed=closed or {},
    )
    return ExamState(
        exam_id="examen-final",
        title="Examen",
        trainee="ana",
        instructor="-",
        mode="exam",
        seed=1,
        pass_mark=70,
        scenario_file="x",
        drawn=[],
        started_at=now,
        parts=[part],
        finished_at=now + timedelta(minutes=1) if finished else None,
        graded_by="aula-01",
    )


def test_a_submit_request_stays_until_the_instructors_state_shows_it_answered(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path / "inatrace-lab-examen")
    take_state(ws, _exam().model_dump_json())
    request_submit(ws, "uno")
    take_state(ws, _exam().model_dump_json())  # a state sent before the answer
    assert pending_request(ws) is not None
    take_state(ws, _exam(closed={"uno": utc_now()}).model_dump_json())
    assert pending_request(ws) is None
    request_submit(ws, "dos")
    take_state(ws, _exam(finished=True).model_dump_json())
    assert pending_request(ws) is None
