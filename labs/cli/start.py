"""`lab start LAB`: workspace, stack, seed, faults, observer, brief."""

from __future__ import annotations

from pathlib import Path

import typer

from labs.cli.options import HomeOption, complete_lab
from labs.cli.session import open_session
from labs.core import constants as c
from labs.core.errors import UsageError
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.workspace import resolve_home
from labs.scenario.load import declared_variables, find_scenario
from labs.session import MONITOR_VARIABLE


def monitor_overrides(path: Path, lab: str, minutes: float | None) -> dict[str, str]:
    if minutes is None:
        return {}
    if MONITOR_VARIABLE not in declared_variables(path):
        raise UsageError(
            tr(
                f"El laboratorio {lab} no tiene monitoreo que ajustar.",
                f"Lab {lab} has no monitoring to adjust.",
            ),
            tr("Use --monitor-minutes con `lab start incident`.", "Use it with the incident."),
        )
    return {MONITOR_VARIABLE: f"{minutes:g}"}


def register(app: typer.Typer) -> None:
    @app.command(
        "start",
        help=tr(
            "Levanta el laboratorio indicado y muestra la consigna "
            "(antes revisa nombres y puertos: no toca nada si están ocupados).",
            "Bring up the given lab and show the brief "
            "(names and ports are checked first: nothing is touched when they are taken).",
        ),
    )
    def start(
        lab: str = typer.Argument(
            ...,
            help=tr(
                "day1, day2, … (`lab list` los muestra)", "day1, day2, … (`lab list` shows them)"
            ),
            autocompletion=complete_lab,
        ),
        home: str | None = HomeOption,
        seed: int = typer.Option(
            c.DEFAULT_SEED,
            "--seed",
            help=tr(
                "Semilla del aprendiz: datos y parámetros de las fallas.",
                "The trainee's seed: data and fault parameters.",
            ),
        ),
        scale: int = typer.Option(
            1,
            "--scale",
            min=1,
            max=50,
            help=tr("Multiplica los volúmenes.", "Multiplies the data volume."),
        ),
        monitor_minutes: float | None = typer.Option(
            None,
            "--monitor-minutes",
            min=0.1,
            max=120,
            help=tr(
                "Incidente: minutos de monitoreo tras la corrección (el curso: 15).",
                "Incident: minutes of monitoring after the fix (the course: 15).",
            ),
        ),
    ) -> None:
        ws = resolve_home(home)
        path = find_scenario(lab)  # an unknown lab is a usage error before the host is asked
        overrides = monitor_overrides(path, lab, monitor_minutes)
        session = open_session(ws)
        # Read-only, and before the lock file: a refused start leaves no trace at all.
        session.preflight()
        session.mount_course_home()  # before the lock file, which goes on that disk
        with workspace_lock(ws, f"start {lab}"):
            session.start(lab, seed_value=seed, scale=scale, overrides=overrides)
