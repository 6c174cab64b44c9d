"""The flow of `lab start`: load → workspace → stack → seed → baseline → faults → brief."""

from __future__ import annotations

from collections.abc import Callable

from labs import brief, catalog, lifecycle
from labs.i18n import tr
from labs.workspace import Workspace

Report = Callable[[str], None]


def start(ws: Workspace, lab: str, *, seed: int, scale: int, report: Report) -> None:
    catalog.scenario_path(lab)  # an unknown lab fails before anything is touched
    result = lifecycle.bring_up(ws, report)
    report(tr(f"Stack listo en {result.timings['to_ready']:.1f} s.",
              f"Stack ready in {result.timings['to_ready']:.1f} s."))
    brief.show(ws, lab, [])
