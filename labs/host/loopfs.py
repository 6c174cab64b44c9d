"""A small real filesystem for one lab folder: an ext4 image the lab creates, loop-mounted.

Día 3's "full backups folder" needs a real ENOSPC without filling the host's disk: the
folder gets its own filesystem of a few dozen MB (an image file under the workspace's
.lab/, `mkfs.ext4 -m 0`, `mount -o loop`). Unmounting gives the folder back as it was
underneath; the caller copies the files out first. Needs root and loop devices.
"""

from __future__ import annotations

import os
from pathlib import Path

from labs.core.errors import EnvironmentProblem
from labs.core.i18n import tr
from labs.host import shell

TIMEOUT_S = 60


def _run(argv: list[str]) -> None:
    result = shell.run_command(argv, Path("/"), {}, TIMEOUT_S)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip()[-300:]
        raise EnvironmentProblem(
            tr(f"`{' '.join(argv)}` falló: {said}", f"`{' '.join(argv)}` failed: {said}"),
            tr(
                "La carpeta llena usa un sistema de archivos en loop: requiere root y "
                "dispositivos /dev/loop* (`losetup -f`).",
                "The full-folder fault uses a loop filesystem: it needs root and "
                "/dev/loop* devices (`losetup -f`).",
            ),
        )


def mounted(target: Path) -> bool:
    return os.path.ismount(target)


def mount_image(image: Path, size_mb: int, target: Path) -> None:
    """Create a fresh ext4 image of `size_mb` MB and mount it on `target` (an empty dir)."""
    if mounted(target):
        return
    image.parent.mkdir(parents=True, exist_ok=True)
    image.unlink(missing_ok=True)
    with image.open("wb") as out:
        out.truncate(size_mb << 20)  # sparse: the host's disk pays only for what is written
    _run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)])
    target.mkdir(parents=True, exist_ok=True)
    _run(["mount", "-o", "loop", str(image), str(target)])


def unmount_image(target: Path, image: Path) -> None:
    """Unmount `target` (the loop device goes with it) and delete the image."""
    if mounted(target):
        _run(["umount", str(target)])
    image.unlink(missing_ok=True)
