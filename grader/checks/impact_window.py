"""`impact-window`: the incident report's start and end match what the lab recorded.

The report's impact section names when the incident began and when the service was
back (HH:MM, the server's clock): the first time written is the start, the last the
end. The start is held against the moment the fault went live (the exercise's start);
the end against the moments the observer saw the service come back: the end of each
health outage, and each action on the lab's containers (a start, a recreate, a
`docker exec` that ran the fix), since a login failure with health UP leaves no outage
in the health record. Both within a few minutes' tolerance.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.report_times import clock, written_times
from grader.timeline import Timeline
from labs.core import constants
from labs.core.i18n import tr

RECOVERY_VERBS = frozenset({"start", "restart", "create", "unpause", "exec_start"})
# Docker runs each healthcheck as an exec: those are the engine's, not a fix.
HEALTHCHECKS = ("mysqladmin ping", "actuator/health")


class ImpactWindowSpec(CheckSpec):
    kind: Literal["impact-window"]
    path: RelPath
    heading: str = "Impacto"
    tolerance_minutes: float = Field(default=5, gt=0, le=60)


def recovery_moments(timeline: Timeline, start: datetime, end: datetime) -> list[datetime]:
    """When the service may have come back: outage ends, and actions on the containers."""
    moments = []
    down = False
    for sample in timeline.samples_between(start, end):
        if sample.status != "UP":
            down = True
        elif down:
            moments.append(sample.t)
            down = False
    names = set(constants.CONTAINERS.values())
    moments += [
        e.t
        for e in timeline.events
        if e.container in names
        and start <= e.t <= end
        and e.verb in RECOVERY_VERBS
        and not any(probe in e.action for probe in HEALTHCHECKS)
    ]
    return sorted(moments)


class ImpactWindow(Check[ImpactWindowSpec]):
    kind = "impact-window"
    Spec = ImpactWindowSpec

    def evaluate(self, spec: ImpactWindowSpec, ctx: CheckContext) -> Outcome:
        found = written_times(
            ctx,
            spec.path,
            spec.heading,
            tr(
                f"Escriba en `## {spec.heading}` el inicio y el fin del incidente (HH:MM).",
                f"Write the incident's start and end (HH:MM) under `## {spec.heading}`.",
            ),
        )
        if isinstance(found, Outcome):
            return found
        written, timeline, start, end = found.written, found.timeline, found.start, found.end
        tolerance = timedelta(minutes=spec.tolerance_minutes)
        moments = recovery_moments(timeline, start, end)
        assertions = [
            Assertion(
                tr("inicio y fin del incidente anotados", "incident start and end written"),
                len(written) >= 2,
                tr(f"{len(written)} horas", f"{len(written)} times"),
                fix=tr(
                    f"Anote en `## {spec.heading}` la hora de inicio y la de fin (HH:MM, la "
                    "del servidor, como en los logs).",
                    f"Write the start and end times (HH:MM, the server's, as in the logs) "
                    f"under `## {spec.heading}`.",
                ),
            )
        ]
        if len(written) >= 2:
            assertions += [
                _start(written[0], start, tolerance),
                _end(written[0], written[-1], moments, tolerance),
            ]
        evidence = {
            "written": ", ".join(clock(t) for t in written) or "-",
            "recovery_moments": ", ".join(clock(m) for m in moments[-6:]) or "-",
        }
        return Outcome.from_assertions(assertions, evidence)


def _start(stated: datetime, live: datetime, tolerance: timedelta) -> Assertion:
    return Assertion(
        tr("inicio del incidente", "incident start"),
        abs(stated - live) <= tolerance,
        clock(stated),
        f"{clock(live - tolerance)}–{clock(live + tolerance)}",
        tr(
            "Tome el inicio de la evidencia: el primer error del log o la hora del reporte.",
            "Take the start from the evidence: the log's first error or the report's time.",
        ),
        partial=True,
    )


def _end(
    stated_start: datetime, stated: datetime, moments: list[datetime], tolerance: timedelta
) -> Assertion:
    near = [m for m in moments if m >= stated_start and abs(m - stated) <= tolerance]
    return Assertion(
        tr("fin del incidente (servicio recuperado)", "incident end (service back)"),
        bool(near) and stated >= stated_start,
        clock(stated),
        ", ".join(clock(m) for m in moments[-3:]) or "-",
        tr(
            "El fin es cuando verificó que los usuarios volvían a entrar, justo después "
            "de la corrección: tómelo de su verificación, no de la hora del reporte.",
            "The end is when you verified users could log in again, right after the fix: "
            "take it from your verification, not from when you wrote the report.",
        ),
        partial=True,
    )


CHECK = ImpactWindow
