"""`lab start incident --monitor-minutes N`: the instructor compresses the course's 15 minutes."""

from __future__ import annotations

import pytest

from labs.cli.start import monitor_overrides
from labs.core.errors import UsageError
from labs.scenario.load import declared_variables, find_scenario
from labs.session import MONITOR_VARIABLE


def test_the_incident_declares_the_course_s_fifteen_minutes() -> None:
    variable = declared_variables(find_scenario("incident"))[MONITOR_VARIABLE]
    assert variable.choice == ["15"]


def test_the_flag_sets_the_incident_s_monitoring_minutes() -> None:
    assert monitor_overrides(find_scenario("incident"), "incident", 3) == {MONITOR_VARIABLE: "3"}
    assert monitor_overrides(find_scenario("incident"), "incident", 0.5) == {
        MONITOR_VARIABLE: "0.5"
    }


def test_without_the_flag_nothing_is_overridden() -> None:
    assert monitor_overrides(find_scenario("incident"), "incident", None) == {}


def test_a_lab_without_monitoring_refuses_the_flag() -> None:
    with pytest.raises(UsageError):
        monitor_overrides(find_scenario("day1"), "day1", 5)
