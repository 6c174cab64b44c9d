"""`lab status [--json]`: the workspace it is given, its lab, and that lab's containers.

Only containers this workspace's lab created are described as its stack: the same fixed
names run by another workspace's lab, or by something the lab did not create, are named
as such and never reported healthy here.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from labs import observer_control, stack
from labs.cli.options import HomeOption, JsonOption
from labs.core import constants as c
from labs.core.console import console
from labs.core.i18n import tr
from labs.core.workspace import Workspace, resolve_home
from labs.host.api import Host
from labs.host.live import live_host


def describe(ws: Workspace, host: Host) -> dict[str, Any]:
    state = ws.read_json(ws.state_file) or {}
    running = bool(state) and ws.is_lab_workspace()
    containers = []
    for name in c.CONTAINERS.values():
        whose, home = stack.owner(host, name, ws)
        containers.append(
            {
                "name": name,
                "owner": whose,
                "workspace": home or None,
                "state": stack.health_status(host, name) if whose == "this" else None,
            }
        )
    health: dict[str, Any] | None = None
    if any(item["owner"] == "this" for item in containers):
        probe = host.health(2.0)
        health = {
            "http_status": probe.http_status,
            "status": probe.body.status if probe.body else None,
        }
    return {
        "workspace": str(ws.root),
        "lab_workspace": ws.is_lab_workspace(),
        "lab": state.get("lab") if running else None,
        "active_exercise": state.get("active_exercise") if running else None,
        "observer_pid": observer_control.running_pid(ws) if running else None,
        "containers": containers,
        "health": health,
    }


def register(app: typer.Typer) -> None:
    @app.command(
        "status",
        help=tr(
            "Muestra el laboratorio de este espacio de trabajo y el estado de su stack.",
            "Show this workspace's lab and the state of its stack.",
        ),
    )
    def status(home: str | None = HomeOption, as_json: bool = JsonOption) -> None:
        facts = describe(resolve_home(home), live_host())
        if as_json:
            typer.echo(json.dumps(facts, indent=2, ensure_ascii=False))
            return
        _print(facts)


def _print(facts: dict[str, Any]) -> None:
    print_line = console.print
    print_line(tr(f"Espacio de trabajo: {facts['workspace']}", f"Workspace: {facts['workspace']}"))
    if not facts["lab"]:
        what = (
            tr("ningún laboratorio en curso", "no lab running")
            if facts["lab_workspace"]
            else tr("no es un espacio de trabajo del laboratorio", "not a lab workspace")
        )
        print_line(tr(f"Laboratorio: ({what})", f"Lab: ({what})"))
    else:
        print_line(tr(f"Laboratorio: {facts['lab']}", f"Lab: {facts['lab']}"))
        if facts["active_exercise"]:
            active = facts["active_exercise"]
            print_line(tr(f"Ejercicio activo: {active}", f"Active exercise: {active}"))
        pid = facts["observer_pid"]
        shown = (
            tr(f"activo (pid {pid})", f"running (pid {pid})") if pid else tr("detenido", "stopped")
        )
        print_line(tr(f"Observador: {shown}", f"Observer: {shown}"))
    table = Table()
    for column in (tr("Contenedor", "Container"), tr("Estado", "State")):
        table.add_column(column)
    for item in facts["containers"]:
        table.add_row(item["name"], _state_words(item))
    console.print(table)
    health = facts["health"]
    if health is not None:
        answer = health["status"] or tr("sin respuesta", "no answer")
        print_line(f"GET /actuator/health → {health['http_status'] or '-'} {answer}")


def _state_words(item: dict[str, Any]) -> str:
    whose = item["owner"]
    if whose == "this":
        return str(item["state"])
    if whose == "missing":
        return tr("no existe", "missing")
    if whose == "other":
        return tr(
            f"de otro espacio de trabajo: {item['workspace']}",
            f"another workspace's: {item['workspace']}",
        )
    return tr("ajeno: no lo creó el laboratorio", "foreign: not created by the lab")
