"""What the full data disk held when its exercise began (fault `data-disk-full`).

The fault writes it to .lab/data-disk-full.json; the `disk-cleanup` check reads it to tell a
cleanup that freed the right space (the runaway log, backups past the retention) from one
that threw away what had to stay (recent backups, the users' uploaded documents).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

RECORD_NAME = "data-disk-full.json"


class DataDiskRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cause: str
    log: str  # the runaway log, relative to $LAB_HOME
    log_size: int
    backups: dict[str, int] = {}  # recent backups (name → bytes): a cleanup keeps them
    uploads: dict[str, int] = {}  # uploaded documents (path under uploads/ → bytes)
    fillers: list[str] = []  # backups past the retention the fault wrote (name)

    @classmethod
    def load(cls, state_dir: Path) -> DataDiskRecord | None:
        try:
            return cls.model_validate_json((state_dir / RECORD_NAME).read_text())
        except (OSError, ValidationError):
            return None

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / RECORD_NAME).write_text(self.model_dump_json(indent=1))

    @staticmethod
    def drop(state_dir: Path) -> None:
        (state_dir / RECORD_NAME).unlink(missing_ok=True)
