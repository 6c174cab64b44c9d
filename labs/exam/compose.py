"""Compose the exam's scenario: the drawn exercises of every part, in order, one sequential lab.

The exercises are taken whole from the day files (faults, checks with their criteria,
solutions), so the exam grades with the very checks the days proved; only the hints are
left out. Their variables come along; a name two sources define differently is refused.
The composition keeps its solutions in memory (the exam's self-test plays them); the file
written for the trainee's lab is sealed: no solutions, no known-bad fixes, no hints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from labs.core.errors import ScenarioInvalid
from labs.core.i18n import tr
from labs.core.state import VariableValue
from labs.exam.definition import ExamDefinition, ExerciseRef, PartSpec, exercises_for
from labs.scenario.load import find_scenario
from labs.scenario.variables import render


@dataclass
class PlannedPart:
    spec: PartSpec
    exercises: list[str]


@dataclass
class ExamPlan:
    raw: dict[str, Any]
    parts: list[PlannedPart]
    drawn: list[str]


def compose(definition: ExamDefinition, seed: int, trainee: str) -> ExamPlan:
    sources: dict[str, dict[str, Any]] = {}
    exercises: list[dict[str, Any]] = []
    parts: list[PlannedPart] = []
    drawn: list[str] = []
    for part in definition.parts:
        chosen = exercises_for(part, seed, trainee)
        for ref in chosen:
            exercises.append(_exercise(ref, sources))
        parts.append(PlannedPart(part, [ref.exercise for ref in chosen]))
        drawn += [ref.exercise for ref in chosen if ref in part.pool]
    raw = {
        "id": definition.id,
        "title": definition.title,
        "version": definition.version,
        "description": tr(
            "Examen práctico: " + ", ".join(p.spec.title for p in parts),
            "Practical exam: " + ", ".join(p.spec.title for p in parts),
        ),
        "progression": "sequential",
        "hint_cost": 0,
        "variables": _variables(sources),
        "exercises": exercises,
    }
    return ExamPlan(raw, parts, drawn)


def _source(lab: str, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if lab not in sources:
        loaded = yaml.safe_load(find_scenario(lab).read_text(encoding="utf-8"))
        sources[lab] = loaded if isinstance(loaded, dict) else {}
    return sources[lab]


def _exercise(ref: ExerciseRef, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    source = _source(ref.lab, sources)
    found = next((e for e in source.get("exercises") or [] if e.get("id") == ref.exercise), None)
    if found is None:
        raise ScenarioInvalid(
            tr(
                f"El examen pide {ref.lab}/{ref.exercise}, que no existe.",
                f"The exam asks for {ref.lab}/{ref.exercise}, which does not exist.",
            ),
            tr("Corrija labs/exam/definition.yaml.", "Fix labs/exam/definition.yaml."),
        )
    # No hints in an exam: the hint verb refuses too, and the file holds none.
    return {k: v for k, v in found.items() if k not in ("hints", "hint_cost")}


def _variables(sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for lab, source in sources.items():
        for name, spec in (source.get("variables") or {}).items():
            if name in merged and merged[name] != spec:
                raise ScenarioInvalid(
                    tr(
                        f"La variable `{name}` de {lab} choca con otra del mismo nombre.",
                        f"Variable `{name}` of {lab} clashes with another of the same name.",
                    ),
                    tr("Renómbrela en uno de los escenarios.", "Rename it in one scenario."),
                )
            merged[name] = spec
    return merged


# What only the instructor's side may hold: how to solve an exercise.
ANSWERS = ("solution", "wrong_solutions", "hints", "hint_cost")


def sealed(raw: dict[str, Any]) -> dict[str, Any]:
    """The composition as the trainee's machine gets it: it grades, it gives nothing away."""
    exercises = [
        {k: v for k, v in exercise.items() if k not in ANSWERS} for exercise in raw["exercises"]
    ]
    return {**raw, "sealed": True, "exercises": exercises}


def graded_elsewhere(raw: dict[str, Any]) -> dict[str, Any]:
    """The composition as a classroom trainee's machine gets it: what that machine must run
    (briefs, variables, faults) and nothing of how it is graded or solved."""
    kept = sealed(raw)
    exercises = [{k: v for k, v in e.items() if k != "checks"} for e in kept["exercises"]]
    return {**kept, "graded_elsewhere": True, "exercises": exercises}


# The trainee machine's first exercise while the instructor's draws the real ones (their
# values may come from the database that start seeds there).
PREPARING = {
    "id": "preparando-examen",
    "title": "Preparando el examen",
    "brief": "La máquina del instructor prepara el primer ejercicio; espere unos segundos "
    "y vea `lab exam status`.",
}


def reached_so_far(
    raw: dict[str, Any], values: dict[str, VariableValue], upto: str | None
) -> dict[str, Any]:
    """The trainee machine's copy up to exercise `upto` (None: none yet), rendered with the
    drawn values: no variables to read there, no exercise it has not reached."""
    copy = graded_elsewhere(raw)
    ids = [e["id"] for e in copy["exercises"]]
    shown = copy["exercises"][: ids.index(upto) + 1] if upto is not None else []
    exercises = [PREPARING, *render(shown, values)]
    return {**{k: v for k, v in copy.items() if k != "variables"}, "exercises": exercises}


def write_plan(plan: ExamPlan, path: Path, *, for_trainee_machine: bool = False) -> Path:
    """Write the sealed exam scenario (both machines write the same bytes: same hash), or
    the trainee machine's copy of a classroom exam (no checks either)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    shown = graded_elsewhere(plan.raw) if for_trainee_machine else sealed(plan.raw)
    tmp.write_text(yaml.safe_dump(shown, allow_unicode=True, sort_keys=False), "utf-8")
    tmp.replace(path)
    return path
