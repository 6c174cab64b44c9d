"""jwt-key-empty and the login incident's `clave-jwt` cause on FakeHost."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import DEPLOY_ENV, assert_stack_healthy, build, record_file

from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.api import JsonBody
from labs.host.fake import FakeHost
from labs.host.models import HttpAnswer

KEY = "INATRACE_AUTH_JWTSIGNINGKEY"
KEY_LINE = f"{KEY}=lab-only-jwt-signing-key-not-a-secret\n"


class JwtHost(FakeHost):
    """Reads the signing key at each recreate, as the backend does at start."""

    empty_key = False

    def _recreate(self, project_dir: Path, service: str, *, fresh: bool) -> None:
        lines = (project_dir / ".env").read_text().splitlines()
        key = next((line for line in lines if line.startswith(f"{KEY}=")), f"{KEY}=")
        value = key.partition("=")[2]
        if service == "backend":
            self.empty_key = value == ""
        if self.good_env is not None:  # any key starts the backend; only signing needs it
            self.good_env = {**self.good_env, KEY: value}
        super()._recreate(project_dir, service, fresh=fresh)

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        if path == "/api/user/login" and self.empty_key:
            self.calls.append(("http", method, path))
            self._log(
                "ERROR  IP: 10.0.0.1, exception: java.lang.IllegalArgumentException,"
                " message: Empty key"
            )
            return HttpAnswer(status=500)
        return super().http(method, path, json=json, timeout=timeout)


@pytest.fixture
def host(workspace: Workspace) -> FakeHost:
    workspace.env_file.write_text(DEPLOY_ENV + KEY_LINE)
    fake = JwtHost()
    fake.containers = FakeHost.healthy_stack().containers
    fake.simulate = True
    fake.compose(workspace.deploy_dir, "up", "-d", "--remove-orphans")
    return fake


def _login(host: FakeHost) -> int | None:
    body = {"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD}
    return host.http("POST", "/api/user/login", json=body).status


def test_an_empty_key_breaks_every_login_keeps_health_up_and_is_reverted(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("jwt-key-empty")
    fault.inject(ctx)
    assert "INATRACE_AUTH_JWTSIGNINGKEY=\n" in ctx.workspace.env_file.read_text()
    assert _login(host) == 500
    assert host.health(2).http_status == 200
    assert "Empty key" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == DEPLOY_ENV + KEY_LINE
    assert _login(host) == 200
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()


def test_a_trainee_who_set_a_new_key_is_left_alone(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("jwt-key-empty")
    fault.inject(ctx)
    text = ctx.workspace.env_file.read_text()
    ctx.workspace.env_file.write_text(text.replace("KEY=\n", "KEY=lab-nueva\n"))
    host.compose(ctx.workspace.deploy_dir, "up", "-d", "--force-recreate", "backend")
    assert _login(host) == 200
    fault.revert(ctx)
    assert _login(host) == 200


def test_not_live_when_login_still_works(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("jwt-key-empty")
    fault.inject(ctx)
    assert isinstance(host, JwtHost)
    host.empty_key = False
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_the_login_incident_draws_the_jwt_key_as_one_of_its_causes(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("login-incident", cause="clave-jwt")
    fault.inject(ctx)
    assert _login(host) == 500
    assert "Empty key" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert _login(host) == 200
