"""`docker compose`, run from the deploy directory exactly as the trainee runs it.

Compose has no API: this is the one place the lab starts a `docker` process while a
lab runs (up, recreate, down), and never during `lab check`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from labs.core.errors import EnvironmentProblem, LabError
from labs.core.i18n import tr
from labs.host.engine import DOCKER_MISSING_FIX
from labs.host.models import CommandResult
from labs.host.shell import run_command


def docker_binary() -> str:
    found = shutil.which("docker")
    if not found:
        raise EnvironmentProblem(
            tr("No se encontró la orden `docker`.", "`docker` not found."), DOCKER_MISSING_FIX
        )
    return found


def compose(
    project_dir: Path, *args: str, timeout: float = 300, check: bool = True
) -> CommandResult:
    result = run_command([docker_binary(), "compose", *args], project_dir, {}, timeout)
    if check and (result.returncode != 0 or result.timed_out):
        fix = DOCKER_MISSING_FIX if "Cannot connect to the Docker daemon" in result.stderr else None
        raise LabError(
            tr(
                f"`docker compose {' '.join(args)}` falló (código {result.returncode}): "
                f"{result.stderr.strip()[-800:]}",
                f"`docker compose {' '.join(args)}` failed (exit {result.returncode}): "
                f"{result.stderr.strip()[-800:]}",
            ),
            fix,
        )
    return result
