"""The trainee's brief printed by `lab start`: where things are and how to reach them."""

from __future__ import annotations

from rich.panel import Panel

from labs import constants as c
from labs.console import console
from labs.i18n import tr
from labs.workspace import Workspace


def stack_lines(ws: Workspace) -> list[str]:
    return [
        tr("[bold]Su servidor de staging (réplica)[/]", "[bold]Your staging server (replica)[/]"),
        f"  export LAB_HOME={ws.root}",
        tr(f"  Despliegue: cd $LAB_HOME/backend/test/fortaleza   (en producción: "
           f"/opt/inatrace/backend/test/fortaleza)",
           "  Deployment: cd $LAB_HOME/backend/test/fortaleza   (production: "
           "/opt/inatrace/backend/test/fortaleza)"),
        f"  Backend:  {c.BACKEND_CONTAINER}  →  http://localhost:{c.BACKEND_HOST_PORT}",
        f"  MySQL:    {c.MYSQL_CONTAINER}  →  localhost:{c.MYSQL_HOST_PORT}"
        f"  (BD {c.DATABASE_NAME})",
        f"  Health:   curl -s http://localhost:{c.BACKEND_HOST_PORT}/actuator/health | jq",
        tr(f"  Login API: {c.ADMIN_EMAIL} / {c.ADMIN_PASSWORD}  (solo laboratorio)",
           f"  API login: {c.ADMIN_EMAIL} / {c.ADMIN_PASSWORD}  (lab only)"),
        tr(f"  Notas y bitácora: {ws.notes}   Scripts: {ws.trainee_home}   "
           f"Respaldos: {ws.backups}",
           f"  Notes and logbook: {ws.notes}   Scripts: {ws.trainee_home}   "
           f"Backups: {ws.backups}"),
        tr("  Los comandos del curso funcionan cambiando /opt/inatrace por $LAB_HOME y "
           "/home/usuario por $LAB_HOME/home/usuario.",
           "  The course's commands work with /opt/inatrace → $LAB_HOME and "
           "/home/usuario → $LAB_HOME/home/usuario."),
    ]


def show(ws: Workspace, title: str, body: list[str]) -> None:
    console.print(Panel("\n".join([*stack_lines(ws), "", *body]), title=title, expand=False))
