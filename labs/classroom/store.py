"""The instructor's class directory: the roster file and one folder per trainee."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from labs.classroom.models import Roster, Trainee
from labs.core.errors import UsageError
from labs.core.i18n import tr

DEFAULT_CLASS_DIR = "~/inatrace-aula"
ROSTER_FILE = "aula.json"
EXAM_PART = "examen"


class ClassDir:
    def __init__(self, root: Path, part: str = "") -> None:
        self.root = root.expanduser().resolve()
        self.roster_file = self.root / ROSTER_FILE
        self.part = part

    def exam_part(self) -> ClassDir:
        """The same class, with each trainee's exam kept apart from their course days."""
        return ClassDir(self.root, EXAM_PART)

    @classmethod
    def resolve(cls, given: str | None) -> ClassDir:
        """--class-dir wins, then LAB_CLASS_DIR, then ~/inatrace-aula."""
        return cls(Path(given or os.environ.get("LAB_CLASS_DIR") or DEFAULT_CLASS_DIR))

    def load(self) -> Roster:
        if not self.roster_file.is_file():
            return Roster()
        try:
            return Roster.model_validate_json(self.roster_file.read_text(encoding="utf-8"))
        except ValidationError as exc:
            raise UsageError(
                tr(
                    f"{self.roster_file} no es válido: {exc}",
                    f"{self.roster_file} is invalid: {exc}",
                ),
                tr(
                    "Corríjalo o bórrelo y vuelva a añadir las máquinas con `lab class add`.",
                    "Fix or delete it and add the machines again with `lab class add`.",
                ),
            ) from exc

    def save(self, roster: Roster) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.roster_file.with_suffix(".tmp")
        temporary.write_text(roster.model_dump_json(indent=2) + "\n", encoding="utf-8")
        temporary.replace(self.roster_file)  # a crash never leaves half a roster

    def trainee_dir(self, trainee: Trainee) -> Path:
        folder = self.root / "aprendices" / trainee.name
        return folder / self.part if self.part else folder

    def copy_of_workspace(self, trainee: Trainee) -> Path:
        """Where the trainee's files are copied to be graded (never their own machine)."""
        return self.trainee_dir(trainee) / "espacio"

    def start_snapshot(self, trainee: Trainee) -> Path:
        """The lab's own records (.lab) as they were right after the instructor's start."""
        return self.trainee_dir(trainee) / "inicio"

    def exam_lab_state(self, trainee: Trainee) -> Path:
        """A classroom exam's lab state (exercises, when each started) kept by the instructor."""
        return self.trainee_dir(trainee) / "examen-estado.json"

    def require(self, roster: Roster, names: list[str] | None = None) -> list[Trainee]:
        if not roster.trainees:
            raise UsageError(
                tr(
                    f"La clase en {self.root} no tiene máquinas.",
                    f"The class in {self.root} has no machines.",
                ),
                tr(
                    "Añádalas con `lab class add NOMBRE ssh://usuario@máquina`.",
                    "Add them with `lab class add NAME ssh://user@host`.",
                ),
            )
        if not names:
            return list(roster.trainees)
        unknown = [n for n in names if roster.find(n) is None]
        if unknown:
            raise UsageError(
                tr(
                    f"No están en la clase: {', '.join(unknown)}",
                    f"Not in the class: {', '.join(unknown)}",
                ),
                tr("Vea los nombres con `lab class list`.", "See the names with `lab class list`."),
            )
        return [t for t in roster.trainees if t.name in names]
