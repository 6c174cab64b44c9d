"""The flow of `lab start`: load → workspace → stack → seed → baseline → faults → brief."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from labs import baseline, brief, catalog, db, lifecycle, observer_control, seed
from labs.i18n import tr
from labs.state import LabState, save_state, utc_now
from labs.workspace import Workspace

Report = Callable[[str], None]


def start(ws: Workspace, lab: str, *, seed_value: int, scale: int, report: Report) -> LabState:
    scenario_file = catalog.scenario_path(lab)  # an unknown lab fails before anything runs
    result = lifecycle.bring_up(ws, report)
    report(tr(f"Stack listo en {result.timings['to_ready']:.1f} s.",
              f"Stack ready in {result.timings['to_ready']:.1f} s."))
    summary = seed.seed_database(seed_value, scale, ws.uploads)
    if not summary.skipped:
        report(tr(f"Datos de prueba cargados (semilla {seed_value}, escala {scale}) en "
                  f"{summary.seconds:.1f} s.",
                  f"Seed data loaded (seed {seed_value}, scale {scale}) in "
                  f"{summary.seconds:.1f} s."))
    record_baseline(ws)
    state = LabState(lab=lab, scenario_file=str(scenario_file), started_at=utc_now(),
                     seed=seed_value,
                     scenario_sha256=hashlib.sha256(scenario_file.read_bytes()).hexdigest())
    save_state(ws, state)
    observer_control.start(ws)
    brief.show(ws, lab, [])
    return state


def record_baseline(ws: Workspace) -> None:
    conn = db.connect()
    try:
        baseline.save(baseline.snapshot(conn), ws.baseline_file)
    finally:
        conn.close()
