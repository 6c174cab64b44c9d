"""backend-hang on FakeHost: health times out until a new backend process."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fault_support import assert_stack_healthy, build, calls_since, new_process, record_file

from labs.core import constants as c
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.fake import FakeHost

BOOTED = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture
def host() -> FakeHost:
    """A healthy stack whose backend process started at a known moment."""
    fake = FakeHost.healthy_stack()
    fake.containers[c.BACKEND_CONTAINER].state.started_at = BOOTED
    return fake


def lab_restarts(host: FakeHost, mark: int) -> list[tuple[str, ...]]:
    return [
        *calls_since(host, mark, "compose", "restart"),
        *calls_since(host, mark, "restart"),
    ]


def test_a_hung_backend_is_proven_by_a_health_probe_that_times_out(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-hang")
    fault.inject(ctx)
    assert ("signal", c.BACKEND_CONTAINER, "SIGUSR1") in host.calls
    assert host.health(2).error == "timed out"
    evidence = fault.verify_injected(ctx)
    assert evidence == "GET /actuator/health sin respuesta tras 3.0 s; Docker: unhealthy"


def test_the_record_keeps_which_backend_process_was_hung(ctx: FaultContext) -> None:
    fault = build("backend-hang")
    fault.inject(ctx)
    record = json.loads(record_file(ctx, fault).read_text())
    assert record == {"started_at": BOOTED.isoformat()}


def test_verify_says_not_live_while_the_backend_answers(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="respondió 200"):
        build("backend-hang").verify_injected(ctx)


def test_revert_restarts_the_hung_backend_once_and_a_second_revert_changes_nothing(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-hang")
    fault.inject(ctx)
    mark = len(host.calls)
    fault.revert(ctx)
    assert lab_restarts(host, mark) == [("compose", "restart", "backend")]
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
    mark = len(host.calls)
    fault.revert(ctx)
    assert lab_restarts(host, mark) == []
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_a_new_process_reverts_from_the_record(host: FakeHost, ctx: FaultContext) -> None:
    build("backend-hang").inject(ctx)
    later = new_process(ctx)
    fault = build("backend-hang")
    fault.revert(later)
    assert_stack_healthy(host)
    assert not record_file(later, fault).exists()


def test_revert_does_not_restart_a_backend_the_trainee_already_restarted(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-hang")
    fault.inject(ctx)
    host.compose(ctx.workspace.deploy_dir, "restart", "backend")  # the trainee's fix
    assert host.containers[c.BACKEND_CONTAINER].state.started_at != BOOTED
    mark = len(host.calls)
    fault.revert(new_process(ctx))
    assert lab_restarts(host, mark) == []
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
