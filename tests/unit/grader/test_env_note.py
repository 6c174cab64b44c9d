"""env-note (Práctica 23): the note's values are the running container's, and no secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.env_note import EnvNote, EnvNoteSpec, noted_value
from labs.core import constants
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost

LIVE = {
    "INATRACE_DATABASE_NAME": "inatrace_test_fortaleza",
    "SPRING_MAIL_HOST": "smtp.fortaleza.lab",
    "SPRING_MAIL_PORT": "25",
    "SPRING_MAIL_PASSWORD": "lab-only-mail-pass",
}
KEYS = ["INATRACE_DATABASE_NAME", "SPRING_MAIL_HOST", "SPRING_MAIL_PORT"]
NOTE = "notas/verificacion-configuracion.md"


@pytest.fixture
def live_env(evidence: FakeHost) -> FakeHost:
    info = evidence.containers[constants.BACKEND_CONTAINER]
    info.config.env = [f"{k}={v}" for k, v in LIVE.items()]
    return evidence


def _spec() -> EnvNoteSpec:
    return EnvNoteSpec(
        id="n", kind="env-note", criterion="troubleshooting", weight=3, path=NOTE, keys=KEYS
    )  # type: ignore[arg-type]


def _write(workspace: Workspace, text: str) -> Path:
    path = workspace.root / NOTE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_no_note_scores_nothing(make_ctx: ContextFactory, live_env: FakeHost) -> None:
    assert EnvNote().evaluate(_spec(), make_ctx()).fraction == 0


def test_the_lines_env_prints_pass(
    make_ctx: ContextFactory, live_env: FakeHost, workspace: Workspace
) -> None:
    _write(workspace, "".join(f"{k}={LIVE[k]}\n" for k in KEYS) + "API: missing_access_key\n")
    outcome = EnvNote().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 1.0, outcome.message


def test_a_markdown_table_or_colons_pass_too(
    make_ctx: ContextFactory, live_env: FakeHost, workspace: Workspace
) -> None:
    _write(
        workspace,
        "| Variable | Valor |\n|---|---|\n"
        "| `INATRACE_DATABASE_NAME` | `inatrace_test_fortaleza` |\n"
        "- SPRING_MAIL_HOST: smtp.fortaleza.lab\n- SPRING_MAIL_PORT: 25\n",
    )
    assert EnvNote().evaluate(_spec(), make_ctx()).fraction == 1.0


def test_a_wrong_value_fails_and_the_expected_one_stays_in_the_evidence(
    make_ctx: ContextFactory, live_env: FakeHost, workspace: Workspace
) -> None:
    _write(workspace, "".join(f"{k}={LIVE[k]}\n" for k in KEYS).replace("=25", "=465"))
    outcome = EnvNote().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "465" in outcome.message
    assert "«25»" not in outcome.message
    assert outcome.expected["SPRING_MAIL_PORT anotado como en el contenedor"] == "25"


def test_a_copied_password_fails_without_showing_it(
    make_ctx: ContextFactory, live_env: FakeHost, workspace: Workspace
) -> None:
    _write(workspace, "".join(f"{k}={v}\n" for k, v in LIVE.items()))
    outcome = EnvNote().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "SPRING_MAIL_PASSWORD" in outcome.message
    assert LIVE["SPRING_MAIL_PASSWORD"] not in outcome.message


def test_the_last_value_written_counts() -> None:
    assert noted_value("SPRING_MAIL_PORT=465\nSPRING_MAIL_PORT=25\n", "SPRING_MAIL_PORT") == "25"
    assert noted_value("SPRING_MAIL_PORTS=1\n", "SPRING_MAIL_PORT") is None
