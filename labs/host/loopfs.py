"""A small real filesystem for one lab folder: an ext4 image the lab creates, loop-mounted.

Día 3's "full backups folder" needs a real ENOSPC without filling the host's disk: the
folder gets its own filesystem of a few dozen MB (an image file under the workspace's
.lab/, `mkfs.ext4 -m 0`, `mount -o loop`). Unmounting gives the folder back as it was
underneath; the caller copies the files out first. Needs root and loop devices.
"""

from __future__ import annotations

import os
from contextlib import suppress
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


# --- A whole workspace on its own small disk (Día 4's full data disk) ------------------
# The real /opt/inatrace is one filesystem: logs, backups and uploads fill the same disk,
# and `df -h /opt/inatrace` shows it. The lab mounts an image *over* $LAB_HOME itself: its
# data folders are copied in, while the lab's own state (.lab), MySQL's data and the deploy
# folder stay on the real disk through bind mounts, so nothing running loses its files.

DATA_MOUNT = "datafs"  # the image's own mount point, beside the image under .lab/


def _image_mount(image: Path) -> Path:
    return image.parent / DATA_MOUNT


def over_mounted(root: Path, passthrough: list[str]) -> bool:
    """Is `root` on another filesystem than its pass-through folders (the image is over it)?"""
    try:
        return os.stat(root).st_dev != os.stat(root / passthrough[0]).st_dev
    except OSError:
        return False


def mount_over(image: Path, size_mb: int, root: Path, passthrough: list[str]) -> None:
    """Copy `root`'s folders onto a new image and mount it over `root`; each `passthrough`
    path (relative, e.g. ".lab", "logs/mysql") keeps showing the real disk's folder."""
    if over_mounted(root, passthrough):
        return
    mount = _image_mount(image)
    mount_image(image, size_mb, mount)
    tops = {p for p in passthrough if "/" not in p}
    for entry in sorted(root.iterdir()):
        if entry.name not in tops:
            _run(["cp", "-a", str(entry), str(mount / entry.name)])
    for rel in passthrough:
        inside = mount / rel
        if inside.exists() and rel not in tops:
            _run(["rm", "-rf", str(inside)])
        inside.mkdir(parents=True, exist_ok=True)
        _run(["mount", "--bind", str(root / rel), str(inside)])
    _run(["mount", "--rbind", str(mount), str(root)])


def unmount_over(root: Path, image: Path, passthrough: list[str]) -> None:
    """Give `root` back: what is on the image (the trainee's work included) replaces the real
    disk's copies, then the image goes. Lazy unmounts: a shell may sit inside $LAB_HOME."""
    mount = _image_mount(image)
    if over_mounted(root, passthrough):
        _run(["umount", "-R", "-l", str(root)])
    if mounted(mount):
        _mirror(mount, root, passthrough)
        _run(["umount", "-R", "-l", str(mount)])
    image.unlink(missing_ok=True)
    _rmdir_quietly(mount)


def _mirror(source: Path, target: Path, passthrough: list[str], prefix: str = "") -> None:
    """Make `target` hold what `source` holds, leaving the pass-through folders alone."""
    names = {p.name for p in source.iterdir()} - {"lost+found"}
    for entry in sorted(target.iterdir()):
        rel = prefix + entry.name
        if rel not in passthrough and entry.name not in names and not _holds(rel, passthrough):
            _run(["rm", "-rf", str(entry)])
    for name in sorted(names):
        rel = prefix + name
        if rel in passthrough:
            continue
        if _holds(rel, passthrough) and (source / name).is_dir():
            (target / name).mkdir(exist_ok=True)
            _mirror(source / name, target / name, passthrough, rel + "/")
            continue
        _run(["rm", "-rf", str(target / name)])
        _run(["cp", "-a", str(source / name), str(target / name)])


def _holds(rel: str, passthrough: list[str]) -> bool:
    return any(p.startswith(rel + "/") for p in passthrough)


def _rmdir_quietly(path: Path) -> None:
    with suppress(OSError):
        path.rmdir()
