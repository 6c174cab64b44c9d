"""`lab selftest`: prove every exercise of a lab solvable and its grading discriminating.

For each exercise: faults injected and proven live → every check scores 0 on the
broken system before any work (guards score only once the main action happened) → the
reference solution → every check passes → each known-bad fix, from a fresh start of
the exercise, still fails its `must_fail` checks → finally a clean reset leaves the
baseline: stack healthy, data equal to the baseline, .env as rendered, no fault left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grader import CheckResult
from labs import datastore, stack
from labs.core import constants as c
from labs.core.errors import LabError, UsageError
from labs.core.i18n import tr
from labs.core.scenario import Exercise, Scenario, Step
from labs.core.state import LabState, load_state, save_state
from labs.core.workspace import Workspace
from labs.host import tmpfiles
from labs.host.api import Host
from labs.scenario.load import find_scenario, load_scenario, require_solutions
from labs.scenario.steps import run_steps
from labs.session import MONITOR_VARIABLE, SELFTEST_MONITOR_MINUTES, LabSession

Report = Callable[[str], None]


@dataclass
class Finding:
    lab: str
    exercise: str
    step: str
    ok: bool
    detail: str = ""
    seconds: float = 0.0


@dataclass
class SelftestRun:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.findings) and all(f.ok for f in self.findings)


def _checks(session: LabSession, exercise: Exercise) -> dict[str, CheckResult]:
    document = session.check(only=exercise.id, record=False)
    return {result.id: result for result in document.checks_of(exercise.id)}


def _failing_text(results: dict[str, CheckResult], ids: list[str]) -> str:
    return "; ".join(f"{i}: {results[i].message}" for i in ids if i in results)[:1500]


class LabSelftest:
    def __init__(
        self,
        ws: Workspace,
        host: Host,
        lab: str,
        seed: int,
        report: Report,
        skip_known_bad: frozenset[str] = frozenset(),
    ) -> None:
        self.ws, self.lab, self.seed, self.report = ws, lab, seed, report
        # Known-bad fixes already proven on another seed whose outcome does not depend on
        # the seed's draw (e.g. a report-only mistake): skipped, and said so.
        self.skip_known_bad = skip_known_bad
        # The backend's JVM-like 20-30 s start is for trainees; every `docker compose` the
        # self-test runs inherits this, and it overrides the .env value (compose/env.template).
        os.environ.setdefault("LAB_BACKEND_START", "fast")
        self.host = host
        self.session = LabSession(ws, host)
        self.run = SelftestRun()
        self._trainee_snapshot = Path(tempfile.mkdtemp(prefix="ilab-selftest-work-"))

    def note(
        self, exercise: str, step: str, ok: bool, detail: str = "", since: float | None = None
    ) -> None:
        seconds = time.monotonic() - since if since else 0.0
        self.run.findings.append(Finding(self.lab, exercise, step, ok, detail, seconds))
        self.report(
            f"{'✓' if ok else '✗'} {self.lab}/{exercise}: {step}"
            + (f" — {detail[:300]}" if detail and not ok else "")
        )

    def execute(self, only: str | None = None) -> SelftestRun:
        began = time.time()
        try:
            return self._execute(only)
        finally:
            shutil.rmtree(self._trainee_snapshot, ignore_errors=True)
            forget_cron_jobs(self.host, self.ws)
            forget_tmp_exports(began)

    def _execute(self, only: str | None) -> SelftestRun:
        require_solutions(find_scenario(self.lab))  # before any stack starts
        self._require_known(self.skip_known_bad)
        t0 = time.monotonic()
        try:
            self.session.start(
                self.lab,
                seed_value=self.seed,
                scale=1,
                overrides={MONITOR_VARIABLE: SELFTEST_MONITOR_MINUTES},
            )
        except LabError as exc:
            self.note("-", "lab start", False, str(exc), t0)
            return self.run
        self.note("-", "lab start", True, since=t0)
        self._save_trainee_files()
        scenario = self.session.scenario
        for exercise in scenario.exercises:
            if only and exercise.id != only:
                continue
            self._exercise(scenario, exercise)
        self._final_reset()
        return self.run

    def _exercise(self, scenario: Scenario, exercise: Exercise) -> None:
        t0 = time.monotonic()
        try:
            self._fresh(scenario, exercise)
        except LabError as exc:
            self.note(exercise.id, "faults injected and live", False, str(exc), t0)
            return
        self.note(exercise.id, "faults injected and live", True, since=t0)
        self._broken(exercise)
        self._solution(exercise)
        for wrong in exercise.wrong_solutions:
            if wrong.id in self.skip_known_bad:
                self.report(f"- {self.lab}/{exercise.id}: known-bad fix '{wrong.id}' skipped")
                continue
            self._wrong(scenario, exercise, wrong.id, wrong.steps, wrong.must_fail)

    def _require_known(self, ids: frozenset[str]) -> None:
        known = {
            w.id
            for e in load_scenario(find_scenario(self.lab)).exercises
            for w in e.wrong_solutions
        }
        if ids - known:
            raise UsageError(
                tr(
                    f"{self.lab} no tiene estas malas soluciones: {', '.join(sorted(ids - known))}",
                    f"{self.lab} has no such known-bad fixes: {', '.join(sorted(ids - known))}",
                ),
                tr(
                    "Use los `id` de `wrong_solutions` del escenario.",
                    "Use the scenario's `wrong_solutions` ids.",
                ),
            )

    def _fresh(self, scenario: Scenario, exercise: Exercise) -> None:
        """The exercise as a trainee meets it: clean baseline, pristine work dirs, faults."""
        session = self.session
        session.revert_all()
        session.bring_up()
        session.restore_data()
        self._restore_trainee_files()
        state = session.state
        state.exercises, state.active_exercise = {}, None
        save_state(self.ws, state)
        session.activate(exercise)

    def _broken(self, exercise: Exercise) -> None:
        """Nothing done, nothing earned: before any action every check scores 0."""
        results = _checks(self.session, exercise)
        scoring = [f"{cid} ({r.score:g})" for cid, r in results.items() if r.score > 0]
        self.note(
            exercise.id,
            "every check scores 0 before any work",
            not scoring,
            f"points for nothing: {', '.join(scoring)}",
        )

    def _solution(self, exercise: Exercise) -> None:
        t0 = time.monotonic()
        if not self._play(exercise.id, "reference solution runs", exercise.solution):
            return
        results = _checks(self.session, exercise)
        failing = [cid for cid, r in results.items() if not r.passed]
        self.note(
            exercise.id,
            "reference solution passes every check",
            not failing,
            _failing_text(results, failing),
            t0,
        )

    def _wrong(
        self,
        scenario: Scenario,
        exercise: Exercise,
        wrong_id: str,
        steps: list[Step],
        must_fail: list[str],
    ) -> None:
        t0 = time.monotonic()
        label = f"known-bad fix '{wrong_id}' fails {must_fail}"
        try:
            self._fresh(scenario, exercise)
        except LabError as exc:
            self.note(exercise.id, label, False, f"fresh start failed: {exc}", t0)
            return
        self._play(exercise.id, f"known-bad fix '{wrong_id}' runs", steps, quiet=True)
        results = _checks(self.session, exercise)
        passed_anyway = [cid for cid in must_fail if results.get(cid) and results[cid].passed]
        # A guard that fails only because its requirement is unmet proves nothing about
        # the guard itself: the known-bad fix must trip it on its own merits.
        only_waiting = [
            cid
            for cid in must_fail
            if results.get(cid) and results[cid].evidence.get("guard_result") == "passed"
        ]
        detail = _failing_text(results, passed_anyway) or str(passed_anyway)
        if only_waiting:
            detail += f" waiting guards prove nothing: {only_waiting}"
        self.note(exercise.id, label, not passed_anyway and not only_waiting, detail, t0)

    def _play(self, exercise_id: str, label: str, steps: list[Step], quiet: bool = False) -> bool:
        try:
            run_steps(steps, self.ws, self.host)
        except LabError as exc:
            self.note(exercise_id, label, False, str(exc))
            return False
        if not quiet:
            self.note(exercise_id, label, True)
        return True

    def _final_reset(self) -> None:
        t0 = time.monotonic()
        try:
            self.session.reset(clean=True)
        except LabError as exc:
            self.note("-", "reset leaves a clean baseline", False, str(exc), t0)
            return
        problems = baseline_problems(self.host, self.ws)
        self.note("-", "reset leaves a clean baseline", not problems, "; ".join(problems), t0)

    def _save_trainee_files(self) -> None:
        for directory in self.ws.trainee_dirs:
            target = self._trainee_snapshot / directory.relative_to(self.ws.root)
            shutil.copytree(directory, target, dirs_exist_ok=True)

    def _restore_trainee_files(self) -> None:
        # Only in the self-test's own workspace: each attempt starts from the same work.
        for directory in self.ws.trainee_dirs:
            shutil.rmtree(directory, ignore_errors=True)
            source = self._trainee_snapshot / directory.relative_to(self.ws.root)
            shutil.copytree(source, directory, dirs_exist_ok=True)


def forget_cron_jobs(host: Host, ws: Workspace) -> None:
    """Cron lines the solutions installed run scripts of this (temporary) workspace."""
    crontab = host.read_crontab()
    kept = [line for line in crontab.splitlines() if str(ws.root) not in line]
    if len(kept) != len(crontab.splitlines()):
        host.write_crontab("\n".join(kept) + ("\n" if kept else ""))


# What the reference solutions export to /tmp as the course does (Práctica 10, Problema 3).
TMP_EXPORTS = ("backend-logs-*.log", "backend-error-*.log")


def forget_tmp_exports(since: float) -> None:
    """The exports this self-test's reference solutions wrote to /tmp (this user's files
    written since it began): a self-test leaves nothing behind."""
    for pattern in TMP_EXPORTS:
        for path in tmpfiles.recent_files(tmpfiles.TMP, pattern, since):
            path.unlink(missing_ok=True)


def baseline_problems(host: Host, ws: Workspace) -> list[str]:
    problems = []
    for name in c.CONTAINERS.values():
        if stack.health_status(host, name) != "healthy":
            problems.append(f"{name}: {stack.health_status(host, name)}")
    probe = host.health(2.0)
    if probe.http_status != 200:
        problems.append(f"health HTTP {probe.http_status} {probe.body or probe.error}")
    problems += datastore.differences(host, ws)
    state: LabState = load_state(ws)
    if state.exercises:
        problems.append(f"exercises still active: {list(state.exercises)}")
    leftovers = list((ws.state_dir / "faults").glob("*.json"))
    if leftovers:
        problems.append(f"fault records left: {[p.name for p in leftovers]}")
    if ws.env_file.read_text() != stack.render_env(ws, _mysql_image(ws)):
        problems.append(".env differs from the baseline")
    return problems


def _mysql_image(ws: Workspace) -> str:
    for line in ws.env_file.read_text().splitlines():
        if line.startswith("MYSQL_IMAGE="):
            return line.split("=", 1)[1]
    return c.MYSQL_OFFICIAL_IMAGE
