"""Scenario files: pydantic models, loading and strict, friendly validation.

One format for day labs (many exercises) and single-fault scenarios (one). Check
and fault entries are discriminated unions on `kind`, built from the registries
(grader.checks, labs.faults), so a new kind is usable as soon as it is registered.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from grader import checks as check_registry
from grader.checks.base import CheckSpec, Identifier
from labs import faults as fault_registry
from labs.scenario.steps import Step
from labs.scenario.variables import Variable

if TYPE_CHECKING:
    CheckEntry = CheckSpec
    FaultEntry = BaseModel
else:

    def _union(models: list[type[BaseModel]]) -> Any:
        return Union[tuple(models)]  # noqa: UP007 - built at runtime from the registries

    CheckEntry = Annotated[_union(check_registry.spec_models()), Field(discriminator="kind")]
    FaultEntry = Annotated[_union(fault_registry.spec_models()), Field(discriminator="kind")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hint(_Strict):
    text: str = Field(min_length=1)
    cost: float | None = Field(default=None, ge=0)  # overrides the exercise's hint_cost

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class WrongSolution(_Strict):
    """A known-bad fix. The self-test plays it and asserts the `must_fail` checks fail,
    which proves those checks discriminate (not just that the exercise is solvable)."""

    id: Identifier
    description: str
    steps: list[Step] = Field(min_length=1)
    must_fail: list[Identifier] = Field(min_length=1)


class Exercise(_Strict):
    id: Identifier
    title: str
    practica: str | None = None  # the course's name for it, e.g. "Práctica 7"
    brief: str = Field(min_length=1)
    faults: list[FaultEntry] = []
    checks: list[CheckEntry] = Field(min_length=1)
    hints: list[Hint] = []
    hint_cost: float | None = Field(default=None, ge=0)
    solution: list[Step] = Field(min_length=1)
    wrong_solutions: list[WrongSolution] = []

    def hint_cost_for(self, tier: int, default: float) -> float:
        """Points one reveal of hint `tier` (1-based) costs."""
        hint = self.hints[tier - 1]
        if hint.cost is not None:
            return hint.cost
        return self.hint_cost if self.hint_cost is not None else default

    @property
    def max_points(self) -> float:
        return sum(check.weight for check in self.checks)


class Scenario(_Strict):
    id: Identifier
    title: str
    version: str
    description: str
    # together: every exercise is live from `lab start`; sequential: `lab next` moves on,
    # injecting the next exercise's faults (and earlier results are kept).
    progression: Literal["together", "sequential"] = "together"
    hint_cost: float = Field(default=0.5, ge=0)
    variables: dict[str, Variable] = {}
    exercises: list[Exercise] = Field(min_length=1)

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def exercise_ids(self) -> list[str]:
        return [e.id for e in self.exercises]


def scenario_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "INATrace Ops Lab scenario"
    return schema
