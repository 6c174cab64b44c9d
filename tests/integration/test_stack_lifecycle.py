"""The replica stack and the lab lifecycle on the real engine (issue: replica stack).

The steps run in order against one Día 1 lab, as a technician would go through them.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from labs.core import constants as c
from tests.integration.conftest import lab, sh

pytestmark = pytest.mark.docker
BE, DB = c.BACKEND_CONTAINER, c.MYSQL_CONTAINER


def health() -> tuple[int | None, dict[str, Any] | None]:
    try:
        with urllib.request.urlopen(c.HEALTH_URL, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return None, None


def wait_for(predicate: Any, deadline: float, what: str) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {deadline}s waiting for: {what}")


def docker_health(name: str) -> str:
    return sh(f"docker inspect {name} --format='{{{{.State.Health.Status}}}}'").stdout.strip()


def test_start_brings_health_up_with_its_three_components(day1: Path) -> None:
    status, body = health()
    assert status == 200
    assert body is not None
    assert body["status"] == "UP"
    assert {k: v["status"] for k, v in body["components"].items()} == {
        "db": "UP",
        "diskSpace": "UP",
        "ping": "UP",
    }


def test_both_containers_are_healthy_under_their_course_names(day1: Path) -> None:
    assert docker_health(BE) == "healthy"
    assert docker_health(DB) == "healthy"


def test_day1_course_commands_give_their_expected_output(day1: Path) -> None:
    ps = sh("docker ps | grep inatrace").stdout
    assert BE in ps
    assert DB in ps
    assert "0.0.0.0:8082->8080/tcp" in ps
    assert "0.0.0.0:3306->3306/tcp" in ps
    assert (
        sh("curl -s http://localhost:8082/actuator/health | jq -r .status").stdout.strip() == "UP"
    )
    count = sh(
        f"docker exec {DB} mysql -u{c.DATASOURCE_USERNAME} -p{c.DATASOURCE_PASSWORD} "
        f"{c.DATABASE_NAME} -N -e 'SELECT COUNT(*) FROM User'"
    )
    assert count.returncode == 0, count.stderr
    assert int(count.stdout.strip()) >= 50
    compose_ps = sh("cd $LAB_HOME/backend/test/fortaleza && docker compose ps", home=day1)
    assert "backend" in compose_ps.stdout
    assert "mysql" in compose_ps.stdout
    logs = sh(f"docker logs {BE} 2>&1 | grep -i started").stdout
    assert "Started INATraceBackendApplication in" in logs
    assert "Tomcat started on port" in logs


def test_stopping_mysql_turns_health_503_with_db_down(day1: Path) -> None:
    sh(f"docker stop {DB}")
    wait_for(lambda: health()[0] == 503, 30, "health 503")
    _status, body = health()
    assert body is not None
    assert body["status"] == "DOWN"
    assert body["components"]["db"]["status"] == "DOWN"
    assert body["components"]["ping"]["status"] == "UP"


def test_backend_restarted_while_mysql_is_down_loops_on_communications_link_failure(
    day1: Path,
) -> None:
    sh(f"docker restart {BE}")

    def looping() -> bool:
        state = sh(f"docker inspect {BE} --format '{{{{.RestartCount}}}} {{{{.State.Status}}}}'")
        count, _status = state.stdout.split()
        return int(count) >= 1

    wait_for(looping, 60, "backend restart loop")
    logs = sh(f"docker logs {BE} 2>&1 | grep 'Communications link failure'").stdout
    assert "Communications link failure" in logs


def test_mysql_back_brings_the_backend_up_again(day1: Path) -> None:
    sh(f"docker start {DB}")
    wait_for(lambda: health()[0] == 200, 120, "health UP after MySQL returns")
    wait_for(lambda: docker_health(BE) == "healthy", 60, "backend healthy")


def test_compose_restart_backend_from_the_workspace_logs_the_started_line(day1: Path) -> None:
    before = sh(f"docker inspect {BE} --format '{{{{.State.StartedAt}}}}'").stdout
    restart = sh("cd $LAB_HOME/backend/test/fortaleza && docker compose restart backend", home=day1)
    assert restart.returncode == 0, restart.stderr
    after = sh(f"docker inspect {BE} --format '{{{{.State.StartedAt}}}}'").stdout
    assert after != before
    wait_for(
        lambda: (
            "Started INATraceBackendApplication"
            in sh(f"docker logs {BE} --since {after.strip()} 2>&1").stdout
        ),
        60,
        "started line",
    )
    wait_for(lambda: docker_health(BE) == "healthy", 60, "backend healthy after restart")


def test_lab_stop_leaves_foreign_containers_and_the_trainees_files(day1: Path) -> None:
    foreign = "ilab-foreign-witness"
    sh(f"docker rm -f {foreign}")
    assert sh(f"docker run -d --name {foreign} {c.BASE_IMAGE} sleep 300").returncode == 0
    notes = day1 / "notas" / "bitacora.md"
    script = day1 / "home" / "usuario" / "check-inatrace-health.sh"
    backup = day1 / "backups" / "backup-manual-20250101-000000.sql.gz"
    for path, text in (
        (notes, "| Fecha | Actividad |\n"),
        (script, "#!/bin/bash\n"),
        (backup, "x"),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    try:
        lab("stop", home=day1)
        assert (
            sh(f"docker inspect {foreign} --format '{{{{.State.Running}}}}'").stdout.strip()
            == "true"
        )
        assert sh(f"docker ps -a --filter name={BE} -q").stdout.strip() == ""
        assert notes.read_text() == "| Fecha | Actividad |\n"
        assert script.exists()
        assert backup.exists()
    finally:
        sh(f"docker rm -f {foreign}")
