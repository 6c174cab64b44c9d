"""file-facts: captured command output must carry the system's live facts."""

from __future__ import annotations

from datetime import UTC, datetime

from grader_recordings import FIXTURES, ContextFactory

from grader.checks.file_facts import FileFacts, FileFactsSpec
from grader.facts_db import LONG_RUNNING_SQL, normalize_sql, parse_slow_log
from labs.core import constants
from labs.host.fake import FakeHost

BACKEND, MYSQL = constants.BACKEND_CONTAINER, constants.MYSQL_CONTAINER


def _spec(path: str, *facts: str) -> FileFactsSpec:
    return FileFactsSpec(
        id="f", kind="file-facts", criterion="operaciones", weight=1, path=path, facts=list(facts)
    )  # type: ignore[arg-type]


def _write(ctx_factory: ContextFactory, name: str, text: str) -> object:
    ctx = ctx_factory()
    (ctx.workspace.trainee_home / name).write_text(text)
    return ctx


def test_real_docker_ps_output_carries_the_live_ids_names_and_image(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    be, db = evidence.containers[BACKEND], evidence.containers[MYSQL]
    text = (
        "CONTAINER ID   IMAGE   STATUS   NAMES\n"
        f"{be.short_id}   {be.config.image}   Up 2 minutes (healthy)   {BACKEND}\n"
        f"{db.short_id}   {db.config.image}   Up 3 minutes (healthy)   {MYSQL}\n"
    )
    ctx = _write(make_ctx, "ps.txt", text)
    spec = _spec("home/usuario/ps.txt", "container-names", "container-ids", "backend-image")
    assert FileFacts().evaluate(spec, ctx).fraction == 1.0  # type: ignore[arg-type]


def test_the_manual_s_example_ids_do_not_pass(make_ctx: ContextFactory) -> None:
    text = (
        f"abc123def456   ghcr.io/atijaguar-ec/backend-inatrace   Up 2 hours   {BACKEND}\n"
        f"xyz789ghi012   mysql:8.0.35   Up 2 hours   {MYSQL}\n"
    )
    ctx = _write(make_ctx, "ps.txt", text)
    outcome = FileFacts().evaluate(
        _spec("home/usuario/ps.txt", "container-names", "container-ids"), ctx
    )  # type: ignore[arg-type]
    assert outcome.fraction == 0.5
    assert "IDs reales" in outcome.message


def test_a_full_id_from_docker_inspect_counts_as_the_real_id(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    ids = " ".join(f'"Id": "{c.id}"' for c in evidence.containers.values())
    ctx = _write(make_ctx, "inspect.json", ids)
    assert (
        FileFacts().evaluate(_spec("home/usuario/inspect.json", "container-ids"), ctx).fraction
        == 1.0
    )  # type: ignore[arg-type]


def test_ls_la_of_the_deploy_dir_must_show_real_sizes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.compose_file.write_text("services: {}\n")
    ctx.workspace.env_file.write_text("TAG=x\n")
    good = (
        "-rw-r--r-- 1 u u 13 nov 27 18:00 docker-compose.yml\n"
        "-rw------- 1 u u 6 nov 27 18:00 .env\n"
    )
    (ctx.workspace.trainee_home / "ls.txt").write_text(good)
    spec = _spec("home/usuario/ls.txt", "deploy-listing")
    assert FileFacts().evaluate(spec, ctx).fraction == 1.0
    (ctx.workspace.trainee_home / "ls.txt").write_text("docker-compose.yml\n")
    assert FileFacts().evaluate(spec, ctx).fraction == 0.0


def test_saved_health_json_must_match_the_live_shape(make_ctx: ContextFactory) -> None:
    body = (
        '{"status":"UP","components":{"db":{"status":"UP"},'
        '"diskSpace":{"status":"UP"},"ping":{"status":"UP"}}}'
    )
    ctx = _write(make_ctx, "h.json", body)
    assert FileFacts().evaluate(_spec("home/usuario/h.json", "health-json"), ctx).fraction == 1.0  # type: ignore[arg-type]
    ctx = _write(make_ctx, "h.json", '{"status": "UP"}')
    assert FileFacts().evaluate(_spec("home/usuario/h.json", "health-json"), ctx).fraction == 0.0  # type: ignore[arg-type]


def test_mysql_counts_and_tables_are_compared_with_the_live_database(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.sql_answers.update(
        {
            "SELECT COUNT(*) FROM `User`": [["142"]],
            "SELECT COUNT(*) FROM `Company`": [["12"]],
            "SHOW TABLES": [["User"], ["Company"], ["StockOrder"]],
        }
    )
    text = "Tables_in_db\nCompany\nStockOrder\nUser\nCOUNT(*)\n142\nCOUNT(*)\n12\n"
    ctx = _write(make_ctx, "mysql.txt", text)
    spec = _spec("home/usuario/mysql.txt", "table-names", "user-count", "company-count")
    assert FileFacts().evaluate(spec, ctx).fraction == 1.0  # type: ignore[arg-type]
    ctx = _write(make_ctx, "mysql.txt", text.replace("142", "14"))
    outcome = FileFacts().evaluate(spec, ctx)  # type: ignore[arg-type]
    assert outcome.fraction < 1
    assert "filas en User" in outcome.message


def test_the_slow_log_of_mariadb_is_parsed() -> None:
    queries = parse_slow_log((FIXTURES / "logs" / "slow-query-mariadb.log").read_text())
    assert len(queries) == 1
    assert queries[0].seconds > 5
    assert queries[0].sql == "SELECT SLEEP(86400);"
    assert (
        normalize_sql("SELECT  SLEEP(86400) /* mantenimiento-nocturno */;") == "select sleep(86400)"
    )


def test_the_slow_query_must_be_one_the_slow_log_or_processlist_really_shows(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    ctx = make_ctx()
    ctx.workspace.mysql_logs.mkdir(parents=True, exist_ok=True)
    log = (FIXTURES / "logs" / "slow-query-mariadb.log").read_text()
    # Re-date the recorded entry: it started before the exercise (18:05) and ended inside it,
    # as the culprit of a lock does (it runs from the fault's injection until KILL).
    stamp = int(datetime(2026, 11, 27, 18, 4, 58, tzinfo=UTC).timestamp())
    log = log.replace("SET timestamp=1795801087;", f"SET timestamp={stamp};")
    (ctx.workspace.mysql_logs / "slow-query.log").write_text(log)
    evidence.sql_answers[LONG_RUNNING_SQL] = []
    spec = _spec("home/usuario/lenta.txt", "slow-query")
    (ctx.workspace.trainee_home / "lenta.txt").write_text("select sleep(86400)\n")
    assert FileFacts().evaluate(spec, ctx).fraction == 1.0
    (ctx.workspace.trainee_home / "lenta.txt").write_text("SELECT * FROM User\n")
    assert FileFacts().evaluate(spec, ctx).fraction == 0.0


def test_a_statement_still_running_counts_before_it_reaches_the_slow_log(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.sql_answers[LONG_RUNNING_SQL] = [["SELECT SLEEP(86400)"]]
    ctx = _write(make_ctx, "lenta.txt", "10\tSELECT SLEEP(86400)\n")
    assert FileFacts().evaluate(_spec("home/usuario/lenta.txt", "slow-query"), ctx).fraction == 1.0  # type: ignore[arg-type]


def test_an_empty_capture_file_is_unavailable_evidence(make_ctx: ContextFactory) -> None:
    ctx = _write(make_ctx, "vacio.txt", "")
    outcome = FileFacts().evaluate(_spec("home/usuario/vacio.txt", "hostname"), ctx)  # type: ignore[arg-type]
    assert outcome.error
    assert "orden > archivo" in outcome.message
