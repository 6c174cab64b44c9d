"""The running lab's state file (workspace.state_file), written by `lab start`.

`lab check` and `lab hint` only read it; the start/next verbs write it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from labs.core.errors import NoLabRunning, WorkspaceError
from labs.core.i18n import tr
from labs.core.workspace import Workspace

VariableValue = str | list[str]


class ExerciseState(BaseModel):
    """When an exercise became active: its faults were injected and proven live."""

    started_at: datetime
    faults: list[str] = []


class LabState(BaseModel):
    # Other verbs may add fields; keep reading files they wrote.
    model_config = ConfigDict(extra="ignore")

    lab: str
    scenario_file: str
    started_at: datetime
    seed: int
    scenario_sha256: str | None = None
    variables: dict[str, VariableValue] = {}
    exercises: dict[str, ExerciseState] = {}
    active_exercise: str | None = None

    def exercise_started_at(self, exercise_id: str) -> datetime | None:
        entry = self.exercises.get(exercise_id)
        return entry.started_at if entry else None


def load_state(workspace: Workspace) -> LabState:
    path = workspace.state_file
    if not path.is_file():
        raise NoLabRunning(
            tr(
                f"No hay un laboratorio iniciado en {workspace.root}.",
                f"No lab has been started in {workspace.root}.",
            ),
            tr(
                "Inicie uno con `lab start day1` (o use `--home DIR` si está en otro lugar).",
                "Start one with `lab start day1` (or pass `--home DIR` if it lives elsewhere).",
            ),
        )
    try:
        return LabState.model_validate_json(path.read_text())
    except ValidationError as exc:
        raise WorkspaceError(
            tr(
                f"El archivo de estado {path} está dañado: {exc.errors()[0]['msg']}",
                f"The state file {path} is damaged: {exc.errors()[0]['msg']}",
            ),
            tr("Vuelva a iniciar el laboratorio con `lab start`.", "Start the lab again."),
        ) from exc


def write_atomically(path: Path, model: BaseModel) -> Path:
    """Write a model as JSON so a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(model.model_dump_json(indent=2) + "\n")
    tmp.replace(path)
    return path


def save_state(workspace: Workspace, state: LabState) -> Path:
    return write_atomically(workspace.state_file, state)


def utc_now() -> datetime:
    return datetime.now(UTC)
