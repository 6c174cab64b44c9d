"""`lab exam selftest`: a scripted exam, end to end, on this machine's Docker engine.

A trainee who plays every reference solution passes, gets a certificate and it verifies
with the instructor's key; the same certificate edited no longer verifies; a trainee who
does nothing is closed part by part by the clock (moved forward, never slept) and gets
no certificate. With `quick` one exercise per part keeps it to a few minutes.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from labs.certs.keys import KeyDir, init_keys, keydir, load_public
from labs.certs.signing import Verdict
from labs.certs.verify import verify_file
from labs.core.errors import LabError
from labs.core.scenario import Scenario
from labs.core.state import VariableValue, utc_now
from labs.core.workspace import Workspace
from labs.exam.compose import compose
from labs.exam.definition import load_definition, quick
from labs.exam.runner import ExamOptions, ExamRun, Finished
from labs.exam.state import load_exam
from labs.host.api import Host
from labs.scenario.load import require_exercise, validate_data
from labs.scenario.problems import ScenarioProblems
from labs.scenario.steps import run_steps
from labs.session import LabSession

Report = Callable[[str], None]


@dataclass
class Finding:
    step: str
    ok: bool
    detail: str = ""


@dataclass
class ExamSelftest:
    ws: Workspace
    host: Host
    out: Path
    report: Report
    quick: bool = True
    seed: int = 7
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)

    def note(self, step: str, ok: bool, detail: str = "") -> None:
        self.findings.append(Finding(step, ok, detail))
        self.report(f"{'✓' if ok else '✗'} exam: {step}" + (f" — {detail}" if detail else ""))

    def options(self, trainee: str) -> ExamOptions:
        definition = load_definition()
        return ExamOptions(
            trainee=trainee,
            seed=self.seed,
            instructor="Instructora de prueba",
            mode="exam",
            definition=quick(definition) if self.quick else definition,
        )

    def execute(self) -> ExamSelftest:
        keys = keydir(self.out / "keys")
        init_keys(keys, "Instructora de prueba", force=True)
        try:
            passing = self._timed("passing run", lambda: self._passing(keys))
            if passing is not None:
                self._certificate(passing, keys)
            self._timed("failing run", lambda: self._failing(keys))
        except LabError as exc:
            self.note("the scripted exam ran", False, str(exc))
        return self

    def _timed(self, name: str, action: Callable[[], Finished | None]) -> Finished | None:
        t0 = time.monotonic()
        try:
            return action()
        finally:
            self.seconds[name] = round(time.monotonic() - t0, 1)

    def _passing(self, keys: KeyDir) -> Finished | None:
        session = LabSession(self.ws, self.host)
        run = ExamRun(session, keys)
        options = self.options("Aprendiz Aprobada")
        run.start(options)
        self._sealed(session.scenario)
        answers = _answers(options, session.state.variables)
        while (exam := load_exam(self.ws)) is not None and not exam.finished:
            exercise = require_exercise(answers, session.state.active_exercise or "")
            run_steps(exercise.solution, self.ws, self.host)
            run.submit()
        finished = run.finish()
        result = finished.signed.result
        self.note(
            "the reference solutions pass the exam",
            result.passed and result.total_percent == 100.0,
            f"{result.total_percent} %, drawn {', '.join(result.drawn)}",
        )
        return finished

    def _sealed(self, trainee_copy: Scenario) -> None:
        leaked = [
            e.id for e in trainee_copy.exercises if e.solution or e.wrong_solutions or e.hints
        ]
        self.note(
            "the trainee's exam file is sealed (no solutions, no hints)",
            trainee_copy.sealed and not leaked,
            ", ".join(leaked),
        )

    def _certificate(self, finished: Finished, keys: KeyDir) -> None:
        self.note("a passing trainee gets a certificate", finished.certificate is not None)
        if finished.certificate is None:
            return
        trusted = load_public(keys.public)
        kept = []
        for path in (finished.result_path, *finished.certificate):
            copy = self.out / path.name
            shutil.copy2(path, copy)
            kept.append(copy)
            outcome = verify_file(copy, trusted)
            self.note(f"{copy.name} verifies with the instructor's key", outcome.valid)
        pdf = kept[2]
        edited = self.out / ("editado-" + pdf.name)
        data = pdf.read_bytes()
        name = finished.signed.result.trainee.encode("cp1252")
        edited.write_bytes(data.replace(name, name[:-1] + b"x"))
        outcome = verify_file(edited, trusted)
        self.note("an edited certificate fails verification", outcome.verdict is Verdict.ALTERED)

    def _failing(self, keys: KeyDir) -> Finished:
        # A new trainee on a new workspace: the first one's backups and notes must not count.
        if self.ws.is_lab_workspace():
            LabSession(self.ws, self.host).stop(purge=True)
        clock = _Jumping()
        session = LabSession(self.ws, self.host)
        run = ExamRun(session, keys, clock)
        exam = run.start(self.options("Aprendiz Ausente"))
        for part in exam.parts:  # nothing done: each part's time runs out
            clock.jump(part.minutes + 1)
            run.tick()
        finished = run.finish()
        result = finished.signed.result
        self.note(
            "a trainee who does nothing fails, closed by the clock",
            not result.passed and all(p.closed_by == "time" for p in result.parts),
            f"{result.total_percent} %",
        )
        scored = [f"{c.id} ({c.score:g})" for c in result.checks if c.score > 0]
        self.note("nothing done, nothing earned", not scored, ", ".join(scored))
        self.note("a failing trainee gets no certificate", finished.certificate is None)
        return finished


def _answers(options: ExamOptions, values: dict[str, VariableValue]) -> Scenario:
    """The solutions come from the instructor's side, composed here in memory with the
    trainee's drawn values: the trainee's sealed file has none."""
    assert options.definition is not None  # options() always sets it
    plan = compose(options.definition, options.seed, options.trainee)
    scenario, problems = validate_data(plan.raw, f"{plan.raw['id']} (composed)", values)
    if scenario is None:
        raise ScenarioProblems(problems)
    return scenario


class _Jumping:
    """The real clock, moved forward on demand: a part's time runs out without waiting."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return utc_now() + self.offset

    def jump(self, minutes: float) -> None:
        self.offset += timedelta(minutes=minutes)
