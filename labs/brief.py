"""The trainee's brief printed by `lab start`, `lab next`, `lab reset` and `lab brief`.

Where things are and how to reach them, then each active exercise's consigna. Nothing
here is drawn in a box and nothing holding a command is wrapped (labs.core.terminal):
what the trainee copies from the screen is the command as written.
"""

from __future__ import annotations

from labs.core import constants as c
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.scenario import Exercise, Scenario
from labs.core.state import LabState
from labs.core.terminal import print_lines, print_markdown
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
    console.rule(f"[bold]{title}[/]", align="left")
    print_lines(console, [*stack_lines(ws), *([""] if body else []), *body])


def show_exercise(exercise: Exercise) -> None:
    title = f"{exercise.practica + ': ' if exercise.practica else ''}{exercise.title}"
    console.print()
    console.rule(f"[bold]\\[{exercise.id}] {title}[/]", align="left")
    print_markdown(console, exercise.brief)


def show_lab(
    ws: Workspace, scenario: Scenario, state: LabState, only: Exercise | None = None
) -> None:
    """The stack panel, then the brief of every active exercise (or of `only`)."""
    show(ws, scenario.title, [])
    active = [e for e in scenario.exercises if e.id in state.exercises]
    for exercise in [only] if only else active:
        show_exercise(exercise)
    console.print()
    if scenario.progression == "sequential" and len(active) < len(scenario.exercises):
        print_markdown(
            console,
            tr(
                "Cuando termine este ejercicio: `lab check`, y luego `lab next`. "
                "Para volver a ver esta consigna: `lab brief`.",
                "When you finish this exercise: `lab check`, then `lab next`. "
                "To see this brief again: `lab brief`.",
            ),
        )
    else:
        print_markdown(
            console,
            tr(
                "Revise su avance con `lab check`; pida una pista con `lab hint`; "
                "vuelva a ver la consigna con `lab brief`.",
                "Check your progress with `lab check`; ask for a hint with `lab hint`; "
                "see the brief again with `lab brief`.",
            ),
        )
