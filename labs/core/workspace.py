"""The trainee's tree and the lab's own state inside it.

Mirrors the production host so the course's commands work with one prefix
change: /opt/inatrace → $LAB_HOME.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from labs import __version__
from labs.core.errors import ForeignWorkspace, WorkspaceError
from labs.core.i18n import tr

MARKER_NAME = "workspace.json"
DEFAULT_HOME = "~/inatrace-lab"
# A dedicated lab host uses the course's own paths: the home is /opt/inatrace on a disk of
# its own (labs/host/homedisk.py) and the trainee's /home/usuario leads into it.
COURSE_HOME = Path("/opt/inatrace")
COURSE_TRAINEE_HOME = Path("/home/usuario")
COURSE_DISK_MB = 1024  # sparse: the host pays for what is written, at most this


class WorkspaceMarker(BaseModel):
    created_by: str = "inatrace-lab"
    lab_version: str = __version__
    created_at: str


class Workspace:
    """Every path the lab and the trainee share, derived from one root."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()
        self.deploy_dir = self.root / "backend" / "test" / "fortaleza"
        self.compose_file = self.deploy_dir / "docker-compose.yml"
        self.env_file = self.deploy_dir / ".env"
        self.uploads = self.root / "uploads"
        self.mysql_data = self.root / "mysql"
        self.mysql_logs = self.root / "logs" / "mysql"
        self.backups = self.root / "backups"
        self.logs = self.root / "logs"
        self.notes = self.root / "notas"
        self.logbook = self.notes / "bitacora.md"
        self.runbook = self.notes / "runbook.md"
        self.incidents = self.notes / "incidentes"
        self.trainee_home = self.root / "home" / "usuario"
        self.state_dir = self.root / ".lab"
        self.marker = self.state_dir / MARKER_NAME
        self.state_file = self.state_dir / "state.json"
        self.baseline_file = self.state_dir / "baseline.json"
        self.timeline_dir = self.state_dir / "timeline"
        self.results_dir = self.state_dir / "results"
        self.hints_file = self.state_dir / "hints.json"
        self.lock_file = self.state_dir / "lock"

    # Directories the lab creates; the trainee's own ones are never deleted.
    @property
    def lab_owned_dirs(self) -> list[Path]:
        return [self.deploy_dir, self.uploads, self.mysql_data, self.logs, self.state_dir]

    @property
    def trainee_dirs(self) -> list[Path]:
        return [self.notes, self.incidents, self.trainee_home, self.backups]

    @property
    def on_course_paths(self) -> bool:
        """The course's /opt/inatrace itself: a dedicated lab host, no path to translate."""
        return self.root == COURSE_HOME

    @property
    def disk_image(self) -> Path:
        """The home's own filesystem, beside it (never inside what it is mounted on)."""
        return self.root.parent / f".{self.root.name}-lab-disk.img"

    def is_lab_workspace(self) -> bool:
        return self.marker.is_file()

    def has_foreign_content(self) -> bool:
        """Content in root the lab did not create (its own lock file does not count)."""
        if not self.root.is_dir() or self.is_lab_workspace():
            return False
        for entry in self.root.iterdir():
            if entry != self.state_dir:
                return True
            if any(p != self.lock_file for p in entry.iterdir()):
                return True
        return False

    def ensure(self) -> None:
        """Create the tree, refusing a non-empty directory the lab did not create."""
        if self.has_foreign_content():
            raise ForeignWorkspace(
                tr(
                    f"El directorio {self.root} tiene contenido que no creó el laboratorio.",
                    f"Directory {self.root} has content the lab did not create.",
                ),
                tr(
                    "Use otro directorio con `--home DIR` o `LAB_HOME=DIR`, o vacíelo usted mismo.",
                    "Use another directory with `--home DIR` or `LAB_HOME=DIR`, or empty it.",
                ),
            )
        for directory in [
            *self.lab_owned_dirs,
            *self.trainee_dirs,
            self.mysql_logs,
            self.timeline_dir,
            self.results_dir,
            self.uploads / "GENERAL",
        ]:
            directory.mkdir(parents=True, exist_ok=True)
        if not self.marker.exists():
            marker = WorkspaceMarker(created_at=datetime.now(UTC).isoformat())
            self.marker.write_text(marker.model_dump_json(indent=2) + "\n")
        self._check_writable()

    def _check_writable(self) -> None:
        probe = self.state_dir / ".write-probe"
        try:
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise WorkspaceError(
                tr(
                    f"No se puede escribir en {self.state_dir}: {exc}",
                    f"Cannot write to {self.state_dir}: {exc}",
                ),
                tr(
                    "Revise permisos y espacio libre del directorio.",
                    "Check the directory's permissions and free space.",
                ),
            ) from exc

    def read_json(self, path: Path) -> dict[str, object] | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else None


def resolve_home(home: str | None) -> Workspace:
    """--home wins, then LAB_HOME, then ~/inatrace-lab."""
    chosen = home or os.environ.get("LAB_HOME") or DEFAULT_HOME
    return Workspace(Path(chosen))
