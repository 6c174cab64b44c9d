"""`lab next`: in a sequential lab, move on to the next exercise."""

from __future__ import annotations

import typer

from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home


def register(app: typer.Typer) -> None:
    @app.command("next")
    def next_cmd(home: str | None = HomeOption) -> None:
        """Pasa al siguiente ejercicio (revierte las fallas del actual)."""
        ws = resolve_home(home)
        with workspace_lock(ws, "next"):
            open_session(ws).next()
