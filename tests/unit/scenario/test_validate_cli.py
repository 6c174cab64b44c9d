"""`lab validate` through the real CLI (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from labs.cli.main import app

FIXTURES = Path(__file__).parents[2] / "fixtures" / "scenarios"
runner = CliRunner()


def test_validate_without_arguments_checks_every_shipped_scenario() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output
    assert "day1.yaml" in result.output
    assert "day2.yaml" in result.output


def test_validate_exits_2_and_explains_an_invalid_file() -> None:
    result = runner.invoke(app, ["validate", str(FIXTURES / "invalid" / "weight-zero.yaml")])
    assert result.exit_code == 2
    assert "exercises[0].checks[0].weight: debe ser mayor que 0" in result.output
    assert "Use un número positivo." in result.output


def test_validate_reports_each_file_and_fails_if_any_is_invalid() -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            str(FIXTURES / "valid" / "minimal.yaml"),
            str(FIXTURES / "invalid" / "bad-criterion.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert "OK" in result.output
    assert "✗" in result.output


def test_validate_schema_prints_the_json_schema() -> None:
    result = runner.invoke(app, ["validate", "--schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "INATrace Ops Lab scenario"
    assert "BackendHealthySpec" in schema["$defs"]
