"""The seeds CI plays the incident with draw the root causes they claim to."""

from __future__ import annotations

from labs.scenario.load import find_scenario, validate_file
from labs.scenario.variables import resolve_variables


def test_the_seeds_of_the_incident_integration_tests_draw_three_different_causes() -> None:
    scenario, problems = validate_file(find_scenario("incident"))
    assert problems == []
    assert scenario is not None
    cause = {"incidente_causa": scenario.variables["incidente_causa"]}
    drawn = {seed: resolve_variables(cause, seed)["incidente_causa"] for seed in (7, 2, 12)}
    assert drawn == {7: "clave-jwt", 2: "release-defectuoso", 12: "mysql-down"}
