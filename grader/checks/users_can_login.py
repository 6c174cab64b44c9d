"""`users-can-login`: real users log in through the API and their session works.

For each user (the ones the scenario names, or the active USER accounts the database
lists now, plus the administrator): POST /api/user/login with their password through one
cookie-keeping session, then GET /api/user/profile with that cookie. Passes only when
every login answers 200 and every profile answers 200. The message says how many could
not get in and how to investigate; it never says why.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr

LOGIN_PATH = "/api/user/login"
PROFILE_PATH = "/api/user/profile"
ACTIVE_USERS = "SELECT email FROM `User` WHERE status = 'ACTIVE' AND role = 'USER' ORDER BY id"
FIX = tr(
    "Intente iniciar sesión usted mismo (`curl -i -X POST localhost:8082/api/user/login "
    "-H 'Content-Type: application/json' -d '{\"username\": …, \"password\": …}'`) y siga "
    "la evidencia: `/actuator/health`, `docker ps`, `docker logs` del backend y la base.",
    "Try a login yourself (`curl -i -X POST localhost:8082/api/user/login "
    "-H 'Content-Type: application/json' -d '{\"username\": …, \"password\": …}'`) and "
    "follow the evidence: `/actuator/health`, `docker ps`, the backend's `docker logs`, the "
    "database.",
)


class UsersCanLoginSpec(CheckSpec):
    kind: Literal["users-can-login"]
    # E-mails (a list, or one comma-separated text such as a GROUP_CONCAT variable);
    # empty: the active USER accounts in the database now.
    users: list[str] | str = Field(default_factory=list)
    max_users: int = Field(default=5, ge=1, le=50)
    include_admin: bool = True
    timeout_s: float = Field(default=5.0, gt=0, le=30)


def _users(spec: UsersCanLoginSpec, ctx: CheckContext) -> list[str]:
    named = spec.users.split(",") if isinstance(spec.users, str) else spec.users
    emails = [e.strip() for e in named if e.strip()]
    if not emails:
        emails = [row[0] for row in ctx.sql(ACTIVE_USERS) if row]
    return emails[: spec.max_users]


def _try(ctx: CheckContext, email: str, password: str, timeout: float) -> tuple[bool, str, bool]:
    """(logged in and profile answered, what happened, the backend answered) for one user."""
    with ctx.host.http_session() as session:
        login = session.request(
            "POST", LOGIN_PATH, json={"username": email, "password": password}, timeout=timeout
        )
        if login.status != 200:
            return False, f"login {login.status or login.error or '-'}", login.status is not None
        profile = session.request("GET", PROFILE_PATH, timeout=timeout)
        if profile.status != 200:
            return False, f"profile {profile.status or profile.error or '-'}", True
    return True, "ok", True


class UsersCanLogin(Check[UsersCanLoginSpec]):
    kind = "users-can-login"
    Spec = UsersCanLoginSpec

    def evaluate(self, spec: UsersCanLoginSpec, ctx: CheckContext) -> Outcome:
        try:
            users = [(email, c.SEED_PASSWORD) for email in _users(spec, ctx)]
        except LabError as exc:
            return Outcome.unavailable(
                tr(
                    f"No se pudo leer la lista de usuarios: {exc.message}",
                    f"Could not read the user list: {exc.message}",
                ),
                FIX,
            )
        if spec.include_admin:
            users.append((c.ADMIN_EMAIL, c.ADMIN_PASSWORD))
        results: dict[str, str] = {}
        for email, password in users:
            _ok, what, answered = _try(ctx, email, password, spec.timeout_s)
            results[email] = what
            if not answered:
                # the backend does not answer: the others would only wait the same
                for rest, _ in users:
                    results.setdefault(rest, what)
                break
        failed = [email for email, what in results.items() if what != "ok"]
        evidence = {email: what for email, what in results.items()}
        assertion = Assertion(
            tr("usuarios que inician sesión y usan su sesión", "users who log in and use it"),
            not failed,
            tr(
                f"{len(failed)} de {len(results)} no pudieron",
                f"{len(failed)} of {len(results)} could not",
            ),
            tr("todos", "all"),
            FIX,
        )
        return Outcome.from_assertions([assertion], evidence)


CHECK = UsersCanLogin
