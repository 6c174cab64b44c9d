"""One lab command at a time per workspace (an flock on .lab/lock)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from labs.core.errors import Refused
from labs.core.i18n import tr
from labs.core.workspace import Workspace


@contextmanager
def workspace_lock(ws: Workspace, verb: str) -> Iterator[None]:
    ws.state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(ws.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "?"
            raise Refused(
                tr(
                    f"Otra orden del laboratorio está en curso en {ws.root} ({holder}).",
                    f"Another lab command is running on {ws.root} ({holder}).",
                ),
                tr(
                    "Espere a que termine y vuelva a intentarlo.",
                    "Wait for it to finish and try again.",
                ),
            ) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"lab {verb} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


@contextmanager
def path_lock(path: Path) -> Iterator[None]:
    """Wait for, then hold, an flock on path (work that must not run twice at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
