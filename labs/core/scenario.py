"""Scenario files as typed models: what a day lab or a fault scenario declares.

One format for day labs (many exercises) and single-fault scenarios (one). Here a
check or fault entry is its common base; labs.scenario.models builds the concrete
models, whose `kind` unions come from the registries (grader's checks, labs.faults),
and validates files with them. Everything here is shared by the harness and the grader.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from labs.core.criteria import Criterion
from labs.core.i18n import tr
from labs.core.paths import scenarios_dir
from labs.core.state import VariableValue

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
    # Guards ("MySQL was not touched", "no data lost") hold on an untouched system too:
    # they score only once the checks named here (the exercise's main action) pass.
    requires: list[Identifier] = []


class FaultSpec(BaseModel):
    """A fault entry `{kind, ...params}`; its parameters belong to the fault kind."""

    model_config = ConfigDict(extra="allow")

    kind: str


Cwd = Literal["lab_home", "deploy_dir", "trainee_home", "notes"]
STEP_TAGS = ("run", "write_file", "wait_healthy")


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunStep(_Step):
    run: str = Field(min_length=1)
    cwd: Cwd = "lab_home"
    timeout: float = Field(default=120, gt=0, le=900)
    expect_exit: int | None = 0  # None: any exit code (a wrong fix may fail half way)


class WriteFileStep(_Step):
    write_file: RelPath
    content: str
    append: bool = False
    executable: bool = False


class WaitHealthyStep(_Step):
    wait_healthy: ServiceName
    timeout: float = Field(default=120, gt=0, le=600)


def _step_tag(value: Any) -> str | None:
    keys = value.keys() if isinstance(value, dict) else type(value).model_fields.keys()
    return next((tag for tag in STEP_TAGS if tag in keys), None)


Step = Annotated[
    Annotated[RunStep, Tag("run")]
    | Annotated[WriteFileStep, Tag("write_file")]
    | Annotated[WaitHealthyStep, Tag("wait_healthy")],
    Discriminator(
        _step_tag,
        custom_error_type="step_kind_missing",
        custom_error_message="a step needs one of: run, write_file, wait_healthy",
    ),
]


class Variable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    choice: list[VariableValue] | None = Field(default=None, min_length=1)
    from_sql: str | None = None
    example: VariableValue | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Variable:
        if (self.choice is None) == (self.from_sql is None):
            raise ValueError("give exactly one of `choice` or `from_sql`")
        if self.from_sql is not None and self.example is None:
            raise ValueError("`from_sql` needs an `example` value for validation")
        return self

    def sample(self) -> VariableValue:
        if self.choice is not None:
            return self.choice[0]
        assert self.example is not None  # guaranteed by the validator
        return self.example


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
    faults: list[FaultSpec] = []
    # Absent only in a scenario `graded_elsewhere` (labs.scenario.load checks it).
    checks: list[CheckSpec] = Field(default=[], min_length=1)
    hints: list[Hint] = []
    hint_cost: float | None = Field(default=None, ge=0)
    # Absent only in a `sealed` scenario (labs.scenario.load checks it); the default is
    # not validated, so a written `solution: []` is still refused here.
    solution: list[Step] = Field(default=[], min_length=1)
    wrong_solutions: list[WrongSolution] = []
    # In a file with `include:`, played after the included scenarios' exercises (a day's
    # closing exercise that sums up the faults those files bring).
    after_includes: bool = False

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
    # The exam's copy on the trainee's machine: written without solutions, known-bad fixes
    # and hints. It grades like any scenario; `lab selftest` refuses it (nothing to play).
    sealed: bool = False
    # A classroom exam's copy on the trainee's machine: only what that machine must run
    # (briefs and faults). The instructor's machine holds the checks and grades from there.
    graded_elsewhere: bool = False

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def exercise_ids(self) -> list[str]:
        return [e.id for e in self.exercises]


def scenario_in(root: Path, lab: str) -> Path | None:
    """`<lab>.yaml` in `root` or one of its subfolders (a scenario's id is its file's stem)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", lab):
        return None
    return next(iter(sorted(root.rglob(f"{lab}.yaml"))), None)


def included_scenario(including: Path, lab: str) -> Path | None:
    """Where an `include:`d id is found: next to the including file, else among the shipped."""
    return scenario_in(including.parent, lab) or scenario_in(scenarios_dir(), lab)


def scenario_sha256(path: Path, chain: tuple[Path, ...] = ()) -> str:
    """Which scenario a lab ran: the file's bytes and, when it includes others, theirs too
    (a changed fault file changes the day's hash). Without `include:` the plain sha256."""
    data = path.read_bytes()
    digest = hashlib.sha256(data)
    for lab in _includes(data) if b"include" in data else []:
        found = included_scenario(path, lab)
        if found is not None and found.resolve() not in chain:  # the loader reports the rest
            digest.update(
                f"\n{lab}:".encode() + scenario_sha256(found, (*chain, path.resolve())).encode()
            )
    return digest.hexdigest()


def _includes(data: bytes) -> list[str]:
    try:
        raw = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    labs = raw.get("include") if isinstance(raw, dict) else None
    return [str(lab) for lab in labs] if isinstance(labs, list) else []
