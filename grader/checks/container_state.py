"""`container-state`: running, health, restart count, and when it was (re)started."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, ServiceName
from grader.context import CheckContext
from labs.core import constants
from labs.core.i18n import tr
from labs.host.models import ContainerInfo

Event = Literal["lab-start", "exercise-start"]
# When a check asks *when* a container started, that is its point: merely running
# must not earn most of the credit.
TIMING_WEIGHT = 4.0


class ContainerStateSpec(CheckSpec):
    kind: Literal["container-state"]
    service: ServiceName
    running: bool = True
    health: Literal["healthy", "unhealthy", "starting"] | None = None
    max_restart_count: int | None = Field(default=None, ge=0)
    started_after: Event | None = None  # it was (re)started after this moment
    started_before: Event | None = None  # it was NOT restarted since this moment


class ContainerState(Check[ContainerStateSpec]):
    kind = "container-state"
    Spec = ContainerStateSpec

    def evaluate(self, spec: ContainerStateSpec, ctx: CheckContext) -> Outcome:
        name = constants.CONTAINERS[spec.service]
        info = ctx.container(spec.service)
        if info is None:
            return Outcome.unavailable(
                tr(f"El contenedor {name} no existe.", f"Container {name} does not exist."),
                tr(
                    "Levántelo con `docker compose up -d` en el directorio de despliegue.",
                    "Bring it up with `docker compose up -d` in the deploy directory.",
                ),
            )
        assertions = [_running(info, spec.running)]
        if spec.health:
            seen = info.health_status or tr("sin healthcheck", "no healthcheck")
            assertions.append(
                Assertion(
                    tr("estado de salud", "health status"),
                    seen == spec.health,
                    seen,
                    spec.health,
                    tr(
                        f"Revise `docker logs {name} --tail 100`.",
                        f"Check `docker logs {name} --tail 100`.",
                    ),
                )
            )
        if spec.max_restart_count is not None:
            assertions.append(
                Assertion(
                    tr("reinicios automáticos (RestartCount)", "automatic restarts (RestartCount)"),
                    info.restart_count <= spec.max_restart_count,
                    str(info.restart_count),
                    f"≤ {spec.max_restart_count}",
                    tr(
                        "El contenedor entra en bucle de reinicio: busque la causa en sus logs.",
                        "The container is in a restart loop: find the cause in its logs.",
                    ),
                )
            )
        assertions += _timing(spec, info, ctx)
        return Outcome.from_assertions(assertions, _evidence(info))


def _running(info: ContainerInfo, expected: bool) -> Assertion:
    state = info.state
    running = bool(state.running) and not state.restarting
    observed = state.status or "-"
    return Assertion(
        tr("en ejecución", "running"),
        running == expected,
        observed,
        "running" if expected else "exited",
        tr(
            "Vea `docker ps -a` y `docker logs` del contenedor.",
            "See `docker ps -a` and the container's `docker logs`.",
        ),
        weight=2.0,
    )


def _timing(spec: ContainerStateSpec, info: ContainerInfo, ctx: CheckContext) -> list[Assertion]:
    started = info.started_at
    shown = started.isoformat(timespec="seconds") if started else "-"
    found: list[Assertion] = []
    if spec.started_after:
        moment = _moment(spec.started_after, ctx)
        found.append(
            Assertion(
                tr("reiniciado durante el ejercicio", "restarted during the exercise"),
                started is not None and started > moment,
                shown,
                f"> {moment.isoformat(timespec='seconds')}",
                tr(
                    f"Reinicie {spec.service} como indica la práctica.",
                    f"Restart {spec.service} as the exercise says.",
                ),
                weight=TIMING_WEIGHT,
            )
        )
    if spec.started_before:
        moment = _moment(spec.started_before, ctx)
        found.append(
            Assertion(
                tr(f"{spec.service} no fue reiniciado", f"{spec.service} was not restarted"),
                started is not None and started < moment,
                shown,
                f"< {moment.isoformat(timespec='seconds')}",
                tr(
                    f"No era necesario reiniciar {spec.service}.",
                    f"There was no need to restart {spec.service}.",
                ),
                weight=TIMING_WEIGHT,
            )
        )
    return found


def _moment(event: Event, ctx: CheckContext) -> datetime:
    return ctx.window("lab" if event == "lab-start" else "exercise")[0]


def _evidence(info: ContainerInfo) -> dict[str, str]:
    return {
        "State.Status": str(info.state.status),
        "State.Running": str(info.state.running),
        "State.Restarting": str(info.state.restarting),
        "State.Health.Status": str(info.health_status),
        "State.StartedAt": str(info.state.started_at),
        "RestartCount": str(info.restart_count),
        "Config.Image": str(info.config.image),
    }


CHECK = ContainerState
