"""Commands on the lab host: trainee scripts, solution steps, host tools."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from labs.host.models import CommandResult


def run_command(
    argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
) -> CommandResult:
    """Run a command with a deadline; a hang or a missing binary is a result, not a crash."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            list(argv),
            cwd=cwd,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        return CommandResult(
            argv=list(argv),
            returncode=-1,
            stdout=_text(exc.stdout),
            stderr=_text(exc.stderr),
            timed_out=True,
            elapsed_ms=ms_since(started),
        )
    except OSError as exc:
        return CommandResult(
            argv=list(argv), returncode=-1, stdout="", stderr=str(exc), elapsed_ms=ms_since(started)
        )
    return CommandResult(
        argv=list(argv),
        returncode=proc.returncode,
        stdout=proc.stdout,
        stderr=proc.stderr,
        elapsed_ms=ms_since(started),
    )


def _text(value: str | bytes | None) -> str:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return value or ""


def ms_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
