"""`monitoring`: the follow-up the course asks for ("monitorear por 15 minutos") happened.

The report's follow-up section names when the watch began and ended (HH:MM[:SS], the
server's clock). The check holds that span against the observer's record: at least
`minutes` long, over by now (a watch that ends in the future has not happened), begun
once the service was back (no outage after it starts), with the health endpoint UP in
every sample and no container stopped, restarted or recreated during it. The instructor
compresses the course's 15 minutes with `lab start incident --monitor-minutes N`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.report_times import clock, written_times
from grader.timeline import Timeline
from labs.core import constants
from labs.core.i18n import tr

MAX_GAP = timedelta(seconds=15)  # the observer samples every 2 s; a longer hole is no watch
CLOCK_SLACK = timedelta(seconds=60)  # HH:MM is a minute wide


class MonitoringSpec(CheckSpec):
    kind: Literal["monitoring"]
    path: RelPath
    heading: str = "Seguimiento"
    minutes: float = Field(gt=0, le=120)


def _stable(timeline: Timeline, start: datetime, end: datetime) -> tuple[bool, str]:
    samples = timeline.samples_between(start, end)
    bad = [s for s in samples if s.status != "UP"]
    moments = [start, *(s.t for s in samples), end]
    gap = max((b - a for a, b in pairwise(moments)), default=end - start)
    names = set(constants.CONTAINERS.values())
    touched = [e for e in timeline.events if e.container in names and start <= e.t <= end]
    touched = [e for e in touched if e.verb in {"stop", "kill", "die", "restart", "destroy"}]
    if bad:
        return False, tr(f"{len(bad)} muestras sin UP", f"{len(bad)} samples not UP")
    if touched:
        return False, tr(f"{len(touched)} paradas o reinicios", f"{len(touched)} stops/restarts")
    if gap > MAX_GAP:
        return False, tr("sin registro en parte del lapso", "no record for part of the span")
    return True, tr(f"{len(samples)} muestras UP", f"{len(samples)} samples UP")


def _precision(first: datetime, last: datetime) -> timedelta:
    """A span written as HH:MM may be up to a minute longer than it reads."""
    return CLOCK_SLACK if first.second == last.second == 0 else timedelta(seconds=2)


class Monitoring(Check[MonitoringSpec]):
    kind = "monitoring"
    Spec = MonitoringSpec

    def evaluate(self, spec: MonitoringSpec, ctx: CheckContext) -> Outcome:
        found = written_times(
            ctx,
            spec.path,
            spec.heading,
            tr(
                f"Escriba en `## {spec.heading}` desde y hasta qué hora monitoreó.",
                f"Write under `## {spec.heading}` from and until when you monitored.",
            ),
        )
        if isinstance(found, Outcome):
            return found
        written, timeline, now = found.written, found.timeline, found.end
        fix = tr(
            f"Monitoree el servicio (healthcheck y login) el tiempo indicado después de la "
            f"corrección y anote en `## {spec.heading}` la hora de inicio y de fin del monitoreo.",
            f"Monitor the service (health and login) for the given time after the fix and "
            f"write the watch's start and end under `## {spec.heading}`.",
        )
        if len(written) < 2:
            gate = Assertion(
                tr("lapso de monitoreo anotado", "monitoring span written"),
                False,
                tr(f"{len(written)} horas", f"{len(written)} times"),
                fix=fix,
            )
            return Outcome.from_assertions([gate])
        first, last = written[0], written[-1]
        span = last - first
        wanted = timedelta(minutes=spec.minutes)
        # Written as HH:MM, the watch began somewhere in that minute.
        watched_from = min(first + CLOCK_SLACK, last) if first.second == 0 else first
        ok, seen = _stable(timeline, watched_from, min(last, now))
        assertions = [
            Assertion(
                tr("duración del monitoreo", "monitoring length"),
                span + _precision(first, last) >= wanted,
                f"{span.total_seconds() / 60:.1f} min",
                f"≥ {spec.minutes:g} min",
                fix,
            ),
            Assertion(
                tr("el monitoreo ya terminó", "the watch is over"),
                last <= now + CLOCK_SLACK,
                clock(last),
                f"≤ {clock(now)}",
                tr(
                    "Anote el fin del monitoreo cuando termine, no por adelantado.",
                    "Write the watch's end when it is over, not in advance.",
                ),
            ),
            Assertion(
                tr("servicio estable durante el monitoreo", "service stable while monitored"),
                ok,
                seen,
                tr("todas UP, sin reinicios", "all UP, no restarts"),
                tr(
                    "El monitoreo empieza con el servicio ya recuperado y estable; si algo "
                    "vuelve a fallar, corríjalo y vuelva a monitorear.",
                    "The watch starts once the service is back and stable; if something "
                    "fails again, fix it and watch again.",
                ),
            ),
        ]
        evidence = {"span": f"{clock(first)} → {clock(last)}", "now": clock(now)}
        return Outcome.from_assertions(assertions, evidence)


CHECK = Monitoring
