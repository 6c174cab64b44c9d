"""The check interface: a typed spec from the scenario file, evaluated against a context.

A check is a list of small assertions; each says what was observed, what was
expected and what to do, so the trainee always learns *what is still wrong*.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from grader.context import CheckContext
from labs.core.criteria import Criterion
from labs.core.i18n import tr

ServiceName = Literal["backend", "mysql"]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]


def _relative_path(value: str) -> str:
    if value.startswith("/") or ".." in value.split("/"):
        raise ValueError(
            tr(
                "la ruta debe ser relativa a $LAB_HOME y sin '..'",
                "the path must be relative to $LAB_HOME, without '..'",
            )
        )
    return value


# Paths in scenario files are relative to $LAB_HOME, so they work for any --home.
RelPath = Annotated[str, AfterValidator(_relative_path)]


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(
            tr(f"expresión regular inválida: {exc}", f"invalid regular expression: {exc}")
        ) from exc
    return value


Regex = Annotated[str, AfterValidator(_regex)]


class CheckSpec(BaseModel):
    """Fields every check has; each kind adds its own parameters."""

    model_config = ConfigDict(extra="forbid")

    id: Identifier
    kind: str
    criterion: Criterion
    weight: float = Field(gt=0)
    title: str | None = None


@dataclass(frozen=True)
class Assertion:
    label: str
    ok: bool
    observed: str = ""
    expected: str = ""
    fix: str = ""
    weight: float = 1.0

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.label}"
        text = f"✗ {self.label}: " + tr(
            f"observado «{self.observed}», esperado «{self.expected}».",
            f"observed «{self.observed}», expected «{self.expected}».",
        )
        return f"{text} {self.fix}".rstrip()


@dataclass
class Outcome:
    fraction: float
    message: str
    evidence: dict[str, str] = field(default_factory=dict)
    error: bool = False

    @classmethod
    def from_assertions(
        cls, assertions: list[Assertion], evidence: dict[str, str] | None = None
    ) -> Outcome:
        total = sum(a.weight for a in assertions) or 1.0
        fraction = sum(a.weight for a in assertions if a.ok) / total
        failing = [a for a in assertions if not a.ok]
        shown = failing or assertions
        return cls(
            fraction=fraction, message="\n".join(a.line() for a in shown), evidence=evidence or {}
        )

    @classmethod
    def unavailable(cls, what: str, fix: str) -> Outcome:
        """The evidence itself is missing: the check cannot pass, and says why."""
        return cls(fraction=0.0, message=f"✗ {what} {fix}".rstrip(), error=True)


S = TypeVar("S", bound=CheckSpec)


class Check(ABC, Generic[S]):
    """One kind of check. Subclasses set `kind` and `Spec` and register themselves."""

    kind: ClassVar[str]
    Spec: ClassVar[type[CheckSpec]]

    @abstractmethod
    def evaluate(self, spec: S, ctx: CheckContext) -> Outcome:
        """Look at the evidence through ctx; never change the system."""
