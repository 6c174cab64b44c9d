"""`lab reset`: back to the start of the exercise; the trainee's work stays."""

from __future__ import annotations

import typer

from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home


def register(app: typer.Typer) -> None:
    @app.command(
        "reset",
        help=tr(
            "Vuelve al comienzo del ejercicio: revierte las fallas, restaura los datos y las "
            "reinyecta (reloj nuevo); notas, scripts y respaldos quedan.",
            "Back to the start of the exercise: faults reverted, data restored, faults "
            "injected again (new clock); notes, scripts and backups stay.",
        ),
    )
    def reset(
        home: str | None = HomeOption,
        clean: bool = typer.Option(
            False,
            "--clean",
            help=tr("Dejar el stack sano, sin fallas.", "Leave the stack healthy, with no faults."),
        ),
    ) -> None:
        ws = resolve_home(home)
        with workspace_lock(ws, "reset"):
            open_session(ws).reset(clean=clean)
        console.print(
            tr(
                f"Listo. Sus notas, scripts y respaldos siguen en {ws.root}.",
                f"Done. Your notes, scripts and backups are still in {ws.root}.",
            )
        )
