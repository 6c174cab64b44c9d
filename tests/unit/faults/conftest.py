"""Fault tests run on FakeHost: a healthy stack, a workspace with a deploy .env, instant waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import DEPLOY_ENV, InstantClock

from labs.core.workspace import Workspace
from labs.faults.base import FaultContext
from labs.host import waits
from labs.host.fake import FakeHost


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> InstantClock:
    instant = InstantClock()
    monkeypatch.setattr(waits, "time", instant)
    return instant


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    ws.env_file.write_text(DEPLOY_ENV)
    return ws


@pytest.fixture
def host() -> FakeHost:
    return FakeHost.healthy_stack()


@pytest.fixture
def ctx(workspace: Workspace, host: FakeHost) -> FaultContext:
    return FaultContext(workspace, host, seed=7)
