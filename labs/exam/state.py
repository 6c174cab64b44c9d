"""The exam's own state on disk (.lab/exam/exam.json): parts, clocks, what was submitted.

Written atomically after every change, so a crash or a reboot loses nothing: the next
`lab exam status` reads it back, and a deadline that passed meanwhile closes its part.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from labs.certs.model import Mode, PartClosure
from labs.core.criteria import Criterion
from labs.core.errors import UsageError
from labs.core.i18n import tr
from labs.core.state import write_atomically
from labs.core.workspace import Workspace


class PartState(BaseModel):
    id: str
    title: str
    criterion: Criterion
    minutes: float
    exercises: list[str]
    started_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: PartClosure | None = None
    closed: dict[str, datetime] = {}  # exercises of the part already graded, and when

    @property
    def deadline(self) -> datetime | None:
        if self.started_at is None:
            return None
        return self.started_at + timedelta(minutes=self.minutes)

    def remaining(self, now: datetime) -> float | None:
        deadline = self.deadline
        return None if deadline is None else max(0.0, (deadline - now).total_seconds())

    def expired(self, now: datetime) -> bool:
        deadline = self.deadline
        return self.closed_at is None and deadline is not None and now >= deadline


class ExamState(BaseModel):
    exam_id: str
    title: str
    trainee: str
    instructor: str
    mode: Mode
    seed: int
    pass_mark: float
    scenario_file: str
    drawn: list[str]
    started_at: datetime
    parts: list[PartState]
    current: int = 0
    finished_at: datetime | None = None
    # A classroom exam: the instructor's machine that drives and grades it. On the trainee's
    # machine this state is a copy for `lab exam status`; the instructor's is the one that counts.
    graded_by: str | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def part(self) -> PartState | None:
        return None if self.finished else self.parts[self.current]

    def part_of(self, exercise_id: str) -> PartState | None:
        return next((p for p in self.parts if exercise_id in p.exercises), None)


def exam_dir(ws: Workspace) -> Path:
    return ws.state_dir / "exam"


def exam_file(ws: Workspace) -> Path:
    return exam_dir(ws) / "exam.json"


def result_file(ws: Workspace) -> Path:
    return exam_dir(ws) / "result.json"


def scenario_path(ws: Workspace) -> Path:
    return exam_dir(ws) / "exam-scenario.yaml"


def load_exam(ws: Workspace) -> ExamState | None:
    path = exam_file(ws)
    if not path.is_file():
        return None
    return ExamState.model_validate_json(path.read_text(encoding="utf-8"))


def require_exam(ws: Workspace) -> ExamState:
    exam = load_exam(ws)
    if exam is None:
        raise UsageError(
            tr(f"No hay un examen en {ws.root}.", f"There is no exam in {ws.root}."),
            tr(
                "El instructor lo inicia con `lab exam start --trainee NOMBRE`.",
                "The instructor starts it with `lab exam start --trainee NAME`.",
            ),
        )
    return exam


def save_exam(ws: Workspace, exam: ExamState) -> Path:
    return write_atomically(exam_file(ws), exam)


def exam_in_progress(ws: Workspace) -> bool:
    exam = load_exam(ws)
    return exam is not None and not exam.finished
