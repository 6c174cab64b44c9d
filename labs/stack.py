"""The compose project the trainee operates: render, up, wait, down.

Every resource carries the lab's labels; the compose file and .env are copied
into the workspace, where `docker compose` works exactly as on the real host.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labs import docker
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.paths import compose_dir
from labs.core.workspace import Workspace
from labs.host.waits import wait_until

BACKEND_UID = 1001  # the replica runs as `inatrace` (1001:1001), like the real image


def render_env(ws: Workspace, mysql_image: str, tag: str = c.CURRENT_RELEASE.tag) -> str:
    values = {
        "IMAGE_NAME": c.BACKEND_IMAGE_NAME,
        "TAG": tag,
        "MYSQL_IMAGE": mysql_image,
        "DATABASE_NAME": c.DATABASE_NAME,
        "DATASOURCE_USERNAME": c.DATASOURCE_USERNAME,
        "DATASOURCE_PASSWORD": c.DATASOURCE_PASSWORD,
        "MYSQL_ROOT_PASSWORD": c.MYSQL_ROOT_PASSWORD,
        "LAB_HOME": str(ws.root),
        "ADMIN_EMAIL": c.ADMIN_EMAIL,
        "ADMIN_PASSWORD": c.ADMIN_PASSWORD,
    }
    text = (compose_dir() / "env.template").read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def render_compose(ws: Workspace) -> str:
    return (
        (compose_dir() / "docker-compose.yml").read_text().replace("@LAB_WORKSPACE@", str(ws.root))
    )


def _keep_previous(path: Path, ws: Workspace) -> None:
    """Never lose what the trainee edited: keep a stamped copy before rewriting."""
    if not path.is_file():
        return
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    keep = ws.state_dir / "previous" / f"{path.name}.{stamp}"
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, keep)


def write_files(ws: Workspace, mysql_image: str, tag: str = c.CURRENT_RELEASE.tag) -> None:
    """Write the baseline compose file, .env and MySQL config into the workspace."""
    wanted = {ws.compose_file: render_compose(ws), ws.env_file: render_env(ws, mysql_image, tag)}
    for path, text in wanted.items():
        if path.is_file() and path.read_text() != text:
            _keep_previous(path, ws)
        path.write_text(text)
    ws.env_file.chmod(0o600)  # as the runbook asks for production
    conf = ws.deploy_dir / "conf" / "mysql"
    conf.mkdir(parents=True, exist_ok=True)
    shutil.copy2(compose_dir() / "mysql" / "conf.d" / "inatrace.cnf", conf / "inatrace.cnf")
    (conf / "inatrace.cnf").chmod(0o644)  # mysqld ignores world-writable option files
    _prepare_mounts(ws)


def _prepare_mounts(ws: Workspace) -> None:
    ws.mysql_logs.mkdir(parents=True, exist_ok=True)
    ws.mysql_logs.chmod(0o777)  # the official image's mysqld (uid 999) writes the slow log here
    for directory in (ws.uploads, ws.uploads / "GENERAL"):
        directory.mkdir(parents=True, exist_ok=True)
        try:
            os.chown(directory, BACKEND_UID, BACKEND_UID)
        except PermissionError:
            directory.chmod(0o777)  # not root: let the container user write anyway


def compose(
    ws: Workspace, *args: str, timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """`docker compose ARGS` run from the deploy directory, as the trainee would."""
    return docker.run(["compose", *args], cwd=ws.deploy_dir, timeout=timeout, check=check)


def up(ws: Workspace) -> None:
    compose(ws, "up", "-d", "--remove-orphans", timeout=600)


def down(ws: Workspace) -> None:
    if ws.compose_file.is_file():
        compose(ws, "down", "--remove-orphans", "--timeout", "5", check=False, timeout=300)
    # Containers renamed or orphaned by the trainee's edits: remove by label, ours only.
    for cid in docker.ids_with_label("container", f"{c.LABEL_WORKSPACE}={ws.root}"):
        docker.run(["rm", "-f", cid], check=False)
    for nid in docker.ids_with_label("network", f"{c.LABEL_WORKSPACE}={ws.root}"):
        docker.run(["network", "rm", nid], check=False)


def container_state(name: str) -> dict[str, Any] | None:
    info = docker.container_inspect(name)
    return info.get("State") if info else None


def health_status(name: str) -> str:
    state = container_state(name)
    if state is None:
        return "missing"
    if not state.get("Running"):
        return str(state.get("Status", "stopped"))
    health = state.get("Health") or {}
    return str(health.get("Status", "running"))


def http_health(timeout: float = 2.0) -> tuple[int | None, dict[str, Any] | None]:
    """GET /actuator/health from the host: (HTTP status, JSON body)."""
    try:
        with urllib.request.urlopen(c.HEALTH_URL, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read())
        except ValueError:
            return exc.code, None
    except (OSError, ValueError):
        return None, None


def _diagnose() -> str:
    parts = []
    for name in (c.MYSQL_CONTAINER, c.BACKEND_CONTAINER):
        parts.append(f"{name}: {health_status(name)}")
    logs = docker.run(["logs", "--tail", "8", c.BACKEND_CONTAINER], check=False)
    tail = (logs.stdout + logs.stderr).strip().splitlines()[-8:]
    return "; ".join(parts) + (("\n" + "\n".join(tail)) if tail else "")


def wait_ready(deadline_s: float = 180) -> dict[str, float]:
    """Wait for MySQL healthy, backend healthy and HTTP UP; return seconds per step."""
    start = time.monotonic()
    timings = {}
    timings["mysql"] = wait_until(
        lambda: health_status(c.MYSQL_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="MySQL healthy",
        diagnose=_diagnose,
    )
    timings["backend_http"] = wait_until(
        lambda: http_health()[0] == 200,
        deadline_s=deadline_s,
        what="GET /actuator/health = UP",
        diagnose=_diagnose,
    )
    timings["backend_docker"] = wait_until(
        lambda: health_status(c.BACKEND_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="backend healthy (Docker)",
        diagnose=_diagnose,
    )
    timings["total"] = time.monotonic() - start
    return timings


def foreign_port_holders() -> dict[int, str]:
    """Host ports the stack needs that something other than the lab holds."""
    holders: dict[int, str] = {}
    proc = docker.run(["ps", "--format", "{{.Names}}\t{{.Ports}}\t{{.Labels}}"], check=False)
    for line in proc.stdout.splitlines():
        name, ports, labels = ([*line.split("\t"), "", ""])[:3]
        if c.LABEL_MANAGED in labels:
            continue
        for port in (c.BACKEND_HOST_PORT, c.MYSQL_HOST_PORT):
            if f":{port}->" in ports:
                holders[port] = f"contenedor {name}"
    return holders


def require_no_conflict(ws: Workspace) -> None:
    """Refuse to start over a real deployment, or over a lab of another workspace."""
    for name in c.CONTAINERS.values():
        info = docker.container_inspect(name)
        if info is None:
            continue
        labels = (info.get("Config") or {}).get("Labels") or {}
        other = labels.get(c.LABEL_WORKSPACE)
        if labels.get(c.LABEL_MANAGED) == "true" and other and other != str(ws.root):
            raise LabError(
                tr(
                    f"Ya corre un laboratorio en otro espacio de trabajo: {other}.",
                    f"A lab is already running in another workspace: {other}.",
                ),
                tr(
                    f"Deténgalo primero: lab stop --home {other}",
                    f"Stop it first: lab stop --home {other}",
                ),
            )
        if labels.get(c.LABEL_MANAGED) != "true":
            raise LabError(
                tr(
                    f"Ya existe un contenedor '{name}' que no creó el laboratorio "
                    "(¿un despliegue real de INATrace?).",
                    f"A container '{name}' exists that the lab did not create "
                    "(a real INATrace deployment?).",
                ),
                tr(
                    "El laboratorio no toca lo ajeno: use una máquina de laboratorio dedicada.",
                    "The lab never touches foreign resources: use a dedicated lab host.",
                ),
            )
