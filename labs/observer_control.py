"""Start and stop the observer process of a workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from labs.core.workspace import Workspace


def running_pid(ws: Workspace) -> int | None:
    path = ws.state_dir / "observer.pid"
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"labs.observer" not in cmdline.read_bytes():
        return None  # the pid was reused by an unrelated process
    return pid


def start(ws: Workspace) -> int:
    """Start the observer unless one already runs; return its pid."""
    pid = running_pid(ws)
    if pid:
        return pid
    log = (ws.state_dir / "observer.log").open("a")
    proc = subprocess.Popen(
        [sys.executable, "-m", "labs.observer", "--home", str(ws.root)],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # survives the terminal closing
    (ws.state_dir / "observer.pid").write_text(str(proc.pid))
    return proc.pid


def stop(ws: Workspace, deadline_s: float = 5.0) -> None:
    pid = running_pid(ws)
    if pid:
        os.kill(pid, signal.SIGTERM)
        end = time.monotonic() + deadline_s
        while time.monotonic() < end and running_pid(ws):
            time.sleep(0.05)
        if running_pid(ws):
            os.kill(pid, signal.SIGKILL)
    (ws.state_dir / "observer.pid").unlink(missing_ok=True)
