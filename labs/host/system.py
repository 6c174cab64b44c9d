"""Facts about the lab host itself: who and where we are, ports, filesystems."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
from pathlib import Path

from labs.core.i18n import tr


def hostname() -> str:
    return socket.gethostname()


def username() -> str:
    return getpass.getuser()


def mount_point(path: Path) -> Path:
    current = path.resolve()
    while not os.path.ismount(current) and current != current.parent:
        current = current.parent
    return current


def port_free(port: int) -> bool:
    """Can a server bind this port on all addresses right now?"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def process_on(port: int) -> str:
    """Who listens on a port, as `ss` names it (process and pid)."""
    if not shutil.which("ss"):
        return tr("un proceso desconocido", "an unknown process")
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return out.split("users:")[-1] if "users:" in out else (out or "?")


def free_gb(path: Path) -> tuple[Path, float]:
    """Free space of the filesystem that holds (or would hold) path."""
    probe = next((p for p in (path, *path.parents) if p.exists()), Path("/"))
    return probe, shutil.disk_usage(probe).free / 1e9


def disk_use(path: Path) -> tuple[int, int, int]:
    """(size, used, available) in bytes of the filesystem holding path, as `df` shows them."""
    usage = shutil.disk_usage(path)
    return usage.total, usage.used, usage.free
