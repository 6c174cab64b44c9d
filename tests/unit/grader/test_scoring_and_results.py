"""Scoring math (partial credit, hint costs, course weights) and the results document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from grader.checks.base import Assertion, Outcome
from grader.hints import HintLedger, HintReveal, load_ledger, save_ledger
from grader.results import CheckResult, ResultsDocument, load_latest, write_results
from grader.scoring import check_score, criterion_scores, exercise_score, total_percent
from labs.core.workspace import Workspace

AT = datetime(2026, 11, 27, 18, 10, tzinfo=UTC)


def _check(
    id_: str, criterion: str, score: float, maximum: float, exercise: str = "ex"
) -> CheckResult:
    return CheckResult(
        id=id_,
        kind="k",
        criterion=criterion,
        exercise=exercise,  # type: ignore[arg-type]
        score=score,
        max=maximum,
        passed=score == maximum,
        status="passed" if score == maximum else "failed",
        message="",
    )


def test_a_check_whose_action_did_not_happen_scores_nothing() -> None:
    outcome = Outcome.from_assertions([Assertion("a", True, weight=2), Assertion("b", False)])
    score, passed, status = check_score(outcome, weight=3)
    assert (score, passed, status) == (0.0, False, "failed")


def test_parts_of_written_work_earn_their_weighted_share() -> None:
    parts = [Assertion("a", True, weight=2, partial=True), Assertion("b", False, partial=True)]
    score, passed, _ = check_score(Outcome.from_assertions(parts), weight=3)
    assert (score, passed) == (2.0, False)


def test_parts_earn_nothing_while_a_gate_fails() -> None:
    gate = Assertion("el archivo es real", False)
    parts = [Assertion("a", True, partial=True), Assertion("b", True, partial=True)]
    assert Outcome.from_assertions([gate, *parts]).fraction == 0.0


def test_a_failing_assertion_shows_what_was_observed_but_never_the_expected_value() -> None:
    wrong = Assertion("cantidad", False, observed="40", expected="5", fix="Cuente con grep -c.")
    outcome = Outcome.from_assertions([wrong])
    assert "40" in outcome.message
    assert "5" not in outcome.message
    assert outcome.expected["cantidad"] == "5"


def test_a_check_without_evidence_is_an_error_not_a_plain_failure() -> None:
    assert check_score(Outcome.unavailable("sin datos", "arréglelo"), 1)[2] == "error"


def test_hint_costs_come_off_the_exercise_but_never_below_zero() -> None:
    checks = [_check("a", "operaciones", 1.0, 2.0)]
    assert exercise_score("ex", "Ej", checks, 0.5, 1, "live", True).score == 0.5
    assert exercise_score("ex", "Ej", checks, 5.0, 3, "live", True).score == 0.0


def test_criteria_are_scored_separately_and_hint_costs_are_shared_by_weight() -> None:
    checks = [_check("a", "operaciones", 3.0, 3.0), _check("b", "documentacion", 1.0, 1.0)]
    exercise = exercise_score("ex", "Ej", checks, 0.4, 1, "live", True)
    scores = {c.criterion: c for c in criterion_scores(checks, [exercise])}
    assert scores["operaciones"].score == pytest.approx(2.7)
    assert scores["documentacion"].score == pytest.approx(0.9)
    assert scores["respaldos"].percent is None  # not assessed in this lab


def test_the_total_uses_the_course_weights_of_the_criteria_present() -> None:
    checks = [_check("a", "operaciones", 2.0, 4.0), _check("b", "documentacion", 1.0, 1.0)]
    criteria = criterion_scores(checks, [exercise_score("ex", "Ej", checks, 0, 0, "live", True)])
    # 40 % × 50 % + 10 % × 100 %, renormalised over the 50 % of the course present.
    assert total_percent(criteria) == 60.0


def test_all_four_criteria_weigh_40_30_20_10() -> None:
    checks = [
        _check("o", "operaciones", 1, 1),
        _check("r", "respaldos", 0, 1),
        _check("t", "troubleshooting", 1, 1),
        _check("d", "documentacion", 0, 1),
    ]
    criteria = criterion_scores(checks, [exercise_score("ex", "Ej", checks, 0, 0, "live", True)])
    assert total_percent(criteria) == 60.0


def _document(checked_at: datetime = AT) -> ResultsDocument:
    checks = [_check("a", "operaciones", 1.0, 2.0)]
    exercises = [exercise_score("ex", "Ej", checks, 0.5, 1, "live", True)]
    criteria = criterion_scores(checks, exercises)
    return ResultsDocument(
        lab="day2",
        scenario_file="scenarios/day2.yaml",
        scenario_sha256="ab",
        scenario_version="1.0.0",
        seed=7,
        home="/tmp/lab",
        started_at=AT,
        checked_at=checked_at,
        checks=checks,
        exercises=exercises,
        criteria=criteria,
        total_percent=total_percent(criteria),
        passed=False,
        hints=[HintReveal(lab="day2", exercise="ex", tier=1, cost=0.5, at=AT)],
    )


def test_the_results_document_round_trips_as_latest_and_timestamped(tmp_path: object) -> None:
    ws = Workspace(tmp_path / "lab")  # type: ignore[operator]
    ws.ensure()
    stamped = write_results(ws, _document())
    write_results(ws, _document(AT.replace(minute=11)))
    assert stamped.name == "results-20261127T181000000000Z.json"
    assert len(list(ws.results_dir.glob("results-*.json"))) == 2
    latest = load_latest(ws)
    assert latest is not None
    assert latest.checked_at.minute == 11
    assert latest.model_dump(exclude={"checked_at"}) == _document().model_dump(
        exclude={"checked_at"}
    )
    assert latest.grader_version
    assert latest.hint_policy == "deduct-on-reveal"


def test_a_damaged_latest_document_is_ignored(tmp_path: object) -> None:
    ws = Workspace(tmp_path / "lab")  # type: ignore[operator]
    ws.ensure()
    (ws.results_dir / "latest.json").write_text("{not json")
    assert load_latest(ws) is None


def test_the_hint_ledger_records_reveals_and_sums_costs(tmp_path: object) -> None:
    ws = Workspace(tmp_path / "lab")  # type: ignore[operator]
    ws.ensure()
    ledger = HintLedger(
        reveals=[
            HintReveal(lab="day2", exercise="ex", tier=1, cost=0.5, at=AT),
            HintReveal(lab="day2", exercise="ex", tier=2, cost=0.25, at=AT),
            HintReveal(lab="day1", exercise="ex", tier=1, cost=9, at=AT),
        ]
    )
    save_ledger(ws, ledger)
    assert load_ledger(ws).cost("day2", "ex") == 0.75
