"""Start and stop the observer process of a workspace."""

from __future__ import annotations

from pathlib import Path

from labs.core.workspace import Workspace
from labs.host import processes

MODULE = "labs.observer"


def _pid_file(ws: Workspace) -> Path:
    return ws.state_dir / "observer.pid"


def running_pid(ws: Workspace) -> int | None:
    try:
        pid = int(_pid_file(ws).read_text().strip())
    except (OSError, ValueError):
        return None
    # The pid may have been reused by an unrelated process since.
    return pid if processes.alive(pid, MODULE.encode()) else None


def start(ws: Workspace) -> int:
    """Start the observer unless one already runs; return its pid."""
    pid = running_pid(ws)
    if pid:
        return pid
    pid = processes.spawn_module(MODULE, ["--home", str(ws.root)], ws.state_dir / "observer.log")
    _pid_file(ws).write_text(str(pid))
    return pid


def stop(ws: Workspace, deadline_s: float = 5.0) -> None:
    pid = running_pid(ws)
    if pid:
        processes.terminate(pid, MODULE.encode(), deadline_s)
    _pid_file(ws).unlink(missing_ok=True)
