"""Whole-day flows on the real engine: a trainee working through Día 2 as the course
teaches ends with a full score; an untouched broken stack scores low; and Práctica 14's
`docker image prune -a -f` does not break the lab.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.core import constants as c
from labs.core.state import load_state
from labs.core.workspace import Workspace
from labs.host.live import live_host
from labs.scenario.load import current_scenario
from labs.scenario.steps import run_steps
from tests.integration.conftest import lab, sh

pytestmark = pytest.mark.docker
LAB_IMAGES = [*(r.image for r in c.RELEASES), c.MYSQL_OFFLINE_IMAGE]


@pytest.fixture
def home(tmp_path: Path, docker_engine: None) -> Iterator[Path]:
    root = tmp_path / "inatrace-lab"
    yield root
    lab("stop", home=root, check=False)
    shutil.rmtree(root, ignore_errors=True)


def check_json(home: Path) -> tuple[int, dict[str, object]]:
    proc = lab("check", "--json", home=home, check=False)
    return proc.returncode, json.loads(proc.stdout)


def test_a_trainee_working_through_dia2_as_the_course_teaches_gets_a_full_score(home: Path) -> None:
    lab("start", "day2", "--seed", "11", home=home)
    code, untouched = check_json(home)
    assert code == 1
    assert float(untouched["total_percent"]) < 30  # type: ignore[arg-type]
    assert any(not chk["passed"] and chk["message"] for chk in untouched["checks"])  # type: ignore[union-attr]

    ws = Workspace(home)
    _, scenario = current_scenario(load_state(ws))
    for position, exercise in enumerate(scenario.exercises):
        if position == 1:
            # A reset of the active exercise keeps what the earlier one earned.
            lab("reset", home=home)
            _, after_reset = check_json(home)
            first = after_reset["exercises"][0]  # type: ignore[index]
            assert first["status"] == "carried"
            assert first["passed"] is True
        run_steps(exercise.solution, ws, live_host())
        if position + 1 < len(scenario.exercises):
            lab("next", "--yes", home=home)
    code, final = check_json(home)
    failing = [chk["id"] for chk in final["checks"] if not chk["passed"]]  # type: ignore[union-attr]
    assert failing == []
    assert final["total_percent"] == 100
    assert code == 0


def test_image_prune_all_of_practica_14_leaves_check_reset_and_start_working(home: Path) -> None:
    lab("start", "day1", home=home)
    # The course's `docker image prune -a -f`, limited to the lab's own images so the
    # test never deletes an image of the host: the protection is the same.
    prune = sh("docker image prune -a -f --filter label=io.inatrace-lab.managed=true")
    assert prune.returncode == 0, prune.stderr
    for ref in LAB_IMAGES:
        assert sh(f"docker image inspect {ref} --format ok").stdout.strip() == "ok", ref
    assert lab("check", home=home, check=False).returncode in (0, 1)
    lab("reset", home=home)
    lab("stop", home=home)
    lab("start", "day1", home=home)
    assert (
        sh(
            f"docker inspect {c.BACKEND_CONTAINER} --format '{{{{.State.Health.Status}}}}'"
        ).stdout.strip()
        == "healthy"
    )
