"""`backend-start-failure`: the backend does not start, for a cause that varies per trainee.

Problema 1 of Día 4 ("Backend no inicia"): the symptom is always the same (Restarting,
healthcheck failing); the cause is chosen by a scenario variable, so two trainees (two
seeds) meet two different faults in the same exercise, and a `diagnosis` check grades the
cause they state against this one. Each cause is a fault kind of its own; this module
only picks one and delegates inject, proof and revert to it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.db_credentials import DbCredentials, DbCredentialsParams
from labs.faults.flyway_failed import FlywayFailed, FlywayFailedParams

Cause = Literal["credenciales-incorrectas", "migracion-fallida"]


class BackendStartFailureParams(FaultParams):
    cause: Cause
    version: str = Field(pattern=r"^[0-9]+(\.[0-9]+)*$")  # migracion-fallida: which one
    field: Literal["password", "username"] = "password"  # credenciales-incorrectas: which
    value: str = Field(default="inatrace_app", pattern=r"^[A-Za-z0-9_.-]{1,64}$")


@register
class BackendStartFailure(Fault[BackendStartFailureParams]):
    kind = "backend-start-failure"
    Params = BackendStartFailureParams

    def _cause(self) -> Fault[Any]:
        where, index = self.exercise_id, self.index
        if self.params.cause == "migracion-fallida":
            flyway = FlywayFailedParams(version=self.params.version)
            return FlywayFailed(flyway, exercise_id=where, index=index)
        creds = DbCredentialsParams(field=self.params.field, value=self.params.value)
        return DbCredentials(creds, exercise_id=where, index=index)

    def inject(self, ctx: FaultContext) -> None:
        self._cause().inject(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        return self._cause().verify_injected(ctx)

    def revert(self, ctx: FaultContext) -> None:
        self._cause().revert(ctx)
