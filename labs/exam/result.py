"""From the exam's last results document and its state to the result that gets signed."""

from __future__ import annotations

from datetime import datetime

from grader import CheckResult, ResultsDocument
from labs.certs.model import CriterionOutcome, ExamResult, PartOutcome
from labs.core.state import LabState, utc_now
from labs.core.workspace import Workspace
from labs.exam.incidents import incident
from labs.exam.state import ExamState


def build_result(
    exam: ExamState, document: ResultsDocument, lab: LabState, ws: Workspace
) -> ExamResult:
    criteria = [
        CriterionOutcome(
            criterion=c.criterion,
            label=c.label,
            course_weight=c.course_weight,
            score=c.score,
            max=c.max,
            percent=c.percent,
            passed=c.percent is None or c.percent >= exam.pass_mark,
        )
        for c in document.criteria
    ]
    total = document.total_percent
    return ExamResult(
        mode=exam.mode,
        exam_id=exam.exam_id,
        title=exam.title,
        trainee=exam.trainee,
        instructor=exam.instructor,
        seed=exam.seed,
        drawn=exam.drawn,
        started_at=exam.started_at,
        finished_at=exam.finished_at or utc_now(),
        pass_mark=exam.pass_mark,
        total_percent=total,
        passed=total >= exam.pass_mark,
        criteria=criteria,
        parts=[_part(exam, i, document.checks) for i in range(len(exam.parts))],
        checks=document.checks,
        incidents=[
            incident(ws.timeline_dir, ex, lab.exercise_started_at(ex), _closed_at(exam, ex))
            for ex in exam.drawn
        ],
        exercise_seconds=_exercise_seconds(exam, lab),
        scenario_sha256=document.scenario_sha256,
        grader_version=document.grader_version,
    )


def _closed_at(exam: ExamState, exercise: str) -> datetime | None:
    part = exam.part_of(exercise)
    return part.closed.get(exercise) if part else None


def _part(exam: ExamState, index: int, checks: list[CheckResult]) -> PartOutcome:
    part = exam.parts[index]
    own = [c for c in checks if c.exercise in part.exercises]
    return PartOutcome(
        id=part.id,
        title=part.title,
        criterion=part.criterion,
        minutes=part.minutes,
        exercises=part.exercises,
        started_at=part.started_at,
        closed_at=part.closed_at,
        closed_by=part.closed_by or "not-reached",
        score=round(sum(c.score for c in own), 2),
        max=round(sum(c.max for c in own), 2),
    )


def _exercise_seconds(exam: ExamState, lab: LabState) -> dict[str, float]:
    found: dict[str, float] = {}
    for part in exam.parts:
        for exercise, closed in part.closed.items():
            started = lab.exercise_started_at(exercise)
            if started is not None:
                found[exercise] = round((closed - started).total_seconds(), 1)
    return found
