"""The classroom without machines: the roster, what is taken from whom when grading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labs.classroom.connect import on_all
from labs.classroom.grading import TRAINEE_LAB_COPY, graded_state, refresh_copy
from labs.classroom.models import Assignment, Trainee
from labs.classroom.store import ClassDir
from labs.cli.main import app
from labs.core.errors import LabError
from labs.core.state import ExerciseState, LabState

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _state(seed: int = 2126, **kw: object) -> LabState:
    return LabState(
        lab="day2", scenario_file="/remote/day2.yaml", started_at=STARTED, seed=seed, **kw
    )  # type: ignore[arg-type]


def _lab(tmp_path: Path, *args: str) -> tuple[int, str]:
    """Exit code and text as `lab` gives them (a LabError's code and its fix)."""
    result = CliRunner().invoke(app, ["class", *args, "--class-dir", str(tmp_path / "aula")])
    if isinstance(result.exception, LabError):
        return result.exception.exit_code, f"{result.exception.message} {result.exception.fix}"
    return result.exit_code, result.output


def test_machines_are_added_one_by_one_or_from_a_file(tmp_path: Path) -> None:
    hosts = tmp_path / "aula.txt"
    hosts.write_text("# la fila de atrás\nbruno ssh://bruno@pc-02\ncarla ssh://c@pc-03 /srv/lab\n")
    assert _lab(tmp_path, "add", "ana", "ssh://ana@pc-01")[0] == 0
    assert _lab(tmp_path, "add", "--file", str(hosts))[0] == 0
    roster = ClassDir(tmp_path / "aula").load()
    assert [t.name for t in roster.trainees] == ["ana", "bruno", "carla"]
    assert roster.find("carla") == Trainee(name="carla", url="ssh://c@pc-03", home="/srv/lab")


def test_adding_a_machine_again_replaces_it(tmp_path: Path) -> None:
    _lab(tmp_path, "add", "ana", "ssh://ana@pc-01")
    _lab(tmp_path, "add", "ana", "ssh://ana@pc-09")
    roster = ClassDir(tmp_path / "aula").load()
    assert [t.url for t in roster.trainees] == ["ssh://ana@pc-09"]


@pytest.mark.parametrize(
    ("name", "url"), [("Ana Pérez", "ssh://ana@pc-01"), ("ana", "http://pc-01")]
)
def test_a_bad_name_or_address_is_a_usage_error_and_saves_nothing(
    tmp_path: Path, name: str, url: str
) -> None:
    code, _ = _lab(tmp_path, "add", name, url)
    assert code == 2
    assert not (tmp_path / "aula" / "aula.json").exists()


def test_a_class_without_machines_says_how_to_add_them(tmp_path: Path) -> None:
    code, output = _lab(tmp_path, "status")
    assert code == 2
    assert "lab class add" in output


def test_the_instructors_state_wins_and_only_progress_comes_from_the_trainee(
    tmp_path: Path,
) -> None:
    mine = _state(variables={"tabla": "Company"})
    theirs = _state(
        variables={"tabla": "User"},
        active_exercise="p08",
        exercises={"p08": ExerciseState(started_at=STARTED)},
    )
    (tmp_path / TRAINEE_LAB_COPY).mkdir()
    (tmp_path / TRAINEE_LAB_COPY / "state.json").write_text(theirs.model_dump_json())
    graded = graded_state(
        Assignment(lab="day2", seed=2126, started_at=STARTED, state=mine),
        tmp_path,
        Path("/instructor/day2.yaml"),
    )
    assert graded.variables == {"tabla": "Company"}
    assert graded.active_exercise == "p08"
    assert graded.scenario_file == "/instructor/day2.yaml"


def test_a_trainee_state_with_another_seed_is_ignored_entirely(tmp_path: Path) -> None:
    mine = _state()
    (tmp_path / TRAINEE_LAB_COPY).mkdir()
    forged = _state(seed=1, active_exercise="p09")
    (tmp_path / TRAINEE_LAB_COPY / "state.json").write_text(forged.model_dump_json())
    graded = graded_state(
        Assignment(lab="day2", seed=2126, started_at=STARTED, state=mine),
        tmp_path,
        Path("/instructor/day2.yaml"),
    )
    assert (graded.seed, graded.active_exercise) == (2126, None)


class CopyingHost:
    """fetch_tree copies a local folder standing in for the trainee's workspace."""

    remote_home = "/remote/ws"

    def __init__(self, source: Path) -> None:
        self.source = source

    def fetch_tree(self, remote_dir: str, local_dir: Path, *, exclude: tuple[str, ...] = ()) -> int:
        import shutil

        shutil.copytree(self.source, local_dir, ignore=shutil.ignore_patterns("results", "mysql"))
        return 0


def test_a_fresh_copy_keeps_the_instructors_records_and_results_not_the_trainees(
    tmp_path: Path,
) -> None:
    classroom = ClassDir(tmp_path / "aula")
    trainee = Trainee(name="ana", url="ssh://ana@pc-01")
    theirs = tmp_path / "suyo"
    (theirs / ".lab" / "timeline").mkdir(parents=True)
    (theirs / ".lab" / "baseline.json").write_text('{"forjado": true}')
    (theirs / ".lab" / "timeline" / "t.jsonl").write_text("{}\n")
    (theirs / "notas").mkdir()
    (theirs / "notas" / "bitacora.md").write_text("| Fecha |\n")
    snapshot = classroom.start_snapshot(trainee)
    snapshot.mkdir(parents=True)
    (snapshot / "baseline.json").write_text('{"original": true}')
    earlier = classroom.copy_of_workspace(trainee) / ".lab" / "results"
    earlier.mkdir(parents=True)
    (earlier / "latest.json").write_text('{"mine": true}')

    ws = refresh_copy(classroom, trainee, CopyingHost(theirs))  # type: ignore[arg-type]

    assert json.loads(ws.baseline_file.read_text()) == {"original": True}
    assert (ws.results_dir / "latest.json").read_text() == '{"mine": true}'
    assert (ws.timeline_dir / "t.jsonl").is_file()
    assert ws.logbook.read_text() == "| Fecha |\n"


def test_a_fault_record_from_after_the_snapshot_comes_from_the_trainee_and_the_exam_stays_ours(
    tmp_path: Path,
) -> None:
    classroom = ClassDir(tmp_path / "aula")
    trainee = Trainee(name="ana", url="ssh://ana@pc-01")
    theirs = tmp_path / "suyo"
    (theirs / ".lab" / "exam").mkdir(parents=True)
    (theirs / ".lab" / "exam" / "result.json").write_text('{"forjado": true}')
    (theirs / ".lab" / "data-disk-full.json").write_text('{"después": true}')
    (theirs / ".lab" / "baseline.json").write_text('{"forjado": true}')
    snapshot = classroom.start_snapshot(trainee)
    snapshot.mkdir(parents=True)
    (snapshot / "baseline.json").write_text('{"original": true}')
    mine = classroom.copy_of_workspace(trainee) / ".lab" / "exam"
    mine.mkdir(parents=True)
    (mine / "exam.json").write_text('{"mine": true}')

    ws = refresh_copy(classroom, trainee, CopyingHost(theirs))  # type: ignore[arg-type]

    assert json.loads(ws.baseline_file.read_text()) == {"original": True}
    assert (ws.state_dir / "data-disk-full.json").read_text() == '{"después": true}'
    assert sorted(p.name for p in (ws.state_dir / "exam").iterdir()) == ["exam.json"]


def test_work_on_every_machine_comes_back_by_name_in_order() -> None:
    trainees = [Trainee(name=n, url=f"ssh://{n}@pc") for n in ("ana", "bruno", "carla")]
    assert on_all(trainees, lambda t: t.name.upper()) == {
        "ana": "ANA",
        "bruno": "BRUNO",
        "carla": "CARLA",
    }
