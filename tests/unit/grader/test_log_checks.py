"""log-export and log-diagnosis against a recorded `docker logs --timestamps` output."""

from __future__ import annotations

import os
import re
from pathlib import Path

from grader_recordings import BACKEND_LOG, ContextFactory

from grader.checks.log_diagnosis import LogDiagnosis, LogDiagnosisSpec
from grader.checks.log_export import LogExport, LogExportSpec
from grader.evidence import normalize_log_line
from labs.host.fake import FakeHost

# The real server names no user in its log lines (AT DefaultControllerExceptionHandler):
# a filtered export is the failed logins of the time of the report.
AUTH_LINE = "ApiException: AUTH_ERROR"
PLAIN_LOG = "\n".join(normalize_log_line(line) for line in BACKEND_LOG.splitlines()) + "\n"


def _export(**extra: object) -> LogExportSpec:
    return LogExportSpec(id="l", kind="log-export", criterion="operaciones", weight=2, **extra)  # type: ignore[arg-type]


def test_a_real_full_export_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "backend-logs-20261127-181000.log").write_text(PLAIN_LOG)
    outcome = LogExport().evaluate(
        _export(glob="home/usuario/backend-logs-*.log", min_lines=50), ctx
    )
    assert outcome.fraction == 1.0
    assert outcome.evidence["found_in_docker_logs"] == outcome.evidence["lines"]


def test_an_export_with_docker_timestamps_is_just_as_real(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "logs.log").write_text(BACKEND_LOG)
    assert LogExport().evaluate(_export(glob="home/usuario/logs.log"), ctx).fraction == 1.0


def test_an_invented_log_file_is_rejected(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "backend-logs-x.log").write_text(
        "ERROR login fallido\nStarted INATraceBackendApplication in 24.5 seconds\n" * 30
    )
    outcome = LogExport().evaluate(
        _export(glob="home/usuario/backend-logs-*.log", min_lines=50), ctx
    )
    assert outcome.fraction < 0.5
    assert "líneas que existen en `docker logs" in outcome.message
    assert "«0%»" in outcome.message


def test_a_missing_export_says_where_it_was_expected(make_ctx: ContextFactory) -> None:
    outcome = LogExport().evaluate(_export(glob="home/usuario/backend-logs-*.log"), make_ctx())
    assert outcome.error
    assert "$LAB_HOME/home/usuario/backend-logs-*.log" in outcome.message


def test_the_best_of_several_exports_counts(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "backend-logs-1.log").write_text("inventado\n")
    (ctx.workspace.trainee_home / "backend-logs-2.log").write_text(PLAIN_LOG)
    spec = _export(glob="home/usuario/backend-logs-*.log")
    assert LogExport().evaluate(spec, ctx).fraction == 1.0


def test_the_courses_export_to_tmp_counts_only_when_written_by_this_trainee_now(
    make_ctx: ContextFactory, tmp_path: Path, evidence: FakeHost
) -> None:
    """Práctica 10 as the course writes it: `docker logs … > /tmp/backend-logs-….log`."""
    evidence.tmp_dir = tmp_path
    ctx = make_ctx()
    spec = _export(
        glob="home/usuario/backend-logs-*.log", tmp_glob="backend-logs-*.log", min_lines=50
    )
    export = tmp_path / "backend-logs-20261127-181000.log"
    export.write_text(PLAIN_LOG)
    start = ctx.window("exercise")[0].timestamp()
    os.utime(export, (start - 60, start - 60))  # written before the exercise began
    assert LogExport().evaluate(spec, ctx).error
    os.utime(export, (start + 60, start + 60))
    outcome = LogExport().evaluate(spec, ctx)
    assert outcome.fraction == 1.0
    assert outcome.evidence["file"] == str(export)


def _user_spec() -> LogExportSpec:
    return _export(
        glob="home/usuario/logs-usuario.log",
        only_matching=re.escape(AUTH_LINE),
        complete_for=re.escape(AUTH_LINE),
    )


def test_a_grep_of_the_failed_logins_is_complete_and_only_them(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    grep = "".join(line + "\n" for line in PLAIN_LOG.splitlines() if AUTH_LINE in line)
    (ctx.workspace.trainee_home / "logs-usuario.log").write_text(grep)
    assert LogExport().evaluate(_user_spec(), ctx).fraction == 1.0


def test_a_partial_grep_misses_lines_and_a_broad_one_has_extra_lines(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    lines = [line for line in PLAIN_LOG.splitlines() if AUTH_LINE in line]
    target = ctx.workspace.trainee_home / "logs-usuario.log"
    target.write_text("\n".join(lines[:2]) + "\n")
    partial = LogExport().evaluate(_user_spec(), ctx)
    assert partial.fraction < 1
    assert "«2/4»" in partial.message
    target.write_text("\n".join(line for line in PLAIN_LOG.splitlines() if "ApiException" in line))
    broad = LogExport().evaluate(_user_spec(), ctx)
    assert broad.fraction < 1
    assert "1 líneas ajenas" in broad.message


def _diagnosis() -> LogDiagnosisSpec:
    return LogDiagnosisSpec(
        id="d",
        kind="log-diagnosis",
        criterion="troubleshooting",
        weight=3,
        path="home/usuario/analisis.md",
        classes=["db-outage", "flyway", "server-errors", "auth-failures"],
    )


TABLE = """| Error | Encontrado | Cantidad | Acción |
|-------|------------|----------|--------|
| Communications link failure | sí | 2 | Verificar MySQL |
| FlywayException | no | 0 | - |
| Errores 500 (exception:) | Sí | 2 | Escalar |
| AUTH_ERROR (login fallido) | si | 4 | Verificar credenciales |
"""


def test_a_diagnosis_that_matches_the_logs_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "analisis.md").write_text(TABLE)
    outcome = LogDiagnosis().evaluate(_diagnosis(), ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert outcome.expected["auth-failures"] == "4"
    assert outcome.expected["flyway"] == "0"


def test_claiming_an_error_that_is_not_in_the_logs_fails(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "analisis.md").write_text(
        TABLE.replace("| FlywayException | no | 0 |", "| FlywayException | sí | 10 |")
    )
    outcome = LogDiagnosis().evaluate(_diagnosis(), ctx)
    assert outcome.fraction < 1
    assert "«FlywayException» encontrado" in outcome.message


def test_a_wrong_count_costs_only_part_of_the_row(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "analisis.md").write_text(
        TABLE.replace("| si | 4 |", "| si | 40 |")
    )
    outcome = LogDiagnosis().evaluate(_diagnosis(), ctx)
    assert 0.8 < outcome.fraction < 1
    assert "cantidad de «AUTH_ERROR (login fallido)»" in outcome.message


COURSE_TABLE = """| Error | Encontrado | Cantidad | Acción |
|-------|------------|----------|--------|
| Error de conexión a base de datos (Communications link failure) | sí | 2 | MySQL |
| Error de autenticación (Access denied for user) | no | 0 | .env |
| Error de migración Flyway (FlywayException) | no | 0 | Día 4 |
| Puerto en uso (Port already in use) | no | 0 | puertos |
"""


def test_the_courses_four_rows_are_recognised_by_the_courses_names(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    (ctx.workspace.trainee_home / "analisis.md").write_text(COURSE_TABLE)
    spec = _diagnosis().model_copy(
        update={"classes": ["db-outage", "db-access-denied", "flyway", "port-in-use"]}
    )
    outcome = LogDiagnosis().evaluate(spec, ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert outcome.expected["port-in-use"] == "0"
