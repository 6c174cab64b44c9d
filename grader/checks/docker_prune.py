"""`docker-prune`: a cleanup really ran, and what the trainee reports it freed is true.

The engine reports every `docker image prune` / `docker volume prune` as an event with
the bytes it reclaimed; the observer records them. A logbook sentence cannot stand in
for the prune, and a made-up "freed 2 GB" does not match what the engine said.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, Regex, RelPath
from grader.checks.logbook_entry import COLUMNS
from grader.context import CheckContext
from grader.markdown import table_rows
from labs.core.i18n import tr

Resource = Literal["image", "volume"]
_UNITS = {"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12}
_UNITS.update({"kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4})
_SIZE = re.compile(r"(?i)(\d+(?:[.,]\d+)?)\s*([kmgt]?i?b)\b")
# Docker rounds to three significant figures: "1.23GB" is anything within half a unit.
RELATIVE_TOLERANCE = 0.1
ABSOLUTE_TOLERANCE_B = 1e6


class DockerPruneSpec(CheckSpec):
    kind: Literal["docker-prune"]
    resources: list[Resource] = Field(default=["image"], min_length=1)
    # With a logbook: its row for the activity must state the space reclaimed.
    path: RelPath | None = "notas/bitacora.md"
    actividad: Regex = "(?i)limpieza|prune|espacio"


class DockerPrune(Check[DockerPruneSpec]):
    kind = "docker-prune"
    Spec = DockerPruneSpec

    def evaluate(self, spec: DockerPruneSpec, ctx: CheckContext) -> Outcome:
        start, end = ctx.window("exercise")
        timeline = ctx.timeline()
        assertions: list[Assertion] = []
        amounts: list[int] = []
        for resource in spec.resources:
            runs = timeline.prunes(resource, start, end)
            amounts += [r.reclaimed or 0 for r in runs]
            assertions.append(
                Assertion(
                    tr(f"`docker {resource} prune` ejecutado", f"`docker {resource} prune` run"),
                    bool(runs),
                    tr("Docker no registró ninguno", "Docker recorded none"),
                    fix=tr(
                        f"Ejecute `docker {resource} prune` como indica la práctica.",
                        f"Run `docker {resource} prune` as the exercise says.",
                    ),
                )
            )
        if spec.path is not None:
            assertions.append(_reported(spec, ctx, amounts))
        return Outcome.from_assertions(assertions, {"reclaimed_bytes": str(sum(amounts))})


def _reported(spec: DockerPruneSpec, ctx: CheckContext, amounts: list[int]) -> Assertion:
    """The row states what a prune reclaimed: each one's figure, or their total."""
    path = ctx.path(spec.path or "")
    text = path.read_text(errors="replace") if path.is_file() else ""
    rows = [
        r
        for r in table_rows(text, COLUMNS)
        if re.search(spec.actividad, r["Actividad"], re.IGNORECASE)
    ]
    sizes = [size for row in rows for size in parse_sizes(" ".join(row.values()))]
    return Assertion(
        tr("espacio recuperado anotado", "reclaimed space written down"),
        any(_close(size, amount) for size in sizes for amount in [sum(amounts), *amounts]),
        ", ".join(f"{s:.0f} B" for s in sizes) or tr("ninguna cifra", "no figure"),
        f"{sum(amounts)} B",
        tr(
            "Anote en la bitácora lo que Docker informó como recuperado "
            "(`Total reclaimed space` de cada prune).",
            "Write in the logbook what Docker reported as reclaimed "
            "(`Total reclaimed space` of each prune).",
        ),
    )


def parse_sizes(text: str) -> list[float]:
    """Sizes as Docker prints them ("1.2GB", "350 MB", "0B", "12,5 MiB") in bytes."""
    found = []
    for number, unit in _SIZE.findall(text):
        factor = _UNITS.get(unit.lower())
        if factor is not None:
            found.append(float(number.replace(",", ".")) * factor)
    return found


def _close(size: float, reclaimed: int) -> bool:
    margin = max(ABSOLUTE_TOLERANCE_B, RELATIVE_TOLERANCE * reclaimed)
    return abs(size - reclaimed) <= margin


CHECK = DockerPrune
