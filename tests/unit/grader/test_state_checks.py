"""backend-healthy, container-state, env-value and sql-value on recorded evidence."""

from __future__ import annotations

from datetime import UTC, datetime

from grader_recordings import ContextFactory, container, health_probe

from grader.checks.backend_healthy import BackendHealthy, BackendHealthySpec
from grader.checks.container_state import ContainerState, ContainerStateSpec
from grader.checks.env_value import EnvValue, EnvValueSpec, read_env_file
from grader.checks.sql_value import SqlValue, SqlValueSpec
from labs.core import constants
from labs.host.fake import FakeHost

BACKEND = constants.BACKEND_CONTAINER


def _healthy_spec(**extra: object) -> BackendHealthySpec:
    return BackendHealthySpec(
        id="h", kind="backend-healthy", criterion="operaciones", weight=2, **extra
    )  # type: ignore[arg-type]


def test_backend_healthy_passes_when_http_components_and_docker_agree(
    make_ctx: ContextFactory,
) -> None:
    outcome = BackendHealthy().evaluate(_healthy_spec(), make_ctx())
    assert outcome.fraction == 1.0
    assert outcome.evidence["http"] == "200"


def test_backend_healthy_scores_nothing_and_says_what_it_saw_when_db_is_down(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.health_probe = health_probe(
        "DOWN", 503, components={"db": "DOWN", "diskSpace": "UP", "ping": "UP"}
    )
    outcome = BackendHealthy().evaluate(_healthy_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "observado «503»" in outcome.message
    assert "componente db" in outcome.message
    assert outcome.expected["respuesta HTTP de /actuator/health"] == "200"


def test_backend_healthy_fails_when_docker_still_says_unhealthy(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.containers[BACKEND] = container("unhealthy", "backend")
    outcome = BackendHealthy().evaluate(_healthy_spec(), make_ctx())
    assert outcome.fraction < 1
    assert "«unhealthy»" in outcome.message


def test_backend_healthy_can_require_a_fast_answer(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.health_probe = health_probe(ms=2500.0)
    outcome = BackendHealthy().evaluate(_healthy_spec(max_latency_ms=1000), make_ctx())
    assert outcome.fraction < 1
    assert "2500 ms" in outcome.message


def test_an_unreachable_backend_is_reported_with_the_connection_error(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.health_probe = None
    outcome = BackendHealthy().evaluate(_healthy_spec(), make_ctx())
    assert outcome.fraction < 0.5
    assert "connection refused" in outcome.message


def _state_spec(**extra: object) -> ContainerStateSpec:
    return ContainerStateSpec(
        id="s", kind="container-state", criterion="operaciones", weight=1, **extra
    )  # type: ignore[arg-type]


def test_container_state_sees_a_restart_during_the_exercise(make_ctx: ContextFactory) -> None:
    spec = _state_spec(service="backend", health="healthy", started_after="exercise-start")
    assert ContainerState().evaluate(spec, make_ctx()).fraction == 1.0


def test_container_state_sees_mysql_was_not_restarted(make_ctx: ContextFactory) -> None:
    spec = _state_spec(service="mysql", started_before="exercise-start")
    assert ContainerState().evaluate(spec, make_ctx()).fraction == 1.0


def test_container_state_catches_a_needless_mysql_restart(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.containers[constants.MYSQL_CONTAINER] = container(
        "healthy", "mysql", datetime(2026, 11, 27, 18, 7, tzinfo=UTC)
    )
    outcome = ContainerState().evaluate(
        _state_spec(service="mysql", started_before="exercise-start"), make_ctx()
    )
    assert outcome.fraction == 0.0 or outcome.fraction < 1
    assert "No era necesario reiniciar mysql" in outcome.message


def test_container_state_reports_a_restart_loop(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.containers[BACKEND] = container("restarting", "backend")
    spec = _state_spec(service="backend", max_restart_count=1)
    outcome = ContainerState().evaluate(spec, make_ctx())
    assert outcome.fraction == 0.0
    assert "«restarting»" in outcome.message
    assert "bucle de reinicio" in outcome.message


def test_a_missing_container_is_unavailable_evidence(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    del evidence.containers[BACKEND]
    outcome = ContainerState().evaluate(_state_spec(service="backend"), make_ctx())
    assert outcome.error
    assert "docker compose up -d" in outcome.message


def _env_spec() -> EnvValueSpec:
    return EnvValueSpec(
        id="e",
        kind="env-value",
        criterion="troubleshooting",
        weight=2,
        key="DATABASE_PORT",
        container_key="INATRACE_DATABASE_PORT",
        forbidden="3307",
    )


def test_env_value_needs_both_the_file_and_the_recreated_container(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    ctx = make_ctx()
    ctx.workspace.env_file.write_text("TAG=test-8b41d7e\nDATABASE_PORT=3306\n")
    assert EnvValue().evaluate(_env_spec(), ctx).fraction == 1.0
    evidence.containers[BACKEND] = container("restarting", "backend")  # still has 3307
    outcome = EnvValue().evaluate(_env_spec(), make_ctx())
    assert outcome.fraction == 0  # half a fix (file edited, container not recreated) is none
    assert "--force-recreate backend" in outcome.message


def test_env_value_fails_while_the_bad_value_is_in_the_file(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.env_file.write_text("DATABASE_PORT='3307'\n")
    outcome = EnvValue().evaluate(_env_spec(), ctx)
    assert outcome.fraction == 0
    assert "«3307»" in outcome.message


def test_removing_the_bad_line_is_a_fix_too(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.env_file.write_text("TAG=test-8b41d7e\n")  # compose falls back to 3306
    assert EnvValue().evaluate(_env_spec(), ctx).fraction == 1.0


def test_env_files_are_read_like_compose_reads_them() -> None:
    text = "# comentario\n\nexport A=1\nB='dos'\nC=\"tres\"\nmal formada\n"
    assert read_env_file(text) == {"A": "1", "B": "dos", "C": "tres"}


def test_sql_value_compares_the_live_number_with_its_bound(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    spec = SqlValueSpec(
        id="q",
        kind="sql-value",
        criterion="troubleshooting",
        weight=1,
        query="SELECT 1",
        label="sesiones",
        at_most=0,
        fix="KILL",
    )
    evidence.sql_answers["SELECT 1"] = [["2"]]
    outcome = SqlValue().evaluate(spec, make_ctx())
    assert outcome.fraction == 0
    assert "«2»" in outcome.message
    assert "KILL" in outcome.message
    evidence.sql_answers["SELECT 1"] = [["0"]]
    assert SqlValue().evaluate(spec, make_ctx()).fraction == 1.0


def test_sql_value_without_mysql_is_an_error_result(make_ctx: ContextFactory) -> None:
    spec = SqlValueSpec(
        id="q",
        kind="sql-value",
        criterion="troubleshooting",
        weight=1,
        query="SELECT 2",
        label="x",
        at_least=1,
    )
    outcome = SqlValue().evaluate(spec, make_ctx())
    assert outcome.error
    assert "MySQL no respondió" in outcome.message
