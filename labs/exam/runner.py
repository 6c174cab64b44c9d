"""The exam on one lab session: start, the parts' clocks, submit, finish, sign.

Each part's exercises are lived one after another (the composed scenario is sequential);
`submit` grades the active exercise as it stands, reverts its faults and moves on. When a
part's time is up, the next exam command (status, submit, check, hint) closes it as it
stands at that moment and the next part starts then, with its whole time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import grader
from labs import brief
from labs.certs import certificate
from labs.certs.keys import KeyDir, load_private
from labs.certs.model import Mode, PartClosure, SignedResult
from labs.certs.signing import practice, sign
from labs.core.errors import Refused, UsageError
from labs.core.i18n import tr
from labs.core.scenario import Exercise, Scenario
from labs.core.state import LabState, utc_now, write_atomically
from labs.core.workspace import Workspace
from labs.exam.compose import compose, write_plan
from labs.exam.definition import ExamDefinition, load_definition
from labs.exam.result import build_result
from labs.exam.state import (
    ExamState,
    PartState,
    exam_dir,
    load_exam,
    require_exam,
    result_file,
    save_exam,
    scenario_path,
)
from labs.scenario.load import require_exercise

Clock = Callable[[], datetime]
Announce = Callable[[Exercise], None]


class ExamSession(Protocol):
    """What the exam needs of a lab session: LabSession on this machine, or a trainee's
    machine driven and graded from the instructor's (labs.classroom.exam)."""

    ws: Workspace

    @property
    def state(self) -> LabState: ...

    @property
    def scenario(self) -> Scenario: ...

    def start(
        self, lab: str, *, seed_value: int, scale: int, scenario_file: Path | None = None
    ) -> LabState: ...

    def check(self, *, only: str | None = None, record: bool = True) -> grader.ResultsDocument: ...

    def activate(self, exercise: Exercise) -> None: ...

    def revert_exercise(self, exercise: Exercise) -> None: ...


@dataclass
class ExamOptions:
    trainee: str
    seed: int
    instructor: str
    mode: Mode
    scale: int = 1
    minutes_scale: float = 1.0
    part_minutes: dict[str, float] | None = None
    pass_mark: float | None = None
    definition: ExamDefinition | None = None  # default: the shipped one
    graded_by: str | None = None  # a classroom exam: the instructor's machine grades


@dataclass
class Finished:
    signed: SignedResult
    result_path: Path
    certificate: tuple[Path, Path] | None


