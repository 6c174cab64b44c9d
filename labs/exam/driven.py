"""A classroom exam on the trainee's machine: driven and graded from the instructor's.

That machine runs what it must (the stack, the faults of the active exercise) from a copy
of the exam without checks or solutions; its `.lab/exam/exam.json` is the instructor's
state sent back for `lab exam status`. `lab exam submit` there only asks: it leaves a
request the instructor's `lab class status` grades and answers, so nothing the trainee
writes on their own machine can move a clock or a score.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from labs.core.state import utc_now, write_atomically
from labs.core.workspace import Workspace
from labs.exam.state import ExamState, exam_dir, load_exam

REQUEST_NAME = "entrega.json"


class SubmitRequest(BaseModel):
    exercise: str
    requested_at: datetime


def is_driven(ws: Workspace) -> bool:
    exam = load_exam(ws)
    return exam is not None and exam.graded_by is not None


def request_submit(ws: Workspace, exercise: str) -> SubmitRequest:
    request = SubmitRequest(exercise=exercise, requested_at=utc_now())
    write_atomically(exam_dir(ws) / REQUEST_NAME, request)
    return request


def pending_request(ws: Workspace) -> SubmitRequest | None:
    path = exam_dir(ws) / REQUEST_NAME
    if not path.is_file():
        return None
    try:
        return SubmitRequest.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def take_state(ws: Workspace, text: str) -> ExamState:
    """The instructor's state, as sent; a request it has answered is cleared."""
    exam = ExamState.model_validate_json(text)
    write_atomically(exam_dir(ws) / "exam.json", exam)
    request = pending_request(ws)
    answered = exam.finished or (
        request is not None and any(request.exercise in p.closed for p in exam.parts)
    )
    if answered:
        (exam_dir(ws) / REQUEST_NAME).unlink(missing_ok=True)
    return exam
