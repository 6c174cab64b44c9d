"""backend-slow on FakeHost: a CPU-burning backend (cpu) or a MySQL write lock (mysql-lock)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fault_support import assert_stack_healthy, build, calls_since, new_process, record_file

from labs.core import constants as c
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.errors import SqlError
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


def processlist_query(host: FakeHost) -> str:
    """The query the fault asks to find its lock session, as the host saw it."""
    return next(call[1] for call in host.calls if call[0] == "sql" and "PROCESSLIST" in call[1])


# --- mode cpu ------------------------------------------------------------------------


def test_a_cpu_slow_backend_is_proven_by_a_slow_health_answer(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="cpu")
    fault.inject(ctx)
    assert ("signal", c.BACKEND_CONTAINER, "SIGUSR2") in host.calls
    assert fault.verify_injected(ctx) == "GET /actuator/health tardó 2.0 s (HTTP 200)"


def test_verify_says_not_live_while_the_backend_answers_fast(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="se esperaba > 1 s"):
        build("backend-slow", mode="cpu").verify_injected(ctx)


def test_cpu_revert_restarts_the_backend_once_and_a_second_revert_changes_nothing(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="cpu")
    fault.inject(ctx)
    mark = len(host.calls)
    fault.revert(ctx)
    assert lab_restarts(host, mark) == [("compose", "restart", "backend")]
    assert_stack_healthy(host)
    assert host.health(2).elapsed_ms < 1000
    mark = len(host.calls)
    fault.revert(ctx)
    assert lab_restarts(host, mark) == []
    assert not record_file(ctx, fault).exists()
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_cpu_revert_from_a_new_process_uses_the_record(host: FakeHost, ctx: FaultContext) -> None:
    build("backend-slow", mode="cpu").inject(ctx)
    later = new_process(ctx)
    fault = build("backend-slow", mode="cpu")
    fault.revert(later)
    assert_stack_healthy(host)
    assert host.health(2).elapsed_ms < 1000
    assert not record_file(later, fault).exists()


def test_cpu_revert_does_not_restart_a_backend_the_trainee_already_restarted(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="cpu")
    fault.inject(ctx)
    host.compose(ctx.workspace.deploy_dir, "restart", "backend")  # the trainee's fix
    mark = len(host.calls)
    fault.revert(ctx)
    assert lab_restarts(host, mark) == []
    assert_stack_healthy(host)


# --- mode mysql-lock -----------------------------------------------------------------


def test_a_lock_session_is_proven_by_processlist(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("backend-slow", mode="mysql-lock")
    fault.inject(ctx)
    assert host.lock_sessions == ["100"]
    assert fault.verify_injected(ctx) == "sesión MySQL 100 con LOCK TABLES User WRITE"
    assert record_file(ctx, fault).is_file()


def test_verify_says_not_live_when_no_session_holds_the_lock(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="LOCK TABLES"):
        build("backend-slow", mode="mysql-lock").verify_injected(ctx)


def test_lock_revert_kills_the_session_and_a_second_revert_changes_nothing(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="mysql-lock")
    fault.inject(ctx)
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "sql", "KILL 100") == [("sql", "KILL 100")]
    assert host.lock_sessions == []
    assert lab_restarts(host, mark) == []
    mark = len(host.calls)
    fault.revert(ctx)
    assert [call for call in host.calls[mark:] if call[1].startswith("KILL")] == []
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_lock_revert_from_a_new_process_uses_the_record(host: FakeHost, ctx: FaultContext) -> None:
    build("backend-slow", mode="mysql-lock").inject(ctx)
    later = new_process(ctx)
    fault = build("backend-slow", mode="mysql-lock")
    fault.revert(later)
    assert host.lock_sessions == []
    assert not record_file(later, fault).exists()


def test_lock_revert_tolerates_a_session_the_trainee_already_killed(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="mysql-lock")
    fault.inject(ctx)
    fault.verify_injected(ctx)
    host.sql("KILL 100")  # the trainee's fix
    fault.revert(ctx)
    assert host.lock_sessions == []
    assert not record_file(ctx, fault).exists()


def test_lock_revert_tolerates_a_kill_between_its_look_and_its_own_kill(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("backend-slow", mode="mysql-lock")
    fault.inject(ctx)
    fault.verify_injected(ctx)
    # PROCESSLIST still lists the session the trainee KILLs a moment later.
    host.sql_answers[processlist_query(host)] = [["100"]]
    host.sql("KILL 100")
    with pytest.raises(SqlError, match="Unknown thread id"):
        host.sql("KILL 100")  # what the revert's own KILL meets
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "sql", "KILL 100") == [("sql", "KILL 100")]
    assert not record_file(ctx, fault).exists()
