"""`disk-free`: the filesystem holding a folder of $LAB_HOME has room again, as `df` sees it.

The course's threshold: more than 20 % free (Sesión 1, "verificar espacio en disco > 20 %
libre"). Measured on the filesystem itself, so it is whatever the trainee freed, however.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core.i18n import tr


class DiskFreeSpec(CheckSpec):
    kind: Literal["disk-free"]
    path: RelPath = "."
    min_free_pct: float = Field(default=20, gt=0, lt=100)


class DiskFree(Check[DiskFreeSpec]):
    kind = "disk-free"
    Spec = DiskFreeSpec

    def evaluate(self, spec: DiskFreeSpec, ctx: CheckContext) -> Outcome:
        total, used, available = ctx.disk_use(ctx.path(spec.path))
        room = used + available
        free_pct = 100 * available / room if room else 0.0
        shown = "$LAB_HOME" if spec.path in ("", ".") else f"$LAB_HOME/{spec.path}"
        assertion = Assertion(
            tr(
                f"el disco de {shown} tiene espacio libre suficiente",
                f"the disk of {shown} has enough free space",
            ),
            free_pct >= spec.min_free_pct,
            tr(f"{100 - free_pct:.0f} % en uso", f"{100 - free_pct:.0f}% in use"),
            f"≥ {spec.min_free_pct:g} % libre",
            tr(
                f"Mire `df -h {shown}` y qué ocupa el espacio (`du -sh {shown}/* | sort -h`).",
                f"Look at `df -h {shown}` and what takes the room (`du -sh {shown}/* | sort -h`).",
            ),
        )
        evidence = {"disk_total_bytes": str(total), "disk_available_bytes": str(available)}
        return Outcome.from_assertions([assertion], evidence)


CHECK = DiskFree
