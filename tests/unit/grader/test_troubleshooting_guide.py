"""troubleshooting-guide: the Día 4 guide, graded for its sections and the faults met."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from grader_recordings import EXERCISE_START, ContextFactory

from grader.checks.troubleshooting_guide import (
    TroubleshootingGuide,
    TroubleshootingGuideSpec,
    commands,
)
from labs.core.scenario import Exercise
from labs.core.state import ExerciseState, LabState
from labs.scenario.load import declared_variables, validate_file
from labs.scenario.variables import render, sample_values

DAY4 = Path(__file__).parents[3] / "scenarios" / "day4.yaml"


def _exercise() -> Exercise:
    scenario, problems = validate_file(DAY4)
    assert scenario is not None, problems
    exercise = scenario.exercise("guia-troubleshooting")
    assert exercise is not None
    return exercise


def _raw_check() -> dict[str, object]:
    raw = yaml.safe_load(DAY4.read_text())
    exercise = next(e for e in raw["exercises"] if e["id"] == "guia-troubleshooting")
    check: dict[str, object] = exercise["checks"][0]
    return check


def _spec(**values: str) -> TroubleshootingGuideSpec:
    chosen = {**sample_values(declared_variables(DAY4)), **values}
    return TroubleshootingGuideSpec.model_validate(render(_raw_check(), chosen))


def _drawn_causes() -> list[tuple[str, str]]:
    """(variable, value) for every cause the seed can draw for a fault the guide covers."""
    variables = declared_variables(DAY4)
    met = _raw_check()["met"]
    assert isinstance(met, list)
    names = [re.fullmatch(r"\{\{(\w+)\}\}", str(m["truth"])) for m in met]
    return [
        (n.group(1), str(option))
        for n in names
        if n is not None
        for option in variables[n.group(1)].choice or []
    ]


def _solution_text() -> str:
    step = _exercise().solution[0]
    return str(getattr(step, "content"))  # noqa: B009 - a write_file step


def _write(ctx_root: Path, text: str) -> None:
    target = ctx_root / "home/usuario/guia-troubleshooting-inatrace.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def _state(state: LabState, *reached: str) -> LabState:
    exercises = {e: ExerciseState(started_at=EXERCISE_START) for e in (*reached, "ex")}
    return state.model_copy(update={"exercises": exercises})


def test_the_reference_guide_passes_for_every_drawn_cause(
    make_ctx: ContextFactory, state: LabState
) -> None:
    ctx = make_ctx(lab_state=_state(state))
    _write(ctx.workspace.root, _solution_text())
    drawn = _drawn_causes()
    assert len(drawn) == 18  # two causes for each of the nine faults with a drawn cause
    for name, value in drawn:
        outcome = TroubleshootingGuide().evaluate(_spec(**{name: value}), ctx)
        assert outcome.fraction == 1.0, (name, value, outcome.message)


def test_the_course_template_does_not_cover_what_was_met(
    make_ctx: ContextFactory, state: LabState
) -> None:
    ctx = make_ctx(lab_state=_state(state, "p1-backend-no-inicia"))
    template = next(w for w in _exercise().wrong_solutions if w.id == "plantilla-del-curso")
    _write(ctx.workspace.root, str(getattr(template.steps[0], "content")))  # noqa: B009
    outcome = TroubleshootingGuide().evaluate(_spec(), ctx)
    assert 0 < outcome.fraction < 1
    assert "Problema 1" in outcome.message
    assert "credencial" not in outcome.message.lower()
    assert "access denied" not in outcome.message.lower()


def test_only_the_exercises_reached_count_once_one_was(
    make_ctx: ContextFactory, state: LabState
) -> None:
    ctx = make_ctx(lab_state=_state(state, "p2-sistema-lento"))
    text = _solution_text().replace("CPU del backend", "Recursos").replace("\\bcpu", "")
    _write(ctx.workspace.root, text.replace("CPU", "uso"))
    assert TroubleshootingGuide().evaluate(_spec(p2_modo="mysql-lock"), ctx).fraction == 1.0
    assert TroubleshootingGuide().evaluate(_spec(p2_modo="cpu"), ctx).fraction < 1.0


def test_a_container_that_does_not_exist_here_fails(
    make_ctx: ContextFactory, state: LabState
) -> None:
    ctx = make_ctx(lab_state=_state(state))
    _write(ctx.workspace.root, _solution_text().replace("be-test-fortaleza", "be-prod-fortaleza"))
    outcome = TroubleshootingGuide().evaluate(_spec(), ctx)
    assert outcome.fraction < 1.0
    assert "inatrace-be-prod-fortaleza" in outcome.message


@pytest.mark.parametrize("heading", ["## Cuándo Escalar", "## Checklist Inicial"])
def test_a_missing_course_section_fails(
    make_ctx: ContextFactory, state: LabState, heading: str
) -> None:
    ctx = make_ctx(lab_state=_state(state))
    _write(ctx.workspace.root, _solution_text().replace(heading, "## Otra cosa"))
    outcome = TroubleshootingGuide().evaluate(_spec(), ctx)
    assert outcome.fraction < 1.0
    assert heading.removeprefix("## ") in outcome.message


def test_commands_come_from_code_blocks_and_inline_code() -> None:
    text = "Use `docker ps -a`.\n```bash\n# comentario\ndocker stats x\n```\nnada aquí"
    assert commands(text) == ["docker ps -a", "docker stats x"]


def test_no_guide_scores_nothing(make_ctx: ContextFactory, state: LabState) -> None:
    outcome = TroubleshootingGuide().evaluate(_spec(), make_ctx(lab_state=_state(state)))
    assert outcome.fraction == 0.0
