"""`timeline`: a process question about what the observer saw (restarts, downtime)."""

from __future__ import annotations

from typing import Literal

from grader.checks.base import Check, CheckSpec, Outcome
from grader.context import CheckContext, WindowScope
from grader.timeline_rules import MaxDowntime, TimelineRule, downtime_fraction, evaluate_rule
from labs.i18n import tr

NO_OBSERVER_FIX = tr(
    "El observador se inicia con `lab start`; revise `lab status` o reinicie el laboratorio.",
    "The observer starts with `lab start`; check `lab status` or restart the lab.",
)


class TimelineSpec(CheckSpec):
    kind: Literal["timeline"]
    rule: TimelineRule
    window: WindowScope = "exercise"


class TimelineCheck(Check[TimelineSpec]):
    kind = "timeline"
    Spec = TimelineSpec

    def evaluate(self, spec: TimelineSpec, ctx: CheckContext) -> Outcome:
        timeline = ctx.timeline()
        if timeline.empty:
            return Outcome.unavailable(
                tr("No hay registro del observador.", "The observer recorded nothing."),
                NO_OBSERVER_FIX)
        start, end = ctx.window(spec.window)
        assertion = evaluate_rule(spec.rule, timeline, start, end)
        outcome = Outcome.from_assertions([assertion], {
            "window": f"{start.isoformat()} → {end.isoformat()}",
            "observed": assertion.observed,
        })
        if isinstance(spec.rule, MaxDowntime):
            seconds = timeline.downtime_seconds(start, end)
            outcome.fraction = downtime_fraction(spec.rule, seconds)
        return outcome


CHECK = TimelineCheck
