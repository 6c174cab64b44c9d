"""The exam on FakeHost: parts in order, submit, the clock closes a part as it stands,
hints refused, scores by the course's weights, a signed result only with the key."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from labs.certs.keys import KeyDir, init_keys, keydir
from labs.certs.signing import Verdict
from labs.certs.verify import verify_file
from labs.core import constants as c
from labs.core.errors import UsageError
from labs.core.state import LabState, save_state, utc_now
from labs.core.workspace import Workspace
from labs.exam.guard import refuse_during_exam
from labs.exam.runner import ExamRun
from labs.exam.state import ExamState, PartState, exam_file, load_exam, save_exam
from labs.host.fake import FakeHost
from labs.reporting import QuietReporter
from labs.session import LabSession

SCENARIO = """\
id: examen-prueba
title: Examen de prueba
version: 1.0.0
description: Una falla por parte.
progression: sequential
hint_cost: 0
sealed: true
exercises:
{exercises}
"""
EXERCISE = """\
- id: {id}
  title: Ejercicio {id}
  brief: El servicio {service} no está.
  faults:
  - kind: stop-service
    service: {service}
  checks:
  - id: {id}-ok
    kind: container-state
    criterion: {criterion}
    weight: 1
    service: {service}
"""
PLAN = [
    ("parte-1", "operaciones", [("op-1", "backend"), ("op-2", "mysql")]),
    ("parte-2", "respaldos", [("resp-1", "mysql")]),
    ("parte-3", "troubleshooting", [("ts-1", "backend")]),
    ("parte-4", "documentacion", [("doc-1", "mysql")]),
]
CONTAINER = {"backend": c.BACKEND_CONTAINER, "mysql": c.MYSQL_CONTAINER}


class Clock:
    def __init__(self) -> None:
        self.at = utc_now()

    def __call__(self) -> datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def host() -> FakeHost:
    return FakeHost.healthy_stack()


@pytest.fixture
def keys(tmp_path: Path) -> KeyDir:
    found = keydir(tmp_path / "keys")
    init_keys(found, "Carla Instructora")
    return found


@pytest.fixture
def session(tmp_path: Path, host: FakeHost, clock: Clock) -> LabSession:
    """What `lab exam start` leaves: the lab up, Part 1's first exercise live, its clock on."""
    body = "".join(
        EXERCISE.format(id=ex, service=svc, criterion=crit)
        for _, crit, items in PLAN
        for ex, svc in items
    )
    scenario_file = tmp_path / "examen.yaml"
    scenario_file.write_text(SCENARIO.format(exercises=body))
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    lab = LabState(
        lab="examen-prueba", scenario_file=str(scenario_file), started_at=clock(), seed=7
    )
    save_state(ws, lab)
    session = LabSession(ws, host, QuietReporter())
    session.activate(session.scenario.exercises[0])
    minutes = {"parte-1": 30, "parte-2": 30, "parte-3": 45, "parte-4": 15}
    exam = ExamState(
        exam_id="examen-prueba",
        title="Examen de prueba",
        trainee="Ana Zambrano",
        instructor="Carla Instructora",
        mode="exam",
        seed=7,
        pass_mark=70,
        scenario_file=str(scenario_file),
        drawn=["ts-1"],
        started_at=clock(),
        parts=[
            PartState(
                id=pid,
                title=pid,
                criterion=crit,
                minutes=minutes[pid],
                exercises=[e for e, _ in items],
            )
            for pid, crit, items in PLAN
        ],
    )
    exam.parts[0].started_at = clock()
    save_exam(ws, exam)
    return session


def solve(host: FakeHost, session: LabSession) -> None:
    active = session.state.active_exercise
    service = next(svc for _, _, items in PLAN for ex, svc in items if ex == active)
    host.start(CONTAINER[service])


def test_submitting_moves_through_the_exercises_and_parts_in_order(
    session: LabSession, host: FakeHost, keys: KeyDir, clock: Clock
) -> None:
    run = ExamRun(session, keys, clock)
    seen = []
    for _ in range(5):
        seen.append(session.state.active_exercise)
        solve(host, session)
        clock.advance(5)
        exam = run.submit()
    assert seen == ["op-1", "op-2", "resp-1", "ts-1", "doc-1"]
    assert exam.finished
    assert [p.closed_by for p in exam.parts] == ["submit"] * 4


