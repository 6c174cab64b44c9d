"""Nothing the trainee reads before solving names the cause the lab drew for them.

A drawn value is secret when the trainee has to find it: it drives a fault or is the truth
of a check, and the brief does not tell it on purpose (Práctica 21 names its damaged table,
Práctica 10 its user: those are the consigna). For every shipped scenario and several seeds,
the texts the trainee sees — the lab's title and description, every exercise's title,
práctica and brief, every check's title — are the same whichever value a secret variable
takes: a brief may list every option (`causa: a | b`), never the one drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from labs.core.scenario import Scenario
from labs.core.state import VariableValue
from labs.scenario.load import declared_variables, load_scenario, shipped_scenarios
from labs.scenario.variables import references, resolve_variables

SEEDS = (1, 2, 7)


def _told_in_briefs(raw: dict[str, Any]) -> set[str]:
    """Variables a brief, title or check title names on purpose."""
    told: set[str] = set()
    for exercise in raw.get("exercises") or []:
        shown = {k: exercise.get(k) for k in ("title", "brief", "practica")}
        told |= {name for _, name in references(shown)}
    return told


def _secret_variables(path: Path) -> set[str]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    used = {name for _, name in references(raw.get("exercises") or [])}
    declared = declared_variables(path)
    return {
        name
        for name, variable in declared.items()
        if variable.choice is not None and name in used and name not in _told_in_briefs(raw)
    }


def _visible(scenario: Scenario) -> Iterator[tuple[str, str]]:
    yield "title", scenario.title
    yield "description", scenario.description or ""
    for exercise in scenario.exercises:
        yield f"{exercise.id}.title", exercise.title
        yield f"{exercise.id}.practica", exercise.practica or ""
        yield f"{exercise.id}.brief", exercise.brief
        for check in exercise.checks:
            yield f"{exercise.id}.{check.id}.title", check.title or ""


def _values(path: Path, seed: int) -> dict[str, VariableValue]:
    """What a trainee with this seed gets (a value read from their database: its example)."""
    declared = declared_variables(path)
    drawn = {n: v for n, v in declared.items() if v.choice is not None}
    read = {n: v.sample() for n, v in declared.items() if v.choice is None}
    return {**resolve_variables(drawn, seed), **read}


CASES = [
    (path, name)
    for path in shipped_scenarios()
    if path.parent.name != "exam"
    for name in sorted(_secret_variables(path))
]


@pytest.mark.parametrize(("path", "variable"), CASES, ids=[f"{p.stem}:{v}" for p, v in CASES])
def test_no_trainee_text_names_the_drawn_cause(path: Path, variable: str) -> None:
    declared = declared_variables(path)
    choices: list[VariableValue] = list(declared[variable].choice or [])
    for seed in SEEDS:
        values = _values(path, seed)
        seen = {
            _key(choice): dict(_visible(load_scenario(path, {**values, variable: choice})))
            for choice in choices
        }
        first, *others = seen.items()
        for choice, texts in others:
            changed = [where for where, text in texts.items() if first[1].get(where) != text]
            assert not changed, (
                f"{path.name} seed {seed}: {', '.join(changed)} differ when "
                f"{variable} is {first[0]!r} or {choice!r}"
            )


def _key(value: VariableValue) -> str:
    return ",".join(value) if isinstance(value, list) else value


def test_the_secret_variables_are_found() -> None:
    """The test above has something to hold: the Día 4 causes are among its cases."""
    secrets = {f"{p.stem}:{v}" for p, v in CASES}
    assert {"disco-lleno:dl_causa", "day4:p1_causa", "subida-archivos:sa_causa"} <= secrets
