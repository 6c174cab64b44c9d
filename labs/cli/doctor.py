"""`lab doctor`: check the host and say how to fix each problem."""

from __future__ import annotations

import typer
from rich.table import Table

from labs import doctor
from labs.cli.options import HomeOption
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.workspace import resolve_home
from labs.host.live import live_host


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor_cmd(home: str | None = HomeOption) -> None:
        """Revisa Docker, Compose, imágenes, puertos, disco y espacio de trabajo."""
        findings = doctor.run_all(resolve_home(home), live_host())
        table = Table(title=tr("Diagnóstico del host del laboratorio", "Lab host diagnosis"))
        for column in (
            "",
            tr("Revisión", "Check"),
            tr("Detalle", "Detail"),
            tr("Cómo resolverlo", "How to fix"),
        ):
            table.add_column(column)
        for item in findings:
            table.add_row(
                "[green]✓[/]" if item.ok else "[red]✗[/]", item.name, item.detail, item.fix
            )
        console.print(table)
        if not all(item.ok for item in findings):
            raise typer.Exit(1)
