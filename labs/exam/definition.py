"""The exam's definition: its parts, their time limits and the exercises each one reuses."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from labs.core.criteria import Criterion
from labs.core.errors import ScenarioInvalid
from labs.core.i18n import tr

DEFINITION = Path(__file__).with_name("definition.yaml")


class ExerciseRef(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    lab: str = Field(alias="from")
    exercise: str


class PartSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    criterion: Criterion
    minutes: float = Field(gt=0)
    exercises: list[ExerciseRef] = []
    pool: list[ExerciseRef] = []
    draw: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _something_to_do(self) -> PartSpec:
        if self.draw > len(self.pool):
            raise ValueError(f"draw {self.draw} > pool of {len(self.pool)}")
        if not self.exercises and not self.draw:
            raise ValueError("a part needs exercises or a draw from a pool")
        return self


class ExamDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    version: str
    pass_mark: float = Field(default=70.0, ge=0, le=100)
    parts: list[PartSpec] = Field(min_length=1)


def load_definition(path: Path | None = None) -> ExamDefinition:
    source = path or DEFINITION
    try:
        return ExamDefinition.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ScenarioInvalid(
            tr(f"Definición de examen inválida ({source}): {exc}", f"Bad exam file: {exc}"),
            tr("Corríjala y vuelva a intentar.", "Fix it and try again."),
        ) from exc


def exercises_for(part: PartSpec, seed: int, trainee: str) -> list[ExerciseRef]:
    """The part's fixed exercises, then its draw: different per trainee, same for a seed."""
    if not part.draw:
        return list(part.exercises)
    rng = random.Random(f"{seed}:{trainee.strip().lower()}:{part.id}")
    return [*part.exercises, *rng.sample(part.pool, part.draw)]


def quick(definition: ExamDefinition) -> ExamDefinition:
    """The same exam with one exercise per part (one drawn for Part 3): for self-tests."""
    parts = [
        part.model_copy(update={"exercises": part.exercises[:1], "draw": min(part.draw, 1)})
        if part.exercises
        else part.model_copy(update={"draw": min(part.draw, 1)})
        for part in definition.parts
    ]
    return definition.model_copy(update={"parts": parts})
