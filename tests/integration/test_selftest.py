"""Every shipped scenario proves itself on the real engine (lab selftest)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from labs.scenario.load import included_by, shipped_scenarios

pytestmark = pytest.mark.docker


# An included fault scenario is played in full by the lab that includes it (Día 4);
# tests/unit/scenario/test_include.py asserts that coverage.
LABS = [p.stem for p in shipped_scenarios() if p.stem not in included_by()]


@pytest.mark.parametrize("lab", LABS)
def test_every_exercise_of_the_lab_is_solvable_and_its_grading_discriminates(
    lab: str, docker_engine: None
) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160"}
    proc = subprocess.run(
        [sys.executable, "-m", "labs", "selftest", lab],
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
        check=False,
    )
    failures = [line for line in proc.stdout.splitlines() if line.startswith("✗")]
    assert proc.returncode == 0, "\n".join(failures) or proc.stdout[-3000:] + proc.stderr[-2000:]
