"""A classroom on one machine: two trainee machines (network namespaces with their own dockerd
and sshd), driven and graded by the instructor's `lab class` over ssh.

One scripted trainee types the reference solution of Día 1 on their machine, the other does
nothing; graded from the instructor's side the first passes and the second fails, and the
second editing the lab's records on their own machine changes nothing. Then the exam on
both, driven, graded and signed from the instructor's machine: the one who works passes
and gets a certificate that verifies, the other fails and a forged result changes nothing.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from labs.core.scenario import RunStep, Scenario, WriteFileStep
from labs.core.workspace import Workspace
from labs.exam.compose import compose
from labs.exam.definition import load_definition, quick
from labs.host.remote import RemoteHost
from labs.host.ssh import SshTarget
from labs.scenario.load import find_scenario, validate_data, validate_file
from labs.scenario.steps import run_steps
from tests.integration.netns.trainee_hosts import TraineeHost, missing_requirements, trainee_hosts

pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(missing_requirements() is not None, reason=str(missing_requirements())),
]


@dataclass
class Classroom:
    directory: Path
    ssh_config: Path
    hosts: list[TraineeHost]
    figures: dict[str, float] = field(default_factory=dict)
    archive: Path | None = None

    def lab(
        self, *args: str, check: bool = True, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "LAB_CLASS_DIR": str(self.directory),
            "LAB_SSH_CONFIG": str(self.ssh_config),
            "LAB_KEYS_DIR": str(self.directory.parent / "claves"),
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
        proc = subprocess.run(
            [sys.executable, "-m", "labs", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"lab {' '.join(args)} → {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def home(self, host: TraineeHost) -> str:
        return f"{host.root}/inatrace-lab"

    def trainee_types(self, host: TraineeHost, line: str, *, stdin: str | None = None) -> str:
        """What a trainee types in a shell on their own machine."""
        proc = subprocess.run(
            ["ssh", "-F", str(self.ssh_config), f"root@{host.address}", line],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, f"{line}\n{proc.stderr}"
        return proc.stdout

    def grade(self, name: str) -> dict[str, object]:
        proc = self.lab("class", "grade", name, "--json", check=False)
        assert proc.returncode in (0, 1), proc.stderr
        document: dict[str, object] = json.loads(proc.stdout)
        return document


def _images_archive(directory: Path) -> Path:
    """The instructor's `lab images save`, once."""
    archive = directory / "imagenes.tar"
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "labs", "images", "save", str(archive)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return archive


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory, docker_engine: None) -> Iterator[Classroom]:
    workdir = tmp_path_factory.mktemp("aula")
    # No lock taken here: whoever runs the integration tests serializes them (a test that
    # took the developers' lock itself would deadlock a run already holding it).
    started = time.monotonic()
    with trainee_hosts(2, workdir / "maquinas") as hosts:
        room = Classroom(workdir / "clase", workdir / "maquinas" / "ssh-client" / "config", hosts)
        room.figures["namespaces_s"] = round(time.monotonic() - started, 2)
        t0 = time.monotonic()
        archive = _images_archive(workdir)
        room.figures["images_save_s"] = round(time.monotonic() - t0, 2)
        room.archive = archive
        yield room
        room.figures["whole_classroom_s"] = round(time.monotonic() - started, 2)
        _write_figures(room)
    shutil.rmtree(workdir, ignore_errors=True)


def _write_figures(room: Classroom) -> None:
    target = os.environ.get("LAB_CLASSROOM_FIGURES")
    if target:
        Path(target).write_text(json.dumps(room.figures, indent=2) + "\n")
    print("classroom figures:", json.dumps(room.figures))


def _play_reference_solution(room: Classroom, host: TraineeHost, lab: str) -> None:
    """The trainee types every exercise's reference steps on their own machine."""
    scenario, problems = validate_file(find_scenario(lab))
    assert scenario is not None, problems
    home = room.home(host)
    cwds = {
        "lab_home": home,
        "deploy_dir": f"{home}/backend/test/fortaleza",
        "trainee_home": f"{home}/home/usuario",
        "notes": f"{home}/notas",
    }
    for exercise in scenario.exercises:
        for step in exercise.solution:
            if isinstance(step, RunStep):
                where = shlex.quote(cwds[step.cwd])
                line = f"cd {where} && LAB_HOME={shlex.quote(home)} bash -c {shlex.quote(step.run)}"
                room.trainee_types(host, line)
            elif isinstance(step, WriteFileStep):
                target = shlex.quote(f"{home}/{step.write_file}")
                mode = " && chmod +x " + target if step.executable else ""
                room.trainee_types(
                    host,
                    f"mkdir -p $(dirname {target}) && cat > {target}{mode}",
                    stdin=step.content,
                )


