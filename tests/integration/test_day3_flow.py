"""Día 3 on the real engine: untouched, the lab scores low; a trainee working every
exercise the course's way (its solution steps, then `lab next`) ends at 100 %."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.core.state import load_state
from labs.core.workspace import Workspace
from labs.host.live import live_host
from labs.scenario.load import current_scenario
from labs.scenario.steps import run_steps
from labs.selftest import forget_cron_jobs
from tests.integration.conftest import lab

pytestmark = pytest.mark.docker


@pytest.fixture
def home(tmp_path: Path, docker_engine: None) -> Iterator[Path]:
    root = tmp_path / "inatrace-lab"
    yield root
    lab("stop", home=root, check=False)
    forget_cron_jobs(live_host(), Workspace(root))
    shutil.rmtree(root, ignore_errors=True)


def check_json(home: Path) -> tuple[int, dict[str, object]]:
    proc = lab("check", "--json", home=home, check=False)
    return proc.returncode, json.loads(proc.stdout)


def test_a_trainee_working_through_dia3_as_the_course_teaches_gets_a_full_score(
    home: Path,
) -> None:
    lab("start", "day3", "--seed", "11", home=home)
    code, untouched = check_json(home)
    assert code == 1
    assert float(untouched["total_percent"]) < 30  # type: ignore[arg-type]

    ws = Workspace(home)
    _, scenario = current_scenario(load_state(ws))
    for position, exercise in enumerate(scenario.exercises):
        run_steps(exercise.solution, ws, live_host())
        if position + 1 < len(scenario.exercises):
            lab("next", "--yes", home=home)
    code, final = check_json(home)
    failing = [chk["id"] for chk in final["checks"] if not chk["passed"]]  # type: ignore[union-attr]
    assert failing == []
    assert final["total_percent"] == 100
    assert code == 0
