"""`runbook-commands`: which commands of a runbook the grader runs, and that a broken one
(a wrong path or name) fails while a grep that finds nothing does not."""

from __future__ import annotations

import pytest
from grader_recordings import ContextFactory

from grader.checks.runbook_commands import RunbookCommands, RunbookCommandsSpec, commands, runnable

SPEC = RunbookCommandsSpec(id="r", kind="runbook-commands", criterion="documentacion", weight=2)


@pytest.mark.parametrize(
    "command",
    [
        "docker ps -a",
        "docker logs inatrace-be-test-fortaleza --tail 50",
        "curl -s http://localhost:8082/actuator/health | jq",
        'docker logs inatrace-be-test-fortaleza 2>&1 | grep -i "error" | tail -20',
        "df -h /opt/inatrace",
    ],
)
def test_read_only_commands_are_run(command: str) -> None:
    assert runnable(command) == command


@pytest.mark.parametrize(
    "command",
    [
        "docker compose restart backend",
        "docker logs -f inatrace-be-test-fortaleza",
        "docker logs <contenedor>",
        "cd /opt/inatrace/backend/[env]/fortaleza",
        "curl -X POST http://localhost:8082/api/user/login",
        "curl https://inatrace.espam.edu.ec/actuator/health",
        "docker ps && docker compose down",
        "ls /tmp | xargs rm",
        "cat x > /etc/passwd",
    ],
)
def test_anything_else_is_skipped(command: str) -> None:
    assert runnable(command) is None


def test_a_redirect_into_tmp_is_dropped() -> None:
    assert runnable("docker logs inatrace-be-test-fortaleza > /tmp/logs.txt") == (
        "docker logs inatrace-be-test-fortaleza"
    )


def test_commands_come_from_fenced_blocks_and_inline_code() -> None:
    text = "1. `docker ps`\n\n```bash\n$ df -h\n# comentario\ndocker ps\n```\n"
    assert commands(text) == ["df -h", "docker ps"]


def _runbook(text: str, make_ctx: ContextFactory) -> float:
    ctx = make_ctx()
    ctx.path("runbook-inatrace.md").write_text(text)
    return RunbookCommands().evaluate(SPEC, ctx).fraction


def test_working_commands_pass_and_a_wrong_path_fails(make_ctx: ContextFactory) -> None:
    good = (
        "## SOP-003\n`ls /opt/inatrace/backups`\n`df -h /opt/inatrace`\n"
        "`grep -c nada /opt/inatrace/.lab/workspace.json`\n"
        "`cat /opt/inatrace/.lab/workspace.json`\n"
    )
    assert _runbook(good, make_ctx) == 1.0
    assert _runbook(good + "`ls /opt/inatrace/respaldos`\n", make_ctx) == 0.0
    assert _runbook("## SOP-001\n`ls /opt/inatrace`\n", make_ctx) == 0.0  # too few commands
