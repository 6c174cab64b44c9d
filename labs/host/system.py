"""Facts about the lab host itself: who and where we are, ports, filesystems."""

from __future__ import annotations

import getpass
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

from labs.core.i18n import tr
from labs.host.models import PortHolder


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


_SS_USER = re.compile(r'\("([^"]+)",pid=(\d+)')


def port_processes(port: int) -> list[PortHolder]:
    """The processes listening on a TCP port, as `ss -ltnp` names them (name and pid).

    A port that cannot be bound but shows no process (no `ss`, or another user's process
    without root) gets one holder with an unknown process.
    """
    found: list[PortHolder] = []
    if shutil.which("ss"):
        try:
            out = subprocess.run(
                ["ss", "-ltnpH", f"sport = :{port}"],
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        seen: set[int] = set()
        for name, pid in _SS_USER.findall(out):
            if int(pid) not in seen:
                seen.add(int(pid))
                found.append(PortHolder(port=port, process=name, pid=int(pid)))
    if not found and not port_free(port):
        found.append(PortHolder(port=port, process=tr("desconocido", "unknown")))
    return found


def process_on(port: int) -> str:
    """Who listens on a port, in words (process and pid)."""
    holders = port_processes(port)
    if not holders:
        return tr("nadie", "nobody")
    return ", ".join(f"{h.process} (pid {h.pid})" if h.pid else h.process for h in holders)


def free_gb(path: Path) -> tuple[Path, float]:
    """Free space of the filesystem that holds (or would hold) path."""
    probe = next((p for p in (path, *path.parents) if p.exists()), Path("/"))
    return probe, shutil.disk_usage(probe).free / 1e9


def disk_use(path: Path) -> tuple[int, int, int]:
    """(size, used, available) in bytes of the filesystem holding path, as `df` shows them."""
    usage = shutil.disk_usage(path)
    return usage.total, usage.used, usage.free
