"""Incident figures from the observer's record: downtime, restarts, detect and resolve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from labs.core import constants as c
from labs.core import seal
from labs.exam.incidents import incident

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    records = [{**r, "t": (T0 + timedelta(seconds=float(r["t"]))).isoformat()} for r in rows]
    seal.append_chained(folder / name, records)


def test_downtime_restarts_detect_and_resolve_come_from_the_record(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "health.jsonl",
        [
            {"t": s, "status": st}
            for s, st in [
                (0, "DOWN"),
                (10, "DOWN"),
                (20, "UP"),
                (30, "DOWN"),
                (40, "UP"),
                (50, "UP"),
            ]
        ],
    )
    _write(
        tmp_path,
        "events.jsonl",
        [
            {"t": 5, "container": c.BACKEND_CONTAINER, "action": "health_status: unhealthy"},
            {"t": 12, "container": c.MYSQL_CONTAINER, "action": "start"},
            {"t": 35, "container": c.BACKEND_CONTAINER, "action": "restart"},
            {"t": 36, "container": "otro", "action": "start"},
        ],
    )
    found = incident(tmp_path, "p1-mysql-caido", T0, T0 + timedelta(seconds=60))
    assert found.downtime_seconds == 30.0
    assert found.down == [(0.0, 20.0), (30.0, 40.0)]
    assert found.backend_restarts == 1
    assert found.restarts == [35.0]
    assert found.detect_seconds == 12.0  # the first action on the stack, not a health update
    assert found.resolve_seconds == 40.0  # UP for good from here


def test_a_scenario_still_down_at_its_end_is_not_resolved(tmp_path: Path) -> None:
    _write(tmp_path, "health.jsonl", [{"t": 0, "status": "UP"}, {"t": 10, "status": "DOWN"}])
    found = incident(tmp_path, "x", T0, T0 + timedelta(seconds=30))
    assert found.resolve_seconds is None
    assert found.downtime_seconds == 20.0
    assert found.detect_seconds is None


def test_consecutive_down_samples_at_odd_times_make_one_span(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "health.jsonl",
        [
            {"t": 0.21, "status": "DOWN"},
            {"t": 0.8123, "status": "DOWN"},
            {"t": 2.84, "status": "UP"},
        ],
    )
    found = incident(tmp_path, "x", T0, T0 + timedelta(seconds=5))
    assert found.down == [(0.2, 2.8)]
