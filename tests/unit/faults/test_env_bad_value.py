"""env-bad-value on FakeHost: a bad .env value, a recreated backend in a restart loop."""

from __future__ import annotations

import pytest
from fault_support import (
    DEPLOY_ENV,
    assert_stack_healthy,
    build,
    calls_since,
    new_process,
    record_file,
)

from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.fake import FakeHost

RECREATE = ("compose", "up", "-d", "--no-deps", "--force-recreate", "backend")


@pytest.fixture
def host(workspace: Workspace) -> FakeHost:
    """A stack `lab start` brought up from the workspace's .env (the fake's good one)."""
    fake = FakeHost.healthy_stack()
    fake.compose(workspace.deploy_dir, "up", "-d", "--remove-orphans")
    return fake


def test_a_bad_value_recreates_the_backend_into_a_restart_loop(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("env-bad-value", key="DATABASE_PORT", value="3307")
    fault.inject(ctx)
    assert "DATABASE_PORT=3307\n" in ctx.workspace.env_file.read_text()
    assert RECREATE in host.calls
    assert host.containers[c.BACKEND_CONTAINER].state.restarting
    assert fault.verify_injected(ctx) == "RestartCount=1 con DATABASE_PORT=3307"


def test_the_bad_line_takes_the_place_of_the_good_one(ctx: FaultContext) -> None:
    build("env-bad-value", key="DATABASE_PORT", value="3307").inject(ctx)
    assert ctx.workspace.env_file.read_text() == DEPLOY_ENV.replace("3306", "3307")


def test_verify_says_not_live_while_the_backend_runs_normally(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="RestartCount = 0"):
        build("env-bad-value", key="DATABASE_PORT", value="3307").verify_injected(ctx)


def test_revert_restores_the_env_file_and_a_second_revert_changes_nothing(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("env-bad-value", key="DATABASE_PORT", value="3307")
    fault.inject(ctx)
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == DEPLOY_ENV
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "compose") == []
    assert ctx.workspace.env_file.read_text() == DEPLOY_ENV
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_revert_removes_a_key_the_env_file_did_not_have(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("env-bad-value", key="DATABASE_HOST", value="mysql-viejo")
    fault.inject(ctx)
    assert "DATABASE_HOST=mysql-viejo\n" in ctx.workspace.env_file.read_text()
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == DEPLOY_ENV
    assert_stack_healthy(host)


def test_a_new_process_reverts_from_the_record(host: FakeHost, ctx: FaultContext) -> None:
    build("env-bad-value", key="DATABASE_PORT", value="3307").inject(ctx)
    later = new_process(ctx)
    fault = build("env-bad-value", key="DATABASE_PORT", value="3307")
    fault.revert(later)
    assert later.workspace.env_file.read_text() == DEPLOY_ENV
    assert_stack_healthy(host)
    assert not record_file(later, fault).exists()


def test_revert_does_not_recreate_a_backend_the_trainee_already_fixed(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("env-bad-value", key="DATABASE_PORT", value="3307")
    fault.inject(ctx)
    ctx.workspace.env_file.write_text(DEPLOY_ENV)  # the trainee's fix
    host.compose(ctx.workspace.deploy_dir, "up", "-d", "--force-recreate", "backend")
    mark = len(host.calls)
    fault.revert(ctx)
    assert calls_since(host, mark, "compose") == []
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()
