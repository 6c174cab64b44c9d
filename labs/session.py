"""One lab session behind every verb: start, next, reset, check, stop.

A session is a workspace, a host and a reporter. It loads (and so validates) the
running lab's scenario once, and it alone makes exercises come alive: inject their
faults, prove them live, and always revert. A fault's restore record is written before
it breaks anything and the state file lists what was injected, so `lab reset`, `lab
stop` or the next `lab start` can revert it from a new process after a crash or Ctrl-C.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import grader
from labs import brief, course_home, datastore, faults, observer_control, stack
from labs.core import constants as c
from labs.core.errors import LabError, UsageError
from labs.core.i18n import tr
from labs.core.records import Records
from labs.core.scenario import Exercise, Scenario, scenario_sha256
from labs.core.state import ExerciseState, LabState, load_state, save_state, utc_now
from labs.core.tree import TraineeTree
from labs.core.workspace import Workspace
from labs.faults.base import Fault, FaultContext
from labs.host import images
from labs.host.api import Host
from labs.reporting import QuietReporter, Reporter
from labs.scenario.load import (
    current_scenario,
    find_scenario,
    load_scenario,
    prepare_scenario,
    validate_file,
)
from labs.scenario.problems import ScenarioProblems


@dataclass
class StartResult:
    mysql_image: str
    offline_mysql: bool
    timings: dict[str, float] = field(default_factory=dict)


# The final incident's follow-up ("monitorear por 15 minutos"), which the instructor can
# compress (`lab start incident --monitor-minutes N`) and the self-test keeps short.
MONITOR_VARIABLE = "monitoreo_minutos"
SELFTEST_MONITOR_MINUTES = "0.25"


class LabSession:
    def __init__(self, ws: Workspace, host: Host, reporter: Reporter | None = None) -> None:
        self.ws = ws
        self.host = host
        self.report: Reporter = reporter or QuietReporter()

    # --- what is running -----------------------------------------------------------
    @cached_property
    def state(self) -> LabState:
        return load_state(self.ws)

    @cached_property
    def _loaded(self) -> tuple[Path, Scenario]:
        return current_scenario(self.state, sql=self.host.sql)

    @property
    def scenario(self) -> Scenario:
        return self._loaded[1]

    @property
    def scenario_path(self) -> Path:
        return self._loaded[0]

    def _forget_loaded(self) -> None:
        for name in ("state", "_loaded"):
            self.__dict__.pop(name, None)

    # --- verbs -----------------------------------------------------------------------
    def start(
        self,
        lab: str,
        *,
        seed_value: int,
        scale: int,
        scenario_file: Path | None = None,
        overrides: dict[str, str] | None = None,
    ) -> LabState:
        """load → workspace → stack → seed → baseline → observer → faults → brief.

        scenario_file: a scenario composed elsewhere (the exam's), instead of the shipped one.
        overrides: instructor-set values of variables the scenario declares (others ignored),
        e.g. the incident's monitoring minutes."""
        # An unknown lab fails before anything is touched.
        scenario_file = scenario_file or find_scenario(lab)
        scenario, problems = validate_file(scenario_file)  # and so does a broken file
        if problems or scenario is None:
            raise ScenarioProblems(problems)
        self.preflight()
        if self.ws.is_lab_workspace() and self.ws.state_file.is_file():
            self.revert_all()
        result = self.bring_up()
        self.report.note(
            tr(
                f"Stack listo en {result.timings['to_ready']:.1f} s.",
                f"Stack ready in {result.timings['to_ready']:.1f} s.",
            )
        )
        # Faker is heavy to import and only `lab start` needs it.
        from labs import seed

        with self.report.step(tr("Cargando datos de prueba…", "Loading seed data…")):
            seed.seed_database(seed_value, scale, self.ws.uploads)
        datastore.record(self.host, self.ws)
        state = LabState(
            lab=lab,
            scenario_file=str(scenario_file),
            started_at=utc_now(),
            seed=seed_value,
            scenario_sha256=scenario_sha256(scenario_file),
        )
        rendered, state.variables = prepare_scenario(scenario_file, seed_value, sql=self.host.sql)
        chosen = {k: v for k, v in (overrides or {}).items() if k in state.variables}
        if chosen:
            state.variables |= chosen
            rendered = load_scenario(scenario_file, state.variables)
        save_state(self.ws, state)
        self.__dict__["state"] = state
        self.__dict__["_loaded"] = (scenario_file, rendered)
        observer_control.start(self.ws)  # before the faults, so the timeline sees them land
        for exercise in initial_exercises(rendered):
            self.activate(exercise)
        brief.show_lab(self.ws, rendered, state)
        return state

    def next(self) -> LabState:
        """Sequential labs: leave the active exercise (its faults reverted) for the next."""
        state, scenario = self.state, self.scenario
        following = next_exercise(scenario, state)
        if following is None:
            raise UsageError(
                tr("Ya está en el último ejercicio.", "This is the last exercise."),
                tr("Revise su resultado con `lab check`.", "See your result: `lab check`."),
            )
        current = scenario.exercise(state.active_exercise or "")
        if current is not None:
            # The result it had while active is what counts once the trainee moves on.
            self.check(only=current.id)
            self.revert_exercise(current)
        self.activate(following)
        brief.show_lab(self.ws, scenario, state)
        return state

    def reset(self, *, clean: bool = False) -> LabState:
        """Revert every fault, return stack and data to the baseline, then (unless clean)
        make the active exercise live again. Notes, scripts and backups stay."""
        state, scenario = self.state, self.scenario
        try:
            self.revert_all()
        finally:
            # Even when a revert fails, the stack files and data go back to the baseline.
            self.bring_up()
            self.restore_data()
        live = [e for e in scenario.exercises if e.id in state.exercises]
        if scenario.progression == "sequential":
            live = [e for e in live if e.id == state.active_exercise] or live[-1:]
        if clean:
            state.exercises, state.active_exercise = {}, None
            save_state(self.ws, state)
            return state
        # Exercises already left behind keep their place (and so their recorded result).
        for exercise in live:
            state.exercises.pop(exercise.id, None)
        for exercise in live or initial_exercises(scenario):
            self.activate(exercise)
        brief.show_lab(self.ws, scenario, state)
        return state

    def graded_exercise(self) -> str | None:
        """The exercise a sequential lab is on (None: every exercise is live at once)."""
        if self.scenario.progression != "sequential":
            return None
        return self.state.active_exercise

    def check(self, *, only: str | None = None, record: bool = True) -> grader.ResultsDocument:
        return grader.grade(
            self.scenario,
            self.scenario_path,
            TraineeTree.local(self.ws),
            Records.of(self.ws),
            self.state,
            self.host,
            only=only,
            record=record,
            workspace=self.ws,
        )

    def stop(self, *, purge: bool = False) -> None:
        """Remove what the lab created; the trainee's work stays unless purge."""
        if not self.ws.is_lab_workspace():
            raise UsageError(
                tr(
                    f"{self.ws.root} no es un espacio de trabajo del laboratorio.",
                    f"{self.ws.root} is not a lab workspace.",
                ),
                tr("Indique el correcto con `--home` o LAB_HOME.", "Point to it with --home."),
            )
        self._release_faults()
        observer_control.stop(self.ws)
        with self.report.step(
            tr(
                "Deteniendo y eliminando los contenedores del laboratorio…",
                "Stopping and removing the lab's containers…",
            )
        ):
            stack.down(self.host, self.ws)
        self._archive_state()
        course_home.release(self.host, self.ws, purge=purge)
        if purge:
            self._purge()

    # --- the stack and its data ----------------------------------------------------------
    def preflight(self) -> None:
        """Before anything is created or reverted: no real deployment or other lab holds
        the names (exit 4), nothing foreign holds the ports (exit 3)."""
        stack.require_no_conflict(self.host, self.ws)
        stack.require_ports_free(self.host, stack.lab_listener_pids(self.ws))

    def mount_course_home(self) -> None:
        """On a dedicated host (--home /opt/inatrace): the home's own disk, as in production."""
        if note := course_home.mount(self.host, self.ws):
            self.report.note(note)

    def bring_up(self, tag: str = c.CURRENT_RELEASE.tag) -> StartResult:
        """Workspace → images → compose up → wait ready. Idempotent on a running lab."""
        t0 = time.monotonic()
        self.preflight()
        self.mount_course_home()
        self.ws.ensure()
        if link := course_home.link_trainee_home(self.ws):
            self.report.note(link)
        with self.report.step(tr("Imágenes del laboratorio…", "Lab images…")):
            choice = images.ensure_all(self.report.note)
        t_images = time.monotonic()
        stack.write_files(self.ws, choice.mysql_image, tag)
        with self.report.step(tr("docker compose up -d …", "docker compose up -d …")):
            stack.up(self.host, self.ws)
        with self.report.step(tr("Esperando a que el stack esté sano…", "Waiting for health…")):
            timings = stack.wait_ready(self.host)
        timings["images"] = t_images - t0
        timings["to_ready"] = time.monotonic() - t0
        return StartResult(choice.mysql_image, choice.offline, timings)

    def restore_data(self) -> None:
        diffs = datastore.differences(self.host, self.ws)
        if not diffs:
            return
        self.report.note(
            tr(
                "Los datos difieren de la línea base; restaurando: ",
                "Data differs from the baseline; restoring: ",
            )
            + "; ".join(diffs[:3])
        )
        datastore.restore(self.host, self.ws)
        left = datastore.differences(self.host, self.ws)
        if left:
            raise LabError(
                tr("Tras restaurar aún difieren: ", "Still different after restore: ")
                + "; ".join(left[:3])
            )

    # --- exercises and their faults --------------------------------------------------
    def fault_context(self) -> FaultContext:
        return FaultContext(self.ws, self.host, self.state.seed, dict(self.state.variables))

    def activate(self, exercise: Exercise) -> None:
        """Inject the exercise's faults and prove each one live; on any failure revert them."""
        state, ctx = self.state, self.fault_context()
        objects = fault_objects(exercise)
        state.exercises[exercise.id] = ExerciseState(
            started_at=utc_now(), faults=[f.key for f in objects]
        )
        state.active_exercise = exercise.id
        save_state(self.ws, state)  # recorded before injecting: a crash still gets reverted
        try:
            if objects:
                # What is injected and what proves it is what the trainee has to find.
                with self.report.step(tr("Preparando el ejercicio…", "Preparing the exercise…")):
                    for fault in objects:
                        fault.inject(ctx)
            for fault in objects:
                self.report.proof(f"{fault.kind}: {fault.verify_injected(ctx)}")
        except BaseException:
            self.revert_exercise(exercise)
            raise
        # The exercise starts when its faults are live: process checks count from here.
        state.exercises[exercise.id].started_at = utc_now()
        save_state(self.ws, state)

    def revert_exercise(self, exercise: Exercise) -> None:
        """Revert every fault of the exercise; one failing revert never stops the others."""
        ctx = self.fault_context()
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
        self.report.note(
            tr(f"Fallas de {exercise.id} revertidas.", f"Faults of {exercise.id} reverted.")
        )

    def revert_all(self) -> None:
        state, scenario = self.state, self.scenario
        for exercise_id in reversed(list(state.exercises)):
            exercise = scenario.exercise(exercise_id)
            if exercise is not None and exercise.faults:
                self.revert_exercise(exercise)

    # --- leaving -------------------------------------------------------------------
    def _release_faults(self) -> None:
        """What a fault holds on the host itself (a loop mount) must not outlive the lab."""
        if not self.ws.state_file.is_file():
            return
        try:
            state, scenario = self.state, self.scenario
        except LabError:
            return
        ctx = self.fault_context()
        for exercise_id in state.exercises:
            exercise = scenario.exercise(exercise_id)
            for fault in fault_objects(exercise) if exercise is not None else []:
                try:
                    fault.release(ctx)
                except Exception as exc:  # stopping goes on; say what was left
                    self.report.note(
                        tr(
                            f"No se pudo liberar {fault.kind}: {exc}",
                            f"Could not release {fault.kind}: {exc}",
                        )
                    )

    def _archive_state(self) -> None:
        """The faults died with the containers: the next start must not try to revert them."""
        ws = self.ws
        if ws.state_file.is_file():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            keep = ws.state_dir / "previous" / f"state.{stamp}.json"
            keep.parent.mkdir(parents=True, exist_ok=True)
            ws.state_file.replace(keep)
        shutil.rmtree(ws.state_dir / "faults", ignore_errors=True)
        self._forget_loaded()

    def _purge(self) -> None:
        root = self.ws.root
        self.report.note(tr(f"Borrando {root} por completo…", f"Deleting {root} entirely…"))
        try:
            shutil.rmtree(root)
        except PermissionError:
            # MySQL's files belong to the container's user: delete them from a container.
            images.remove_as_root(root)
            shutil.rmtree(root, ignore_errors=True)


def fault_objects(exercise: Exercise) -> list[Fault[Any]]:
    return [
        faults.build(spec, exercise_id=exercise.id, index=i)
        for i, spec in enumerate(exercise.faults)
    ]


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
