"""db-credentials and backend-start-failure on FakeHost."""

from __future__ import annotations

import pytest
from fault_support import DEPLOY_ENV, assert_stack_healthy, build, record_file

from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.fake import FakeHost

GOOD_ENV = DEPLOY_ENV + "DATASOURCE_USERNAME=inatrace_test_fortaleza\nDATASOURCE_PASSWORD=ok\n"
DENIED = "java.sql.SQLException: Access denied for user 'x'@'172.18.0.3' (using password: YES)"


class DeniedHost(FakeHost):
    """The replica's words when MySQL refuses the .env's credentials."""

    def compose(self, project_dir, *args, timeout=300, check=True):  # type: ignore[no-untyped-def]
        result = super().compose(project_dir, *args, timeout=timeout, check=check)
        if self.crash_cause == "env":
            self._log(f"ERROR  {DENIED}")
        return result


@pytest.fixture
def host(workspace: Workspace) -> FakeHost:
    workspace.env_file.write_text(GOOD_ENV)
    fake = DeniedHost.healthy_stack()
    fake.compose(workspace.deploy_dir, "up", "-d", "--remove-orphans")
    return fake


@pytest.mark.parametrize(
    ("field", "key"), [("password", "DATASOURCE_PASSWORD"), ("username", "DATASOURCE_USERNAME")]
)
def test_a_wrong_credential_is_refused_and_reverted(
    host: FakeHost, ctx: FaultContext, field: str, key: str
) -> None:
    fault = build("db-credentials", field=field, value="inatrace_app")
    fault.inject(ctx)
    assert f"{key}=inatrace_app\n" in ctx.workspace.env_file.read_text()
    assert host.containers[c.BACKEND_CONTAINER].state.restarting
    assert "Access denied for user" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == GOOD_ENV
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()


def test_a_loop_without_access_denied_is_not_this_fault(host: FakeHost, ctx: FaultContext) -> None:
    ctx.workspace.env_file.write_text(GOOD_ENV.replace("DATABASE_PORT=3306", "DATABASE_PORT=1"))
    FakeHost.compose(host, ctx.workspace.deploy_dir, "up", "-d", "backend")
    with pytest.raises(FaultNotLiveError, match="Access denied"):
        build("db-credentials", field="password", value="x").verify_injected(ctx)


def test_backend_start_failure_delegates_to_the_chosen_cause(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build(
        "backend-start-failure",
        cause="credenciales-incorrectas",
        version="2025.12.22.12.30",
        field="password",
        value="fortaleza_db",
    )
    fault.inject(ctx)
    assert "DATASOURCE_PASSWORD=fortaleza_db\n" in ctx.workspace.env_file.read_text()
    assert not any(call[0] == "sql" for call in host.calls)
    assert "Access denied" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == GOOD_ENV
    assert_stack_healthy(host)


def test_backend_start_failure_rejects_an_unknown_cause() -> None:
    with pytest.raises(ValueError, match="cause"):
        build("backend-start-failure", cause="disco-lleno", version="1")
