"""Grading a trainee from the instructor's machine.

The grader runs here, with the instructor's scenario files; it reads the trainee's live
system through RemoteHost and the trainee's written work from a fresh copy of their
workspace. What the lab itself recorded at start (state with seed and drawn values,
baseline) comes from the instructor's snapshot, and the results are written only here:
a trainee who edits results, state or the grader on their own machine changes nothing.
Still read from the trainee's machine: their progress through the exercises (`lab next`),
the observer's timeline, the hints they revealed and the records of faults injected after
the snapshot — the lab runs there. A classroom exam takes a new snapshot after each
exercise it starts there (labs.classroom.exam), so its records are the instructor's.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import grader
from labs.classroom.connect import open_trainee
from labs.classroom.models import Assignment, GradeSummary, Roster, Trainee
from labs.classroom.store import ClassDir
from labs.core.errors import UsageError
from labs.core.i18n import tr
from labs.core.records import Records
from labs.core.state import LabState, save_state, utc_now
from labs.core.tree import TraineeTree
from labs.core.workspace import Workspace
from labs.host.remote import RemoteHost
from labs.scenario.load import current_scenario, find_scenario

# MySQL's files: the engine answers for them. The trainee's results and exam records: the
# instructor keeps its own (the rest of the trainee's .lab is kept aside, FROM_TRAINEE_LAB).
NOT_COPIED = ("./mysql", "./.lab/results", "./.lab/exam")
# The instructor's own records inside the copy's .lab, kept aside while the copy is renewed:
# .lab/<name> ↔ the trainee's class folder/<kept as>.
INSTRUCTOR_OWNED = {"results": "resultados", "exam": "examen-registro"}
# What the lab running on the trainee's machine records as they work.
FROM_TRAINEE_LAB = ("timeline", "hints.json")
TRAINEE_LAB_COPY = ".lab-aprendiz"


def assignment_of(roster: Roster, trainee: Trainee) -> Assignment:
    found = roster.assignments.get(trainee.name)
    if found is None or found.state is None:
        raise UsageError(
            tr(
                f"{trainee.name}: no se ha iniciado un laboratorio desde esta clase.",
                f"{trainee.name}: no lab was started from this class.",
            ),
            tr(
                "Inícielo con `lab class start day1` (o el que corresponda).",
                "Start one with `lab class start day1` (or the one you want).",
            ),
        )
    return found


def refresh_copy(classroom: ClassDir, trainee: Trainee, host: RemoteHost) -> Workspace:
    """A fresh copy of the trainee's files (one tar over ssh); the instructor's .lab records
    (start snapshot, earlier results) put back in place of the trainee's."""
    copy = classroom.copy_of_workspace(trainee)
    ws = Workspace(copy)
    kept = {
        name: classroom.trainee_dir(trainee) / aside for name, aside in INSTRUCTOR_OWNED.items()
    }
    for name, aside in kept.items():
        if (ws.state_dir / name).is_dir():
            _replace(ws.state_dir / name, aside)
    if copy.exists():
        shutil.rmtree(copy)
    host.fetch_tree(host.remote_home, copy, exclude=NOT_COPIED)
    trainee_lab = copy / TRAINEE_LAB_COPY
    if ws.state_dir.is_dir():
        ws.state_dir.rename(trainee_lab)
    ws.state_dir.mkdir(parents=True)
    _merge_records(ws.state_dir, classroom.start_snapshot(trainee), trainee_lab)
    for name, aside in kept.items():
        if aside.is_dir():
            _replace(aside, ws.state_dir / name)
    return ws


def _merge_records(state_dir: Path, snapshot: Path, trainee_lab: Path) -> None:
    """The lab's records for grading: the instructor's snapshot, what only the trainee's
    machine records as they work (FROM_TRAINEE_LAB), and the records of faults injected after
    the snapshot (`lab next` in a sequential day; an exam refreshes its snapshot instead)."""
    for item in _items(snapshot):
        if item.name not in ("state.json", *INSTRUCTOR_OWNED, *FROM_TRAINEE_LAB):
            _replace(item, state_dir / item.name)
    for item in _items(trainee_lab):
        target = state_dir / item.name
        theirs_only = item.name in FROM_TRAINEE_LAB or not target.exists()
        if theirs_only and item.name not in ("state.json", *INSTRUCTOR_OWNED):
            _replace(item, target)


def _items(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def graded_state(assignment: Assignment, trainee_copy: Path, scenario: Path) -> LabState:
    """The instructor's state, with the trainee's progress through the exercises."""
    assert assignment.state is not None
    mine = assignment.state.model_copy(update={"scenario_file": str(scenario)})
    theirs_file = trainee_copy / TRAINEE_LAB_COPY / "state.json"
    if not theirs_file.is_file():
        return mine
    try:
        theirs = LabState.model_validate_json(theirs_file.read_text(encoding="utf-8"))
    except ValueError:
        return mine
    if (theirs.lab, theirs.seed, theirs.started_at) != (mine.lab, mine.seed, mine.started_at):
        return mine  # another lab (or a restart) over there: only the instructor's start counts
    return mine.model_copy(
        update={"exercises": theirs.exercises, "active_exercise": theirs.active_exercise}
    )


def grade_trainee(
    classroom: ClassDir, roster: Roster, trainee: Trainee, *, only: str | None = None
) -> tuple[GradeSummary, grader.ResultsDocument]:
    assignment = assignment_of(roster, trainee)
    started = time.monotonic()
    if assignment.exam:
        classroom = classroom.exam_part()
    with open_trainee(classroom, trainee) as host:
        host.remote_home += assignment.home_suffix
        if assignment.exam:
            state = exam_lab_state(classroom, trainee, assignment)
            document = grade_copy(classroom, trainee, host, state, only=only, record=False)
        else:
            ws = refresh_copy(classroom, trainee, host)
            state = graded_state(assignment, ws.root, find_scenario(assignment.lab))
            document = grade_copy(classroom, trainee, host, state, only=only, refreshed=ws)
        healthy = host.health(3.0).http_status == 200
    summary = GradeSummary(
        lab=state.lab,
        exercise=state.active_exercise,
        score_percent=document.total_percent,
        passed=sum(1 for check in document.checks if check.passed),
        total=len(document.checks),
        healthy=healthy,
        graded_at=utc_now(),
        seconds=round(time.monotonic() - started, 2),
    )
    return summary, document


def grade_copy(
    classroom: ClassDir,
    trainee: Trainee,
    host: RemoteHost,
    state: LabState,
    *,
    only: str | None = None,
    record: bool = True,
    refreshed: Workspace | None = None,
) -> grader.ResultsDocument:
    """Grade the trainee's live system and a fresh copy of their files with `state`."""
    ws = refreshed or refresh_copy(classroom, trainee, host)
    save_state(ws, state)
    path, scenario = current_scenario(state, sql=host.sql)
    return grader.grade(
        scenario,
        path,
        TraineeTree.local(ws),
        Records.of(ws),
        state,
        host,
        only=only,
        record=record,
        for_instructor=True,
        workspace=ws,
    )


def exam_lab_state(classroom: ClassDir, trainee: Trainee, assignment: Assignment) -> LabState:
    """The lab state of a classroom exam as the instructor's machine keeps it."""
    path = classroom.exam_lab_state(trainee)
    if path.is_file():
        return LabState.model_validate_json(path.read_text(encoding="utf-8"))
    assert assignment.state is not None
    return assignment.state


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _replace(source: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        _remove(target)
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target)
