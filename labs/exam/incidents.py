"""Per troubleshooting scenario, what the observer saw: downtime, restarts, detect, resolve.

Read from the observer's JSON lines ($LAB_HOME/.lab/timeline). Detect is the first action
on the stack's containers after the scenario began (a restart, a stop, an exec); resolve
is when the backend was UP again for good. Both in seconds from the scenario's start.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from labs.certs.model import IncidentTimeline
from labs.core import constants as c
from labs.core import seal

_QUIET_ACTIONS = ("health_status", "exec_create", "exec_die", "top", "resize")


def _lines(path: Path) -> list[dict[str, Any]]:
    """The observer's believed records (its chain holds), with their times parsed."""
    found = []
    for item in seal.read_chained(path)[0]:
        try:
            item["t"] = datetime.fromisoformat(str(item["t"]).replace("Z", "+00:00"))
        except (ValueError, KeyError, TypeError):
            continue
        found.append(item)
    return found


def incident(
    timeline_dir: Path, exercise: str, start: datetime | None, end: datetime | None
) -> IncidentTimeline:
    if start is None or end is None:
        return IncidentTimeline(exercise=exercise, started_at=start, closed_at=end)
    health = [h for h in _lines(timeline_dir / "health.jsonl") if start <= h["t"] <= end]
    events = [e for e in _lines(timeline_dir / "events.jsonl") if start <= e["t"] <= end]
    stack = (c.BACKEND_CONTAINER, c.MYSQL_CONTAINER)
    touched = [
        e
        for e in events
        if e.get("container") in stack and not str(e.get("action", "")).startswith(_QUIET_ACTIONS)
    ]
    restarts = [
        e
        for e in touched
        if e.get("container") == c.BACKEND_CONTAINER and e.get("action") in ("start", "restart")
    ]
    return IncidentTimeline(
        exercise=exercise,
        started_at=start,
        closed_at=end,
        downtime_seconds=round(_downtime(health, end), 1),
        backend_restarts=len(restarts),
        detect_seconds=round((touched[0]["t"] - start).total_seconds(), 1) if touched else None,
        resolve_seconds=_resolved(health, start),
        down=_down_intervals(health, start, end),
        restarts=[round((e["t"] - start).total_seconds(), 1) for e in restarts],
    )


def _down_intervals(
    health: list[dict[str, Any]], start: datetime, end: datetime
) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    for i, sample in enumerate(health):
        if sample.get("status") == "UP":
            continue
        following: datetime = health[i + 1]["t"] if i + 1 < len(health) else end
        begin, finish = (sample["t"] - start).total_seconds(), (following - start).total_seconds()
        if spans and spans[-1][1] == begin:  # consecutive samples down: one span
            spans[-1] = (spans[-1][0], finish)
        else:
            spans.append((begin, finish))
    return [(round(a, 1), round(b, 1)) for a, b in spans]


def _downtime(health: list[dict[str, Any]], end: datetime) -> float:
    total = 0.0
    for i, sample in enumerate(health):
        if sample.get("status") != "UP":
            following = health[i + 1]["t"] if i + 1 < len(health) else end
            total += (following - sample["t"]).total_seconds()
    return total


def _resolved(health: list[dict[str, Any]], start: datetime) -> float | None:
    """The first sample of the final run of UP samples, after some that were not UP."""
    if not health or health[-1].get("status") != "UP":
        return None
    last_bad = max((i for i, h in enumerate(health) if h.get("status") != "UP"), default=None)
    if last_bad is None:
        return None
    resolved: datetime = health[last_bad + 1]["t"]
    return round((resolved - start).total_seconds(), 1)
