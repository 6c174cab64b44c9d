"""Grading a whole lab: together vs sequential progression, carried results, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from grader_recordings import EXERCISE_START, LAB_START, ContextFactory

from grader.hints import HintLedger, HintReveal
from grader.results import ResultsDocument
from grader.runner import grade
from labs.core.scenario import Scenario
from labs.core.state import ExerciseState, LabState
from labs.host.fake import FakeHost
from labs.scenario.load import load_scenario, shipped_scenarios

DAY2_VALUES = {
    "p09b_bad_port": "3316",
    "p10_user": "maria.zambrano@fortaleza.lab",
    "p10_cause": "cuenta-desactivada",
    "p12_kinds": ["flyway", "server-errors"],
}


def _scenario(lab: str) -> tuple[Path, Scenario]:
    path = next(p for p in shipped_scenarios() if p.stem == lab)
    return path, load_scenario(path, DAY2_VALUES if lab == "day2" else None)


def _grade(
    lab: str,
    make_ctx: ContextFactory,
    lab_state: LabState,
    previous: ResultsDocument | None = None,
    only: str | None = None,
    ledger: HintLedger | None = None,
) -> ResultsDocument:
    path, scenario = _scenario(lab)
    return grade(
        scenario,
        make_ctx(lab_state=lab_state),
        scenario_path=path,
        scenario_sha256="x",
        ledger=ledger or HintLedger(),
        previous=previous,
        only=only,
    )


def _day1_state() -> LabState:
    return LabState(lab="day1", scenario_file="scenarios/day1.yaml", started_at=LAB_START, seed=7)


def test_day1_grades_every_exercise_and_says_what_is_missing(make_ctx: ContextFactory) -> None:
    document = _grade("day1", make_ctx, _day1_state())
    assert next(e.id for e in document.exercises) == "p01-acceso"
    assert all(e.status == "live" for e in document.exercises)
    assert not document.passed
    by_id = {c.id: c for c in document.checks}
    # The recorded system is healthy, but that earns nothing before the trainee's answer.
    assert not by_id["p04-backend-sano"].passed
    assert by_id["p04-backend-sano"].evidence["guard_result"] == "passed"
    assert by_id["p02-docker-ps"].status == "error"  # the trainee saved nothing yet
    assert "practica02-contenedores.txt" in by_id["p02-docker-ps"].message
    criteria = {c.criterion: c for c in document.criteria}
    assert criteria["respaldos"].percent is None
    assert criteria["operaciones"].max > 0


def test_hint_costs_appear_in_the_exercise_and_the_document(make_ctx: ContextFactory) -> None:
    at = datetime(2026, 11, 27, 18, 1, tzinfo=UTC)
    ledger = HintLedger(
        reveals=[HintReveal(lab="day1", exercise="p04-healthcheck", tier=1, cost=0.25, at=at)]
    )
    document = _grade("day1", make_ctx, _day1_state(), ledger=ledger)
    p04 = document.exercise("p04-healthcheck")
    assert p04 is not None
    assert p04.hints_used == 1
    assert p04.hint_cost == 0.25
    assert p04.score == max(0.0, p04.raw_score - 0.25)
    assert len(document.hints) == 1


def _day2_state(active: str, started: dict[str, datetime]) -> LabState:
    return LabState(
        lab="day2",
        scenario_file="scenarios/day2.yaml",
        started_at=LAB_START,
        seed=7,
        variables=DAY2_VALUES,
        active_exercise=active,
        exercises={k: ExerciseState(started_at=v) for k, v in started.items()},
    )


def test_in_a_sequential_lab_only_the_active_exercise_is_graded_live(
    make_ctx: ContextFactory,
) -> None:
    state = _day2_state("p07-reinicio-backend", {"p07-reinicio-backend": EXERCISE_START})
    document = _grade("day2", make_ctx, state)
    status = {e.id: e.status for e in document.exercises}
    assert status["p07-reinicio-backend"] == "live"
    assert {s for k, s in status.items() if k != "p07-reinicio-backend"} == {"pending"}
    p07 = document.exercise("p07-reinicio-backend")
    assert p07 is not None
    assert p07.graded_while_active


def test_a_finished_exercise_keeps_the_result_it_had_while_active(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    first = _grade(
        "day2",
        make_ctx,
        _day2_state("p07-reinicio-backend", {"p07-reinicio-backend": EXERCISE_START}),
    )
    later = datetime(2026, 11, 27, 18, 8, tzinfo=UTC)
    moved_on = _day2_state(
        "p08-reinicio-completo",
        {"p07-reinicio-backend": EXERCISE_START, "p08-reinicio-completo": later},
    )
    evidence.health_probe = None  # p08's outage must not rewrite p07's result
    second = _grade("day2", make_ctx, moved_on, previous=first)
    p07_before, p07_after = (
        first.exercise("p07-reinicio-backend"),
        second.exercise("p07-reinicio-backend"),
    )
    assert p07_after is not None
    assert p07_before is not None
    assert p07_after.status == "carried"
    assert p07_after.score == p07_before.score
    assert second.checks_of("p07-reinicio-backend") == first.checks_of("p07-reinicio-backend")
    assert second.exercise("p08-reinicio-completo").status == "live"  # type: ignore[union-attr]


def test_checking_one_exercise_leaves_the_others_as_they_were(make_ctx: ContextFactory) -> None:
    first = _grade("day1", make_ctx, _day1_state())
    second = _grade("day1", make_ctx, _day1_state(), previous=first, only="p04-healthcheck")
    statuses = {e.id: e.status for e in second.exercises}
    assert statuses["p04-healthcheck"] == "live"
    assert statuses["p01-acceso"] == "carried"
    assert (
        _grade("day1", make_ctx, _day1_state(), only="p01-acceso")
        .exercise("p02-contenedores")
        .status
        == "not-graded"
    )  # type: ignore[union-attr]


def test_evidence_that_breaks_becomes_an_error_result_not_a_crash(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    state = _day2_state("p11-logs-mysql", {"p11-logs-mysql": EXERCISE_START})
    document = _grade("day2", make_ctx, state)  # no SQL answer recorded for p11's query
    check = next(c for c in document.checks if c.id == "p11-bloqueo-resuelto")
    assert check.status == "error"
    assert "MySQL" in check.message


def test_a_guard_scores_once_the_action_it_guards_has_happened(
    make_ctx: ContextFactory,
) -> None:
    before = {c.id: c for c in _grade("day1", make_ctx, _day1_state()).checks}
    assert before["p04-backend-sano"].score == 0
    assert "Respuesta JSON guardada" in before["p04-backend-sano"].message
    answer = make_ctx().workspace.trainee_home / "practica04-health.json"
    answer.write_text(
        '{"status":"UP","components":{"db":{"status":"UP"},'
        '"diskSpace":{"status":"UP"},"ping":{"status":"UP"}}}'
    )
    after = {c.id: c for c in _grade("day1", make_ctx, _day1_state()).checks}
    assert after["p04-respuesta"].passed
    assert after["p04-backend-sano"].passed
