"""Integration tests run the real `lab` command against the real Docker engine.

The lab's container names and ports are fixed, so only one such run at a time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.core import constants as c

pytestmark = pytest.mark.docker


def lab(
    *args: str, home: Path, timeout: float = 900, check: bool = True, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI as a trainee/instructor would."""
    env = {**os.environ, "LAB_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "labs", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        input=input_text,
        check=False,
    )
    if check and proc.returncode != 0:
        shown = " ".join(args)
        raise AssertionError(f"lab {shown} → {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def sh(
    command: str, *, cwd: Path | None = None, timeout: float = 120, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if home is not None:
        env["LAB_HOME"] = str(home)
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def lab_home(tmp_path_factory: pytest.TempPathFactory, docker_engine: None) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("labhome") / "inatrace-lab"
    yield home
    lab("stop", home=home, check=False)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def day1(lab_home: Path) -> Path:
    """A running Día 1 lab, started once for the session."""
    lab("start", "day1", home=lab_home)
    return lab_home


def names() -> tuple[str, str]:
    return c.BACKEND_CONTAINER, c.MYSQL_CONTAINER
