"""Rich rendering of a results document: per exercise, what passed and what is still wrong."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from grader.results import CheckResult, ExerciseScore, ResultsDocument
from labs.core.i18n import number, tr

_MARKS = {
    "passed": "[green]✓[/]",
    "failed": "[red]✗[/]",
    "error": "[red]![/]",
    "pending": "[dim]…[/]",
}


def render(
    console: Console,
    document: ResultsDocument,
    only: str | None = None,
    *,
    focus: str | None = None,
    evidence: bool = False,
) -> None:
    """Print the results. With `focus` (a sequential lab's active exercise) that exercise
    is shown in full and the others in one summary line; `evidence` adds what each
    failing check looked at (for the instructor, or a trainee outside an exam)."""
    shown = only or focus
    for notice in document.notices:
        console.print(f"[yellow]![/] {notice}")
    for exercise in document.exercises:
        if shown is None or exercise.id == shown:
            checks = document.checks_of(exercise.id)
            console.print(_exercise_table(exercise, checks))
            if evidence:
                _print_evidence(console, checks)
    if focus is not None and only is None:
        console.print(_others_line(document, focus))
    if only is None:
        console.print(_criteria_table(document))
    graded = document.exercise(only or focus or "") if (only or focus) else None
    verdict = (
        tr("[green]Todo correcto.[/]", "[green]All good.[/]")
        if (graded.passed if graded else document.passed)
        else tr(
            "[yellow]Aún hay puntos pendientes: vea los ✗ arriba.[/]",
            "[yellow]Some points are still missing: see the ✗ above.[/]",
        )
    )
    console.print(
        tr(
            f"Nota: [bold]{number(document.total_percent, 1)} %[/]  {verdict}",
            f"Grade: [bold]{number(document.total_percent, 1)} %[/]  {verdict}",
        )
    )


def _exercise_table(exercise: ExerciseScore, checks: list[CheckResult]) -> Table:
    status = {
        "carried": tr(" (resultado guardado)", " (kept result)"),
        "pending": tr(" (no iniciado)", " (not started)"),
        "not-graded": tr(" (no evaluado)", " (not graded)"),
    }.get(exercise.status, "")
    hints = (
        tr(f", pistas −{number(exercise.hint_cost)}", f", hints −{number(exercise.hint_cost)}")
        if exercise.hints_used
        else ""
    )
    table = Table(
        title=f"{exercise.id} — {exercise.title}{status}: "
        f"{number(exercise.score)}/{number(exercise.max)}{hints}",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("", width=1)
    table.add_column(tr("Verificación", "Check"), ratio=1)
    table.add_column(tr("Puntos", "Points"), justify="right", width=9)
    table.add_column(tr("Observado / qué falta", "Observed / what is missing"), ratio=3)
    for check in checks:
        table.add_row(
            _MARKS[check.status],
            check.title or check.id,
            f"{number(check.score)}/{number(check.max)}",
            check.message,
        )
    return table


def _others_line(document: ResultsDocument, focus: str) -> str:
    others = [e for e in document.exercises if e.id != focus]
    passed = sum(1 for e in others if e.passed)
    pending = sum(1 for e in others if e.status == "pending")
    rest = len(others) - passed - pending
    return tr(
        f"Otros ejercicios: {passed} aprobados, {rest} con puntos pendientes, "
        f"{pending} por hacer (`lab check --all` los muestra).",
        f"Other exercises: {passed} passed, {rest} with points missing, "
        f"{pending} to do (`lab check --all` shows them).",
    )


def _print_evidence(console: Console, checks: list[CheckResult]) -> None:
    for check in checks:
        if check.passed or not check.evidence:
            continue
        console.print(f"[dim]{check.id}:[/]")
        for key, value in check.evidence.items():
            console.print(f"  [dim]{key}:[/] {value[:500]}")


def _criteria_table(document: ResultsDocument) -> Table:
    table = Table(title=tr("Criterios del curso", "Course criteria"), title_justify="left")
    for column in (tr("Criterio", "Criterion"), tr("Peso", "Weight"), tr("Puntos", "Points"), "%"):
        table.add_column(column, justify="left" if column.startswith(("C", "c")) else "right")
    for criterion in document.criteria:
        percent = (
            number(criterion.percent, 1)
            if criterion.percent is not None
            else tr("— (no se evalúa en este laboratorio)", "— (not assessed in this lab)")
        )
        table.add_row(
            criterion.label,
            f"{number(criterion.course_weight)} %",
            f"{number(criterion.score)}/{number(criterion.max)}",
            percent,
        )
    return table
