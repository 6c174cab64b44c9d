"""What a check may look at: the trainee's files, the lab's records, the lab's state and
cached live evidence.

Two stores, two interfaces (DESIGN.md, "Trust boundary"): `tree` is what the course has the
trainee produce, read where it is (this machine, or the trainee's over ssh); `records` is
what the lab itself recorded, kept where the grade is made. A check never reads the lab's
records from the trainee's tree, nor the trainee's files from the records.

Every reader is memoised per key with a lock, so concurrent checks share one
`docker inspect`, one `docker logs` per container and one health probe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from grader.evidence import EvidenceError, log_line_set
from grader.timeline import Timeline, read_timeline
from labs.core import constants
from labs.core.errors import LabError
from labs.core.records import Records
from labs.core.state import LabState, utc_now
from labs.core.tree import TraineePath, TraineeTree
from labs.core.workspace import Workspace
from labs.host.api import Host
from labs.host.models import (
    CommandResult,
    ContainerInfo,
    HealthProbe,
    HostFacts,
    MemoryUse,
    SqlRows,
)

T = TypeVar("T")
WindowScope = Literal["lab", "exercise"]
HEALTH_TIMEOUT_S = 1.5  # a hung backend must not push `lab check` past its 2 s budget


class _Memo:
    """A thread-safe memo: the first caller computes, the others wait for its value."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]  # type: ignore[return-value]


@dataclass
class CheckContext:
    tree: TraineeTree
    records: Records
    state: LabState
    host: Host
    now: datetime = field(default_factory=utc_now)
    exercise_id: str | None = None
    # The workspace on this machine when grading locally; checks read through tree/records.
    workspace: Workspace | None = None
    _memo: _Memo = field(default_factory=_Memo, repr=False)

    @classmethod
    def local(
        cls,
        ws: Workspace,
        state: LabState,
        host: Host,
        *,
        now: datetime | None = None,
        exercise_id: str | None = None,
    ) -> CheckContext:
        """Grading on the machine the lab runs on: its workspace and its own records."""
        return cls(
            TraineeTree.local(ws),
            Records.of(ws),
            state,
            host,
            now=now or utc_now(),
            exercise_id=exercise_id,
            workspace=ws,
        )

    def for_exercise(self, exercise_id: str) -> CheckContext:
        """The same evidence, seen from one exercise (its time window)."""
        return replace(self, exercise_id=exercise_id)

    @property
    def lab_started_at(self) -> datetime:
        return self.state.started_at

    @property
    def seed(self) -> int:
        return self.state.seed

    def path(self, relative: str) -> TraineePath:
        return self.tree.path(relative)

    @property
    def home(self) -> str:
        """$LAB_HOME as the trainee's machine names it."""
        return str(self.tree.root)

    def containers(self) -> dict[str, ContainerInfo]:
        names = list(constants.CONTAINERS.values())
        return self._memo.get("inspect", lambda: self.host.inspect(names))

    def container(self, service: str) -> ContainerInfo | None:
        return self.containers().get(constants.CONTAINERS[service])

    def logs(self, service: str) -> str:
        name = constants.CONTAINERS[service]
        return self._memo.get(f"logs:{name}", lambda: self.host.logs(name))

    def log_lines(self, service: str) -> set[str]:
        return self._memo.get(f"loglines:{service}", lambda: log_line_set(self.logs(service)))

    def health(self) -> HealthProbe:
        return self._memo.get("health", lambda: self.host.health(HEALTH_TIMEOUT_S))

    def sql(self, query: str) -> SqlRows:
        """Rows of a read-only query; EvidenceError with the server's words when it fails."""
        return self._memo.get(f"sql:{query}", lambda: self._sql(query))

    def _sql(self, query: str) -> SqlRows:
        try:
            return self.host.sql(query)
        except LabError as exc:
            raise EvidenceError(exc.message) from exc

    def disk_use(self, path: TraineePath) -> tuple[int, int, int]:
        """total, used, available bytes of the filesystem `path` is on (the trainee's)."""
        return self.host.disk_use(Path(str(path)))

    def host_facts(self) -> HostFacts:
        return self._memo.get("host", lambda: self.host.facts(Path(self.home)))

    def memory(self, name: str) -> MemoryUse | None:
        return self._memo.get(f"memory:{name}", lambda: self.host.memory(name))

    def container_file(self, service: str, path: str) -> str:
        """A file inside a service's container, or "" when it cannot be read."""
        result = self.host.exec(constants.CONTAINERS[service], ["cat", path], timeout=10)
        return result.output if result.exit_code == 0 else ""

    def timeline(self) -> Timeline:
        return self._memo.get("timeline", lambda: read_timeline(self.records.timeline_dir))

    def run(self, argv: Sequence[str], cwd: TraineePath | Path, timeout: float) -> CommandResult:
        """A command on the trainee's machine (where their files are), in `cwd` there."""
        env = {"LAB_HOME": self.home}
        return self.host.run(argv, Path(str(cwd)), env, timeout)

    def window(self, scope: WindowScope = "exercise") -> tuple[datetime, datetime]:
        """[start, end] of the lab, or of the exercise until the next one began."""
        if scope == "lab" or self.exercise_id is None:
            return self.lab_started_at, self.now
        start = self.state.exercise_started_at(self.exercise_id) or self.lab_started_at
        later = sorted(e.started_at for e in self.state.exercises.values() if e.started_at > start)
        return start, (later[0] if later else self.now)

    def slow_readers(
        self, services: Sequence[str] = constants.SERVICES
    ) -> list[Callable[[], object]]:
        """The slow evidence every grade reads (containers, health, timeline, logs): run
        alongside the checks, the memo makes a check wait for a read already under way
        instead of starting its own."""
        jobs: list[Callable[[], object]] = [self.containers, self.health, self.timeline]
        return jobs + [partial(self.logs, service) for service in services]