class ExamRun:
    def __init__(
        self,
        session: ExamSession,
        keys: KeyDir,
        clock: Clock = utc_now,
        announce: Announce = brief.show_exercise,
    ) -> None:
        self.session, self.keys, self.now = session, keys, clock
        self.ws = session.ws
        # The new exercise's brief, shown only where the trainee sits (not on the
        # instructor's console in a classroom).
        self.announce = announce

    # --- start -------------------------------------------------------------------------
    def start(self, options: ExamOptions) -> ExamState:
        current = load_exam(self.ws)
        if current is not None and not current.finished:
            raise UsageError(
                tr(
                    f"Ya hay un examen en curso para {current.trainee} en {self.ws.root}.",
                    f"An exam for {current.trainee} is already under way in {self.ws.root}.",
                ),
                tr("Continúe con `lab exam status`.", "Go on with `lab exam status`."),
            )
        if options.mode == "exam":
            load_private(self.keys)  # no key: refuse now, not after two hours
        require_no_earlier_work(self.ws)
        definition = options.definition or load_definition()
        plan = compose(definition, options.seed, options.trainee)
        # The workspace first: it refuses a folder the lab did not make, and a composed
        # scenario inside .lab/ must not make a new workspace look foreign.
        self.ws.ensure()
        self._archive_previous()
        path = write_plan(plan, scenario_path(self.ws))
        self.session.start(
            definition.id, seed_value=options.seed, scale=options.scale, scenario_file=path
        )
        overrides = options.part_minutes or {}
        exam = ExamState(
            exam_id=definition.id,
            title=definition.title,
            trainee=options.trainee,
            instructor=options.instructor,
            mode=options.mode,
            seed=options.seed,
            pass_mark=options.pass_mark if options.pass_mark is not None else definition.pass_mark,
            graded_by=options.graded_by,
            scenario_file=str(path),
            drawn=plan.drawn,
            started_at=self.now(),
            parts=[
                PartState(
                    id=p.spec.id,
                    title=p.spec.title,
                    criterion=p.spec.criterion,
                    minutes=overrides.get(p.spec.id, p.spec.minutes * options.minutes_scale),
                    exercises=p.exercises,
                )
                for p in plan.parts
            ],
        )
        exam.parts[0].started_at = self.now()  # the clock starts once the lab is ready
        save_exam(self.ws, exam)
        return exam

    def _archive_previous(self) -> None:
        folder = exam_dir(self.ws)
        if not folder.is_dir():
            return
        stamp = self.now().strftime("%Y%m%dT%H%M%S")
        keep = self.ws.state_dir / "previous" / f"exam-{stamp}"
        keep.parent.mkdir(parents=True, exist_ok=True)
        folder.replace(keep)

    # --- the clock ---------------------------------------------------------------------
    def tick(self) -> ExamState:
        """Close every part whose time is up, as it stands now."""
        exam = require_exam(self.ws)
        while (part := exam.part) is not None and part.expired(self.now()):
            self._close_part(exam, "time")
        return exam

    # --- submit ------------------------------------------------------------------------
    def submit(self) -> ExamState:
        exam = self.tick()
        part = exam.part
        if part is None:
            return exam
        active = self.session.state.active_exercise
        if active in part.exercises and active not in part.closed:
            self._close_exercise(part, active)
            save_exam(self.ws, exam)  # before the next one is injected: a crash resumes here
        following = next((e for e in part.exercises if e not in part.closed), None)
        if following is not None:
            self._activate(following)
            save_exam(self.ws, exam)
        else:
            self._close_part(exam, "submit")
        return exam

    def _close_exercise(self, part: PartState, exercise_id: str) -> None:
        self.session.check(only=exercise_id)  # graded as it stands, then its faults go
        part.closed[exercise_id] = self.now()
        self.session.revert_exercise(require_exercise(self.session.scenario, exercise_id))

    def _activate(self, exercise_id: str) -> None:
        exercise = require_exercise(self.session.scenario, exercise_id)
        self.session.activate(exercise)
        self.announce(exercise)  # only the new one: the exam's footer comes from status

    def _close_part(self, exam: ExamState, how: PartClosure) -> None:
        part = exam.parts[exam.current]
        active = self.session.state.active_exercise
        if active in part.exercises and active not in part.closed:
            self._close_exercise(part, active)
            save_exam(self.ws, exam)  # before the next one is injected: a crash resumes here
        deadline = part.deadline
        now = self.now()
        part.closed_at = min(now, deadline) if how == "time" and deadline else now
        part.closed_by = how
        exam.current += 1
        if exam.current >= len(exam.parts):
            exam.finished_at = part.closed_at
            save_exam(self.ws, exam)
            return
        following = exam.parts[exam.current]
        self._activate(following.exercises[0])
        following.started_at = self.now()
        save_exam(self.ws, exam)

    # --- the end -----------------------------------------------------------------------
    def finish(self) -> Finished:
        """Sign (an exam) or mark as practice, write result.json and, if passed, certify."""
        exam = require_exam(self.ws)
        if not exam.finished:
            raise UsageError(
                tr("El examen aún no terminó.", "The exam is not over yet."),
                tr("Entregue las partes con `lab exam submit`.", "Submit with `lab exam submit`."),
            )
        document = grader.load_latest(self.ws)
        if document is None or document.lab != exam.exam_id:
            document = self.session.check(only=exam.parts[-1].exercises[-1], record=False)
        result = build_result(exam, document, self.session.state, self.ws)
        signed = (
            sign(result, load_private(self.keys))
            if exam.mode == "exam" and self.keys.has_private()
            else practice(result)
        )
        path = write_atomically(result_file(self.ws), signed)
        issued = None
        if signed.signed and signed.result.passed:
            issued = certificate.issue(signed, exam_dir(self.ws))
        return Finished(signed, path, issued)


def require_no_earlier_work(ws: Workspace) -> None:
    """Notes, scripts or backups from the course days would score exam checks for free;
    and they are the trainee's, so they are never moved or deleted: a new folder it is."""
    used = [d for d in ws.trainee_dirs if d.is_dir() and _has_files(d)]
    if used:
        raise Refused(
            tr(
                f"{ws.root} ya tiene trabajo de antes ({used[0]}): el examen empieza "
                "en un espacio de trabajo nuevo.",
                f"{ws.root} already holds earlier work ({used[0]}): the exam starts "
                "in a new workspace.",
            ),
            tr(
                "Detenga el laboratorio (`lab stop`) e inicie el examen con "
                "`--home ~/examen` (o LAB_HOME=~/examen).",
                "Stop the lab (`lab stop`) and start the exam with `--home ~/examen`.",
            ),
        )


def _has_files(folder: Path) -> bool:
    return any(p.is_file() for p in folder.rglob("*"))
