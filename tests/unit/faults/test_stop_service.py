"""stop-service on FakeHost: a stopped container, proven, restarted, from any process."""

from __future__ import annotations

import pytest
from fault_support import assert_stack_healthy, build, calls_since, new_process, record_file

from labs.core import constants as c
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.fake import FakeHost


@pytest.mark.parametrize("service", ["backend", "mysql"])
def test_stopping_a_service_is_proven_by_its_stopped_container(
    service: str, host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("stop-service", service=service)
    fault.inject(ctx)
    assert not host.containers[c.CONTAINERS[service]].state.running
    assert fault.verify_injected(ctx) == f"{c.CONTAINERS[service]}: detenido" + (
        "; GET /actuator/health → 503 (db DOWN)" if service == "mysql" else ""
    )
    assert record_file(ctx, fault).is_file()


def test_a_stopped_mysql_shows_as_503_on_the_backend_health(
    host: FakeHost, ctx: FaultContext
) -> None:
    build("stop-service", service="mysql").inject(ctx)
    probe = host.health(2)
    assert probe.http_status == 503
    assert probe.body is not None
    assert probe.body.components["db"].status == "DOWN"


@pytest.mark.parametrize("service", ["backend", "mysql"])
def test_verify_says_not_live_while_the_service_runs(service: str, ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="sigue corriendo"):
        build("stop-service", service=service).verify_injected(ctx)


@pytest.mark.parametrize("service", ["backend", "mysql"])
def test_revert_starts_the_service_and_a_second_revert_changes_nothing(
    service: str, host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("stop-service", service=service)
    fault.inject(ctx)
    fault.revert(ctx)
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "start") == []
    assert_stack_healthy(host)
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_a_new_process_reverts_from_the_record(host: FakeHost, ctx: FaultContext) -> None:
    build("stop-service", service="mysql").inject(ctx)
    later = new_process(ctx)
    fault = build("stop-service", service="mysql")
    fault.revert(later)
    assert_stack_healthy(host)
    assert not record_file(later, fault).exists()


def test_revert_leaves_a_service_the_trainee_already_started_alone(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("stop-service", service="mysql")
    fault.inject(ctx)
    host.start(c.MYSQL_CONTAINER)  # the trainee's `docker start`
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "start") == []
    assert_stack_healthy(host)
