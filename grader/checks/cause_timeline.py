"""`cause-timeline`: process rules that depend on the cause the lab injected.

Where the cause varies per trainee, so does what a careful fix may touch: MySQL must be
started when it was down, but left alone when the release was bad. `cause` is the
injected truth (a scenario variable); `rules` maps each possible cause to the timeline
rules that must hold for it. All of that cause's rules must hold (all or nothing). The
message is the failing rule's own (what was touched, and that it was not needed).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from grader.checks.base import Check, CheckSpec, Outcome
from grader.checks.timeline import evaluate_rules
from grader.context import CheckContext, WindowScope
from grader.timeline_rules import MaxDowntime, TimelineRule


class CauseTimelineSpec(CheckSpec):
    kind: Literal["cause-timeline"]
    cause: str
    rules: dict[str, list[TimelineRule]] = Field(min_length=1)
    window: WindowScope = "exercise"

    @model_validator(mode="after")
    def _known_cause(self) -> CauseTimelineSpec:
        if self.cause not in self.rules:
            raise ValueError(f"cause {self.cause!r} has no rules (known: {', '.join(self.rules)})")
        if any(isinstance(r, MaxDowntime) for rs in self.rules.values() for r in rs):
            raise ValueError("max-downtime is graded by a `timeline` check, not here")
        return self


class CauseTimeline(Check[CauseTimelineSpec]):
    kind = "cause-timeline"
    Spec = CauseTimelineSpec

    def evaluate(self, spec: CauseTimelineSpec, ctx: CheckContext) -> Outcome:
        return evaluate_rules(spec.rules[spec.cause], ctx, spec.window)


CHECK = CauseTimeline
