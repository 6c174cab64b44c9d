"""Typed solution steps, and the runner the self-test uses to play them.

    - run: "docker compose restart backend"
      cwd: deploy_dir
    - write_file: home/usuario/nota.txt
      content: "..."
    - wait_healthy: backend

Shell commands run under bash with LAB_HOME set, so scenario files write
`$LAB_HOME/...` where the course writes `/opt/inatrace/...`.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from grader.checks.base import RelPath, ServiceName
from labs import docker
from labs.core import constants
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host.waits import wait_until

Cwd = Literal["lab_home", "deploy_dir", "trainee_home", "notes"]
STEP_TAGS = ("run", "write_file", "wait_healthy")


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunStep(_Step):
    run: str = Field(min_length=1)
    cwd: Cwd = "lab_home"
    timeout: float = Field(default=120, gt=0, le=900)
    expect_exit: int | None = 0  # None: any exit code (a wrong fix may fail half way)


class WriteFileStep(_Step):
    write_file: RelPath
    content: str
    append: bool = False
    executable: bool = False


class WaitHealthyStep(_Step):
    wait_healthy: ServiceName
    timeout: float = Field(default=120, gt=0, le=600)


def _step_tag(value: Any) -> str | None:
    keys = value.keys() if isinstance(value, dict) else type(value).model_fields.keys()
    return next((tag for tag in STEP_TAGS if tag in keys), None)


Step = Annotated[
    Annotated[RunStep, Tag("run")]
    | Annotated[WriteFileStep, Tag("write_file")]
    | Annotated[WaitHealthyStep, Tag("wait_healthy")],
    Discriminator(
        _step_tag,
        custom_error_type="step_kind_missing",
        custom_error_message="a step needs one of: run, write_file, wait_healthy",
    ),
]


class StepFailedError(LabError):
    """A solution step did not do what the scenario says it does."""


@dataclass
class StepReport:
    step: str
    ok: bool
    detail: str


def run_steps(steps: list[Step], workspace: Workspace) -> list[StepReport]:
    """Play steps in order; stop at the first failure (raising StepFailedError)."""
    reports: list[StepReport] = []
    for step in steps:
        reports.append(_play(step, workspace))
    return reports


def _play(step: Step, workspace: Workspace) -> StepReport:
    if isinstance(step, RunStep):
        return _run(step, workspace)
    if isinstance(step, WriteFileStep):
        return _write(step, workspace)
    return _wait(step)


def _cwd(step: RunStep, workspace: Workspace) -> Path:
    return {
        "lab_home": workspace.root,
        "deploy_dir": workspace.deploy_dir,
        "trainee_home": workspace.trainee_home,
        "notes": workspace.notes,
    }[step.cwd]


def _run(step: RunStep, workspace: Workspace) -> StepReport:
    env = {**os.environ, "LAB_HOME": str(workspace.root)}
    try:
        proc = subprocess.run(
            ["bash", "-c", step.run],
            cwd=_cwd(step, workspace),
            env=env,
            capture_output=True,
            text=True,
            timeout=step.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StepFailedError(
            tr(
                f"`{step.run}` no terminó en {step.timeout:.0f} s.",
                f"`{step.run}` did not finish in {step.timeout:.0f} s.",
            ),
            None,
        ) from exc
    ok = step.expect_exit is None or proc.returncode == step.expect_exit
    detail = (proc.stdout + proc.stderr).strip()[-800:]
    if not ok:
        raise StepFailedError(
            tr(
                f"`{step.run}` terminó con código {proc.returncode}: {detail}",
                f"`{step.run}` exited {proc.returncode}: {detail}",
            )
        )
    return StepReport(step.run, True, detail)


def _write(step: WriteFileStep, workspace: Workspace) -> StepReport:
    path = workspace.root / step.write_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if step.append else "w", encoding="utf-8") as handle:
        handle.write(step.content)
    if step.executable:
        path.chmod(0o755)
    return StepReport(f"write {step.write_file}", True, f"{len(step.content)} chars")


def _wait(step: WaitHealthyStep) -> StepReport:
    name = constants.CONTAINERS[step.wait_healthy]

    def healthy() -> bool:
        info = docker.container_inspect(name) or {}
        return bool(info.get("State", {}).get("Health", {}).get("Status") == "healthy")

    took = wait_until(healthy, deadline_s=step.timeout, what=f"{name} healthy", interval_s=0.5)
    return StepReport(f"wait {name} healthy", True, f"{took:.1f} s")
