"""`lab next`: in a sequential lab, close the active exercise for good and move on."""

from __future__ import annotations

import typer

from labs.cli.confirm import YesOption, confirm
from labs.cli.options import HomeOption
from labs.cli.session import open_session
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home
from labs.exam.guard import refuse_during_exam


def register(app: typer.Typer) -> None:
    @app.command(
        "next",
        help=tr(
            "Cierra el ejercicio activo (su resultado queda guardado) y pasa al siguiente.",
            "Close the active exercise (its result is kept) and move on to the next one.",
        ),
    )
    def next_cmd(home: str | None = HomeOption, yes: bool = YesOption) -> None:
        ws = resolve_home(home)
        session = open_session(ws)
        refuse_during_exam(session, "next")
        current = session.state.active_exercise or "-"
        confirm(
            tr(
                f"¿Cerrar {current} para siempre? Se evalúa ahora y ese resultado queda "
                "guardado; no podrá volver a él",
                f"Close {current} for good? It is graded now and that result is kept; "
                "you cannot go back to it",
            ),
            yes=yes,
            what="lab next",
        )
        with workspace_lock(ws, "next"):
            session.next()
