"""Background processes the lab owns (the observer): start detached, find, stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def spawn_module(module: str, args: list[str], log: Path) -> int:
    """Start `python -m module args` in its own session, so it outlives the terminal."""
    with log.open("a") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return proc.pid


def alive(pid: int, needle: bytes) -> bool:
    """Is pid running and still the process we started (its command line has needle)?"""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    return not cmdline.exists() or needle in cmdline.read_bytes()


def terminate(pid: int, needle: bytes, deadline_s: float = 5.0) -> None:
    if not alive(pid, needle):
        return
    os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and alive(pid, needle):
        time.sleep(0.05)  # a short poll under a deadline: SIGTERM has no completion event
    if alive(pid, needle):
        os.kill(pid, signal.SIGKILL)
