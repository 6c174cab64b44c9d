"""Start/stop hooks for the observer process (filled in with the observer)."""

from __future__ import annotations

from labs.workspace import Workspace


def stop(ws: Workspace) -> None:
    """Stop the workspace's observer if one runs; nothing to do otherwise."""
    pid_file = ws.state_dir / "observer.pid"
    if not pid_file.is_file():
        return
    import os
    import signal

    try:
        os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
    except (ProcessLookupError, ValueError):
        pass
    pid_file.unlink(missing_ok=True)
