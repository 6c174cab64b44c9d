"""`timeline`: a process question about what the observer saw (restarts, downtime)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext, WindowScope
from grader.timeline import Timeline
from grader.timeline_rules import (
    MaxDowntime,
    Restarted,
    TimelineRule,
    downtime_fraction,
    evaluate_rule,
)
from labs.core.i18n import tr

NO_OBSERVER_FIX = tr(
    "El observador se inicia con `lab start`; revise `lab status` o reinicie el laboratorio.",
    "The observer starts with `lab start`; check `lab status` or restart the lab.",
)


def no_record() -> Outcome:
    return Outcome.unavailable(
        tr("No hay registro del observador.", "The observer recorded nothing."),
        NO_OBSERVER_FIX,
    )


def evaluate_rules(rules: Sequence[TimelineRule], ctx: CheckContext, scope: WindowScope) -> Outcome:
    """Every rule over the observer's record in the window (all must hold); the outage
    length (max-downtime) is the `timeline` check's own, with its partial credit."""
    timeline = ctx.timeline()
    if timeline.empty:
        return no_record()
    start, end = ctx.window(scope)
    evidence = {"window": f"{start.isoformat()} → {end.isoformat()}"}
    assertions = [evaluate_rule(rule, timeline, start, end) for rule in rules]
    if len(assertions) == 1:
        evidence["observed"] = assertions[0].observed
    return Outcome.from_assertions(assertions, evidence)


class TimelineSpec(CheckSpec):
    kind: Literal["timeline"]
    rule: TimelineRule
    window: WindowScope = "exercise"


class TimelineCheck(Check[TimelineSpec]):
    kind = "timeline"
    Spec = TimelineSpec

    def evaluate(self, spec: TimelineSpec, ctx: CheckContext) -> Outcome:
        if not isinstance(spec.rule, MaxDowntime):
            return evaluate_rules([spec.rule], ctx, spec.window)
        timeline = ctx.timeline()
        if timeline.empty:
            return no_record()
        start, end = ctx.window(spec.window)
        evidence = {"window": f"{start.isoformat()} → {end.isoformat()}"}
        return _downtime(spec.rule, timeline, start, end, ctx, evidence)


def _downtime(
    rule: MaxDowntime,
    timeline: Timeline,
    start: datetime,
    end: datetime,
    ctx: CheckContext,
    evidence: dict[str, str],
) -> Outcome:
    probe = ctx.health()
    live = probe.body.status if probe.body else (probe.error or "-")
    prerequisites = [
        Assertion(
            tr("el servicio volvió (UP ahora)", "service back (UP now)"),
            probe.http_status == 200 and live == "UP",
            live,
            "UP",
            tr(
                "Recupere el servicio antes de medir el corte.",
                "Recover the service before the outage can be measured.",
            ),
        )
    ]
    if rule.after_restart_of is not None:
        prerequisites.append(
            evaluate_rule(
                Restarted(expect="restarted", service=rule.after_restart_of), timeline, start, end
            )
        )
    downtime = evaluate_rule(rule, timeline, start, end)
    outcome = Outcome.from_assertions(
        [*prerequisites, downtime], {**evidence, "downtime": downtime.observed}
    )
    seconds = timeline.downtime_seconds(start, end)
    ready = all(a.ok for a in prerequisites)
    outcome.fraction = downtime_fraction(rule, seconds) if ready else 0.0
    return outcome


CHECK = TimelineCheck
