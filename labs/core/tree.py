"""The trainee's files as the grader reads them, wherever they are.

The grader reads what the course has the trainee produce (notes, scripts, backups, the
`.env` they edited) through `TraineePath`, the part of `pathlib.Path` it needs: on the
trainee's own machine a `Path` is one; seen from the instructor's machine it is a path on
the trainee's machine read over ssh (labs/host/remote_files.py). `str()` of a trainee path
is always the path as the trainee's machine names it, so a command run there (through the
host) needs no translation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Protocol

from labs.core.workspace import Workspace


class FileStat(Protocol):
    @property
    def st_size(self) -> int: ...

    @property
    def st_mtime(self) -> float: ...

    @property
    def st_mode(self) -> int: ...

    @property
    def st_uid(self) -> int: ...

    @property
    def st_gid(self) -> int: ...


class TraineePath(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    @property
    def parent(self) -> TraineePath: ...

    def __truediv__(self, other: str) -> TraineePath: ...

    def is_file(self) -> bool: ...

    def is_dir(self) -> bool: ...

    def exists(self) -> bool: ...

    def is_symlink(self) -> bool: ...

    def stat(self) -> FileStat: ...

    def read_bytes(self) -> bytes: ...

    def read_text(self, encoding: str | None = None, errors: str | None = None) -> str: ...

    def glob(self, pattern: str) -> Iterator[TraineePath]: ...

    def rglob(self, pattern: str) -> Iterator[TraineePath]: ...

    def iterdir(self) -> Iterator[TraineePath]: ...

    def relative_to(self, other: str | PurePath) -> PurePath: ...


class TraineeTree:
    """Every path of the trainee's tree the grader reads, from one root (as Workspace)."""

    def __init__(self, root: TraineePath) -> None:
        self.root = root
        self.deploy_dir = root / "backend" / "test" / "fortaleza"
        self.compose_file = self.deploy_dir / "docker-compose.yml"
        self.env_file = self.deploy_dir / ".env"
        self.uploads = root / "uploads"
        self.backups = root / "backups"
        self.logs = root / "logs"
        self.mysql_logs = self.logs / "mysql"
        self.notes = root / "notas"
        self.logbook = self.notes / "bitacora.md"
        self.runbook = self.notes / "runbook.md"
        self.incidents = self.notes / "incidentes"
        self.trainee_home = root / "home" / "usuario"

    @classmethod
    def local(cls, ws: Workspace) -> TraineeTree:
        return cls(ws.root)

    def path(self, relative: str) -> TraineePath:
        return self.root / relative

    def relative(self, path: TraineePath) -> str:
        """`path` relative to the tree's root, or as it is when it lies elsewhere."""
        try:
            return str(path.relative_to(str(self.root)))
        except ValueError:
            return str(path)


def local_path(path: TraineePath) -> Path:
    """A trainee path this machine can open (a local file is itself)."""
    if isinstance(path, Path):
        return path
    fetch = getattr(path, "fetch", None)
    if fetch is None:
        raise TypeError(f"{path!r} cannot be read on this machine")
    fetched: Path = fetch()
    return fetched


def executable(path: TraineePath) -> bool:
    return path.is_file() and bool(path.stat().st_mode & 0o111)
