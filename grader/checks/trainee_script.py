"""`trainee-script`: the Día 1 health-report script exists, runs, and prints LIVE values.

The grader runs the script itself (with a deadline) and compares each of its four
sections with what the system says right now, so a script that only echoes the
course's example output does not pass.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.evidence import has_token
from grader.facts import df_line, stats_lines
from labs.core import constants
from labs.core.i18n import tr
from labs.host.models import CommandResult


class TraineeScriptSpec(CheckSpec):
    kind: Literal["trainee-script"]
    path: RelPath = "home/usuario/check-inatrace-health.sh"
    timeout: float = Field(default=30, gt=0, le=120)


class TraineeScript(Check[TraineeScriptSpec]):
    kind = "trainee-script"
    Spec = TraineeScriptSpec

    def evaluate(self, spec: TraineeScriptSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} does not exist."),
                tr("Cree el script en esa ruta.", "Create the script there."),
            )
        executable = os.access(path, os.X_OK)
        runnable = Assertion(
            tr("es ejecutable", "is executable"),
            executable,
            oct(path.stat().st_mode & 0o777),
            "chmod +x",
            tr(
                f"Ejecute `chmod +x $LAB_HOME/{spec.path}`.",
                f"Run `chmod +x $LAB_HOME/{spec.path}`.",
            ),
        )
        if not executable:
            return Outcome.from_assertions([runnable], {"file": spec.path})
        result = ctx.run([str(path)], cwd=path.parent, timeout=spec.timeout)
        source = path.read_text(errors="replace")
        assertions = [
            runnable,
            _finished(result, spec.timeout),
            *_sections(ctx, source, result.stdout),
        ]
        evidence = {
            "file": spec.path,
            "returncode": str(result.returncode),
            "elapsed_ms": f"{result.elapsed_ms:.0f}",
            "stdout": result.stdout[-2000:],
        }
        return Outcome.from_assertions(assertions, evidence)


def _finished(result: CommandResult, timeout: float) -> Assertion:
    seconds = result.elapsed_ms / 1000
    observed = (
        tr("no terminó", "did not finish")
        if result.timed_out
        else tr(f"terminó en {seconds:.1f} s", f"ended in {seconds:.1f} s")
    )
    return Assertion(
        tr("termina a tiempo", "finishes in time"),
        not result.timed_out,
        observed,
        f"≤ {timeout:.0f} s",
        tr(
            "Evite órdenes que no terminan (`docker stats` sin `--no-stream`, `docker logs -f`).",
            "Avoid never-ending commands (`docker stats` without `--no-stream`, `docker logs -f`).",
        ),
    )


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
