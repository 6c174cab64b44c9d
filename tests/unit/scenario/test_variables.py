"""Per-trainee variables: chosen from the seed, substituted everywhere, checked at load."""

from __future__ import annotations

import pytest

from labs.scenario.variables import Variable, references, render, resolve_variables


def test_a_whole_value_reference_keeps_a_list_as_a_list() -> None:
    assert render({"kinds": "{{k}}"}, {"k": ["flyway", "db-outage"]}) == {
        "kinds": ["flyway", "db-outage"]
    }


def test_a_reference_inside_text_is_substituted_and_can_be_regex_escaped() -> None:
    data = {"brief": "Usuario {{ u }}", "pattern": "user: {{u|re}}"}
    assert render(data, {"u": "a.b@x.ec"}) == {
        "brief": "Usuario a.b@x.ec",
        "pattern": r"user: a\.b@x\.ec",
    }


def test_go_template_words_in_briefs_are_not_variables() -> None:
    text = "docker inspect --format '{{range .Config.Env}}{{println .}}{{end}}' {{user}}"
    assert [name for _, name in references({"brief": text})] == ["user"]


def test_references_report_the_field_path() -> None:
    found = list(references({"exercises": [{"checks": [{"user": "{{who}}"}]}]}))
    assert found == [("exercises[0].checks[0].user", "who")]


def test_the_same_seed_always_picks_the_same_values() -> None:
    variables = {"port": Variable(choice=["3307", "3316", "33061"])}
    first = resolve_variables(variables, seed=7)
    assert all(resolve_variables(variables, seed=7) == first for _ in range(5))
    picks = {resolve_variables(variables, seed=s)["port"] for s in range(40)}
    assert picks == {"3307", "3316", "33061"}


def test_a_sql_variable_picks_one_of_the_rows() -> None:
    variables = {"user": Variable(from_sql="SELECT email FROM User", example="x@y.ec")}
    rows = [["a@x.ec"], ["b@x.ec"], ["c@x.ec"]]
    value = resolve_variables(variables, seed=1, sql=lambda query: rows)["user"]
    assert value in {"a@x.ec", "b@x.ec", "c@x.ec"}


def test_a_sql_variable_without_a_database_is_an_error() -> None:
    variables = {"user": Variable(from_sql="SELECT 1", example="x@y.ec")}
    with pytest.raises(ValueError, match="needs SQL"):
        resolve_variables(variables, seed=1)


def test_lab_start_gets_the_rendered_scenario_and_the_values_to_store() -> None:
    from labs.scenario.load import prepare_scenario, shipped_scenarios

    path = next(p for p in shipped_scenarios() if p.stem == "day2")
    rows = [["ana@fortaleza.lab"], ["luis@fortaleza.lab"]]
    scenario, values = prepare_scenario(path, seed=3, sql=lambda query: rows)
    assert values["p10_user"] in {"ana@fortaleza.lab", "luis@fortaleza.lab"}
    assert values["p09b_bad_port"] in {"3307", "3316", "33061"}
    brief = scenario.exercise("p10-logs-usuario").brief  # type: ignore[union-attr]
    assert str(values["p10_user"]) in brief
    assert prepare_scenario(path, seed=3, sql=lambda query: rows)[1] == values
