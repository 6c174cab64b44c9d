"""`login-problem`: a user cannot log in, for a cause that varies per trainee.

  contraseña-incorrecta  the account is fine; someone keeps typing a wrong password
                         (POST /api/user/login → 401 AUTH_ERROR)
  cuenta-desactivada     the account was deactivated (User.status = DEACTIVATED): even
                         the right password gets 403
  cuenta-sin-confirmar   the account was never confirmed (status = UNCONFIRMED): 403 too

The trainee tells them apart the way a technician would: the ApiException lines at the
time of the report, and the account's status in the database. Real attempts, real
rows: nothing is written into the logs directly.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.api import Host

LOGIN_PATH = "/api/user/login"
SEED_PASSWORD = c.SEED_PASSWORD
Cause = Literal["contraseña-incorrecta", "cuenta-desactivada", "cuenta-sin-confirmar"]
STATUS_FOR: dict[str, str] = {
    "cuenta-desactivada": "DEACTIVATED",
    "cuenta-sin-confirmar": "UNCONFIRMED",
}
ANSWER_FOR: dict[str, int] = {
    "contraseña-incorrecta": 401,
    "cuenta-desactivada": 403,
    "cuenta-sin-confirmar": 403,
}


class LoginProblemParams(FaultParams):
    user: str = Field(pattern=r"^[^@\s'\"\\]+@[^@\s'\"\\]+$")
    cause: Cause
    attempts: int = Field(default=4, ge=1, le=50)


def _status(host: Host, user: str) -> str | None:
    rows = host.sql(f"SELECT status FROM `User` WHERE email = '{user}'")
    return rows[0][0] if rows else None


def _set_status(host: Host, user: str, status: str) -> None:
    host.sql(f"UPDATE `User` SET status = '{status}' WHERE email = '{user}'")


@register
class LoginProblem(Fault[LoginProblemParams]):
    kind = "login-problem"
    Params = LoginProblemParams

    def inject(self, ctx: FaultContext) -> None:
        user, cause = self.params.user, self.params.cause
        original = _status(ctx.host, user)
        if original is None:
            raise live.not_live(f"el usuario {user} no existe.", f"user {user} does not exist.")
        ctx.save_record(self.key, {"user": user, "status": original})
        if cause in STATUS_FOR:
            _set_status(ctx.host, user, STATUS_FOR[cause])
        for attempt in range(self.params.attempts):
            password = SEED_PASSWORD if cause in STATUS_FOR else f"clave-{attempt}"
            ctx.host.http("POST", LOGIN_PATH, json={"username": user, "password": password})

    def verify_injected(self, ctx: FaultContext) -> str:
        user, cause = self.params.user, self.params.cause
        password = SEED_PASSWORD if cause in STATUS_FOR else "clave-verificacion"
        answer = ctx.host.http("POST", LOGIN_PATH, json={"username": user, "password": password})
        if answer.status != ANSWER_FOR[cause]:
            raise live.not_live(
                f"el inicio de sesión de {user} respondió {answer.status}.",
                f"{user}'s login answered {answer.status}.",
            )
        return f"{user}: login → {answer.status} ({cause})"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        if record and record.get("status"):
            current = _status(ctx.host, record["user"])
            if current != record["status"]:
                _set_status(ctx.host, record["user"], record["status"])
        ctx.drop_record(self.key)
