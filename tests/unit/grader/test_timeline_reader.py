"""The observer's JSONL record: parsing, downtime and process questions."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from grader_recordings import sealed_copy

from grader.timeline import Timeline, read_timeline
from labs.core import constants

TIMELINES = Path(__file__).parents[2] / "fixtures" / "timeline"
START = datetime(2026, 11, 27, 18, 5, tzinfo=UTC)
END = datetime(2026, 11, 27, 18, 10, tzinfo=UTC)
BACKEND, MYSQL = constants.BACKEND_CONTAINER, constants.MYSQL_CONTAINER


def _timeline(name: str) -> Timeline:
    with tempfile.TemporaryDirectory() as folder:
        sealed_copy(TIMELINES / name, Path(folder))
        return read_timeline(Path(folder))


def test_a_half_written_last_line_is_skipped_not_fatal() -> None:
    timeline = _timeline("restart-backend")
    assert len(timeline.health) == 7
    assert timeline.broken == []


def test_a_missing_record_is_an_empty_timeline(tmp_path: Path) -> None:
    assert read_timeline(tmp_path).empty


def test_downtime_counts_from_the_first_failed_sample_to_the_next_up() -> None:
    timeline = _timeline("restart-backend")
    assert timeline.downtime_seconds(START, END) == 10.0


def test_downtime_still_running_at_the_end_counts_until_the_end() -> None:
    timeline = _timeline("restart-backend")
    cut = datetime(2026, 11, 27, 18, 6, 4, tzinfo=UTC)
    assert timeline.downtime_seconds(START, cut) == 4.0


def test_a_window_that_opens_while_down_counts_from_its_start() -> None:
    timeline = _timeline("restart-backend")
    opened = datetime(2026, 11, 27, 18, 6, 5, tzinfo=UTC)
    assert timeline.downtime_seconds(opened, END) == 5.0


def test_compose_restart_backend_is_a_restart_and_leaves_mysql_untouched() -> None:
    timeline = _timeline("restart-backend")
    assert timeline.was_restarted(BACKEND, START, END)
    assert not timeline.was_recreated(BACKEND, START, END)
    assert not timeline.was_touched(MYSQL, START, END)  # an exec is not a touch


def test_down_and_up_recreates_both_containers() -> None:
    timeline = _timeline("restart-all")
    for name in (BACKEND, MYSQL):
        assert timeline.was_recreated(name, START, END)
        assert timeline.was_restarted(name, START, END)
        assert timeline.was_touched(name, START, END)


def test_events_before_the_window_do_not_count() -> None:
    timeline = _timeline("restart-all")
    later = datetime(2026, 11, 27, 18, 7, tzinfo=UTC)
    assert not timeline.was_touched(MYSQL, later, END)
