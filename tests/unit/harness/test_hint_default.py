from __future__ import annotations

from datetime import UTC, datetime

from labs.cli.hint import _default
from labs.core.state import LabState
from labs.scenario.load import find_scenario, load_scenario


def test_without_an_exercise_day1_hints_start_with_the_first_unpassed_not_the_last_one() -> None:
    path = find_scenario("day1")
    scenario = load_scenario(path)
    state = LabState(
        lab="day1",
        scenario_file=str(path),
        started_at=datetime.now(UTC),
        seed=1,
        active_exercise=scenario.exercises[-1].id,
    )
    assert _default(scenario, state, None).id == scenario.exercises[0].id
