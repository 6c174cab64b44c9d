"""`lab brief [EXERCISE]`: the consigna again, with this trainee's values; changes nothing."""

from __future__ import annotations

import typer

from labs import brief as brief_text
from labs.cli.options import HomeOption, complete_exercise
from labs.cli.session import open_session
from labs.core.i18n import tr
from labs.core.workspace import resolve_home
from labs.exam.guard import show_exam_brief
from labs.scenario.load import require_exercise


def register(app: typer.Typer) -> None:
    @app.command(
        "brief",
        help=tr(
            "Vuelve a mostrar la consigna (sin reiniciar nada ni inyectar fallas).",
            "Show the brief again (nothing is reset, no fault is injected).",
        ),
    )
    def brief(
        exercise: str | None = typer.Argument(
            None,
            help=tr(
                "Solo este ejercicio (por defecto, los activos).",
                "Only this exercise (default: the active ones).",
            ),
            autocompletion=complete_exercise,
        ),
        home: str | None = HomeOption,
    ) -> None:
        session = open_session(resolve_home(home))
        if exercise is None and show_exam_brief(session):
            return
        scenario, state = session.scenario, session.state
        only = require_exercise(scenario, exercise) if exercise else None
        brief_text.show_lab(session.ws, scenario, state, only=only)
