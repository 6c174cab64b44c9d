"""The `docker` CLI, for what is a file transfer rather than a question: building,
importing, saving and loading images. Questions go to the engine's API (engine.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docker.errors import NotFound

from labs.core.errors import DockerCommandError
from labs.host.compose import docker_binary
from labs.host.engine import DOCKER_MISSING_FIX
from labs.host.live import live_host


def run(
    args: Sequence[str],
    *,
    check: bool = True,
    timeout: float = 120,
    input_bytes: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `docker ARGS`; raise DockerCommandError on failure when check is set."""
    command = [docker_binary(), *args]
    try:
        proc = subprocess.run(
            command,
            input=input_bytes.decode() if input_bytes is not None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DockerCommandError(command, -1, f"timeout after {timeout}s") from exc
    if check and proc.returncode != 0:
        fix = DOCKER_MISSING_FIX if "Cannot connect to the Docker daemon" in proc.stderr else None
        raise DockerCommandError(command, proc.returncode, proc.stderr, fix)
    return proc


def inspect(kind: str, name: str) -> dict[str, Any] | None:
    """An image or container as `docker inspect` shows it, or None when it does not exist."""
    engine = live_host().engine
    if kind == "image":
        try:
            return dict(engine.api.inspect_image(name))
        except NotFound:
            return None
    return engine.raw_container(name)


def container_inspect(name: str) -> dict[str, Any] | None:
    return inspect("container", name)


def image_exists(ref: str) -> bool:
    return live_host().image_exists(ref)
