"""Rule 4 of the grader, over every check of every shipped scenario: a trainee's message
says what is wrong and how to find out, never the expected value when it is the
answer, never a regex, never an internal id.

Each check is graded twice on recorded evidence (no Docker): with nothing done, and
after the scenario's own known-bad solutions wrote their files (the wrong answers a
trainee could give). Every message of both rounds is held against the spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from grader_recordings import NOW, ContextFactory

from grader.runner import evaluate_one
from labs.core.log_signatures import SIGNATURES
from labs.core.scenario import CheckSpec, Exercise, Scenario, WriteFileStep
from labs.core.state import ExerciseState, LabState
from labs.scenario.load import shipped_scenarios, validate_file

# Ids the harness uses internally; a trainee never needs to see them.
INTERNAL_IDS = [*SIGNATURES, "login-problem", "log-traffic", "backend-slow", "env-bad-value"]
_REGEX_SIGNS = re.compile(r"\(\?i\)|\\[.wdsb]|\[\^?[\w\\]|\|.*\|")


def _scenarios() -> Iterator[Scenario]:
    for path in shipped_scenarios():
        scenario, problems = validate_file(path)
        assert scenario is not None, problems
        yield scenario


def _cases() -> list[tuple[str, Exercise]]:
    return [(f"{s.id}/{e.id}", e) for s in _scenarios() for e in s.exercises]


def _regexes(spec: CheckSpec) -> list[str]:
    """Every string in the spec that is a pattern (what a trainee must not be handed)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) >= 6 and _REGEX_SIGNS.search(value):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec.model_dump(exclude={"id", "kind", "title", "how_to_find", "fix"}))
    return found


def _answers(expected: dict[str, str]) -> list[str]:
    """Expected values that are answers: numbers (counts, PIDs, ports) and causes."""
    return [value for key, value in expected.items() if value.isdigit() or key.startswith("causa")]


def _messages(exercise: Exercise, ctx_factory: ContextFactory, state: LabState) -> list[tuple]:
    ctx = ctx_factory(lab_state=state)
    return [(spec, evaluate_one(exercise, spec, ctx)) for spec in exercise.checks]


def _write_wrong_answers(exercise: Exercise, root: Path) -> None:
    for wrong in exercise.wrong_solutions:
        for step in wrong.steps:
            if isinstance(step, WriteFileStep):
                target = root / step.write_file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(step.content)


@pytest.mark.parametrize(("name", "exercise"), _cases(), ids=[n for n, _ in _cases()])
def test_no_message_gives_the_answer_away(
    name: str, exercise: Exercise, make_ctx: ContextFactory, state: LabState
) -> None:
    lab_state = state.model_copy(
        update={"exercises": {exercise.id: ExerciseState(started_at=NOW)}},
    )
    rounds = [_messages(exercise, make_ctx, lab_state)]
    _write_wrong_answers(exercise, make_ctx().workspace.root)
    rounds.append(_messages(exercise, make_ctx, lab_state))
    for results in rounds:
        for spec, result in results:
            if result.passed:
                continue
            text = result.message
            for pattern in _regexes(spec):
                assert pattern not in text, f"{name}/{spec.id} shows a regex: {pattern}"
            for answer in _answers(result.expected):
                assert not re.search(rf"(?<![\w.]){re.escape(answer)}(?![\w.])", text), (
                    f"{name}/{spec.id} gives the expected value {answer!r}: {text}"
                )
            quoted = {f"«{i}»" for i in INTERNAL_IDS} | {f"'{i}'" for i in INTERNAL_IDS}
            named = [q for q in quoted if q in text]
            assert not named, f"{name}/{spec.id} names internal ids {named}: {text}"
            assert "{{" not in text, f"{name}/{spec.id} shows an unrendered template"
