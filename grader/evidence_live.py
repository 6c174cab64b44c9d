"""Evidence read from the live host: the docker CLI, HTTP, the MySQL client, the shell."""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from grader.evidence import (
    CommandResult,
    ContainerInfo,
    HealthBody,
    HealthProbe,
    HostFacts,
    SqlRows,
)
from labs import docker
from labs.core import constants


class LiveEvidence:
    """Reads the real system. Every call has a timeout; none of them changes anything."""

    def __init__(self, mysql_container: str = constants.MYSQL_CONTAINER) -> None:
        self.mysql_container = mysql_container

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]:
        # One `docker inspect` for all containers; missing ones only add to stderr.
        proc = docker.run(["inspect", "--type", "container", *names], check=False, timeout=20)
        found: dict[str, ContainerInfo] = {}
        for raw in json.loads(proc.stdout or "[]"):
            info = ContainerInfo.model_validate(raw)
            found[info.clean_name] = info
        return found

    def logs(self, name: str) -> str:
        proc = docker.run(["logs", "--timestamps", name], check=False, timeout=20)
        if proc.returncode != 0:
            return ""
        # Spring logs to stdout, but a crash trace may land on stderr: keep both.
        return proc.stdout + proc.stderr

    def health(self, url: str, timeout: float) -> HealthProbe:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as exc:  # 503 still carries the health body
            status, payload = exc.code, exc.read()
        except (OSError, TimeoutError) as exc:
            return HealthProbe(
                url=url, error=str(exc) or type(exc).__name__, elapsed_ms=_ms_since(started)
            )
        return HealthProbe(
            url=url, http_status=status, body=_parse_health(payload), elapsed_ms=_ms_since(started)
        )

    def sql(self, query: str) -> SqlRows:
        # The container's own credentials: right even if the trainee edited the .env.
        script = 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -uroot -N -B -e "$0" "$MYSQL_DATABASE"'
        argv = ["exec", self.mysql_container, "sh", "-c", script, query]
        proc = docker.run(argv, check=False, timeout=20)
        if proc.returncode != 0:
            # The client echoes the statement around the error; the last line is the error.
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            raise RuntimeError(lines[-1] if lines else f"mysql exited {proc.returncode}")
        return [line.split("\t") for line in proc.stdout.splitlines()]

    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult:
        return run_command(argv, cwd, env, timeout)

    def host(self, lab_home: Path) -> HostFacts:
        return HostFacts(
            hostname=socket.gethostname(),
            username=getpass.getuser(),
            docker_server_version=docker.engine_version(),
            lab_home_mount=str(mount_point(lab_home)),
        )


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
            elapsed_ms=_ms_since(started),
        )
    except OSError as exc:
        return CommandResult(
            argv=list(argv),
            returncode=-1,
            stdout="",
            stderr=str(exc),
            elapsed_ms=_ms_since(started),
        )
    return CommandResult(
        argv=list(argv),
        returncode=proc.returncode,
        stdout=proc.stdout,
        stderr=proc.stderr,
        elapsed_ms=_ms_since(started),
    )


def mount_point(path: Path) -> Path:
    current = path.resolve()
    while not os.path.ismount(current) and current != current.parent:
        current = current.parent
    return current


def _parse_health(payload: bytes) -> HealthBody | None:
    try:
        return HealthBody.model_validate_json(payload)
    except ValidationError:
        return None


def _text(value: str | bytes | None) -> str:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return value or ""


def _ms_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
