"""`lab start LAB`: workspace, stack, seed, faults, observer, brief."""

from __future__ import annotations

import typer

from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core import constants as c
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home


def register(app: typer.Typer) -> None:
    @app.command("start")
    def start(
        lab: str = typer.Argument(..., help="day1, day2, … (lab validate lista los escenarios)"),
        home: str | None = HomeOption,
        seed: int = typer.Option(
            c.DEFAULT_SEED, "--seed", help="Semilla del aprendiz: datos y parámetros de las fallas."
        ),
        scale: int = typer.Option(1, "--scale", min=1, max=50, help="Multiplica los volúmenes."),
    ) -> None:
        """Levanta el laboratorio indicado y muestra la consigna."""
        ws = resolve_home(home)
        with workspace_lock(ws, f"start {lab}"):
            open_session(ws).start(lab, seed_value=seed, scale=scale)
