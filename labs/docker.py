"""A thin typed wrapper over the `docker` CLI.

The trainee uses the CLI, so the lab does too: what the lab sees is exactly what
`docker ps` / `docker inspect` show the trainee.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from labs.core.errors import DockerCommandError, EnvironmentProblem
from labs.core.i18n import tr

DOCKER_MISSING_FIX = tr(
    "Instale Docker Engine (`apt-get install -y docker.io`) y arránquelo "
    "(`systemctl start docker` o `dockerd &`); luego `lab doctor`.",
    "Install Docker Engine (`apt-get install -y docker.io`) and start it "
    "(`systemctl start docker` or `dockerd &`); then run `lab doctor`.",
)


def docker_binary() -> str:
    found = shutil.which("docker")
    if not found:
        raise EnvironmentProblem(
            tr("No se encontró la orden `docker`.", "`docker` not found."), DOCKER_MISSING_FIX
        )
    return found


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
    """`docker <kind> inspect NAME` as a dict, or None when it does not exist."""
    proc = run([kind, "inspect", name], check=False, timeout=30)
    if proc.returncode != 0:
        if "No such" in proc.stderr or "not found" in proc.stderr.lower():
            return None
        raise DockerCommandError(["docker", kind, "inspect", name], proc.returncode, proc.stderr)
    data = json.loads(proc.stdout)
    return data[0] if data else None


def container_inspect(name: str) -> dict[str, Any] | None:
    return inspect("container", name)


def image_exists(ref: str) -> bool:
    return inspect("image", ref) is not None


def engine_version() -> str | None:
    proc = run(["version", "--format", "{{.Server.Version}}"], check=False, timeout=15)
    return proc.stdout.strip() if proc.returncode == 0 else None


def ids_with_label(kind: str, label: str) -> list[str]:
    """IDs of containers/volumes/networks carrying a label filter like k=v."""
    if kind == "container":
        args = ["ps", "-aq", "--filter", f"label={label}"]
    else:
        args = [kind, "ls", "-q", "--filter", f"label={label}"]
    out = run(args, timeout=30).stdout
    return [line for line in out.split() if line]
