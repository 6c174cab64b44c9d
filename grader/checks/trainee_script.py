"""`trainee-script`: the Día 1 health-report script exists, runs, and prints LIVE values.

The grader runs the script itself (with a deadline) and compares each of its four
sections with what the system says right now, so a script that only echoes the
course's example output does not pass.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.evidence import has_token
from grader.facts import df_line, stats_lines
from grader.trainee_scripts import run_script
from labs.core import constants
from labs.core.i18n import tr


class TraineeScriptSpec(CheckSpec):
    kind: Literal["trainee-script"]
    path: RelPath = "home/usuario/check-inatrace-health.sh"
    timeout: float = Field(default=30, gt=0, le=120)


class TraineeScript(Check[TraineeScriptSpec]):
    kind = "trainee-script"
    Spec = TraineeScriptSpec

    def evaluate(self, spec: TraineeScriptSpec, ctx: CheckContext) -> Outcome:
        ran = run_script(ctx, spec.path, spec.timeout)
        if isinstance(ran, Outcome):
            return ran
        source = ran.path.read_text(errors="replace")
        assertions = [*ran.opening, *_sections(ctx, source, ran.result.stdout)]
        return Outcome.from_assertions(assertions, ran.evidence(spec.path, 2000))


def _uses(source: str, pattern: str) -> bool:
    return re.search(pattern, source) is not None


def _sections(ctx: CheckContext, source: str, out: str) -> list[Assertion]:
    """The report's four sections: each earns its share once the script runs."""
    return [replace(a, partial=True) for a in _section_facts(ctx, source, out)]


def _section_facts(ctx: CheckContext, source: str, out: str) -> list[Assertion]:
    names = list(constants.CONTAINERS.values())
    up = [
        n
        for n in names
        if any(n in line and re.search(r"\bUp\b", line) for line in out.splitlines())
    ]
    probe = ctx.health()
    live = probe.body.status if probe.body else "UNREACHABLE"
    df = df_line(ctx, out)
    stats = stats_lines(ctx, out)
    return [
        Assertion(
            tr("1. contenedores con su estado", "1. containers and their status"),
            _uses(source, r"docker\s+(ps|container\s+ls)") and len(up) == len(names),
            ", ".join(up) or "-",
            ", ".join(f"{n} Up" for n in names),
            tr(
                "Use `docker ps --filter name=inatrace ...`.",
                "Use `docker ps --filter name=inatrace ...`.",
            ),
        ),
        Assertion(
            tr("2. estado real del healthcheck", "2. real health status"),
            _uses(source, r"actuator/health") and has_token(out, live),
            tr("no aparece", "absent"),
            live,
            tr(
                "Consulte `curl -s http://localhost:8082/actuator/health`.",
                "Query `curl -s http://localhost:8082/actuator/health`.",
            ),
        ),
        Assertion(
            df.label.replace("`df`", "3. `df`"),
            _uses(source, r"\bdf\b") and df.ok,
            df.observed,
            df.expected,
            df.fix,
        ),
        Assertion(
            "4. " + stats.label,
            _uses(source, r"docker\s+stats") and stats.ok,
            stats.observed,
            stats.expected,
            stats.fix,
        ),
    ]


CHECK = TraineeScript
