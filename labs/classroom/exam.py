"""The certification exam in a classroom: driven and graded from the instructor's machine.

The trainee's machine runs the stack and the active exercise's faults (`lab exam drive …`)
from a copy of the exam that grows one exercise at a time, already rendered with the drawn
values: no checks, solutions, hints, variables or exercises not reached yet. Here: the full
composition, the drawn values, the clocks, the grading (over RemoteHost on a fresh copy of
their files), the signature and the certificate. The trainee's `lab exam submit` only
leaves a request; `lab class status` answers it (grades the exercise as it stands, starts
the next) and closes any part whose time is up, so the exam's state and result live here.
"""

from __future__ import annotations

import platform
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

import grader
from labs.certs.keys import KeyDir
from labs.certs.model import SignedResult
from labs.certs.verify import load_signed
from labs.classroom.connect import open_trainee
from labs.classroom.grading import grade_copy
from labs.classroom.machines import SNAPSHOT_EXCLUDES, Started
from labs.classroom.models import Assignment, GradeSummary, Trainee
from labs.classroom.store import ClassDir
from labs.core.errors import LabError, UsageError
from labs.core.i18n import tr
from labs.core.lock import path_lock
from labs.core.scenario import Exercise, Scenario, scenario_sha256
from labs.core.state import ExerciseState, LabState, utc_now, write_atomically
from labs.core.workspace import Workspace
from labs.exam.compose import reached_so_far
from labs.exam.definition import load_definition, quick
from labs.exam.driven import REQUEST_NAME, SubmitRequest
from labs.exam.runner import ExamOptions, ExamRun
from labs.exam.state import ExamState, load_exam, result_file
from labs.host.remote import RemoteHost
from labs.scenario.load import current_scenario, declared_variables
from labs.scenario.variables import resolve_variables
from labs.session import fault_objects

EXAM_HOME_SUFFIX = "-examen"


