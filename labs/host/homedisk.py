"""The course's own disk: a dedicated lab host's /opt/inatrace is a filesystem of its own.

On the real server /opt/inatrace is a mounted data disk, so the Día 1 script's
`df -h | grep -E "Filesystem|/opt/inatrace"` prints its line. On a dedicated lab host the
lab gives that home the same shape: an ext4 image it creates beside the home (sparse, so
the host's disk pays only for what is written, and never more than the image's size),
loop-mounted on the home. `lab stop` unmounts it and keeps the image, so the next start
finds the trainee's work again; `lab stop --purge` deletes it. Needs root and loop devices.
"""

from __future__ import annotations

import os
from pathlib import Path

from labs.core.errors import EnvironmentProblem
from labs.core.i18n import tr
from labs.host import shell

TIMEOUT_S = 120


def _run(argv: list[str]) -> None:
    result = shell.run_command(argv, Path("/"), {}, TIMEOUT_S)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip()[-300:]
        raise EnvironmentProblem(
            tr(f"`{' '.join(argv)}` falló: {said}", f"`{' '.join(argv)}` failed: {said}"),
            tr(
                "El disco propio de /opt/inatrace es un sistema de archivos en loop: requiere "
                "root y dispositivos /dev/loop* (`losetup -f`). En un equipo compartido use "
                "otro --home.",
                "The own disk of /opt/inatrace is a loop filesystem: it needs root and "
                "/dev/loop* devices (`losetup -f`). On a shared machine use another --home.",
            ),
        )


def mount(image: Path, size_mb: int, root: Path) -> bool:
    """Mount the home's image on `root`, creating the image first if there is none.
    True when the filesystem is new (and so empty)."""
    if os.path.ismount(root):
        return False
    created = not image.is_file()
    if created:
        image.parent.mkdir(parents=True, exist_ok=True)
        with image.open("wb") as out:
            out.truncate(size_mb << 20)  # sparse
        _run(["mkfs.ext4", "-q", "-F", "-m", "0", "-L", "inatrace-lab", str(image)])
    root.mkdir(parents=True, exist_ok=True)
    _run(["mount", "-o", "loop", str(image), str(root)])
    if created:
        # mkfs's lost+found is not the lab's: the workspace must look empty to the lab.
        (root / "lost+found").rmdir()
    return created


def unmount(root: Path) -> None:
    """Lazy: a trainee's shell may still sit inside the home."""
    if os.path.ismount(root):
        _run(["umount", "-l", str(root)])


def delete(image: Path) -> None:
    image.unlink(missing_ok=True)
