"""A dedicated lab host: the course's commands word for word, no path to translate.

`lab start --home /opt/inatrace` puts the lab where the course's server has it. As on that
server, /opt/inatrace is a filesystem of its own (so `df -h | grep -E
"Filesystem|/opt/inatrace"` prints its line, and a full disk is that disk, not the host's):
an ext4 image the lab creates beside it, loop-mounted. The trainee's /home/usuario leads
into the workspace's home/usuario when that path is free. `lab stop` takes both away and
keeps the image (the trainee's work is on it); `lab stop --purge` deletes it too.
Any other home is the shared-machine mode: nothing is mounted or linked.
"""

from __future__ import annotations

import os
from pathlib import Path

from labs.core.errors import Refused
from labs.core.i18n import tr
from labs.core.workspace import COURSE_DISK_MB, COURSE_TRAINEE_HOME, Workspace
from labs.host.api import Host


def mount(host: Host, ws: Workspace) -> str | None:
    """Before the workspace is made: its disk under it. A note for the trainee, or None."""
    if not ws.on_course_paths or host.mounted(ws.root):
        return None
    # Only the lab's lock file may be there already (a command ran while it was unmounted).
    if not ws.disk_image.is_file() and (ws.is_lab_workspace() or ws.has_foreign_content()):
        raise Refused(
            tr(
                f"{ws.root} ya tiene contenido y no es el disco del laboratorio.",
                f"{ws.root} already has content and is not the lab's disk.",
            ),
            tr(
                f"El laboratorio monta su propio disco en {ws.root}: vacíe esa carpeta usted "
                "mismo (el laboratorio no borra lo que no creó) o use otro --home.",
                f"The lab mounts its own disk on {ws.root}: empty that folder yourself (the "
                "lab never deletes what it did not create) or use another --home.",
            ),
        )
    created = host.mount_home_disk(ws.disk_image, COURSE_DISK_MB, ws.root)
    verb = tr("nuevo", "new") if created else tr("existente", "existing")
    return tr(
        f"{ws.root} es su propio disco ({COURSE_DISK_MB} MB, {verb}: {ws.disk_image}).",
        f"{ws.root} is a disk of its own ({COURSE_DISK_MB} MB, {verb}: {ws.disk_image}).",
    )


def link_trainee_home(ws: Workspace) -> str | None:
    """/home/usuario → the workspace's home/usuario, if nothing is there yet."""
    if not ws.on_course_paths or _ours(ws):
        return None
    if os.path.lexists(COURSE_TRAINEE_HOME):
        return tr(
            f"{COURSE_TRAINEE_HOME} ya existe y no es del laboratorio: su trabajo va en "
            f"{ws.trainee_home}.",
            f"{COURSE_TRAINEE_HOME} exists and is not the lab's: your work goes in "
            f"{ws.trainee_home}.",
        )
    COURSE_TRAINEE_HOME.parent.mkdir(parents=True, exist_ok=True)
    COURSE_TRAINEE_HOME.symlink_to(ws.trainee_home, target_is_directory=True)
    return None


def release(host: Host, ws: Workspace, *, purge: bool) -> None:
    """On `lab stop`: the link and the mount go; the image only with purge."""
    if not ws.on_course_paths:
        return
    if _ours(ws):
        COURSE_TRAINEE_HOME.unlink()
    host.unmount_home_disk(ws.root)
    if purge:
        ws.disk_image.unlink(missing_ok=True)


def _ours(ws: Workspace) -> bool:
    link = COURSE_TRAINEE_HOME
    return link.is_symlink() and Path(os.readlink(link)) == ws.trainee_home
