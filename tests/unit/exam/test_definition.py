"""The shipped exam: the course's parts and limits, a draw per trainee, a valid scenario."""

from __future__ import annotations

from pathlib import Path

from labs.exam.compose import compose, write_plan
from labs.exam.definition import load_definition
from labs.scenario.load import validate_file


def test_the_exam_has_the_courses_four_parts_and_time_limits() -> None:
    definition = load_definition()
    assert [(p.criterion, p.minutes) for p in definition.parts] == [
        ("operaciones", 30),
        ("respaldos", 30),
        ("troubleshooting", 45),
        ("documentacion", 15),
    ]
    assert definition.pass_mark == 70
    assert definition.parts[2].draw == 3


def test_the_troubleshooting_draw_is_reproducible_from_the_seed_and_differs_per_trainee() -> None:
    definition = load_definition()
    assert compose(definition, 7, "Ana").drawn == compose(definition, 7, "Ana").drawn
    draws = {tuple(compose(definition, 7, name).drawn) for name in ("Ana", "Beto", "Carla", "Dora")}
    assert len(draws) > 1
    for draw in draws:
        assert len(set(draw)) == 3


def test_the_composed_exam_is_a_valid_sequential_scenario_without_hints(tmp_path: Path) -> None:
    plan = compose(load_definition(), 11, "Ana")
    scenario, problems = validate_file(write_plan(plan, tmp_path / "exam.yaml"))
    assert problems == []
    assert scenario is not None
    assert scenario.progression == "sequential"
    assert all(not e.hints for e in scenario.exercises)
    planned = [e for part in plan.parts for e in part.exercises]
    assert scenario.exercise_ids == planned


def test_every_exercise_of_the_troubleshooting_pool_composes_into_a_valid_exam(
    tmp_path: Path,
) -> None:
    definition = load_definition()
    part = definition.parts[2]
    whole_pool = part.model_copy(update={"draw": len(part.pool)})
    parts = [whole_pool if p is part else p for p in definition.parts]
    plan = compose(definition.model_copy(update={"parts": parts}), 11, "Ana")
    scenario, problems = validate_file(write_plan(plan, tmp_path / "exam.yaml"))
    assert problems == []
    assert scenario is not None
    assert {ref.exercise for ref in part.pool} <= set(scenario.exercise_ids)