def test_a_solved_exam_is_signed_scored_by_the_course_weights_and_certified(
    session: LabSession, host: FakeHost, keys: KeyDir, clock: Clock
) -> None:
    run = ExamRun(session, keys, clock)
    while not (exam := load_exam(session.ws)) or not exam.finished:
        solve(host, session)
        run.submit()
    finished = run.finish()
    result = finished.signed.result
    assert result.total_percent == 100.0
    assert result.passed
    assert {c.criterion: c.course_weight for c in result.criteria} == {
        "operaciones": 40.0,
        "respaldos": 30.0,
        "troubleshooting": 20.0,
        "documentacion": 10.0,
    }
    assert verify_file(finished.result_path).verdict is Verdict.VALID
    assert finished.certificate is not None
    assert all(verify_file(p).valid for p in finished.certificate)


def test_when_time_is_up_the_part_is_graded_as_it_stands_and_the_next_starts(
    session: LabSession, host: FakeHost, keys: KeyDir, clock: Clock
) -> None:
    run = ExamRun(session, keys, clock)
    clock.advance(31)  # nothing done in Part 1; its 30 minutes are gone
    exam = run.tick()
    first = exam.parts[0]
    assert first.closed_by == "time"
    assert first.closed_at == first.deadline  # closed at the deadline, not when noticed
    assert list(first.closed) == ["op-1"]  # op-2 was never reached
    assert exam.current == 1
    assert session.state.active_exercise == "resp-1"
    assert exam.parts[1].started_at == clock()  # the next part gets its whole time


def test_an_unsolved_exam_fails_and_gets_no_certificate(
    session: LabSession, keys: KeyDir, clock: Clock
) -> None:
    run = ExamRun(session, keys, clock)
    for _ in range(4):
        clock.advance(60)
        run.tick()
    finished = run.finish()
    assert not finished.signed.result.passed
    assert finished.signed.result.total_percent == 0.0
    assert finished.certificate is None
    assert [p.closed_by for p in finished.signed.result.parts] == ["time"] * 4


def test_without_the_instructors_key_the_result_is_practice_and_unsigned(
    session: LabSession, host: FakeHost, tmp_path: Path, clock: Clock
) -> None:
    run = ExamRun(session, keydir(tmp_path / "no-keys"), clock)
    while not (exam := load_exam(session.ws)) or not exam.finished:
        solve(host, session)
        run.submit()
    finished = run.finish()
    assert finished.signed.result.mode == "practice"
    assert finished.signed.signature is None
    assert finished.certificate is None
    assert verify_file(finished.result_path).verdict is Verdict.PRACTICE


def test_hints_next_and_check_are_refused_during_the_exam(session: LabSession) -> None:
    for verb in ("hint", "next", "check"):
        with pytest.raises(UsageError):
            refuse_during_exam(session, verb)


def test_moving_the_exam_file_aside_does_not_make_check_work(
    session: LabSession, tmp_path: Path
) -> None:
    exam_file = session.ws.state_dir / "exam" / "exam.json"
    exam_file.rename(tmp_path / "apartado.json")
    fresh = LabSession(session.ws, session.host)
    with pytest.raises(UsageError):
        refuse_during_exam(fresh, "check")


def test_the_exam_state_survives_a_new_process(
    session: LabSession, host: FakeHost, keys: KeyDir, clock: Clock
) -> None:
    solve(host, session)
    ExamRun(session, keys, clock).submit()
    again = LabSession(session.ws, host, QuietReporter())  # as after a crash
    exam = ExamRun(again, keys, clock).tick()
    assert list(exam.parts[0].closed) == ["op-1"]
    assert again.state.active_exercise == "op-2"


def test_an_exam_never_starts_over_earlier_work_that_would_score_for_free(
    session: LabSession, keys: KeyDir, clock: Clock
) -> None:
    from labs.core.errors import Refused
    from labs.exam.runner import ExamOptions

    exam_file(session.ws).unlink()  # no exam yet: a lab workspace from the course days
    (session.ws.trainee_home / "practica05-salud.txt").write_text("healthy\n")
    options = ExamOptions(trainee="Ana", seed=7, instructor="Carla", mode="exam")
    with pytest.raises(Refused):
        ExamRun(session, keys, clock).start(options)
    assert (session.ws.trainee_home / "practica05-salud.txt").is_file()


def test_the_brief_during_the_exam_is_the_active_exercise_and_the_way_on(
    session: LabSession, capsys: pytest.CaptureFixture[str]
) -> None:
    from labs.exam.guard import show_exam_brief

    assert show_exam_brief(session)
    shown = capsys.readouterr().out
    assert "op-1" in shown
    assert "lab exam submit" in shown
    assert "op-2" not in shown
