"""Real timing mode: the backend takes as long as the real JVM to start (issue 8).

A trainee's `lab start day1` uses LAB_BACKEND_START=real (compose/env.template): for
20-30 s `docker ps` shows `(health: starting)`, then `healthy`, as Práctica 7 and the
deploy's health polling meet it in production (AT ci/Jenkinsfile polls
`.State.Health.Status` 12 x 10 s). CI and self-tests start it fast.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from labs.core import constants as c
from tests.integration.conftest import lab, sh

pytestmark = pytest.mark.docker
BE = c.BACKEND_CONTAINER


def _health() -> str:
    out = sh(f"docker inspect {BE} --format '{{{{.State.Health.Status}}}}'").stdout
    return out.strip()


def _start_day1(home: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LAB_HOME": str(home), "NO_COLOR": "1", "LAB_BACKEND_START": mode}
    return subprocess.Popen(
        [sys.executable, "-m", "labs", "start", "day1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_real_start_shows_health_starting_for_20_to_30_seconds_then_healthy(
    lab_home: Path,
) -> None:
    lab("stop", home=lab_home, check=False)
    proc = _start_day1(lab_home, "real")
    seen: list[str] = []
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        state = _health()
        if state and (not seen or seen[-1] != state):
            seen.append(state)
        time.sleep(0.5)
    output = proc.communicate(timeout=60)[0]
    try:
        assert proc.returncode == 0, output
        seen.append(_health())
        assert seen[-1] == "healthy"
        assert "starting" in seen[:-1], seen  # `(health: starting)` came before `healthy`
        logs = sh(f"docker logs {BE} 2>&1").stdout
        started = re.findall(
            r"Started INATraceBackendApplication in ([\d.]+) seconds \(process running for"
            r" ([\d.]+)\)",
            logs,
        )
        assert started, logs[-2000:]
        took, running = (float(x) for x in started[-1])
        assert 18 <= took <= 32, started
        assert running > took  # the JVM boots before Spring starts counting
    finally:
        # Other tests start their own labs (the fixed names allow one at a time); the
        # session's `day1` fixture starts this home again, fast, when a test asks for it.
        lab("stop", home=lab_home, check=False)
