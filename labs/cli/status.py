"""`lab status`: which lab runs, and the state of its containers."""

from __future__ import annotations

import typer
from rich.table import Table

from labs import observer_control, stack
from labs.cli.options import HomeOption
from labs.core import constants as c
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.workspace import resolve_home
from labs.host.live import live_host


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status(home: str | None = HomeOption) -> None:
        """Muestra el laboratorio activo y el estado del stack."""
        ws = resolve_home(home)
        state = ws.read_json(ws.state_file) or {}
        console.print(tr(f"Espacio de trabajo: {ws.root}", f"Workspace: {ws.root}"))
        console.print(
            tr(
                f"Laboratorio: {state.get('lab', '(ninguno)')}",
                f"Lab: {state.get('lab', '(none)')}",
            )
        )
        if state.get("active_exercise"):
            console.print(
                tr(
                    f"Ejercicio activo: {state['active_exercise']}",
                    f"Active exercise: {state['active_exercise']}",
                )
            )
        pid = observer_control.running_pid(ws)
        shown = (
            tr(f"activo (pid {pid})", f"running (pid {pid})") if pid else tr("detenido", "stopped")
        )
        console.print(tr(f"Observador: {shown}", f"Observer: {shown}"))
        table = Table()
        for column in (tr("Contenedor", "Container"), tr("Estado", "State")):
            table.add_column(column)
        host = live_host()
        for name in c.CONTAINERS.values():
            table.add_row(name, stack.health_status(host, name))
        console.print(table)
        probe = host.health(2.0)
        answer = probe.body.status if probe.body else tr("sin respuesta", "no answer")
        console.print(f"GET /actuator/health → {probe.http_status or '-'} {answer}")