def test_a_class_is_added_checked_prepared_and_started_on_every_machine(
    classroom: Classroom,
) -> None:
    room = classroom
    for host in room.hosts:
        room.lab(
            "class",
            "add",
            f"t{host.index}",
            host.url,
            "--home",
            room.home(host),
            "--docker-socket",
            str(host.docker_socket),
        )
    assert "t1" in room.lab("class", "list").stdout
    before = room.lab("class", "doctor", check=False)
    assert before.returncode == 1, before.stdout  # the lab's images are not there yet
    assert "faltan" in before.stdout
    t0 = time.monotonic()
    room.lab("class", "prepare", "--images", str(room.archive))
    room.figures["prepare_2_hosts_s"] = round(time.monotonic() - t0, 2)
    room.lab("class", "doctor")
    t0 = time.monotonic()
    started = room.lab("class", "start", "day1")
    room.figures["start_day1_2_hosts_s"] = round(time.monotonic() - t0, 2)
    assert started.stdout.count("iniciado") == 2, started.stdout


def test_the_trainee_who_works_passes_and_the_one_who_does_not_fails(classroom: Classroom) -> None:
    room = classroom
    _play_reference_solution(room, room.hosts[0], "day1")
    t0 = time.monotonic()
    worked = room.grade("t1")
    room.figures["grade_one_trainee_cli_s"] = round(time.monotonic() - t0, 2)
    idle = room.grade("t2")
    checks: list[dict[str, Any]] = worked["checks"]  # type: ignore[assignment]
    assert worked["passed"] is True, [c["message"] for c in checks if not c["passed"]]
    assert idle["passed"] is False
    assert float(idle["total_percent"]) < 50  # type: ignore[arg-type]
    status = room.lab("class", "status")
    assert "t1" in status.stdout
    assert "t2" in status.stdout
    roster = json.loads((room.directory / "aula.json").read_text())
    room.figures["grade_one_trainee_remote_s"] = roster["grades"]["t1"]["seconds"]
    assert roster["grades"]["t1"]["score_percent"] == 100.0


def test_a_trainee_editing_the_labs_records_on_their_machine_changes_no_grade(
    classroom: Classroom,
) -> None:
    room = classroom
    idle = room.hosts[1]
    home = room.home(idle)
    before = room.grade("t2")
    # The trainee forges a perfect results file and another seed in the lab's state.
    forged = {**before, "passed": True, "total_percent": 100.0}
    room.trainee_types(idle, f"cat > {home}/.lab/results/latest.json", stdin=json.dumps(forged))
    state = json.loads(room.trainee_types(idle, f"cat {home}/.lab/state.json"))
    state["seed"] = state["seed"] + 1
    state["variables"] = {}
    room.trainee_types(idle, f"cat > {home}/.lab/state.json", stdin=json.dumps(state))
    after = room.grade("t2")
    assert after["passed"] is False
    assert after["total_percent"] == before["total_percent"]
    assert after["seed"] == before["seed"]


def _exam_folder(room: Classroom, name: str) -> Path:
    """The instructor's records of one trainee's exam (labs.classroom.store: exam part)."""
    return room.directory / "aprendices" / name / "examen"


def _exam_answers(room: Classroom, name: str) -> Scenario:
    """The reference solutions of this trainee's exam, composed here as the instructor's
    machine composed it, rendered with the values drawn on their machine."""
    roster = json.loads((room.directory / "aula.json").read_text())
    seed = roster["assignments"][name]["seed"]
    state = json.loads((_exam_folder(room, name) / "examen-estado.json").read_text())
    plan = compose(quick(load_definition()), seed, name)
    scenario, problems = validate_data(plan.raw, "examen (compuesto)", state["variables"])
    assert scenario is not None, problems
    return scenario


def _sit_exam(room: Classroom, host: TraineeHost, name: str, *, solve: bool) -> dict[str, Any]:
    """The trainee works (or not) on each exercise and submits on their own machine; the
    instructor's `lab class status` answers every submission."""
    home = room.home(host) + "-examen"
    answers = _exam_answers(room, name) if solve else None
    exam_file = _exam_folder(room, name) / "espacio" / ".lab" / "exam" / "exam.json"
    with _trainee_shell(room, host, home) as shell:
        for _ in range(10):
            exam = json.loads(exam_file.read_text())
            if exam["finished_at"]:
                return dict(exam)
            state = json.loads((_exam_folder(room, name) / "examen-estado.json").read_text())
            if answers is not None:
                exercise = answers.exercise(state["active_exercise"])
                assert exercise is not None
                run_steps(exercise.solution, Workspace(Path(home)), shell)
            said = room.trainee_types(host, f"lab exam submit --yes --home {home}")
            assert "registrada" in said, said
            t0 = time.monotonic()
            room.lab("class", "status", name)
            room.figures[f"answer_submission_{name}_s"] = round(time.monotonic() - t0, 2)
    raise AssertionError(f"{name}: the exam did not finish")


