"""Helpers for the fault tests: scenario-shaped faults, a new process, a healthy stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from labs import faults
from labs.core import constants as c
from labs.faults.base import Fault, FaultContext
from labs.host.fake import FakeHost

DEPLOY_ENV = (
    "COMPOSE_PROJECT_NAME=inatrace-backend-fortaleza\n"
    "DATABASE_NAME=inatrace_test_fortaleza\n"
    "DATABASE_PORT=3306\n"
    "BACKEND_TAG=test-8b41d7e\n"
)


class InstantClock:
    """`time` for labs.host.waits: sleeping moves the clock on instead of waiting.

    The fake changes state at once, so a wait that is not satisfied on its first probe
    never will be: with this clock it reaches its deadline without sleeping.
    """

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def scenario_spec(kind: str, **params: Any) -> BaseModel:
    """The entry `{kind, ...params}` as a validated scenario file holds it."""
    model_name = f"{faults.get(kind).__name__}Fault"
    model = next(m for m in faults.spec_models() if m.__name__ == model_name)
    return model.model_validate({"kind": kind, **params})


def build(kind: str, **params: Any) -> Fault[Any]:
    """A fault built the way the session builds it from a scenario entry."""
    return faults.build(scenario_spec(kind, **params), exercise_id="ex", index=0)


def new_process(ctx: FaultContext) -> FaultContext:
    """What a later `lab reset` starts from: the same workspace and host, nothing in memory."""
    return FaultContext(ctx.workspace, ctx.host, seed=ctx.seed)


def record_file(ctx: FaultContext, fault: Fault[Any], suffix: str = "") -> Path:
    return ctx.records_dir / f"{fault.key}{suffix}.json"


def assert_stack_healthy(host: FakeHost) -> None:
    assert host.health(2).http_status == 200
    for name in c.CONTAINERS.values():
        state = host.containers[name].state
        assert state.running
        assert not state.restarting
        assert host.containers[name].health_status == "healthy"


def calls_since(host: FakeHost, mark: int, *prefix: str) -> list[tuple[str, ...]]:
    """Actions recorded after `mark` (a length of host.calls) that start with `prefix`."""
    return [call for call in host.calls[mark:] if call[: len(prefix)] == prefix]
