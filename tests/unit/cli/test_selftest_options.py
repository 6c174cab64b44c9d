"""`lab selftest` options that choose what is played."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from labs.cli.main import app
from labs.core.errors import UsageError


def test_skipping_a_known_bad_fix_the_lab_does_not_have_is_a_usage_error(
    tmp_path: Path,
) -> None:
    """Nothing starts: a misspelt id would silently prove nothing."""
    result = CliRunner().invoke(
        app,
        ["selftest", "incident", "--home", str(tmp_path / "prueba"), "--skip-known-bad", "nada"],
    )
    assert isinstance(result.exception, UsageError)  # the CLI edge exits 2 on it
    assert "nada" in result.exception.message
    assert not (tmp_path / "prueba" / ".lab").exists()
