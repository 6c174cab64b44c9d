"""What the backup labs share: backup file names as production writes them, the data
facts a backup is compared with, and the manifest of the backups the lab itself wrote.

Names (Jenkins deploy job and the course): `backup-YYYYMMDD-HHMMSS-pre-deploy.sql.gz`,
`backup-auto-…`, `backup-manual-…`, `backup-users-…`, `backup-pre-restore-…`.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

MANIFEST_NAME = "backups-history.json"
STAMP = r"(?P<stamp>\d{8}-\d{6})"
PATTERNS = {
    "pre-deploy": re.compile(rf"^backup-{STAMP}-pre-deploy\.sql\.gz$"),
    "auto": re.compile(rf"^backup-auto-{STAMP}\.sql\.gz$"),
    "manual": re.compile(rf"^backup-manual-{STAMP}\.sql\.gz$"),
    "users": re.compile(rf"^backup-users-{STAMP}\.sql\.gz$"),
    "pre-restore": re.compile(rf"^backup-pre-restore-{STAMP}\.sql\.gz$"),
    "emergency": re.compile(rf"^backup-emergency-{STAMP}\.sql\.gz$"),
}


class TableStats(BaseModel):
    """One table as COUNT(*) and CHECKSUM TABLE see it."""

    model_config = ConfigDict(frozen=True)

    rows: int
    checksum: int | None = None  # None: the server could not compute it


DataState = dict[str, TableStats]


def name_kind(name: str) -> str | None:
    """`auto`, `pre-deploy`, … for a well-named backup file, else None."""
    return next((kind for kind, rx in PATTERNS.items() if rx.match(name)), None)


def name_time(name: str) -> datetime | None:
    """The local time `date +%Y%m%d-%H%M%S` wrote into the name (aware), or None."""
    for rx in PATTERNS.values():
        found = rx.match(name)
        if found:
            try:
                return datetime.strptime(found["stamp"], "%Y%m%d-%H%M%S").astimezone()
            except ValueError:
                return None
    return None


def same_data(a: DataState, b: DataState, *, checksums: bool = True) -> bool:
    """Same tables, same rows (and checksums when both sides have them)."""
    if set(a) != set(b):
        return False
    for name, left in a.items():
        right = b[name]
        if left.rows != right.rows:
            return False
        comparable = checksums and None not in (left.checksum, right.checksum)
        if comparable and left.checksum != right.checksum:
            return False
    return True


def differing_tables(a: DataState, b: DataState) -> list[str]:
    names = sorted(set(a) | set(b))
    return [n for n in names if n not in a or n not in b or not same_data({n: a[n]}, {n: b[n]})]


class HistoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sha256: str
    state: str  # key in HistoryManifest.states
    broken: str | None = None  # "truncated-gzip" | "cut-dump" | "empty"


class HistoryManifest(BaseModel):
    """The backups the lab wrote into $LAB_HOME/backups at `lab start`, and what each holds."""

    model_config = ConfigDict(extra="forbid")

    files: dict[str, HistoryFile] = {}
    states: dict[str, DataState] = {}

    @classmethod
    def load(cls, state_dir: Path) -> HistoryManifest:
        path = state_dir / MANIFEST_NAME
        try:
            return cls.model_validate_json(path.read_text())
        except (OSError, ValidationError):
            return cls()

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / MANIFEST_NAME).write_text(self.model_dump_json(indent=1))


FULL_FOLDER_NAME = "backups-full.json"


class FullFolderFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    may_delete: bool  # an automatic backup past the retention, or the cut one


class FullFolderRecord(BaseModel):
    """What the full backups folder held when the exercise began (backups-folder-full)."""

    model_config = ConfigDict(extra="forbid")

    files: dict[str, FullFolderFile] = {}
    cut: str = ""  # the automatic backup the full disk cut short
    full_size: int = 0  # bytes of the newest sound full backup: room one more needs

    @classmethod
    def load(cls, state_dir: Path) -> FullFolderRecord | None:
        try:
            return cls.model_validate_json((state_dir / FULL_FOLDER_NAME).read_text())
        except (OSError, ValidationError):
            return None

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / FULL_FOLDER_NAME).write_text(self.model_dump_json(indent=1))
