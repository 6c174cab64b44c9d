"""The flow of `lab start`: load → workspace → stack → seed → baseline → faults → brief."""

from __future__ import annotations

from collections.abc import Callable

from labs import brief, datastore, engine, lifecycle, observer_control, seed
from labs.core.i18n import tr
from labs.core.scenario import scenario_sha256
from labs.core.state import LabState, save_state, utc_now
from labs.core.workspace import Workspace
from labs.scenario.load import current_scenario, find_scenario, validate_file
from labs.scenario.problems import ScenarioProblems

Report = Callable[[str], None]


def start(ws: Workspace, lab: str, *, seed_value: int, scale: int, report: Report) -> LabState:
    scenario_file = find_scenario(lab)  # an unknown lab fails before anything is touched
    _, problems = validate_file(scenario_file)  # and so does a broken scenario file
    if problems:
        raise ScenarioProblems(problems)
    if ws.is_lab_workspace():
        leave_previous_lab(ws, report)
    result = lifecycle.bring_up(ws, report)
    report(
        tr(
            f"Stack listo en {result.timings['to_ready']:.1f} s.",
            f"Stack ready in {result.timings['to_ready']:.1f} s.",
        )
    )
    summary = seed.seed_database(seed_value, scale, ws.uploads)
    if not summary.skipped:
        report(
            tr(
                f"Datos de prueba cargados (semilla {seed_value}, escala {scale}) en "
                f"{summary.seconds:.1f} s.",
                f"Seed data loaded (seed {seed_value}, scale {scale}) in {summary.seconds:.1f} s.",
            )
        )
    datastore.record(ws)
    state = LabState(
        lab=lab,
        scenario_file=str(scenario_file),
        started_at=utc_now(),
        seed=seed_value,
        scenario_sha256=scenario_sha256(scenario_file),
    )
    state.variables = engine.resolve_values(state)
    save_state(ws, state)
    observer_control.start(ws)  # before the faults, so the timeline sees them land
    _, scenario = current_scenario(state)
    for exercise in engine.initial_exercises(scenario):
        engine.activate(ws, state, exercise, report)
    brief.show_lab(ws, scenario, state)
    return state


def leave_previous_lab(ws: Workspace, report: Report) -> None:
    """A new `lab start` over a running lab reverts that lab's faults first."""
    running = engine.loaded(ws)
    if running is None:
        return
    state, scenario = running
    engine.revert_all(ws, state, scenario, report)
