"""`lab check [EXERCISE] [--json]`: grade the running lab and say what is still wrong."""

from __future__ import annotations

import typer

from grader.context import CheckContext
from grader.evidence_live import LiveEvidence
from grader.hints import load_ledger
from grader.report import render
from grader.results import load_latest, write_results
from grader.runner import grade
from labs.cli.options import HomeOption
from labs.core.console import console
from labs.core.lock import workspace_lock
from labs.core.scenario import scenario_sha256
from labs.core.state import load_state
from labs.core.workspace import resolve_home
from labs.scenario.load import current_scenario, require_exercise


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        exercise: str | None = typer.Argument(None, help="Solo este ejercicio (id)."),
        as_json: bool = typer.Option(False, "--json", help="Imprime el documento de resultados."),
        home: str | None = HomeOption,
    ) -> None:
        """Evalúa el estado real del sistema y su trabajo escrito."""
        ws = resolve_home(home)
        state = load_state(ws)
        path, scenario = current_scenario(state)
        if exercise is not None:
            require_exercise(scenario, exercise)
        with workspace_lock(ws, "check"):
            ctx = CheckContext(ws, state, LiveEvidence())
            document = grade(
                scenario,
                ctx,
                scenario_path=path,
                scenario_sha256=scenario_sha256(path),
                ledger=load_ledger(ws),
                previous=load_latest(ws),
                only=exercise,
            )
            write_results(ws, document)
        if as_json:
            typer.echo(document.model_dump_json(indent=2))
        else:
            render(console, document, only=exercise)
        target = document.exercise(exercise) if exercise else None
        passed = target.passed if target else document.passed
        if not passed:
            raise typer.Exit(1)
