"""The exam's verbs as typed: `lab selftest exam` runs the exam's own self-test."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

import labs.cli.exam as exam_cli
from labs.cli.main import app


def test_lab_selftest_exam_runs_the_exams_self_test(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(exam_cli, "selftest", lambda **kw: calls.append(kw))
    result = CliRunner().invoke(app, ["selftest", "exam", "--seed", "9"])
    assert result.exit_code == 0, result.output
    assert calls == [{"full": False, "seed": 9, "out": None, "keep": False}]


def test_lab_cert_verify_says_why_a_file_is_not_a_certificate(tmp_path: Any) -> None:
    page = tmp_path / "x.html"
    page.write_text("<html>hola</html>")
    result = CliRunner().invoke(app, ["cert", "verify", str(page)])
    assert result.exit_code == 1
    assert "NO VÁLIDO" in result.output or "NOT VALID" in result.output
