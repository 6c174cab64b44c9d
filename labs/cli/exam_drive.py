"""`lab exam drive …`: what the instructor's machine asks of a trainee's during a classroom
exam (hidden: a trainee who runs them only skips their own work, see labs.exam.driven)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from labs.cli.options import HomeOption
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import Workspace, resolve_home

drive_app = typer.Typer(
    help=tr(
        "Órdenes de la máquina del instructor durante un examen de clase.",
        "What the instructor's machine asks during a classroom exam.",
    ),
    no_args_is_help=True,
)


PlanOption = typer.Option(
    ...,
    "--plan",
    help=tr(
        "La copia del examen de esta máquina ('-': la entrada estándar).",
        "This machine's copy of the exam ('-': standard input).",
    ),
)


def _take_plan(ws: Workspace, plan: str) -> Path:
    """The instructor's copy of the exam, as far as this machine has reached, in place."""
    from labs.exam.state import scenario_path
    from labs.scenario.load import load_scenario

    text = sys.stdin.read() if plan == "-" else Path(plan).read_text(encoding="utf-8")
    target = scenario_path(ws)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    load_scenario(temporary)  # a broken copy never replaces the one the faults came from
    temporary.replace(target)
    return target


@drive_app.command("start", help=tr("Levanta el examen enviado.", "Bring the sent exam up."))
def start(
    plan: str = PlanOption,
    seed: int = typer.Option(..., "--seed", help=tr("Semilla.", "Seed.")),
    scale: int = typer.Option(1, "--scale", min=1, help=tr("Escala de datos.", "Data scale.")),
    home: str | None = HomeOption,
) -> None:
    from labs.cli.session import open_session
    from labs.exam.runner import require_no_earlier_work
    from labs.scenario.load import load_scenario

    ws = resolve_home(home)
    require_no_earlier_work(ws)
    ws.ensure()
    target = _take_plan(ws, plan)
    scenario = load_scenario(target)
    with workspace_lock(ws, "exam"):
        open_session(ws).start(scenario.id, seed_value=seed, scale=scale, scenario_file=target)


@drive_app.command("activate", help=tr("Activa un ejercicio.", "Start an exercise."))
def activate(
    exercise: str = typer.Argument(...), plan: str = PlanOption, home: str | None = HomeOption
) -> None:
    from labs.cli.session import open_session
    from labs.scenario.load import require_exercise

    ws = resolve_home(home)
    with workspace_lock(ws, "exam"):
        _take_plan(ws, plan)
        session = open_session(ws)
        session.activate(require_exercise(session.scenario, exercise))


@drive_app.command("revert", help=tr("Revierte un ejercicio.", "Revert an exercise."))
def revert(exercise: str = typer.Argument(...), home: str | None = HomeOption) -> None:
    from labs.cli.session import open_session
    from labs.scenario.load import require_exercise

    ws = resolve_home(home)
    session = open_session(ws)
    with workspace_lock(ws, "exam"):
        session.revert_exercise(require_exercise(session.scenario, exercise))


@drive_app.command("state", help=tr("Recibe el estado del examen.", "Take the exam's state."))
def state(home: str | None = HomeOption) -> None:
    from labs.exam.driven import take_state

    take_state(resolve_home(home), sys.stdin.read())


@drive_app.command("result", help=tr("Recibe el resultado firmado.", "Take the signed result."))
def result(home: str | None = HomeOption) -> None:
    from labs.certs.model import SignedResult
    from labs.core.state import write_atomically
    from labs.exam.state import result_file

    ws = resolve_home(home)
    write_atomically(result_file(ws), SignedResult.model_validate_json(sys.stdin.read()))