@contextmanager
def _trainee_shell(room: Classroom, host: TraineeHost, home: str) -> Iterator[RemoteHost]:
    """The trainee's own shell on their machine (commands run there over ssh)."""
    previous = os.environ.get("LAB_SSH_CONFIG")
    os.environ["LAB_SSH_CONFIG"] = str(room.ssh_config)
    try:
        with RemoteHost(
            SshTarget.parse(host.url), remote_home=home, docker_socket=str(host.docker_socket)
        ) as shell:
            yield shell
    finally:
        if previous is None:
            os.environ.pop("LAB_SSH_CONFIG", None)
        else:
            os.environ["LAB_SSH_CONFIG"] = previous


def test_the_exam_is_driven_graded_and_signed_from_the_instructors_machine(
    classroom: Classroom,
) -> None:
    room = classroom
    room.lab("keys", "init", "--instructor", "Instructora de prueba")
    room.lab("class", "stop")
    t0 = time.monotonic()
    started = room.lab("class", "start", "exam", "--short")
    room.figures["start_exam_2_hosts_s"] = round(time.monotonic() - t0, 2)
    assert started.stdout.count("firmado") == 2, started.stdout
    passing, idle = room.hosts
    exam_home = room.home(passing) + "-examen"
    # What the trainee's machine holds: the exercise reached, rendered (briefs and faults);
    # no checks, solutions, hints, drawn values or exercises still to come.
    theirs = yaml.safe_load(Path(exam_home, ".lab", "exam", "exam-scenario.yaml").read_text())
    assert theirs["graded_elsewhere"] is True
    assert "variables" not in theirs
    assert [e["id"] for e in theirs["exercises"]] == [
        "preparando-examen",
        "p05-estado-contenedores",
    ]
    for exercise in theirs["exercises"]:
        assert not {"checks", "solution", "wrong_solutions", "hints"} & set(exercise), exercise
    assert json.loads(Path(exam_home, ".lab", "state.json").read_text())["variables"] == {}
    refused = subprocess.run(
        [
            "ssh",
            "-F",
            str(room.ssh_config),
            f"root@{passing.address}",
            f"lab check --home {exam_home}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr

    assert _sit_exam(room, passing, "t1", solve=True)["finished_at"]
    assert _sit_exam(room, idle, "t2", solve=False)["finished_at"]

    # t2 forges a passing result and exam state on their own machine: nothing here changes.
    idle_exam = Path(room.home(idle) + "-examen", ".lab", "exam")
    forged = json.loads((idle_exam / "result.json").read_text())
    forged["result"]["passed"] = True
    forged["result"]["total_percent"] = 100.0
    (idle_exam / "result.json").write_text(json.dumps(forged))
    report = room.lab("class", "report")
    signed = json.loads((_exam_folder(room, "t1") / "espacio/.lab/exam/result.json").read_text())
    failed = [(c["id"], c["message"]) for c in signed["result"]["checks"] if not c["passed"]]
    assert "t1: 100.0 % aprobado" in report.stdout, (report.stdout, failed)
    assert "no aprobado" in report.stdout.split("t2:")[1]
    assert (room.directory / "informe" / "informe-clase.html").is_file()

    exam_dir = _exam_folder(room, "t1") / "espacio" / ".lab" / "exam"
    pdf = next(exam_dir.glob("certificado-*.pdf"))
    key = next((room.directory.parent / "claves").glob("*.pub"))
    assert room.lab("cert", "verify", str(pdf), "--key", str(key), check=False).returncode == 0
    edited = exam_dir.parent.parent / "editado.html"
    page = next(exam_dir.glob("certificado-*.html")).read_text()
    edited.write_text(page.replace("100,0", "99,0").replace("100.0", "99.0"))
    assert room.lab("cert", "verify", str(edited), "--key", str(key), check=False).returncode != 0
    assert not list((_exam_folder(room, "t2") / "espacio" / ".lab" / "exam").glob("certificado-*"))
    # The trainee reads the review the instructor's machine sent back.
    review = room.trainee_types(passing, f"lab exam review --home {exam_home}")
    assert "100" in review
