"""bad-release, users-deactivated and login-incident on FakeHost."""

from __future__ import annotations

import pytest
from fault_support import DEPLOY_ENV, assert_stack_healthy, build, record_file

from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.users_deactivated import ACTIVE_USERS
from labs.host.fake import FakeHost

GOOD_TAG = c.CURRENT_RELEASE.tag
GOOD_ENV = DEPLOY_ENV + f"TAG={GOOD_TAG}\n"
USERS = ["ana@fortaleza.lab", "luis@fortaleza.lab", "rosa@fortaleza.lab"]


@pytest.fixture
def host(workspace: Workspace) -> FakeHost:
    workspace.env_file.write_text(GOOD_ENV)
    fake = FakeHost.healthy_stack()
    fake.compose(workspace.deploy_dir, "up", "-d", "--remove-orphans")
    fake.sql_answers[ACTIVE_USERS] = [[u] for u in USERS]
    return fake


def login(host: FakeHost, user: str, password: str = c.SEED_PASSWORD) -> int | None:
    return host.http(
        "POST", "/api/user/login", json={"username": user, "password": password}
    ).status


def test_bad_release_keeps_health_up_breaks_login_and_is_rolled_back(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("bad-release")
    fault.inject(ctx)
    bad = next(r for r in c.RELEASES if r.bad)
    assert f"TAG={bad.tag}\n" in ctx.workspace.env_file.read_text()
    assert host.health(2).http_status == 200
    assert login(host, c.ADMIN_EMAIL, c.ADMIN_PASSWORD) == 500
    assert "500" in fault.verify_injected(ctx)
    history = (ctx.workspace.root / "logs/despliegues.log").read_text()
    assert f"TAG={GOOD_TAG} SUCCESS" in history
    assert f"TAG={bad.tag} SUCCESS" in history
    fault.revert(ctx)
    assert ctx.workspace.env_file.read_text() == GOOD_ENV
    assert not (ctx.workspace.root / "logs/despliegues.log").exists()
    assert login(host, c.ADMIN_EMAIL, c.ADMIN_PASSWORD) == 200
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()


def test_bad_release_revert_after_the_trainee_rolled_back_does_not_recreate(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("bad-release")
    fault.inject(ctx)
    ctx.workspace.env_file.write_text(GOOD_ENV)
    host.compose(ctx.workspace.deploy_dir, "up", "-d", "--force-recreate", "backend")
    mark = len(host.calls)
    fault.revert(ctx)
    assert not [call for call in host.calls[mark:] if call[0] == "compose"]
    assert login(host, c.ADMIN_EMAIL, c.ADMIN_PASSWORD) == 200


def test_bad_release_not_live_when_login_works(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("bad-release")
    fault.inject(ctx)
    host.release_bad = False
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_users_deactivated_locks_out_every_user_but_the_admin(
    host: FakeHost, ctx: FaultContext
) -> None:
    host.account_status["viejo@fortaleza.lab"] = "DEACTIVATED"
    fault = build("users-deactivated")
    fault.inject(ctx)
    assert all(login(host, u) == 403 for u in USERS)
    assert login(host, c.ADMIN_EMAIL, c.ADMIN_PASSWORD) == 200
    assert "403" in fault.verify_injected(ctx)
    fault.revert(ctx)
    assert all(login(host, u) == 200 for u in USERS)
    # an account deactivated on purpose before the incident stays deactivated
    assert host.account_status["viejo@fortaleza.lab"] == "DEACTIVATED"
    assert not record_file(ctx, fault).exists()


def test_users_deactivated_not_live_once_reactivated(host: FakeHost, ctx: FaultContext) -> None:
    fault = build("users-deactivated")
    fault.inject(ctx)
    for user in USERS:
        host.account_status[user] = "ACTIVE"
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


@pytest.mark.parametrize(
    "cause",
    ["mysql-down", "credenciales-cambiadas", "release-defectuoso", "usuarios-desactivados"],
)
def test_login_incident_breaks_logins_and_reverts(
    host: FakeHost, ctx: FaultContext, cause: str
) -> None:
    fault = build("login-incident", cause=cause)
    fault.inject(ctx)
    assert login(host, USERS[0]) != 200
    fault.revert(ctx)
    assert login(host, USERS[0]) == 200
    assert ctx.workspace.env_file.read_text() == GOOD_ENV
    assert_stack_healthy(host)


def test_login_incident_lock_storm_delegates_to_backend_slow(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("login-incident", cause="bloqueo-mysql")
    fault.inject(ctx)
    assert host.lock_sessions
    fault.revert(ctx)
    assert not host.lock_sessions
