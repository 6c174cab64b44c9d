"""Scores: per check (partial credit), per exercise (minus hint costs) and per course criterion.

The course weighs Operaciones 40 %, Respaldos 30 %, Troubleshooting 20 %,
Documentación 10 %. A lab without checks for a criterion (Día 1 has no backups)
is scored over the criteria it does have, re-normalised, and says so (percent None).
"""

from __future__ import annotations

from collections import defaultdict

from grader.checks.base import Outcome
from grader.results import CheckResult, CheckStatus, CriterionScore, ExerciseScore, ExerciseStatus
from labs.core.criteria import CRITERIA, CRITERION_WEIGHTS, Criterion, criterion_label

PASS_EPSILON = 1e-6


def check_score(outcome: Outcome, weight: float) -> tuple[float, bool, CheckStatus]:
    fraction = min(1.0, max(0.0, outcome.fraction))
    passed = fraction >= 1.0 - PASS_EPSILON
    status: CheckStatus = "passed" if passed else ("error" if outcome.error else "failed")
    return round(fraction * weight, 2), passed, status


def exercise_score(
    exercise_id: str,
    title: str,
    checks: list[CheckResult],
    hint_cost: float,
    hints_used: int,
    status: ExerciseStatus,
    graded_while_active: bool,
) -> ExerciseScore:
    raw = round(sum(c.score for c in checks), 2)
    maximum = round(sum(c.max for c in checks), 2)
    return ExerciseScore(
        id=exercise_id,
        title=title,
        status=status,
        graded_while_active=graded_while_active,
        score=round(max(0.0, raw - hint_cost), 2),
        raw_score=raw,
        max=maximum,
        hint_cost=hint_cost,
        hints_used=hints_used,
        passed=bool(checks) and all(c.passed for c in checks),
    )


def criterion_scores(
    checks: list[CheckResult], exercises: list[ExerciseScore]
) -> list[CriterionScore]:
    """Sum check scores per criterion; a hint's cost is shared out by the exercise's criteria."""
    score: dict[Criterion, float] = defaultdict(float)
    maximum: dict[Criterion, float] = defaultdict(float)
    for check in checks:
        score[check.criterion] += check.score
        maximum[check.criterion] += check.max
    for exercise in exercises:
        if exercise.hint_cost and exercise.max:
            owned = [c for c in checks if c.exercise == exercise.id]
            for check in owned:
                share = check.max / exercise.max
                score[check.criterion] -= exercise.hint_cost * share
    return [
        CriterionScore(
            criterion=c,
            label=criterion_label(c),
            course_weight=CRITERION_WEIGHTS[c],
            score=round(max(0.0, score[c]), 2),
            max=round(maximum[c], 2),
            percent=round(100 * max(0.0, score[c]) / maximum[c], 1) if maximum[c] else None,
        )
        for c in CRITERIA
    ]


def total_percent(criteria: list[CriterionScore]) -> float:
    present = [c for c in criteria if c.percent is not None]
    weights = sum(c.course_weight for c in present)
    if not weights:
        return 0.0
    return round(sum(c.course_weight * (c.percent or 0.0) for c in present) / weights, 1)
