"""`lab check [EXERCISE] [--json]`: grade the running lab and say what is still wrong."""

from __future__ import annotations

import typer

from grader import render
from labs.cli.options import HomeOption, complete_exercise
from labs.cli.session import open_session
from labs.core.console import console
from labs.core.errors import EXIT_FAILING
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home
from labs.exam.guard import refuse_during_exam
from labs.scenario.load import require_exercise


def register(app: typer.Typer) -> None:
    @app.command(
        "check",
        help=tr(
            "Evalúa el estado real del sistema y su trabajo escrito "
            "(0: aprobado; 1: aún falla algo).",
            "Grade the real system state and your written work (0: passed; 1: still failing).",
        ),
    )
    def check(
        exercise: str | None = typer.Argument(
            None,
            help=tr("Solo este ejercicio (id).", "Only this exercise (id)."),
            autocompletion=complete_exercise,
        ),
        as_json: bool = typer.Option(
            False,
            "--json",
            help=tr("Imprime el documento de resultados.", "Print the results document."),
        ),
        show_all: bool = typer.Option(
            False,
            "--all",
            help=tr(
                "Muestra todos los ejercicios, no solo el activo.",
                "Show every exercise, not only the active one.",
            ),
        ),
        evidence: bool = typer.Option(
            False,
            "--evidence",
            help=tr(
                "Muestra lo que miró cada verificación que falla.",
                "Show what each failing check looked at.",
            ),
        ),
        home: str | None = HomeOption,
    ) -> None:
        ws = resolve_home(home)
        session = open_session(ws)
        refuse_during_exam(session, "check")
        if exercise is not None:
            require_exercise(session.scenario, exercise)
        with workspace_lock(ws, "check"):
            document = session.check(only=exercise)
        # In a sequential lab what is being graded is the active exercise.
        graded = exercise or session.graded_exercise()
        if as_json:
            typer.echo(document.model_dump_json(indent=2))
        else:
            focus = None if show_all else session.graded_exercise()
            render(console, document, only=exercise, focus=focus, evidence=evidence)
        target = document.exercise(graded) if graded else None
        passed = target.passed if target else document.passed
        if not passed:
            raise typer.Exit(EXIT_FAILING)
