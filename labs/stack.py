"""The compose project the trainee operates: render, up, wait, down.

Every resource carries the lab's labels; the compose file and .env are copied
into the workspace, where `docker compose` works exactly as on the real host.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from labs.core import constants as c
from labs.core.errors import EnvironmentProblem, Refused
from labs.core.i18n import tr
from labs.core.paths import compose_dir
from labs.core.workspace import Workspace
from labs.host.api import Host
from labs.host.models import PortHolder
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
    _ship_workspace_documents(ws)


def _ship_workspace_documents(ws: Workspace) -> None:
    """Documents the course refers to (the team directory); a trainee's edits are kept."""
    for source in sorted((compose_dir() / "workspace").glob("*.md")):
        target = ws.notes / source.name
        if not target.exists():
            shutil.copy2(source, target)


def _prepare_mounts(ws: Workspace) -> None:
    ws.mysql_logs.mkdir(parents=True, exist_ok=True)
    ws.mysql_logs.chmod(0o777)  # the official image's mysqld (uid 999) writes the slow log here
    for directory in (ws.uploads, ws.uploads / "GENERAL"):
        directory.mkdir(parents=True, exist_ok=True)
        try:
            os.chown(directory, BACKEND_UID, BACKEND_UID)
        except PermissionError:
            directory.chmod(0o777)  # not root: let the container user write anyway


def up(host: Host, ws: Workspace) -> None:
    host.compose(ws.deploy_dir, "up", "-d", "--remove-orphans", timeout=600)


def down(host: Host, ws: Workspace) -> None:
    if ws.compose_file.is_file():
        host.compose(
            ws.deploy_dir, "down", "--remove-orphans", "--timeout", "5", check=False, timeout=300
        )
    # Containers renamed or orphaned by the trainee's edits: remove by label, ours only.
    host.remove_labelled(f"{c.LABEL_WORKSPACE}={ws.root}")


def health_status(host: Host, name: str) -> str:
    """What `docker ps` shows in its STATUS column, reduced to one word."""
    info = host.container(name)
    if info is None:
        return "missing"
    if not info.state.running:
        return info.state.status or "stopped"
    return info.health_status or "running"


def owner(host: Host, name: str, ws: Workspace) -> tuple[str, str]:
    """Whose is the container: ("missing"|"this"|"other"|"foreign", the other workspace)."""
    info = host.container(name)
    if info is None:
        return "missing", ""
    labels = info.config.labels or {}
    if labels.get(c.LABEL_MANAGED) != "true":
        return "foreign", ""
    home = labels.get(c.LABEL_WORKSPACE, "")
    return ("this", home) if home == str(ws.root) else ("other", home)


def _diagnose(host: Host) -> str:
    parts = [f"{name}: {health_status(host, name)}" for name in c.CONTAINERS.values()]
    tail = host.logs(c.BACKEND_CONTAINER, tail=8).strip().splitlines()[-8:]
    return "; ".join(parts) + (("\n" + "\n".join(tail)) if tail else "")


def wait_ready(host: Host, deadline_s: float = 180) -> dict[str, float]:
    """Wait for MySQL healthy, backend healthy and HTTP UP; return seconds per step."""
    start = time.monotonic()
    diagnose = partial(_diagnose, host)
    timings = {
        "mysql": wait_until(
            lambda: health_status(host, c.MYSQL_CONTAINER) == "healthy",
            deadline_s=deadline_s,
            what="MySQL healthy",
            diagnose=diagnose,
        ),
        "backend_http": wait_until(
            lambda: host.health(2.0).http_status == 200,
            deadline_s=deadline_s,
            what="GET /actuator/health = UP",
            diagnose=diagnose,
        ),
        "backend_docker": wait_until(
            lambda: health_status(host, c.BACKEND_CONTAINER) == "healthy",
            deadline_s=deadline_s,
            what="backend healthy (Docker)",
            diagnose=diagnose,
        ),
    }
    timings["total"] = time.monotonic() - start
    return timings


LISTENER_PID_KEY = "listener_pid"  # a fault record's key for a host process the lab started


def lab_listener_pids(ws: Workspace) -> frozenset[int]:
    """Host processes a live fault of this workspace started (the port-held exercise's
    listener): the lab's own, so the pre-flight does not take them for a foreigner."""
    pids: set[int] = set()
    for record in sorted((ws.state_dir / "faults").glob("*.json")):
        raw = str((ws.read_json(record) or {}).get(LISTENER_PID_KEY, ""))
        if raw.isdigit():
            pids.add(int(raw))
    return frozenset(pids)


def port_conflicts(host: Host, own_pids: frozenset[int] = frozenset()) -> list[PortHolder]:
    """What holds a host port the stack needs and is not the lab's: a container the lab
    did not create, or (when no container publishes the port) a process the lab did not
    start (own_pids)."""
    ports = (c.BACKEND_HOST_PORT, c.MYSQL_HOST_PORT)
    containers = host.port_holders(ports)
    found = [h for h in containers if h.labels.get(c.LABEL_MANAGED) != "true"]
    published = {h.port for h in containers}
    for port in ports:
        if port not in published:
            found += [h for h in host.port_processes(port) if h.pid not in own_pids]
    return sorted(found, key=lambda h: h.port)


def describe_holder(holder: PortHolder) -> str:
    if holder.container:
        return tr(f"el contenedor {holder.container}", f"container {holder.container}")
    pid = f" (pid {holder.pid})" if holder.pid else ""
    return tr(f"el proceso {holder.process}{pid}", f"process {holder.process}{pid}")


def free_port_fix(holder: PortHolder) -> str:
    if holder.container:
        return tr(
            f"docker stop {holder.container}   (o elimínelo: docker rm -f {holder.container})",
            f"docker stop {holder.container}   (or remove it: docker rm -f {holder.container})",
        )
    if holder.pid:
        return tr(
            f"kill {holder.pid}   (o detenga su servicio, p. ej. systemctl stop mysql)",
            f"kill {holder.pid}   (or stop its service, e.g. systemctl stop mysql)",
        )
    return tr(
        f"Vea quién lo ocupa con: ss -ltnp 'sport = :{holder.port}'",
        f"See who holds it: ss -ltnp 'sport = :{holder.port}'",
    )


def require_ports_free(host: Host, own_pids: frozenset[int] = frozenset()) -> None:
    """Before anything is created: every host port the stack needs is free or the lab's."""
    holders = port_conflicts(host, own_pids)
    if holders:
        raise EnvironmentProblem(
            "; ".join(
                tr(
                    f"El puerto {h.port} está ocupado por {describe_holder(h)}",
                    f"Port {h.port} is held by {describe_holder(h)}",
                )
                for h in holders
            )
            + tr(". No se tocó nada.", ". Nothing was touched."),
            tr("Libérelos y vuelva a intentarlo: ", "Free them and try again: ")
            + "; ".join(free_port_fix(h) for h in holders),
        )


def require_no_conflict(host: Host, ws: Workspace) -> None:
    """Refuse to start over a real deployment, or over a lab of another workspace."""
    for name in c.CONTAINERS.values():
        info = host.container(name)
        if info is None:
            continue
        labels = info.config.labels or {}
        other = labels.get(c.LABEL_WORKSPACE)
        if labels.get(c.LABEL_MANAGED) == "true" and other and other != str(ws.root):
            raise Refused(
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
            raise Refused(
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