class TraineeSession:
    """The exam's lab session on a trainee's machine, seen from the instructor's (the class
    directory given is the exam's part of it: labs.classroom.store.ClassDir.exam_part)."""

    def __init__(
        self, classroom: ClassDir, trainee: Trainee, host: RemoteHost, state: LabState | None
    ) -> None:
        self.classroom, self.trainee, self.host = classroom, trainee, host
        self.ws = Workspace(classroom.copy_of_workspace(trainee))
        self._state = state

    # --- what is running (the instructor's view) ---------------------------------------
    @property
    def state(self) -> LabState:
        if self._state is None:
            raise UsageError(
                tr(
                    f"{self.trainee.name}: el examen no se ha iniciado desde esta clase.",
                    f"{self.trainee.name}: the exam was not started from this class.",
                ),
                tr("Inícielo con `lab class start exam`.", "Start it: `lab class start exam`."),
            )
        return self._state

    @cached_property
    def scenario(self) -> Scenario:
        return current_scenario(self.state, sql=self.host.sql)[1]

    def save(self) -> None:
        write_atomically(self.classroom.exam_lab_state(self.trainee), self.state)

    # --- what the exam asks of the trainee's machine -----------------------------------
    def start(
        self, lab: str, *, seed_value: int, scale: int, scenario_file: Path | None = None
    ) -> LabState:
        """Up there with no exercise of the exam yet; the values drawn here (from the seed
        and the database just seeded there); then the first exercise."""
        assert scenario_file is not None  # the exam always composes its own
        full = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
        self._lab(
            "exam",
            "drive",
            "start",
            "--plan",
            "-",
            "--seed",
            str(seed_value),
            "--scale",
            str(scale),
            plan=reached_so_far(full, {}, None),
        )
        theirs = LabState.model_validate_json((self._snapshot() / "state.json").read_bytes())
        values = resolve_variables(declared_variables(scenario_file), seed_value, sql=self.host.sql)
        self._state = theirs.model_copy(
            update={
                "scenario_file": str(scenario_file),
                "scenario_sha256": scenario_sha256(scenario_file),
                "variables": values,
                "exercises": {},
                "active_exercise": None,
            }
        )
        self.__dict__.pop("scenario", None)
        self.activate(self.scenario.exercises[0])
        return self.state

    def check(self, *, only: str | None = None, record: bool = True) -> grader.ResultsDocument:
        return grade_copy(
            self.classroom, self.trainee, self.host, self.state, only=only, record=record
        )

    def activate(self, exercise: Exercise) -> None:
        full = yaml.safe_load(Path(self.state.scenario_file).read_text(encoding="utf-8"))
        copy = reached_so_far(full, self.state.variables, exercise.id)
        self._lab("exam", "drive", "activate", exercise.id, "--plan", "-", plan=copy)
        self._snapshot()  # the new faults' records, as the lab wrote them just now
        # The exercise starts when its faults are live there, by this machine's clock.
        self.state.exercises[exercise.id] = ExerciseState(
            started_at=utc_now(), faults=[f.key for f in fault_objects(exercise)]
        )
        self.state.active_exercise = exercise.id
        self.save()

    def revert_exercise(self, exercise: Exercise) -> None:
        self._lab("exam", "drive", "revert", exercise.id)

    def _snapshot(self) -> Path:
        """The lab's own records there, right after it changed something at our request."""
        snapshot = self.classroom.start_snapshot(self.trainee)
        if snapshot.exists():
            shutil.rmtree(snapshot)
        self.host.fetch_tree(f"{self.host.remote_home}/.lab", snapshot, exclude=SNAPSHOT_EXCLUDES)
        return snapshot

    def _lab(self, *args: str, plan: dict[str, Any] | None = None) -> None:
        """The trainee's `lab` there; a plan (their copy of the exam) goes on its stdin."""
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False) if plan else None
        result = self.host.lab(*args, input_bytes=text.encode() if text is not None else None)
        if result.returncode != 0:
            raise LabError(
                tr(
                    f"{self.trainee.name}: `lab {' '.join(args[:3])}` falló allí: ",
                    f"{self.trainee.name}: `lab {' '.join(args[:3])}` failed there: ",
                )
                + (result.stderr or result.stdout).strip()[-500:],
                tr(
                    "Revise la máquina con `lab class doctor` y vuelva a ejecutar "
                    "`lab class status` (el examen sigue donde quedó).",
                    "Check the machine with `lab class doctor` and run `lab class status` "
                    "again (the exam resumes where it was).",
                ),
            )

    # --- what goes back to the trainee's machine --------------------------------------
    def send_state(self, exam: ExamState) -> None:
        self.host.lab(
            "exam", "drive", "state", input_bytes=exam.model_dump_json().encode(), timeout=60
        )

    def send_result(self) -> None:
        signed = result_file(self.ws).read_bytes()
        self.host.lab("exam", "drive", "result", input_bytes=signed, timeout=60)

    def pending_request(self) -> SubmitRequest | None:
        raw = self.host.read_file(f"{self.host.remote_home}/.lab/exam/{REQUEST_NAME}")
        if raw is None:
            return None
        try:
            return SubmitRequest.model_validate_json(raw)
        except ValueError:
            return None


def _silent(exercise: Exercise) -> None:
    """The new exercise's brief is the trainee's to read (`lab brief` there), not ours."""


@contextmanager
def exam_of(
    classroom: ClassDir, trainee: Trainee, assignment: Assignment | None, keys: KeyDir
) -> Iterator[tuple[ExamRun, TraineeSession]]:
    """One trainee's exam, held by this machine alone while it is driven (a second
    `lab class status` waits instead of grading the same submission twice)."""
    part = classroom.exam_part()
    folder = part.trainee_dir(trainee)
    folder.mkdir(parents=True, exist_ok=True)
    with path_lock(folder / ".lock"), open_trainee(part, trainee) as host:
        host.remote_home += EXAM_HOME_SUFFIX
        state = None
        if assignment is not None and part.exam_lab_state(trainee).is_file():
            state = LabState.model_validate_json(
                part.exam_lab_state(trainee).read_text(encoding="utf-8")
            )
        session = TraineeSession(part, trainee, host, state)
        yield ExamRun(session, keys, announce=_silent), session


