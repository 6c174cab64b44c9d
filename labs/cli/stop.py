"""`lab stop`: remove what the lab created; keep the trainee's work."""

from __future__ import annotations

import typer

from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home


def register(app: typer.Typer) -> None:
    @app.command("stop")
    def stop(
        home: str | None = HomeOption,
        purge: bool = typer.Option(
            False,
            "--purge",
            help="Borrar TODO el espacio de trabajo, incluidas notas, scripts y respaldos.",
        ),
        yes: bool = typer.Option(False, "--yes", "-y", help="No pedir confirmación."),
    ) -> None:
        """Detiene el laboratorio (conserva notas, scripts y respaldos)."""
        ws = resolve_home(home)
        if purge and not yes:
            typer.confirm(
                tr(
                    f"¿Borrar {ws.root} con las notas, scripts y respaldos?",
                    f"Delete {ws.root} with notes, scripts and backups?",
                ),
                abort=True,
            )
        with workspace_lock(ws, "stop"):
            open_session(ws).stop(purge=purge)
        if not purge:
            console.print(
                tr(
                    f"Laboratorio detenido. Su trabajo sigue en {ws.notes}, "
                    f"{ws.trainee_home} y {ws.backups}.",
                    f"Lab stopped. Your work is still in {ws.notes}, "
                    f"{ws.trainee_home} and {ws.backups}.",
                )
            )
