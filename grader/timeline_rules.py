"""Process questions asked of the observer's record ("was only the backend restarted?")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from grader.checks.base import Assertion, ServiceName
from grader.timeline import Timeline
from labs.core import constants
from labs.core.i18n import tr


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Restarted(_Rule):
    """The service was restarted (restart, or stop/die then start) inside the window."""

    expect: Literal["restarted"]
    service: ServiceName


class Untouched(_Rule):
    """No stop/kill/restart/recreate of the service inside the window (execs are fine)."""

    expect: Literal["untouched"]
    service: ServiceName


class Recreated(_Rule):
    """The container was destroyed and created again (`compose down` + `up -d`)."""

    expect: Literal["recreated"]
    service: ServiceName


class MaxDowntime(_Rule):
    """The health endpoint was not UP for at most max_seconds inside the window, and it is
    UP again now: an outage that has not ended (or not begun) cannot be judged short."""

    expect: Literal["max-downtime"]
    max_seconds: float = Field(gt=0)
    after_restart_of: ServiceName | None = None  # judged only once this service was restarted


class UpAtEnd(_Rule):
    """The last health sample of the window says UP."""

    expect: Literal["up-at-end"]


TimelineRule = Annotated[
    Restarted | Untouched | Recreated | MaxDowntime | UpAtEnd, Field(discriminator="expect")
]


def evaluate_rule(
    rule: TimelineRule, timeline: Timeline, start: datetime, end: datetime
) -> Assertion:
    if isinstance(rule, MaxDowntime):
        return _downtime(rule, timeline, start, end)
    if isinstance(rule, UpAtEnd):
        last = timeline.last_status(end) or tr("sin muestras", "no samples")
        return Assertion(
            tr("el backend respondía UP al final", "backend answered UP at the end"),
            last == "UP",
            last,
            "UP",
            tr(
                "Compruebe `curl -s localhost:8082/actuator/health`.",
                "Check `curl -s localhost:8082/actuator/health`.",
            ),
        )
    container = constants.CONTAINERS[rule.service]
    seen = ", ".join(e.action for e in timeline.events_for(container, start, end)) or "-"
    if isinstance(rule, Restarted):
        return Assertion(
            tr(f"se reinició {rule.service}", f"{rule.service} was restarted"),
            timeline.was_restarted(container, start, end),
            seen,
            "restart",
            tr(
                f"Reinicie con `docker compose restart {rule.service}`.",
                f"Restart with `docker compose restart {rule.service}`.",
            ),
        )
    if isinstance(rule, Recreated):
        return Assertion(
            tr(f"se recreó {rule.service}", f"{rule.service} was recreated"),
            timeline.was_recreated(container, start, end),
            seen,
            "destroy → create",
            tr(
                "Detenga con `docker compose down` y levante con `docker compose up -d`.",
                "Stop with `docker compose down`, start with `docker compose up -d`.",
            ),
        )
    return Assertion(
        tr(f"{rule.service} no se tocó", f"{rule.service} was left alone"),
        not timeline.was_touched(container, start, end),
        seen,
        "-",
        tr(
            f"No era necesario detener ni reiniciar {rule.service}: reinicie solo "
            "el servicio afectado.",
            f"There was no need to stop or restart {rule.service}: restart only "
            "the affected service.",
        ),
    )


def _downtime(rule: MaxDowntime, timeline: Timeline, start: datetime, end: datetime) -> Assertion:
    seconds = timeline.downtime_seconds(start, end)
    return Assertion(
        tr("tiempo sin servicio", "time without service"),
        seconds <= rule.max_seconds,
        f"{seconds:.0f} s",
        f"≤ {rule.max_seconds:.0f} s",
        tr(
            "Diagnostique y reinicie sin demoras ni pasos innecesarios.",
            "Diagnose and restart without needless delays or steps.",
        ),
    )


def downtime_fraction(rule: MaxDowntime, seconds: float) -> float:
    """Partial credit fades linearly from max_seconds to three times max_seconds."""
    if seconds <= rule.max_seconds:
        return 1.0
    return max(0.0, 1.0 - (seconds - rule.max_seconds) / (2 * rule.max_seconds))
