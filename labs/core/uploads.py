"""The users' uploaded documents when an uploads exercise began (fault `uploads-permissions`).

The fault writes .lab/uploads-baseline.json; the `uploads-safe` check reads it to tell a
fix that gave the backend back its folder from one that threw the documents away.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

RECORD_NAME = "uploads-baseline.json"
BACKEND_UID = 1001  # the backend's user (the replica runs as `inatrace`, like the real image)


class UploadsRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: dict[str, int] = {}  # path under uploads/ → bytes

    @classmethod
    def load(cls, state_dir: Path) -> UploadsRecord | None:
        try:
            return cls.model_validate_json((state_dir / RECORD_NAME).read_text())
        except (OSError, ValidationError):
            return None

    @classmethod
    def of(cls, uploads: Path) -> UploadsRecord:
        return cls(
            files={
                str(p.relative_to(uploads)): p.stat().st_size
                for p in sorted(uploads.rglob("*"))
                if p.is_file()
            }
        )

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / RECORD_NAME).write_text(self.model_dump_json(indent=1))

    @staticmethod
    def drop(state_dir: Path) -> None:
        (state_dir / RECORD_NAME).unlink(missing_ok=True)
