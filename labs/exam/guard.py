"""During an exam the lab's coaching verbs stay silent: no hints, no solutions, no scores."""

from __future__ import annotations

import re
from pathlib import Path

from labs.core.errors import LabError, UsageError
from labs.core.i18n import tr
from labs.session import LabSession

# The exam's lab id (labs/exam/definition.yaml `id`), as its state file records it.
EXAM_LAB = "examen-final"


def _why(verb: str) -> str:
    reasons = {
        "hint": tr("Durante el examen no hay pistas ni soluciones.", "No hints during the exam."),
        "next": tr(
            "Durante el examen se avanza con `lab exam submit`.",
            "During the exam, move on with `lab exam submit`.",
        ),
        "check": tr(
            "Durante el examen la nota se conoce al final, en la revisión.",
            "During the exam the score is shown at the end, in the review.",
        ),
    }
    return reasons.get(verb, tr("No disponible durante el examen.", "Not in the exam."))


def _exam_lab(session: LabSession) -> bool:
    """The running lab is an exam's, whatever became of the exam's own file: its scenario is
    the sealed composition the exam wrote (no exam file moved aside makes it a course day)."""
    try:
        state = session.state
    except LabError:
        return False
    path = Path(state.scenario_file)
    text = path.read_bytes() if path.is_file() else b""
    return state.lab == EXAM_LAB or re.search(rb"(?m)^sealed: true$", text) is not None


def refuse_during_exam(session: LabSession, verb: str) -> None:
    """Refuse the verb while an exam is under way; a deadline that passed closes its part."""
    has_file = (session.ws.state_dir / "exam" / "exam.json").is_file()
    if not has_file and not _exam_lab(session):
        return  # no exam here: `lab check` must not pay for loading the exam's code
    if has_file:
        _tick_or_pass(session)
    raise UsageError(
        _why(verb),
        tr(
            "Vea el tiempo y la parte con `lab exam status`; entregue con `lab exam submit`.",
            "See time and part with `lab exam status`; submit with `lab exam submit`.",
        ),
    )


def _tick_or_pass(session: LabSession) -> None:
    from labs.certs.keys import keydir
    from labs.exam.runner import ExamRun
    from labs.exam.state import load_exam

    exam = load_exam(session.ws)
    if exam is None or exam.finished:
        # A finished exam's lab still refuses: its results are the review's to show.
        return
    if exam.graded_by is None:  # a classroom exam's clock runs on the instructor's machine
        ExamRun(session, keydir(None)).tick()


def show_exam_brief(session: LabSession) -> bool:
    """During an exam `lab brief` shows the active exercise and the exam's way on."""
    if not (session.ws.state_dir / "exam" / "exam.json").is_file():
        return False
    from labs import brief
    from labs.core.console import console
    from labs.core.terminal import print_markdown
    from labs.exam.state import exam_in_progress

    active = session.scenario.exercise(session.state.active_exercise or "")
    if not exam_in_progress(session.ws) or active is None:
        return False
    brief.show(session.ws, session.scenario.title, [])
    brief.show_exercise(active)
    console.print()
    print_markdown(
        console,
        tr(
            "Cuando termine este ejercicio: `lab exam submit`. Tiempo y parte: `lab exam status`.",
            "When this exercise is done: `lab exam submit`. Time and part: `lab exam status`.",
        ),
    )
    return True
