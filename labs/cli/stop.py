"""`lab stop`: remove what the lab created; keep the trainee's work."""

from __future__ import annotations

import typer

from labs.cli.confirm import YesOption, confirm
from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home


def register(app: typer.Typer) -> None:
    @app.command(
        "stop",
        help=tr(
            "Detiene el laboratorio (conserva notas, scripts y respaldos).",
            "Stop the lab (notes, scripts and backups are kept).",
        ),
    )
    def stop(
        home: str | None = HomeOption,
        purge: bool = typer.Option(
            False,
            "--purge",
            help=tr(
                "Borrar TODO el espacio de trabajo, incluidas notas, scripts y respaldos.",
                "Delete the WHOLE workspace, notes, scripts and backups included.",
            ),
        ),
        yes: bool = YesOption,
    ) -> None:
        ws = resolve_home(home)
        if purge:
            confirm(
                tr(
                    f"¿Borrar {ws.root} con las notas, scripts y respaldos?",
                    f"Delete {ws.root} with notes, scripts and backups?",
                ),
                yes=yes,
                what="lab stop --purge",
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
