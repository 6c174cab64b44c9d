"""What the trainee sees: the countdown during the exam, the review after it."""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table

from labs.certs.model import ExamResult
from labs.core.i18n import number, tr
from labs.exam.state import ExamState


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def show_status(console: Console, exam: ExamState, active: str | None, now: datetime) -> None:
    console.rule(f"{exam.title} — {exam.trainee}", align="left")
    if exam.finished:
        console.print(
            tr(
                "Examen terminado. Vea la revisión: `lab exam review`.",
                "Exam over. See the review: `lab exam review`.",
            )
        )
    table = Table(show_edge=False)
    for heading in (tr("Parte", "Part"), tr("Tiempo", "Time"), tr("Estado", "State")):
        table.add_column(heading)
    table.add_column(tr("Entregado", "Submitted"))
    for i, part in enumerate(exam.parts):
        if part.closed_by is not None:
            state = (
                tr("entregada", "submitted")
                if part.closed_by == "submit"
                else tr("tiempo agotado", "time up")
            )
            left = clock(None)
        elif i == exam.current and part.started_at is not None:
            state, left = tr("en curso", "under way"), clock(part.remaining(now))
        else:
            state, left = tr("pendiente", "pending"), f"{number(part.minutes, 0)} min"
        done = f"{len(part.closed)}/{len(part.exercises)}"
        table.add_row(part.title, left, state, done)
    console.print(table)
    if not exam.finished and active:
        console.print(tr(f"Ejercicio activo: {active}", f"Active exercise: {active}"))
        console.print(
            tr(
                "Cuando termine el ejercicio: `lab exam submit`. Sin pistas ni soluciones "
                "durante el examen.",
                "When the exercise is done: `lab exam submit`. No hints or solutions during "
                "the exam.",
            )
        )


def show_review(console: Console, result: ExamResult) -> None:
    verdict = tr("APROBADO", "PASSED") if result.passed else tr("NO APROBADO", "NOT PASSED")
    console.rule(f"{result.title} — {result.trainee}", align="left")
    criteria = Table(title=tr("Por criterio", "By criterion"), show_edge=False)
    for heading in (tr("Criterio", "Criterion"), tr("Peso", "Weight"), "%", ""):
        criteria.add_column(heading)
    for c in result.criteria:
        pct = "—" if c.percent is None else number(c.percent)
        criteria.add_row(c.label, f"{c.course_weight:g} %", pct, "✓" if c.passed else "✗")
    console.print(criteria)
    for part in result.parts:
        used = part.seconds_used
        console.rule(
            f"{part.title}: {number(part.score)}/{number(part.max)} — "
            + tr(f"tiempo {clock(used)} de {number(part.minutes, 0)} min", f"time {clock(used)}")
            + (tr(" (tiempo agotado)", " (time up)") if part.closed_by == "time" else ""),
            align="left",
        )
        for check in (c for c in result.checks if c.exercise in part.exercises):
            mark = "[green]✓[/]" if check.passed else "[red]✗[/]"
            console.print(
                f"{mark} {check.exercise} · {check.title or check.id} "
                f"({number(check.score)}/{number(check.max)}, {check.criterion})"
            )
            console.print(f"    {check.message}", markup=False)
            for key, value in list(check.evidence.items())[:6]:
                console.print(f"    · {key}: {str(value)[:160]}", markup=False)
    console.print(
        tr(
            f"Nota: {number(result.total_percent)} % (mínimo {number(result.pass_mark)} %) — "
            f"{verdict}",
            f"Score: {number(result.total_percent)} % (pass mark {number(result.pass_mark)} %)"
            f" — {verdict}",
        )
    )
