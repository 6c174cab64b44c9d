"""Captured `docker inspect` JSON parses into the typed models the checks use."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.evidence import has_token, log_line_set, normalize_log_line
from labs.host.models import ContainerInfo
from labs.host.recordings import load_inspect

INSPECT = Path(__file__).parents[2] / "fixtures" / "inspect"


@pytest.mark.parametrize("path", sorted(INSPECT.glob("*.json")), ids=lambda p: p.stem)
def test_every_captured_inspect_loads(path: Path) -> None:
    info = load_inspect(path)
    assert isinstance(info, ContainerInfo)
    assert info.clean_name.startswith("ilab-grader-")
    assert len(info.short_id) == 12


def test_a_healthy_container_reports_running_and_healthy() -> None:
    info = load_inspect(INSPECT / "healthy.json")
    assert info.state.running
    assert not info.state.restarting
    assert info.health_status == "healthy"
    assert info.state.health
    assert info.state.health.log[-1].exit_code == 0
    assert info.env()["INATRACE_DATABASE_PORT"] == "3306"


def test_a_restart_loop_shows_restarting_and_a_restart_count() -> None:
    info = load_inspect(INSPECT / "restarting.json")
    assert info.state.status == "restarting"
    assert info.state.restarting
    assert info.restart_count >= 1
    assert info.health_status is None
    assert info.env()["INATRACE_DATABASE_PORT"] == "3307"


def test_unhealthy_starting_and_exited_states_are_told_apart() -> None:
    assert load_inspect(INSPECT / "unhealthy.json").health_status == "unhealthy"
    assert load_inspect(INSPECT / "starting.json").health_status == "starting"
    exited = load_inspect(INSPECT / "exited.json")
    assert exited.state.status == "exited"
    assert exited.state.exit_code == 3


def test_docker_s_zero_date_means_never_started() -> None:
    info = load_inspect(INSPECT / "healthy.json")
    info.state.started_at = info.state.finished_at  # "0001-01-01T00:00:00Z" while running
    assert info.started_at is None


def test_log_lines_compare_without_docker_timestamps_or_colours() -> None:
    raw = "2026-11-27T17:27:40.389626971Z \x1b[31mCommunications link failure\x1b[0m  "
    assert normalize_log_line(raw) == "Communications link failure"
    text = (INSPECT / "restarting.log").read_text()
    assert log_line_set(text) == {"Communications link failure"}


def test_a_token_is_not_found_inside_a_longer_word_or_number() -> None:
    assert has_token("| 42 |", "42")
    assert not has_token("| 142 |", "42")
    assert has_token("status: healthy", "healthy")
    assert not has_token("unhealthy", "healthy")


def test_spring_s_own_timestamp_is_kept_only_docker_s_prefix_goes() -> None:
    spring = "2026-11-27T18:00:00.000Z  INFO 1 --- [main] c.a.i.App : Started"
    assert normalize_log_line(spring) == spring
    assert normalize_log_line("2026-11-27T18:00:00.000000123Z " + spring) == spring
