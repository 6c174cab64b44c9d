"""The check interface: a typed spec from the scenario file, evaluated against a context.

A check is a list of small assertions. The trainee sees what is still wrong, what
was observed and how to find out more; the expected value is kept apart (`expected`, for
the instructor and disputes) and never reaches the trainee's output or files, because
where a check asks for a value or a cause the expected one *is* the answer.

Scores reward only what was done: a check is all-or-nothing unless some of its
assertions are marked `partial` (parts of written work: sections, table rows, facts),
and even those count only once every non-partial assertion (the file is there, the
action happened) holds.
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
    partial: bool = False  # one part of written work: earns its share on its own

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.label}"
        seen = tr(f"observado «{self.observed}».", f"observed «{self.observed}».")
        text = f"✗ {self.label}: {seen}" if self.observed else f"✗ {self.label}."
        return f"{text} {self.fix}".rstrip()


@dataclass
class Outcome:
    fraction: float
    message: str
    evidence: dict[str, str] = field(default_factory=dict)
    error: bool = False
    # What the system held (the answer): for the instructor's copy only.
    expected: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_assertions(
        cls,
        assertions: list[Assertion],
        evidence: dict[str, str] | None = None,
        expected: dict[str, str] | None = None,
    ) -> Outcome:
        failing = [a for a in assertions if not a.ok]
        shown = failing or assertions
        answers = dict(expected or {})
        for a in failing:
            if a.expected:
                answers[a.label] = a.expected
        return cls(
            fraction=_fraction(assertions),
            message="\n".join(a.line() for a in shown),
            evidence=dict(evidence or {}),
            expected=answers,
        )

    @classmethod
    def unavailable(cls, what: str, fix: str) -> Outcome:
        """The evidence itself is missing: the check cannot pass, and says why."""
        return cls(fraction=0.0, message=f"✗ {what} {fix}".rstrip(), error=True)


def _fraction(assertions: list[Assertion]) -> float:
    """All-or-nothing, except partial parts once every gate (non-partial) holds."""
    gates = [a for a in assertions if not a.partial]
    if not all(a.ok for a in gates):
        return 0.0
    parts = [a for a in assertions if a.partial]
    if not parts:
        return 1.0
    total = sum(a.weight for a in parts) or 1.0
    return sum(a.weight for a in parts if a.ok) / total


S = TypeVar("S", bound=CheckSpec)


class Check(ABC, Generic[S]):
    """One kind of check. Subclasses set `kind` and `Spec` and register themselves."""

    kind: ClassVar[str]
    Spec: ClassVar[type[CheckSpec]]

    @abstractmethod
    def evaluate(self, spec: S, ctx: CheckContext) -> Outcome:
        """Look at the evidence through ctx; never change the system."""
