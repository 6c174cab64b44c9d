"""Shared test setup: plain output, and Docker gating for integration tests."""

from __future__ import annotations

import os
import subprocess

import pytest


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LAB_LANG", "es")


def docker_available() -> bool:
    try:
        proc = subprocess.run(["docker", "info"], capture_output=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


@pytest.fixture(scope="session")
def docker_engine() -> None:
    """Skip without Docker locally; in CI (LAB_REQUIRE_DOCKER=1) fail instead."""
    if docker_available():
        return
    if os.environ.get("LAB_REQUIRE_DOCKER") == "1":
        pytest.fail("Docker is required (LAB_REQUIRE_DOCKER=1) but `docker info` fails")
    pytest.skip("docker unavailable")
