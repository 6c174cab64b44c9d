"""The trainee's brief printed by `lab start`: where things are and how to reach them."""

from __future__ import annotations

from typing import Any

from rich.panel import Panel

from labs.core import constants as c
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.scenario import Scenario
from labs.core.state import LabState
from labs.core.workspace import Workspace


def stack_lines(ws: Workspace) -> list[str]:
    return [
        tr("[bold]Su servidor de staging (réplica)[/]", "[bold]Your staging server (replica)[/]"),
        f"  export LAB_HOME={ws.root}",
        tr(
            "  Despliegue: cd $LAB_HOME/backend/test/fortaleza   (en producción: "
            "/opt/inatrace/backend/test/fortaleza)",
            "  Deployment: cd $LAB_HOME/backend/test/fortaleza   (production: "
            "/opt/inatrace/backend/test/fortaleza)",
        ),
        f"  Backend:  {c.BACKEND_CONTAINER}  →  http://localhost:{c.BACKEND_HOST_PORT}",
        f"  MySQL:    {c.MYSQL_CONTAINER}  →  localhost:{c.MYSQL_HOST_PORT}"
        f"  (BD {c.DATABASE_NAME})",
        f"  Health:   curl -s http://localhost:{c.BACKEND_HOST_PORT}/actuator/health | jq",
        tr(
            f"  Login API: {c.ADMIN_EMAIL} / {c.ADMIN_PASSWORD}  (solo laboratorio)",
            f"  API login: {c.ADMIN_EMAIL} / {c.ADMIN_PASSWORD}  (lab only)",
        ),
        tr(
            f"  Notas y bitácora: {ws.notes}   Scripts: {ws.trainee_home}   "
            f"Respaldos: {ws.backups}",
            f"  Notes and logbook: {ws.notes}   Scripts: {ws.trainee_home}   Backups: {ws.backups}",
        ),
        tr(
            "  Los comandos del curso funcionan cambiando /opt/inatrace por $LAB_HOME y "
            "/home/usuario por $LAB_HOME/home/usuario.",
            "  The course's commands work with /opt/inatrace → $LAB_HOME and "
            "/home/usuario → $LAB_HOME/home/usuario.",
        ),
    ]


def show(ws: Workspace, title: str, body: list[str]) -> None:
    console.print(Panel("\n".join([*stack_lines(ws), "", *body]), title=title, expand=False))


def show_lab(ws: Workspace, scenario: Scenario, state: LabState) -> None:
    """The stack panel, then the brief of every active exercise."""
    show(ws, scenario.title, [])
    active = [e for e in scenario.exercises if e.id in state.exercises]
    for exercise in active:
        title = f"{exercise.practica + ': ' if exercise.practica else ''}{exercise.title}"
        console.print(
            Panel(_markdown(exercise.brief), title=f"[{exercise.id}] {title}", expand=False)
        )
    if scenario.progression == "sequential" and len(active) < len(scenario.exercises):
        console.print(
            tr(
                "Cuando termine este ejercicio: `lab check`, y luego `lab next`.",
                "When you finish this exercise: `lab check`, then `lab next`.",
            )
        )
    else:
        console.print(
            tr(
                "Revise su avance con `lab check`; pida una pista con `lab hint`.",
                "Check your progress with `lab check`; ask for a hint with `lab hint`.",
            )
        )


def _markdown(text: str) -> Any:
    # rich.markdown pulls in a Markdown parser: only verbs that show a brief pay for it.
    from rich.markdown import Markdown

    return Markdown(text)
