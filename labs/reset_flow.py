"""`lab reset` and `lab next`: move the running lab without losing the trainee's work."""

from __future__ import annotations

from collections.abc import Callable

from labs import brief, datastore, engine, grading, lifecycle
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.state import LabState, load_state, save_state
from labs.core.workspace import Workspace
from labs.scenario.load import current_scenario

Report = Callable[[str], None]


def reset(ws: Workspace, report: Report, *, clean: bool = False) -> LabState:
    """Revert every fault, return stack and data to the baseline, then (unless clean)
    make the active exercise live again. Notes, scripts and backups stay."""
    state = load_state(ws)
    _, scenario = current_scenario(state)
    try:
        engine.revert_all(ws, state, scenario, report)
    finally:
        # Even when a revert fails, the stack files and data go back to the baseline.
        lifecycle.bring_up(ws, report)
        restore_data(ws, report)
    live = [e for e in scenario.exercises if e.id in state.exercises]
    if scenario.progression == "sequential":
        live = [e for e in live if e.id == state.active_exercise] or live[-1:]
    if clean:
        state.exercises, state.active_exercise = {}, None
        save_state(ws, state)
        return state
    # Exercises already left behind keep their place (and so their recorded result).
    for exercise in live:
        state.exercises.pop(exercise.id, None)
    for exercise in live or engine.initial_exercises(scenario):
        engine.activate(ws, state, exercise, report)
    brief.show_lab(ws, scenario, state)
    return state


def restore_data(ws: Workspace, report: Report) -> None:
    diffs = datastore.differences(ws)
    if not diffs:
        return
    report(
        tr(
            "Los datos difieren de la línea base; restaurando: ",
            "Data differs from the baseline; restoring: ",
        )
        + "; ".join(diffs[:3])
    )
    datastore.restore(ws)
    left = datastore.differences(ws)
    if left:
        raise LabError(
            tr("Tras restaurar aún difieren: ", "Still different after restore: ")
            + "; ".join(left[:3])
        )


def next_exercise(ws: Workspace, report: Report) -> LabState:
    """Sequential labs: leave the active exercise (its faults reverted) for the next one."""
    state = load_state(ws)
    _, scenario = current_scenario(state)
    following = engine.next_exercise(scenario, state)
    if following is None:
        raise LabError(
            tr("Ya está en el último ejercicio.", "This is the last exercise."),
            tr("Revise su resultado con `lab check`.", "See your result: `lab check`."),
        )
    current = scenario.exercise(state.active_exercise or "")
    if current is not None:
        # The result it had while active is what counts once the trainee moves on.
        grading.grade_now(ws, state, only=current.id)
        engine.revert_exercise(ws, state, current, report)
    engine.activate(ws, state, following, report)
    brief.show_lab(ws, scenario, state)
    return state
