"""error-export and escalation-ticket (Problema 3): graded against the backend's own log."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.error_export import ErrorExport, ErrorExportSpec
from grader.checks.escalation_ticket import EscalationTicket, EscalationTicketSpec
from labs.core import constants as c
from labs.host.fake import FakeHost

USER = "rosa.vera@fortaleza.lab"
ACTIONS = {
    "descargar-documento": {
        "endpoint": "/api/common/document",
        "exception": "NoSuchFileException",
        "log": "Error reading file",
    },
    "listar-empresas": {
        "endpoint": "/api/company/list",
        "exception": "IllegalArgumentException",
        "log": "exception: java.lang.IllegalArgumentException",
    },
}
ERROR = (
    "2026-11-27T18:04:{s:02d}.120Z ERROR 1 --- [nio-8080-exec-{n}] c.a.i.c.common.StorageService"
    "            : Error reading file"
)
TRACE = [
    "java.nio.file.NoSuchFileException: /opt/inatrace/uploads/GENERAL/5f1c",
    "\tat java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:92)",
]
BOOT = "2026-11-27T17:59:58.001Z  INFO 1 --- [           main] c.a.i.INATraceBackendApplication"
LOG_LINES = [BOOT]
for n, second in enumerate((12, 20, 31), start=1):
    LOG_LINES += [ERROR.format(s=second, n=n), *TRACE]
LOG_LINES.append("2026-11-27T18:04:31.125Z ERROR 1 --- [nio-8080-exec-3] ApiException: ERROR")
LOG = "\n".join(LOG_LINES) + "\n"


@pytest.fixture
def host() -> FakeHost:
    fake = FakeHost.healthy_stack()
    fake.container_logs[c.BACKEND_CONTAINER] = LOG
    return fake


@pytest.fixture(autouse=True)
def no_real_tmp(tmp_path: Path, host: FakeHost) -> Path:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    host.tmp_dir = tmp
    return tmp


def _export_spec(truth: str = "descargar-documento") -> ErrorExportSpec:
    return ErrorExportSpec.model_validate(
        {"id": "x-export", "kind": "error-export", "criterion": "operaciones", "weight": 2}
        | {"truth": truth, "actions": ACTIONS}
    )


def _ticket_spec(truth: str = "descargar-documento") -> EscalationTicketSpec:
    return EscalationTicketSpec.model_validate(
        {"id": "x-ticket", "kind": "escalation-ticket", "criterion": "troubleshooting"}
        | {"weight": 3, "user": USER, "truth": truth, "actions": ACTIONS}
    )


GOOD_TICKET = f"""# Escalamiento: error 500
- Usuario afectado: {USER}
- Acción: GET /api/common/document/{{key}}
- Hora exacta del error: 18:04
- Excepción: java.nio.file.NoSuchFileException

## Health
{{"status":"UP","components":{{"db":{{"status":"UP"}}}}}}

## docker ps -a
CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES
1a2b3c4d5e6f   backend   "python3"   1 hour ago   Up 1 hour (healthy)   {c.BACKEND_CONTAINER}
6f5e4d3c2b1a   mysql   "docker-entrypoint"   1 hour ago   Up 1 hour (healthy)   {c.MYSQL_CONTAINER}
"""


def test_the_full_export_in_tmp_passes(
    make_ctx: ContextFactory, host: FakeHost, no_real_tmp: Path
) -> None:
    (no_real_tmp / "backend-error-20261127-181000.log").write_text(LOG)
    outcome = ErrorExport().evaluate(_export_spec(), make_ctx(source=host))
    assert outcome.fraction == 1.0, outcome.message
    assert outcome.evidence["error_lines_kept"] == "3"


def test_an_export_under_lab_home_counts_too(make_ctx: ContextFactory, host: FakeHost) -> None:
    ctx = make_ctx(source=host)
    (ctx.workspace.notes / "backend-error-x.log").write_text(LOG)
    assert ErrorExport().evaluate(_export_spec(), ctx).fraction == 1.0


def test_a_tail_export_misses_the_error_window(
    make_ctx: ContextFactory, host: FakeHost, no_real_tmp: Path
) -> None:
    (no_real_tmp / "backend-error-tail.log").write_text("\n".join(LOG_LINES[-4:]) + "\n")
    outcome = ErrorExport().evaluate(_export_spec(), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert "--tail" in outcome.message
    assert outcome.expected["incluye los errores reportados"] == "3 líneas"


def test_a_typed_export_is_not_from_docker_logs(
    make_ctx: ContextFactory, host: FakeHost, no_real_tmp: Path
) -> None:
    (no_real_tmp / "backend-error-x.log").write_text("ERROR algo falló\nNoSuchFileException\n")
    assert ErrorExport().evaluate(_export_spec(), make_ctx(source=host)).fraction == 0.0


def test_no_export_scores_nothing_and_says_how(make_ctx: ContextFactory, host: FakeHost) -> None:
    outcome = ErrorExport().evaluate(_export_spec(), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert "docker logs" in outcome.message


def test_the_right_ticket_passes(make_ctx: ContextFactory, host: FakeHost) -> None:
    ctx = make_ctx(source=host)
    (ctx.workspace.notes / "escalamiento-500.md").write_text(GOOD_TICKET)
    outcome = EscalationTicket().evaluate(_ticket_spec(), ctx)
    assert outcome.fraction == 1.0, outcome.message


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ((USER, "otro.usuario@fortaleza.lab"), "usuario afectado"),
        ((USER, f"{USER}, luis@fortaleza.lab"), "usuario afectado"),
        (("/api/common/document", "/api/company/list"), "acción"),
        (("NoSuchFileException", "IllegalArgumentException"), "excepción"),
        (("18:04", "17:40"), "hora exacta"),
        (('{"status":"UP"', "{"), "healthcheck"),
        (("CONTAINER ID", "ID"), "docker ps"),
    ],
)
def test_a_wrong_or_missing_fact_fails_without_giving_the_answer(
    make_ctx: ContextFactory, host: FakeHost, change: tuple[str, str], label: str
) -> None:
    ctx = make_ctx(source=host)
    (ctx.workspace.notes / "escalamiento-500.md").write_text(GOOD_TICKET.replace(*change))
    outcome = EscalationTicket().evaluate(_ticket_spec(), ctx)
    assert 0 < outcome.fraction < 1
    assert label in outcome.message
    assert USER not in outcome.message or change[1].startswith(USER)
    assert "18:04:" not in outcome.message
    assert "/api/common/document" not in outcome.message


def test_a_ticket_for_the_other_action_fails_each_of_its_facts(
    make_ctx: ContextFactory, host: FakeHost
) -> None:
    ctx = make_ctx(source=host)
    (ctx.workspace.notes / "escalamiento-500.md").write_text(GOOD_TICKET)
    outcome = EscalationTicket().evaluate(_ticket_spec("listar-empresas"), ctx)
    assert outcome.fraction < 1
    assert "sin errores en el log" in outcome.message  # no such failure was logged


def test_no_ticket_scores_nothing(make_ctx: ContextFactory, host: FakeHost) -> None:
    outcome = EscalationTicket().evaluate(_ticket_spec(), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert "escalamiento-500.md" in outcome.message
