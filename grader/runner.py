"""`lab check` end to end: evidence → checks → scores → results document.

In a sequential lab (Día 2) only the active exercise is graded live: an exercise
the trainee has moved past keeps the result it had while it was active (its
faults are gone and the next one's are live), and exercises not reached yet are
"pending".
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

import grader.checks as registry
from grader.checks.base import CheckSpec, Outcome
from grader.context import CheckContext
from grader.evidence import EvidenceError
from grader.hints import HintLedger
from grader.results import CheckResult, ExerciseScore, ExerciseStatus, ResultsDocument
from grader.scoring import check_score, criterion_scores, exercise_score, total_percent
from grader.timeline_summary import timeline_figures
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.scenario import Exercise, Scenario

Phase = Literal["active", "done", "pending"]
MAX_WORKERS = 8


def phase(scenario: Scenario, ctx: CheckContext, exercise: Exercise) -> Phase:
    if scenario.progression == "together":
        return "active"
    state = ctx.state
    active = state.active_exercise or (scenario.exercises[0].id if not state.exercises else None)
    if exercise.id == active:
        return "active"
    return "done" if exercise.id in state.exercises else "pending"


def grade(
    scenario: Scenario,
    ctx: CheckContext,
    *,
    scenario_path: Path,
    scenario_sha256: str,
    ledger: HintLedger,
    previous: ResultsDocument | None = None,
    only: str | None = None,
) -> ResultsDocument:
    plan = {e.id: _status(scenario, ctx, e, previous, only) for e in scenario.exercises}
    live = [e for e in scenario.exercises if plan[e.id] == "live"]
    graded = _evaluate_all(live, ctx)
    checks: list[CheckResult] = []
    exercises: list[ExerciseScore] = []
    for exercise in scenario.exercises:
        status = plan[exercise.id]
        own = _results_for(exercise, status, graded, previous)
        reveals = ledger.for_exercise(scenario.id, exercise.id)
        exercises.append(
            exercise_score(
                exercise.id,
                exercise.title,
                own,
                ledger.cost(scenario.id, exercise.id),
                len(reveals),
                status,
                graded_while_active=_while_active(scenario, ctx, exercise, status, previous),
            )
        )
        checks += own
    criteria = criterion_scores(checks, exercises)
    broken = ctx.timeline().broken
    return ResultsDocument(
        lab=scenario.id,
        scenario_file=str(scenario_path),
        scenario_sha256=scenario_sha256,
        scenario_version=scenario.version,
        seed=ctx.seed,
        home=ctx.home,
        started_at=ctx.lab_started_at,
        checked_at=ctx.now,
        active_exercise=ctx.state.active_exercise,
        checks=checks,
        exercises=exercises,
        criteria=criteria,
        total_percent=total_percent(criteria),
        passed=all(e.passed for e in exercises),
        hints=[r for r in ledger.reveals if r.lab == scenario.id],
        timeline=timeline_figures(ctx),
        notices=[_edited_record(name) for name in broken],
    )


def _edited_record(name: str) -> str:
    return tr(
        f"El registro del observador ({name}) fue modificado fuera del laboratorio: desde ese "
        "punto no se tiene en cuenta.",
        f"The observer's record ({name}) was changed outside the lab: from that point on it "
        "is not taken into account.",
    )


def _status(
    scenario: Scenario,
    ctx: CheckContext,
    exercise: Exercise,
    previous: ResultsDocument | None,
    only: str | None,
) -> ExerciseStatus:
    earlier = previous.exercise(exercise.id) if previous and previous.lab == scenario.id else None
    if only is not None and exercise.id != only:
        return (
            earlier.status
            if earlier and earlier.status != "live"
            else ("carried" if earlier else "not-graded")
        )
    current = phase(scenario, ctx, exercise)
    if current == "pending":
        return "pending"
    if current == "done" and earlier and earlier.graded_while_active:
        return "carried"
    return "live"


def _while_active(
    scenario: Scenario,
    ctx: CheckContext,
    exercise: Exercise,
    status: ExerciseStatus,
    previous: ResultsDocument | None,
) -> bool:
    if status == "live":
        return phase(scenario, ctx, exercise) == "active"
    earlier = previous.exercise(exercise.id) if previous else None
    return bool(earlier and earlier.graded_while_active)


def _results_for(
    exercise: Exercise,
    status: ExerciseStatus,
    graded: dict[str, CheckResult],
    previous: ResultsDocument | None,
) -> list[CheckResult]:
    if status == "live":
        return [graded[c.id] for c in exercise.checks]
    kept = {c.id: c for c in previous.checks_of(exercise.id)} if previous else {}
    if status == "carried" and all(c.id in kept for c in exercise.checks):
        return [kept[c.id] for c in exercise.checks]
    return [_pending(exercise, c) for c in exercise.checks]


def _pending(exercise: Exercise, spec: CheckSpec) -> CheckResult:
    return CheckResult(
        id=spec.id,
        kind=spec.kind,
        criterion=spec.criterion,
        exercise=exercise.id,
        title=spec.title,
        score=0.0,
        max=spec.weight,
        passed=False,
        status="pending",
        message=tr(
            "Ejercicio aún no iniciado o no evaluado.", "Exercise not started or not graded yet."
        ),
    )


def _evaluate_all(exercises: list[Exercise], ctx: CheckContext) -> dict[str, CheckResult]:
    jobs = [(e, c) for e in exercises for c in e.checks]
    if not jobs:
        return {}
    readers = ctx.slow_readers()
    with ThreadPoolExecutor(max_workers=len(readers) + min(MAX_WORKERS, len(jobs))) as pool:
        # Evidence reads start first and overlap the checks (a remote script, a probe…);
        # their errors resurface when a check asks again.
        warming = [pool.submit(read) for read in readers]
        found = {r.id: r for r in pool.map(lambda job: evaluate_one(job[0], job[1], ctx), jobs)}
        for future in warming:
            future.exception()
    for exercise in exercises:
        for spec in exercise.checks:
            found[spec.id] = _guarded(spec, exercise, found)
    return found


def _guarded(spec: CheckSpec, exercise: Exercise, found: dict[str, CheckResult]) -> CheckResult:
    """A guard scores only once the action it guards has happened (its `requires` pass)."""
    result = found[spec.id]
    waiting = [r for r in spec.requires if not found[r].passed]
    if not waiting:
        return result
    titles = ", ".join(f"«{c.title or c.id}»" for c in exercise.checks if c.id in waiting)
    return result.model_copy(
        update={
            "score": 0.0,
            "passed": False,
            "status": "failed",
            "message": tr(
                f"Se evalúa cuando esté cumplido: {titles}.",
                f"Graded once this is done: {titles}.",
            ),
            "evidence": {**result.evidence, "guard_result": result.status},
        }
    )


def evaluate_one(exercise: Exercise, spec: CheckSpec, ctx: CheckContext) -> CheckResult:
    check = registry.get(spec.kind)()
    try:
        outcome = check.evaluate(spec, ctx.for_exercise(exercise.id))
    except (EvidenceError, LabError, OSError, RuntimeError, ValueError) as exc:
        # One unreadable piece of evidence must not hide every other result.
        outcome = Outcome.unavailable(
            tr(f"No se pudo evaluar: {exc}", f"Could not evaluate: {exc}"),
            tr("Revise `lab status` y vuelva a intentar.", "Check `lab status` and try again."),
        )
    score, passed, status = check_score(outcome, spec.weight)
    return CheckResult(
        id=spec.id,
        kind=spec.kind,
        criterion=spec.criterion,
        exercise=exercise.id,
        title=spec.title,
        score=score,
        max=spec.weight,
        passed=passed,
        status=status,
        message=outcome.message,
        evidence=outcome.evidence,
        expected=outcome.expected,
    )
