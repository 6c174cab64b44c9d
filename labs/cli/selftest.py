"""`lab selftest [LAB…]`: prove each lab's exercises solvable and discriminating."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import typer
from rich.table import Table

from labs.cli.options import complete_lab
from labs.core.console import console
from labs.core.errors import EXIT_FAILING, Refused
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host.live import live_host
from labs.scenario.load import shipped_scenarios
from labs.selftest import LabSelftest, SelftestRun
from labs.session import LabSession


def _table(run: SelftestRun) -> Table:
    table = Table(title="lab selftest")
    for column in (
        "",
        "lab",
        tr("ejercicio", "exercise"),
        tr("paso", "step"),
        "s",
        tr("detalle", "detail"),
    ):
        table.add_column(column, overflow="fold")
    for f in run.findings:
        table.add_row(
            "[green]✓[/]" if f.ok else "[red]✗[/]",
            f.lab,
            f.exercise,
            f.step,
            f"{f.seconds:.0f}",
            "" if f.ok else f.detail[:400],
        )
    return table


def register(app: typer.Typer) -> None:
    @app.command(
        "selftest",
        help=tr(
            "Inyecta → prueba la falla → verifica que falla → solución → pasa → malas "
            "soluciones fallan → reset limpio. Sale con 1 ante cualquier fallo.",
            "Inject → prove the fault → checks fail → solution → passes → wrong "
            "solutions fail → clean reset. Exits 1 on any failure.",
        ),
    )
    def selftest(
        labs: list[str] = typer.Argument(
            None,
            help=tr("day1 day2 … (por defecto, todos)", "day1 day2 … (default: all)"),
            autocompletion=complete_lab,
        ),
        exercise: str | None = typer.Option(
            None, "--exercise", help=tr("Solo este ejercicio.", "Only this exercise.")
        ),
        seed: int = typer.Option(
            7, "--seed", help=tr("Semilla del laboratorio de prueba.", "Seed of the test lab.")
        ),
        home: Path | None = typer.Option(
            None, "--home", help=tr("Espacio de trabajo de prueba.", "Test workspace.")
        ),
        keep: bool = typer.Option(
            False, "--keep", help=tr("No borrar el espacio de trabajo.", "Keep the workspace.")
        ),
        skip_known_bad: list[str] = typer.Option(
            [],
            "--skip-known-bad",
            help=tr(
                "No jugar esta mala solución (ya probada con otra semilla); se repite.",
                "Do not play this known-bad fix (proven with another seed); repeatable.",
            ),
        ),
    ) -> None:
        if labs == ["exam"]:  # the exam is composed, not a shipped scenario: its own test
            from labs.cli.exam import selftest as exam_selftest

            exam_selftest(full=False, seed=seed, out=None, keep=keep)
            return
        names = labs or [p.stem for p in shipped_scenarios()]
        if home is not None and home.exists() and any(home.iterdir()):
            # The self-test rewrites notes and scripts and deletes its workspace at the end:
            # never let it near a trainee's work.
            raise Refused(
                tr(f"{home} no está vacío.", f"{home} is not empty."),
                tr(
                    "Use un directorio nuevo o vacío para la autoprueba "
                    "(o ninguno: se crea uno temporal).",
                    "Use a new or empty directory (or none: a temporary one).",
                ),
            )
        root = home or Path(tempfile.mkdtemp(prefix="ilab-selftest-")) / "inatrace-lab"
        total = SelftestRun()
        try:
            for name in names:
                ws = Workspace(root)
                run = LabSelftest(
                    ws, live_host(), name, seed, console.print, frozenset(skip_known_bad)
                ).execute(exercise)
                total.findings += run.findings
        finally:
            if not keep:
                ws = Workspace(root)
                if ws.is_lab_workspace():
                    LabSession(ws, live_host()).stop()
                shutil.rmtree(root.parent if home is None else root, ignore_errors=True)
        console.print(_table(total))
        if not total.ok:
            raise typer.Exit(EXIT_FAILING)
