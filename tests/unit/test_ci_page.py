"""The lab's CI page answers Jenkins' URL shapes from the build records (no server needed:
the router is a plain function), and the history a team finds holds successes and failures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from labs.core import ci
from labs.core.ci import BuildRecord
from labs.host.ci_runner import seed_history
from labs.host.ci_server import route

NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
JOB = f"/job/{ci.JOB_NAME}"


def _running(state_dir: Path) -> None:
    seed_history(state_dir, "test-3f9c2a1", NOW)
    directory = ci.build_dir(state_dir, 42)
    ci.write_build(directory, BuildRecord(number=42, tag="test-8b41d7e", timestamp=NOW))
    (directory / ci.LOG).write_text("11:00:00  [Pipeline] { (📥 Checkout)\n")


def test_the_job_list_and_history_show_successes_failures_and_the_running_build(
    tmp_path: Path,
) -> None:
    _running(tmp_path)
    status, kind, body = route(tmp_path, "/")
    assert (status, kind) == (200, "text/html")
    assert ci.JOB_NAME in body
    status, _, history = route(tmp_path, f"{JOB}/")
    assert status == 200
    assert "EN CURSO" in history
    assert "SUCCESS" in history
    assert "FAILURE" in history
    assert 'http-equiv="refresh"' in history  # it refreshes while a build runs


def test_console_text_and_api_json_answer_for_numbers_and_permalinks(tmp_path: Path) -> None:
    _running(tmp_path)
    assert route(tmp_path, f"{JOB}/lastBuild/consoleText")[2].startswith("11:00:00")
    last = json.loads(route(tmp_path, f"{JOB}/lastBuild/api/json")[2])
    assert (last["number"], last["building"], last["result"]) == (42, True, None)
    success = json.loads(route(tmp_path, f"{JOB}/lastSuccessfulBuild/api/json")[2])
    assert success["number"] == 39
    assert success["description"] == "TAG=test-3f9c2a1"
    failed = json.loads(route(tmp_path, f"{JOB}/lastFailedBuild/api/json")[2])
    assert failed["result"] == "FAILURE"
    assert "Finished: FAILURE" in route(tmp_path, f"{JOB}/40/consoleText")[2]


def test_unknown_pages_are_404(tmp_path: Path) -> None:
    _running(tmp_path)
    for path in ("/job/Otro/", f"{JOB}/99/console", f"{JOB}/42/nada", "/favicon.ico"):
        assert route(tmp_path, path)[0] == 404
