"""Reader of the observer's record: what happened between `lab start` and `lab check`.

The observer (a separate process) appends sealed, chained JSON lines (labs/core/seal.py) to
the records' timeline_dir; from a line that does not hold on, nothing is believed:
  health.jsonl  {"t": iso8601, "status": "UP"|"DOWN"|"UNREACHABLE", "http": 200|503|null,
                 "ms": float}
  events.jsonl  {"t": iso8601, "container": name, "action": "start|die|...|health_status: healthy|
                 exec_start: ...", "exit_code": int|null}
                {"t": iso8601, "type": "image"|"volume", "action": "prune", "reclaimed": bytes}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from labs.core import seal

HEALTH_FILE = "health.jsonl"
EVENTS_FILE = "events.jsonl"

# Actions that change a container's life; execs and health updates do not "touch" it.
LIFECYCLE_ACTIONS = frozenset(
    {"create", "start", "restart", "stop", "die", "kill", "destroy", "pause", "unpause", "oom"}
)
_STOPPING = frozenset({"stop", "die", "kill"})


class HealthSample(BaseModel):
    t: datetime
    status: str  # "UP" | "DOWN" | "UNREACHABLE" (the observer may add e.g. "UNKNOWN")
    http: int | None = None
    ms: float | None = None


class DockerEvent(BaseModel):
    t: datetime
    type: str = "container"  # or "image" / "volume" for prunes
    container: str = ""
    action: str
    exit_code: int | None = None
    reclaimed: int | None = None  # bytes a prune freed

    @property
    def verb(self) -> str:
        """`health_status: healthy` → `health_status`; `start` → `start`."""
        return self.action.split(":", 1)[0].strip()


_Model = TypeVar("_Model", HealthSample, DockerEvent)


@dataclass
class Timeline:
    health: list[HealthSample] = field(default_factory=list)
    events: list[DockerEvent] = field(default_factory=list)
    skipped_lines: int = 0
    broken: list[str] = field(default_factory=list)  # files whose chain broke (edited)

    @property
    def empty(self) -> bool:
        return not self.health and not self.events

    def events_for(
        self, container: str, start: datetime, end: datetime, lifecycle_only: bool = True
    ) -> list[DockerEvent]:
        return [
            e
            for e in self.events
            if e.container == container
            and start <= e.t <= end
            and (not lifecycle_only or e.verb in LIFECYCLE_ACTIONS)
        ]

    def was_touched(self, container: str, start: datetime, end: datetime) -> bool:
        return bool(self.events_for(container, start, end))

    def was_restarted(self, container: str, start: datetime, end: datetime) -> bool:
        """A restart, or a stop/die followed by a start (what `compose restart` and `up` do)."""
        stopped = False
        for event in self.events_for(container, start, end):
            if event.verb == "restart" or (stopped and event.verb == "start"):
                return True
            stopped = stopped or event.verb in _STOPPING
        return False

    def was_recreated(self, container: str, start: datetime, end: datetime) -> bool:
        verbs = [e.verb for e in self.events_for(container, start, end)]
        return "destroy" in verbs and "create" in verbs[verbs.index("destroy") :]

    def prunes(self, kind: str, start: datetime, end: datetime) -> list[DockerEvent]:
        """`docker image prune` / `docker volume prune` runs the engine reported."""
        return [
            e for e in self.events if e.type == kind and e.action == "prune" and start <= e.t <= end
        ]

    def samples_between(self, start: datetime, end: datetime) -> list[HealthSample]:
        return [s for s in self.health if start <= s.t <= end]

    def downtime_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds the health endpoint was not UP inside [start, end]."""
        before = [s for s in self.health if s.t < start]
        down_since = start if before and before[-1].status != "UP" else None
        total = 0.0
        for sample in self.samples_between(start, end):
            if sample.status != "UP" and down_since is None:
                down_since = sample.t
            elif sample.status == "UP" and down_since is not None:
                total += (sample.t - down_since).total_seconds()
                down_since = None
        if down_since is not None:
            total += (end - down_since).total_seconds()
        return round(total, 1)

    def last_status(self, end: datetime) -> str | None:
        seen = [s for s in self.health if s.t <= end]
        return seen[-1].status if seen else None


def read_timeline(directory: Path) -> Timeline:
    health, bad_health, health_broken = _read_jsonl(directory / HEALTH_FILE, HealthSample)
    events, bad_events, events_broken = _read_jsonl(directory / EVENTS_FILE, DockerEvent)
    return Timeline(
        health=sorted(health, key=lambda s: s.t),
        events=sorted(events, key=lambda e: e.t),
        skipped_lines=bad_health + bad_events,
        broken=[
            name
            for name, broke in ((HEALTH_FILE, health_broken), (EVENTS_FILE, events_broken))
            if broke
        ],
    )


def _read_jsonl(path: Path, model: type[_Model]) -> tuple[list[_Model], int, bool]:
    records, broken_at = seal.read_chained(path)
    parsed: list[_Model] = []
    skipped = 0
    for record in records:
        try:
            parsed.append(model.model_validate(record))
        except ValidationError:
            skipped += 1
    return parsed, skipped, broken_at is not None
