"""Exercises come alive: inject their faults, prove them live, and always revert.

A fault's restore record is written before it breaks anything, and the state
file lists what was injected, so `lab reset` / `lab stop` / the next `lab start`
can revert it from a new process after a crash or Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from labs import faults
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.scenario import Exercise, Scenario
from labs.core.state import ExerciseState, LabState, VariableValue, save_state, utc_now
from labs.core.workspace import Workspace
from labs.faults.base import Fault, FaultContext
from labs.scenario.load import current_scenario, live_sql, prepare_scenario

Report = Callable[[str], None]


def resolve_values(state: LabState) -> dict[str, VariableValue]:
    """This trainee's variable values, chosen once from the seed (and live data)."""
    _scenario, values = prepare_scenario(Path(state.scenario_file), state.seed, sql=live_sql)
    return values


def fault_objects(exercise: Exercise) -> list[Fault[Any]]:
    return [
        faults.build(spec, exercise_id=exercise.id, index=i)
        for i, spec in enumerate(exercise.faults)
    ]


def context(ws: Workspace, state: LabState) -> FaultContext:
    return FaultContext(ws, state.seed, dict(state.variables))


def activate(ws: Workspace, state: LabState, exercise: Exercise, report: Report) -> None:
    """Inject the exercise's faults and prove each one live; on any failure revert them."""
    ctx = context(ws, state)
    objects = fault_objects(exercise)
    state.exercises[exercise.id] = ExerciseState(
        started_at=utc_now(), faults=[f.key for f in objects]
    )
    state.active_exercise = exercise.id
    save_state(ws, state)  # recorded before injecting: a crash still gets reverted
    try:
        for fault in objects:
            report(tr(f"Inyectando falla {fault.kind}…", f"Injecting fault {fault.kind}…"))
            fault.inject(ctx)
        for fault in objects:
            evidence = fault.verify_injected(ctx)
            report(tr(f"Falla activa: {evidence}", f"Fault live: {evidence}"))
    except BaseException:
        revert_exercise(ws, state, exercise, report)
        raise
    # The exercise starts when its faults are live: process checks count from here.
    state.exercises[exercise.id].started_at = utc_now()
    save_state(ws, state)


def revert_exercise(ws: Workspace, state: LabState, exercise: Exercise, report: Report) -> None:
    """Revert every fault of the exercise; one failing revert never stops the others."""
    ctx = context(ws, state)
    problems = []
    for fault in reversed(fault_objects(exercise)):
        try:
            fault.revert(ctx)
        except Exception as exc:  # keep reverting the rest, report at the end
            problems.append(f"{fault.kind}: {exc}")
    if problems:
        raise LabError(
            tr("No se pudo revertir: ", "Could not revert: ") + "; ".join(problems),
            tr(
                "Ejecute `lab reset` de nuevo; si persiste, `lab stop` y `lab start`.",
                "Run `lab reset` again; if it persists, `lab stop` and `lab start`.",
            ),
        )
    report(tr(f"Fallas de {exercise.id} revertidas.", f"Faults of {exercise.id} reverted."))


def revert_all(ws: Workspace, state: LabState, scenario: Scenario, report: Report) -> None:
    for exercise_id in reversed(list(state.exercises)):
        exercise = scenario.exercise(exercise_id)
        if exercise is not None and exercise.faults:
            revert_exercise(ws, state, exercise, report)


def initial_exercises(scenario: Scenario) -> list[Exercise]:
    if scenario.progression == "together":
        return list(scenario.exercises)
    return scenario.exercises[:1]


def next_exercise(scenario: Scenario, state: LabState) -> Exercise | None:
    ids = scenario.exercise_ids
    if state.active_exercise not in ids:
        return scenario.exercises[0]
    position = ids.index(state.active_exercise)
    return scenario.exercises[position + 1] if position + 1 < len(ids) else None


def loaded(ws: Workspace) -> tuple[LabState, Scenario] | None:
    """The workspace's running lab, or None when none was started."""
    from labs.core.state import load_state

    if not ws.state_file.is_file():
        return None
    state = load_state(ws)
    return state, current_scenario(state)[1]
