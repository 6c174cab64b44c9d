"""Rich rendering of a results document: per exercise, what passed and what is still wrong."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from grader.results import CheckResult, ExerciseScore, ResultsDocument
from labs.core.i18n import tr

_MARKS = {
    "passed": "[green]✓[/]",
    "failed": "[red]✗[/]",
    "error": "[red]![/]",
    "pending": "[dim]…[/]",
}


def render(console: Console, document: ResultsDocument, only: str | None = None) -> None:
    for exercise in document.exercises:
        if only is None or exercise.id == only:
            console.print(_exercise_table(exercise, document.checks_of(exercise.id)))
    if only is None:
        console.print(_criteria_table(document))
    verdict = (
        tr("[green]Todo correcto.[/]", "[green]All good.[/]")
        if document.passed
        else tr(
            "[yellow]Aún hay puntos pendientes: vea los ✗ arriba.[/]",
            "[yellow]Some points are still missing: see the ✗ above.[/]",
        )
    )
    console.print(
        tr(
            f"Nota: [bold]{document.total_percent:.1f} %[/]  {verdict}",
            f"Grade: [bold]{document.total_percent:.1f} %[/]  {verdict}",
        )
    )


def _exercise_table(exercise: ExerciseScore, checks: list[CheckResult]) -> Table:
    status = {
        "carried": tr(" (resultado guardado)", " (kept result)"),
        "pending": tr(" (no iniciado)", " (not started)"),
        "not-graded": tr(" (no evaluado)", " (not graded)"),
    }.get(exercise.status, "")
    hints = (
        tr(f", pistas −{exercise.hint_cost:g}", f", hints −{exercise.hint_cost:g}")
        if exercise.hints_used
        else ""
    )
    table = Table(
        title=f"{exercise.id} — {exercise.title}{status}: "
        f"{exercise.score:g}/{exercise.max:g}{hints}",
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
            f"{check.score:g}/{check.max:g}",
            check.message,
        )
    return table


def _criteria_table(document: ResultsDocument) -> Table:
    table = Table(title=tr("Criterios del curso", "Course criteria"), title_justify="left")
    for column in (tr("Criterio", "Criterion"), tr("Peso", "Weight"), tr("Puntos", "Points"), "%"):
        table.add_column(column, justify="left" if column.startswith(("C", "c")) else "right")
    for criterion in document.criteria:
        percent = (
            f"{criterion.percent:.1f}"
            if criterion.percent is not None
            else tr("— (no se evalúa en este laboratorio)", "— (not assessed in this lab)")
        )
        table.add_row(
            criterion.label,
            f"{criterion.course_weight:g} %",
            f"{criterion.score:g}/{criterion.max:g}",
            percent,
        )
    return table
