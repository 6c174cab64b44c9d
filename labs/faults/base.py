"""The fault interface: inject, prove it is live, revert.

A fault module (labs/faults/<kind>.py) defines a `Params` model (its scenario
parameters, without `kind`) and a Fault subclass, decorated with @register:

    class StopServiceParams(FaultParams):
        service: ServiceName

    @register
    class StopService(Fault[StopServiceParams]):
        kind = "stop-service"
        Params = StopServiceParams

        def inject(self, ctx: FaultContext) -> None: ...
        def verify_injected(self, ctx: FaultContext) -> str: ...  # evidence text, or raise
        def revert(self, ctx: FaultContext) -> None: ...          # idempotent, never raises
                                                                 # for "already reverted"
Rules: inject only touches what the lab created; everything revert needs is saved
with ctx.save_record() first, so a revert survives a crash or a new process;
verify_injected raises FaultNotLiveError (with what it saw) when the fault is not live.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host.api import Host

ServiceName = Literal["backend", "mysql"]


class FaultParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FaultNotLiveError(LabError):
    """verify_injected found the system healthy where the fault should be visible."""


@dataclass
class FaultContext:
    workspace: Workspace
    host: Host
    seed: int
    variables: dict[str, str | list[str]] = field(default_factory=dict)

    @property
    def records_dir(self) -> Path:
        return self.workspace.state_dir / "faults"

    def save_record(self, key: str, data: dict[str, str]) -> None:
        self.records_dir.mkdir(parents=True, exist_ok=True)
        (self.records_dir / f"{key}.json").write_text(json.dumps(data, indent=2))

    def load_record(self, key: str) -> dict[str, str] | None:
        path = self.records_dir / f"{key}.json"
        if not path.is_file():
            return None
        loaded = json.loads(path.read_text())
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else None

    def drop_record(self, key: str) -> None:
        (self.records_dir / f"{key}.json").unlink(missing_ok=True)


P = TypeVar("P", bound=FaultParams)


class Fault(ABC, Generic[P]):
    kind: ClassVar[str]
    Params: ClassVar[type[FaultParams]]

    def __init__(self, params: P, *, exercise_id: str = "adhoc", index: int = 0) -> None:
        self.params = params
        self.exercise_id = exercise_id
        self.index = index

    @property
    def key(self) -> str:
        """Unique per scenario position: names this fault's restore record."""
        return f"{self.exercise_id}.{self.index}.{self.kind}"

    @abstractmethod
    def inject(self, ctx: FaultContext) -> None:
        """Break the system as the scenario asks (save the restore record first)."""

    @abstractmethod
    def verify_injected(self, ctx: FaultContext) -> str:
        """Return evidence text that the fault is live; raise FaultNotLiveError otherwise."""

    @abstractmethod
    def revert(self, ctx: FaultContext) -> None:
        """Undo the fault; safe to call twice and after the trainee already fixed it."""

    def release(self, ctx: FaultContext) -> None:
        """`lab stop`: give back what must not outlive the lab on the host (a mount).
        Most faults die with the containers and need nothing here."""


def not_implemented(fault: Fault[Any], step: str) -> NotImplementedError:
    """Raised by declared-but-unwritten faults: they must fail loudly, never fake success."""
    return NotImplementedError(
        tr(
            f"La falla '{fault.kind}' aún no implementa {step} (pendiente).",
            f"Fault '{fault.kind}' does not implement {step} yet (pending).",
        )
    )


_REGISTRY: dict[str, type[Fault[Any]]] = {}
F = TypeVar("F", bound=type[Fault[Any]])


def register(cls: F) -> F:
    if cls.kind in _REGISTRY and _REGISTRY[cls.kind] is not cls:
        raise ValueError(f"fault kind {cls.kind!r} registered twice")
    _REGISTRY[cls.kind] = cls
    return cls


def registered() -> dict[str, type[Fault[Any]]]:
    return dict(_REGISTRY)
