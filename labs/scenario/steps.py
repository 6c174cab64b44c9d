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

from dataclasses import dataclass
from pathlib import Path

from labs import stack
from labs.core import constants
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.scenario import RunStep, Step, WaitHealthyStep, WriteFileStep
from labs.core.workspace import Workspace
from labs.host.api import Host
from labs.host.waits import wait_until


class StepFailedError(LabError):
    """A solution step did not do what the scenario says it does."""


@dataclass
class StepReport:
    step: str
    ok: bool
    detail: str


def run_steps(steps: list[Step], workspace: Workspace, host: Host) -> list[StepReport]:
    """Play steps in order; stop at the first failure (raising StepFailedError)."""
    reports: list[StepReport] = []
    for step in steps:
        reports.append(_play(step, workspace, host))
    return reports


def _play(step: Step, workspace: Workspace, host: Host) -> StepReport:
    if isinstance(step, RunStep):
        return _run(step, workspace, host)
    if isinstance(step, WriteFileStep):
        return _write(step, workspace)
    return _wait(step, host)


def _cwd(step: RunStep, workspace: Workspace) -> Path:
    return {
        "lab_home": workspace.root,
        "deploy_dir": workspace.deploy_dir,
        "trainee_home": workspace.trainee_home,
        "notes": workspace.notes,
    }[step.cwd]


def _run(step: RunStep, workspace: Workspace, host: Host) -> StepReport:
    env = {"LAB_HOME": str(workspace.root)}
    proc = host.run(["bash", "-c", step.run], _cwd(step, workspace), env, step.timeout)
    if proc.timed_out:
        raise StepFailedError(
            tr(
                f"`{step.run}` no terminó en {step.timeout:.0f} s.",
                f"`{step.run}` did not finish in {step.timeout:.0f} s.",
            ),
            None,
        )
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


def _wait(step: WaitHealthyStep, host: Host) -> StepReport:
    name = constants.CONTAINERS[step.wait_healthy]
    took = wait_until(
        lambda: stack.health_status(host, name) == "healthy",
        deadline_s=step.timeout,
        what=f"{name} healthy",
        interval_s=0.5,
    )
    return StepReport(f"wait {name} healthy", True, f"{took:.1f} s")
