"""`login-incident`: the final incident, "users cannot log in", for a cause drawn per trainee.

  mysql-down             MySQL stopped (stop-service)
  credenciales-cambiadas a wrong DATASOURCE_PASSWORD in .env, backend loops (db-credentials)
  release-defectuoso     TAG set to the defective release: health UP, login 500 (bad-release)
  usuarios-desactivados  a bad data change deactivated every user account (users-deactivated)
  bloqueo-mysql          a session holds LOCK TABLES User WRITE: logins wait (backend-slow)
  clave-jwt              the JWT signing key left empty in .env: login 500 "Empty key",
                         health UP (jwt-key-empty)

The symptom is always the same report; a `diagnosis` check grades the stated cause
against this one. Each cause is a fault kind of its own; this module picks one and
delegates inject, proof and revert to it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from labs.faults.backend_slow import BackendSlow, BackendSlowParams
from labs.faults.bad_release import BadRelease, BadReleaseParams
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.db_credentials import DbCredentials, DbCredentialsParams
from labs.faults.jwt_key_empty import JwtKeyEmpty, JwtKeyEmptyParams
from labs.faults.stop_service import StopService, StopServiceParams
from labs.faults.users_deactivated import UsersDeactivated, UsersDeactivatedParams

Cause = Literal[
    "mysql-down",
    "credenciales-cambiadas",
    "release-defectuoso",
    "usuarios-desactivados",
    "bloqueo-mysql",
    "clave-jwt",
]


class LoginIncidentParams(FaultParams):
    cause: Cause
    value: str = Field(default="inatrace_app", pattern=r"^[A-Za-z0-9_.-]{1,64}$")


@register
class LoginIncident(Fault[LoginIncidentParams]):
    kind = "login-incident"
    Params = LoginIncidentParams

    def _cause(self) -> Fault[Any]:
        where, index, cause = self.exercise_id, self.index, self.params.cause
        if cause == "mysql-down":
            return StopService(StopServiceParams(service="mysql"), exercise_id=where, index=index)
        if cause == "credenciales-cambiadas":
            creds = DbCredentialsParams(field="password", value=self.params.value)
            return DbCredentials(creds, exercise_id=where, index=index)
        if cause == "release-defectuoso":
            return BadRelease(BadReleaseParams(), exercise_id=where, index=index)
        if cause == "usuarios-desactivados":
            return UsersDeactivated(UsersDeactivatedParams(), exercise_id=where, index=index)
        if cause == "clave-jwt":
            return JwtKeyEmpty(JwtKeyEmptyParams(), exercise_id=where, index=index)
        slow = BackendSlowParams(mode="mysql-lock")
        return BackendSlow(slow, exercise_id=where, index=index)

    def inject(self, ctx: FaultContext) -> None:
        self._cause().inject(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        return self._cause().verify_injected(ctx)

    def revert(self, ctx: FaultContext) -> None:
        self._cause().revert(ctx)
