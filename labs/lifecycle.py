"""start / stop / status: the small core the CLI verbs call."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from labs import docker, observer_control, stack
from labs.core import constants as c
from labs.core.errors import EnvironmentProblem, LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host import images

Report = Callable[[str], None]


@dataclass
class StartResult:
    mysql_image: str
    offline_mysql: bool
    timings: dict[str, float] = field(default_factory=dict)
    seeded: bool = False


def bring_up(ws: Workspace, report: Report, tag: str = c.CURRENT_RELEASE.tag) -> StartResult:
    """Workspace → images → compose up → wait ready. Idempotent on a running lab."""
    t0 = time.monotonic()
    ws.ensure()
    stack.require_no_conflict(ws)
    holders = stack.foreign_port_holders()
    if holders:
        raise EnvironmentProblem(
            tr("Puertos ocupados: ", "Ports in use: ")
            + ", ".join(f"{p} ({who})" for p, who in holders.items()),
            tr(
                "Detenga lo que ocupa esos puertos o use otra máquina; `lab doctor` lo detalla.",
                "Stop what holds those ports or use another host; `lab doctor` shows details.",
            ),
        )
    choice = images.ensure_all(report)
    t_images = time.monotonic()
    stack.write_files(ws, choice.mysql_image, tag)
    report(tr("Levantando el stack (docker compose up -d)…", "Starting the stack…"))
    stack.up(ws)
    timings = stack.wait_ready()
    timings["images"] = t_images - t0
    timings["to_ready"] = time.monotonic() - t0
    return StartResult(choice.mysql_image, choice.offline, timings)


def stop(ws: Workspace, purge: bool, report: Report) -> None:
    """Remove what the lab created; the trainee's work stays unless purge."""
    if not ws.is_lab_workspace():
        raise LabError(
            tr(
                f"{ws.root} no es un espacio de trabajo del laboratorio.",
                f"{ws.root} is not a lab workspace.",
            ),
            tr(
                "Indique el correcto con `--home` o LAB_HOME.",
                "Point to it with --home or LAB_HOME.",
            ),
        )
    observer_control.stop(ws)
    report(
        tr(
            "Deteniendo y eliminando los contenedores del laboratorio…",
            "Stopping and removing the lab's containers…",
        )
    )
    stack.down(ws)
    _archive_state(ws)
    if purge:
        _purge(ws, report)


def _archive_state(ws: Workspace) -> None:
    """The faults died with the containers: the next start must not try to revert them."""
    if ws.state_file.is_file():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        keep = ws.state_dir / "previous" / f"state.{stamp}.json"
        keep.parent.mkdir(parents=True, exist_ok=True)
        ws.state_file.replace(keep)
    shutil.rmtree(ws.state_dir / "faults", ignore_errors=True)


def _purge(ws: Workspace, report: Report) -> None:
    report(tr(f"Borrando {ws.root} por completo…", f"Deleting {ws.root} entirely…"))
    try:
        shutil.rmtree(ws.root)
    except PermissionError:
        # MySQL's files belong to the container's user: delete them from a container.
        docker.run(
            [
                "run",
                "--rm",
                "--label",
                f"{c.LABEL_MANAGED}=true",
                "-v",
                f"{ws.root}:/ws",
                "--entrypoint",
                "sh",
                c.BASE_IMAGE,
                "-c",
                "rm -rf /ws/* /ws/.[!.]*",
            ],
            timeout=300,
        )
        shutil.rmtree(ws.root, ignore_errors=True)
