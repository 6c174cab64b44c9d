"""The concrete scenario models: core's models with `kind` unions from the registries.

A check entry validates against the Spec of its kind (grader's check registry), a
fault entry against its fault's Params (labs.faults), so a new kind is usable as soon
as it is registered, and `lab validate --schema` publishes every kind's fields.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Union

from pydantic import BaseModel, Field, create_model

import grader
from labs import faults as fault_registry
from labs.core.scenario import Exercise, Identifier, Scenario


def _list_of_union(models: list[type[BaseModel]]) -> Any:
    """list[Annotated[A | B | …, discriminator]], built at runtime from a registry."""
    members: Any = Union.__getitem__(tuple(models))
    entry: Any = Annotated[members, Field(discriminator="kind")]
    return list[entry]


def _list_of(model: type[BaseModel]) -> Any:
    return list[model]  # type: ignore[valid-type]


@cache
def scenario_model() -> type[Scenario]:
    check_entries = _list_of_union(list(grader.check_spec_models()))
    fault_entries = _list_of_union(fault_registry.spec_models())
    exercise = create_model(
        "Exercise",
        __base__=Exercise,
        # Absent only in a scenario `graded_elsewhere` (labs.scenario.load checks it).
        checks=(check_entries, Field(default=[], min_length=1)),
        faults=(fault_entries, []),
    )
    return create_model(
        "Scenario",
        __base__=Scenario,
        exercises=(_list_of(exercise), Field(min_length=1)),
        # Composition: labs.scenario.load appends these scenarios' exercises and variables
        # (day4 includes one file per fault); kept in the model so the schema shows it.
        include=(
            list[Identifier],
            Field(
                default=[],
                description=(
                    "Scenario ids (file stems) whose exercises and variables are appended "
                    "to this lab's, in order; a clashing name is an error."
                ),
            ),
        ),
    )


def json_schema() -> dict[str, Any]:
    schema = scenario_model().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "INATrace Ops Lab scenario"
    return schema
