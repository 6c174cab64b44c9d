"""Timeline figures for the results document: downtime, restarts, MySQL interventions."""

from __future__ import annotations

from grader.context import CheckContext
from grader.results import TimelineFigures
from labs.core import constants


def timeline_figures(ctx: CheckContext) -> TimelineFigures:
    timeline = ctx.timeline()
    start, end = ctx.window("lab")
    backend = constants.BACKEND_CONTAINER
    restarts = [
        e for e in timeline.events_for(backend, start, end) if e.verb in ("restart", "start")
    ]
    return TimelineFigures(
        health_samples=len(timeline.samples_between(start, end)),
        downtime_seconds=timeline.downtime_seconds(start, end) if timeline.health else 0.0,
        backend_restarts=len(restarts),
        mysql_lifecycle_events=len(timeline.events_for(constants.MYSQL_CONTAINER, start, end)),
        last_health=timeline.last_status(end),
        skipped_lines=timeline.skipped_lines,
    )
