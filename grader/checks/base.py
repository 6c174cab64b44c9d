"""The check interface: a typed spec from the scenario file, evaluated against a context.

A check is a list of small assertions; each says what was observed, what was
expected and what to do, so the trainee always learns *what is still wrong*.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from grader.context import CheckContext
from labs.core.i18n import tr

# Shared with the scenario models; re-exported for the check modules.
from labs.core.scenario import CheckSpec as CheckSpec
from labs.core.scenario import Identifier as Identifier
from labs.core.scenario import Regex as Regex
from labs.core.scenario import RelPath as RelPath
from labs.core.scenario import ServiceName as ServiceName


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
