"""The shipped day labs are valid and complete enough to teach with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labs.core.scenario import Scenario
from labs.scenario.load import load_scenario, shipped_scenarios
from labs.scenario.models import json_schema
from labs.scenario.steps import RunStep

SCHEMA_FILE = Path(__file__).parents[3] / "docs" / "reference" / "scenario-schema.json"


def _load(lab: str) -> Scenario:
    return load_scenario(next(p for p in shipped_scenarios() if p.stem == lab))


def test_every_shipped_scenario_validates() -> None:
    paths = shipped_scenarios()
    assert {"day1", "day2"} <= {p.stem for p in paths}
    for path in paths:
        assert load_scenario(path).id == path.stem


@pytest.mark.parametrize("lab", ["day1", "day2"])
def test_every_exercise_has_three_hints_a_solution_and_a_wrong_fix(lab: str) -> None:
    for exercise in _load(lab).exercises:
        assert len(exercise.hints) == 3, exercise.id
        assert exercise.solution, exercise.id
        assert exercise.wrong_solutions, exercise.id


def test_day1_covers_practicas_1_to_6_and_the_day_exercise_without_faults() -> None:
    scenario = _load("day1")
    labels = {e.practica for e in scenario.exercises}
    assert {f"Práctica {n}" for n in range(1, 7)} | {"Ejercicio Día 1"} == labels
    assert all(not e.faults for e in scenario.exercises)
    assert scenario.progression == "together"


def test_day2_covers_practicas_7_to_14_and_the_day_exercise_in_sequence() -> None:
    scenario = _load("day2")
    labels = {e.practica for e in scenario.exercises}
    assert {f"Práctica {n}" for n in range(7, 15)} | {"Ejercicio Día 2"} == labels
    assert scenario.progression == "sequential"
    kinds = {f.kind for e in scenario.exercises for f in e.faults}  # type: ignore[attr-defined]
    assert kinds == {
        "backend-slow",
        "backend-hang",
        "env-bad-value",
        "log-traffic",
        "login-problem",
    }


def test_practica_1_is_honest_that_the_lab_has_no_ssh() -> None:
    brief = _load("day1").exercises[0].brief
    assert "no hay SSH" in brief


def test_practica_14_warns_what_image_prune_all_deletes() -> None:
    brief = next(e for e in _load("day2").exercises if e.id == "p14-limpieza").brief
    assert "docker image prune -a" in brief
    assert "rollback" in brief


def test_briefs_use_lab_home_instead_of_opt_inatrace_for_commands() -> None:
    for lab in ("day1", "day2"):
        for exercise in _load(lab).exercises:
            for step in exercise.solution:
                if isinstance(step, RunStep):
                    assert "/opt/inatrace" not in step.run, exercise.id


def test_the_wrong_fixes_of_practica_7_target_the_mysql_checks() -> None:
    exercise = next(e for e in _load("day2").exercises if e.id == "p07-reinicio-backend")
    wrong = {w.id: set(w.must_fail) for w in exercise.wrong_solutions}
    assert wrong["reiniciar-todo"] == {"p07-mysql-intacto", "p07-mysql-sin-tocar"}
    assert "down-v" in wrong


def test_day2_renders_the_trainee_s_own_user_and_port() -> None:
    path = next(p for p in shipped_scenarios() if p.stem == "day2")
    scenario = load_scenario(
        path,
        {
            "p09b_bad_port": "3316",
            "p10_user": "ana@x.ec",
            "p10_cause": "cuenta-sin-confirmar",
            "p12_kinds": ["flyway", "server-errors"],
        },
    )
    p10 = scenario.exercise("p10-logs-usuario")
    assert p10 is not None
    assert "ana@x.ec" in p10.brief
    fault = scenario.exercise("p09b-restarting").faults[0]  # type: ignore[union-attr]
    assert fault.value == "3316"  # type: ignore[attr-defined]


def test_the_published_json_schema_matches_the_models() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == json.loads(json.dumps(json_schema()))
