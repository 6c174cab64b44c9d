"""Exam results for tests, without a lab: a trainee's scores per criterion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from grader import CheckResult
from labs.certs.model import CriterionOutcome, ExamResult, IncidentTimeline, PartOutcome
from labs.core.criteria import CRITERIA, CRITERION_WEIGHTS, criterion_label

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PARTS = {
    "operaciones": ("parte-1-operaciones", "Operaciones", 30),
    "respaldos": ("parte-2-respaldos", "Respaldos", 30),
    "troubleshooting": ("parte-3-troubleshooting", "Troubleshooting", 45),
    "documentacion": ("parte-4-documentacion", "Documentación", 15),
}


def exam_result(
    trainee: str = "Ana Zambrano",
    percents: tuple[float, float, float, float] = (100.0, 90.0, 75.0, 100.0),
    mode: str = "exam",
    pass_mark: float = 70.0,
) -> ExamResult:
    criteria, checks, parts = [], [], []
    for criterion, value in zip(CRITERIA, percents, strict=True):
        part_id, title, minutes = PARTS[criterion]
        criteria.append(
            CriterionOutcome(
                criterion=criterion,
                label=criterion_label(criterion),
                course_weight=CRITERION_WEIGHTS[criterion],
                score=value / 10,
                max=10.0,
                percent=value,
                passed=value >= pass_mark,
            )
        )
        checks.append(
            CheckResult(
                id=f"{criterion}-check",
                kind="backend-healthy",
                criterion=criterion,
                exercise=f"{criterion}-ejercicio",
                title=f"Verificación de {title}",
                score=value / 10,
                max=10.0,
                passed=value >= 100,
                status="passed" if value >= 100 else "failed",
                message="observado: algo",
            )
        )
        parts.append(
            PartOutcome(
                id=part_id,
                title=title,
                criterion=criterion,
                minutes=minutes,
                exercises=[f"{criterion}-ejercicio"],
                started_at=START,
                closed_at=START + timedelta(minutes=minutes / 2),
                closed_by="submit",
                score=value / 10,
                max=10.0,
            )
        )
    total = round(
        sum(CRITERION_WEIGHTS[c] * p for c, p in zip(CRITERIA, percents, strict=True)) / 100, 1
    )
    return ExamResult(
        mode=mode,  # type: ignore[arg-type]
        exam_id="examen-final",
        title="Examen práctico",
        trainee=trainee,
        instructor="Carla Instructora",
        seed=7,
        drawn=["p1-mysql-caido", "p2-sistema-lento", "p09a-unhealthy"],
        started_at=START,
        finished_at=START + timedelta(hours=2),
        pass_mark=pass_mark,
        total_percent=total,
        passed=total >= pass_mark,
        criteria=criteria,
        parts=parts,
        checks=checks,
        incidents=[
            IncidentTimeline(
                exercise="p1-mysql-caido",
                started_at=START,
                closed_at=START + timedelta(minutes=12),
                downtime_seconds=420.0,
                backend_restarts=2,
                detect_seconds=180.0,
                resolve_seconds=420.0,
            )
        ],
        scenario_sha256="0" * 64,
        grader_version="0.1.0",
    )