@dataclass
class ExamSettings:
    """What the instructor chose for the class's exam."""

    keys: KeyDir
    short: bool = False
    part_minutes: dict[str, float] = field(default_factory=dict)
    pass_mark: float | None = None

    def options(self, trainee: Trainee, seed: int) -> ExamOptions:
        definition = load_definition()
        return ExamOptions(
            trainee=trainee.name,
            seed=seed,
            instructor=self.keys.instructor() or "-",
            mode="exam" if self.keys.has_private() else "practice",
            part_minutes=self.part_minutes,
            pass_mark=self.pass_mark,
            definition=quick(definition) if self.short else definition,
            graded_by=platform.node(),
        )


def start_exam_on(
    classroom: ClassDir, trainee: Trainee, seed: int, settings: ExamSettings
) -> Started:
    """The exam started on the trainee's machine, its state and composition kept here."""
    began = time.monotonic()
    try:
        with exam_of(classroom, trainee, None, settings.keys) as (run, session):
            exam = run.start(settings.options(trainee, seed))
            session.send_state(exam)
            state = session.state
    except LabError as exc:
        return Started(
            trainee=trainee.name,
            assignment=None,
            detail=exc.message,
            seconds=round(time.monotonic() - began, 2),
        )
    assignment = Assignment(
        lab=state.lab,
        seed=seed,
        started_at=utc_now(),
        state=state,
        home_suffix=EXAM_HOME_SUFFIX,
        exam=True,
    )
    mode = tr("firmado", "signed") if exam.mode == "exam" else tr("práctica", "practice")
    return Started(
        trainee=trainee.name,
        assignment=assignment,
        detail=tr(f"iniciado ({mode})", f"started ({mode})"),
        seconds=round(time.monotonic() - began, 2),
    )


def drive_exam(
    classroom: ClassDir, trainee: Trainee, assignment: Assignment, keys: KeyDir
) -> ExamState:
    """Close what the clock closed, answer a waiting submission, sign a finished exam."""
    with exam_of(classroom, trainee, assignment, keys) as (run, session):
        before = load_exam(session.ws)
        exam = run.tick()
        request = None if exam.finished else session.pending_request()
        if request is not None and request.exercise == session.state.active_exercise:
            exam = run.submit()
        if exam.finished and not result_file(session.ws).is_file():
            run.finish()
            session.send_result()
        if before is None or exam != before or request is not None:
            session.send_state(exam)
        return exam


def exam_status(
    classroom: ClassDir, trainee: Trainee, assignment: Assignment, keys: KeyDir
) -> GradeSummary:
    """Drive the trainee's exam one step, then its row for `lab class status`: the part and
    exercise, and the score of what was graded so far (live exercises are graded at submit)."""
    began = time.monotonic()
    exam = drive_exam(classroom, trainee, assignment, keys)
    ws = Workspace(classroom.exam_part().copy_of_workspace(trainee))
    document = grader.load_latest(ws)
    checks = document.checks if document is not None else []
    part = exam.part
    where = (
        tr("terminado", "finished")
        if part is None
        else f"{part.title} · {_left(part.remaining(utc_now()))}"
    )
    return GradeSummary(
        lab=exam.exam_id,
        exercise=where,
        score_percent=document.total_percent if document is not None else 0.0,
        passed=sum(1 for check in checks if check.passed),
        total=len(checks),
        graded_at=utc_now(),
        seconds=round(time.monotonic() - began, 2),
    )


def _left(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def class_results(classroom: ClassDir, trainees: list[Trainee]) -> dict[str, SignedResult]:
    """Every finished exam's result as this machine signed (or marked practice) it."""
    found: dict[str, SignedResult] = {}
    for trainee in trainees:
        path = result_file(Workspace(classroom.exam_part().copy_of_workspace(trainee)))
        if path.is_file():
            found[trainee.name] = load_signed(path)
    return found
