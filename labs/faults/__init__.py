"""Registry of fault kinds: kind → Fault class (with its Params model).

Add a fault: write labs/faults/<kind>.py (see labs/faults/base.py for the shape)
and add its module to FAULT_MODULES.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, create_model

from labs.faults.base import Fault, registered

FAULT_MODULES = (
    "labs.faults.stop_service",
    "labs.faults.backend_hang",
    "labs.faults.env_bad_value",
    "labs.faults.backend_slow",
    "labs.faults.log_traffic",
    "labs.faults.backups_history",
    "labs.faults.data_loss",
    "labs.faults.backup_job_broken",
    "labs.faults.backups_folder_full",
    "labs.faults.data_disk_full",
    "labs.faults.uploads_permissions",
    "labs.faults.login_problem",
    "labs.faults.flyway_failed",
    "labs.faults.db_credentials",
    "labs.faults.backend_start_failure",
    "labs.faults.bad_release",
    "labs.faults.users_deactivated",
    "labs.faults.jwt_key_empty",
    "labs.faults.login_incident",
    "labs.faults.deploy_job",
    "labs.faults.server_error",
    "labs.faults.port_held",
    "labs.faults.external_service",
)


@cache
def _load() -> dict[str, type[Fault[Any]]]:
    for name in FAULT_MODULES:
        importlib.import_module(name)
    return registered()


def kinds() -> list[str]:
    return sorted(_load())


def get(kind: str) -> type[Fault[Any]]:
    try:
        return _load()[kind]
    except KeyError:
        raise KeyError(f"unknown fault kind {kind!r}; known: {', '.join(kinds())}") from None


@cache
def spec_models() -> list[type[BaseModel]]:
    """Per kind, its Params plus `kind: Literal[<kind>]`: members of the scenario's union."""
    models: list[type[BaseModel]] = []
    for kind in kinds():
        cls = get(kind)
        tag: Any = Literal.__getitem__(kind)
        models.append(create_model(f"{cls.__name__}Fault", __base__=cls.Params, kind=(tag, ...)))
    return models


def build(spec: BaseModel, *, exercise_id: str, index: int) -> Fault[Any]:
    """The Fault object for a validated scenario entry `{kind, ...params}`."""
    kind = str(getattr(spec, "kind"))  # noqa: B009 - specs are dynamic models
    cls = get(kind)
    params = cls.Params.model_validate(spec.model_dump(exclude={"kind"}))
    return cls(params, exercise_id=exercise_id, index=index)
