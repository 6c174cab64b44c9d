"""The replica as a process: exit codes and the startup report when MySQL is unreachable."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[3] / "compose" / "backend" / "app"


def run_replica(env_extra: dict[str, str], timeout: float = 20) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INATRACE_", "SPRING_"))}
    env.update(
        {
            "PYTHONPATH": str(APP_DIR),
            "INATRACE_DATABASE_HOSTNAME": "127.0.0.1",
            "INATRACE_DATABASE_PORT": "1",
            "SERVER_PORT": "0",
            "SPRING_PROFILES_ACTIVE": "prod",
            "INATRACE_RELEASE_VERSION": "2.38.0",
            "LAB_BACKEND_START": "fast",
            **env_extra,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "inatrace_replica"],
        env=env,
        timeout=timeout,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unreachable_mysql_logs_communications_link_failure_and_exits_1() -> None:
    started = time.monotonic()
    proc = run_replica({})
    assert proc.returncode == 1
    assert time.monotonic() - started < 10
    out = proc.stdout
    assert proc.stderr == ""
    assert "Starting INATraceBackendApplication v2.38.0 using Java 17.0." in out
    assert 'The following 1 profile is active: "prod"' in out
    assert "HikariPool-1 - Exception during pool initialization." in out
    assert (
        "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure" in out
    )
    assert "The last packet sent successfully to the server was 0 milliseconds ago." in out
    assert "Application run failed" in out
    assert "Started INATraceBackendApplication" not in out
    order = [
        "Starting INATraceBackendApplication",
        "Tomcat initialized with port",
        "Starting Servlet engine: [Apache Tomcat/10.1.28]",
        "Flyway OSS Edition 10.10.0 by Redgate",
        "HikariPool-1 - Starting...",
        "Stopping service [Tomcat]",
        "Application run failed",
    ]
    positions = [out.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_repair_on_startup_is_announced_before_flyway_runs() -> None:
    out = run_replica({"INATRACE_FLYWAY_REPAIR_ON_STARTUP": "true"}).stdout
    line = next(ln for ln in out.splitlines() if "flyway.repair" in ln)
    assert " WARN " in line
    assert line.endswith(
        "[Flyway] INATRACE_FLYWAY_REPAIR_ON_STARTUP=true - running flyway.repair() before migrate()"
    )


def test_a_bad_environment_value_fails_startup_with_exit_1() -> None:
    proc = run_replica({"SERVER_PORT": "ocho-mil"})
    assert proc.returncode == 1
    assert "SERVER_PORT must be an integer" in proc.stdout
