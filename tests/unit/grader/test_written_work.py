"""markdown-sections, logbook-entry and timeline checks on the trainee's written work."""

from __future__ import annotations

import shutil
from pathlib import Path

from grader_recordings import FIXTURES, ContextFactory

from grader.checks.logbook_entry import LogbookEntry, LogbookEntrySpec, parse_fecha
from grader.checks.markdown_sections import MarkdownSections, MarkdownSectionsSpec, Mention
from grader.checks.timeline import TimelineCheck, TimelineSpec
from grader.markdown import table_rows
from grader.timeline_rules import MaxDowntime, Recreated, Restarted, Untouched
from labs.core.state import ExerciseState, LabState

MARKDOWN = FIXTURES / "markdown"


def _procedure() -> MarkdownSectionsSpec:
    return MarkdownSectionsSpec(
        id="p",
        kind="markdown-sections",
        criterion="documentacion",
        weight=3,
        path="home/usuario/procedimiento-reinicio-inatrace.md",
        headings=["Pre-requisitos", "Pasos", "Rollback", "Contactos de Escalamiento"],
        section_patterns={"Contactos de Escalamiento": r"[\w.+-]+@[\w-]+\.[\w.]+"},
        mentions=[
            Mention(pattern="docker compose restart backend", label="el reinicio"),
            Mention(pattern="actuator/health", label="el healthcheck"),
        ],
    )


def _place(ctx_root: Path, source: str, target: str) -> None:
    shutil.copy(MARKDOWN / source, ctx_root / target)


def test_a_complete_procedure_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _place(
        ctx.workspace.root,
        "procedimiento-completo.md",
        "home/usuario/procedimiento-reinicio-inatrace.md",
    )
    assert MarkdownSections().evaluate(_procedure(), ctx).fraction == 1.0


def test_the_course_template_left_as_is_fails_on_empty_steps_and_placeholder_contacts(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _place(
        ctx.workspace.root,
        "procedimiento-plantilla.md",
        "home/usuario/procedimiento-reinicio-inatrace.md",
    )
    outcome = MarkdownSections().evaluate(_procedure(), ctx)
    assert outcome.fraction < 0.6
    assert "sección «Pasos»" in outcome.message
    assert "sección «Contactos de Escalamiento»" in outcome.message
    assert "menciona el reinicio" in outcome.message
    # «Prerequisitos» without the dash still counts as «Pre-requisitos».
    assert "sección «Pre-requisitos»" not in outcome.message


def test_a_missing_procedure_names_the_expected_path(make_ctx: ContextFactory) -> None:
    outcome = MarkdownSections().evaluate(_procedure(), make_ctx())
    assert outcome.error
    assert "procedimiento-reinicio-inatrace.md" in outcome.message


def test_logbook_rows_survive_blank_lines_and_ignore_other_tables() -> None:
    rows = table_rows(
        (MARKDOWN / "bitacora.md").read_text(),
        ["Fecha", "Actividad", "Responsable", "Resultado", "Observaciones"],
    )
    assert [r["Actividad"] for r in rows] == [
        "Reinicio backend",
        "Reinicio backend",
        "Backup manual",
    ]


def _logbook(**extra: object) -> LogbookEntrySpec:
    return LogbookEntrySpec(
        id="b",
        kind="logbook-entry",
        criterion="documentacion",
        weight=1,
        actividad="(?i)reinicio",
        **extra,
    )  # type: ignore[arg-type]


def test_a_logbook_row_dated_in_the_lab_that_matches_what_happened_passes(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx(timeline="restart-backend")
    _place(ctx.workspace.root, "bitacora.md", "notas/bitacora.md")
    spec = _logbook(observed=Restarted(expect="restarted", service="backend"))
    outcome = LogbookEntry().evaluate(spec, ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert "María G." in outcome.evidence["row"]


def test_a_row_copied_from_the_manual_is_outside_the_lab_window(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.logbook.write_text(
        "| Fecha | Actividad | Responsable | Resultado | Observaciones |\n|---|---|---|---|---|\n"
        "| 2025-01-15 | Reinicio backend | Juan P. | Exitoso | Backend lento |\n"
    )
    outcome = LogbookEntry().evaluate(_logbook(), ctx)
    assert outcome.fraction < 1
    assert "«2025-01-15»" in outcome.message


def test_logging_a_restart_that_never_happened_fails(make_ctx: ContextFactory) -> None:
    ctx = make_ctx(timeline="restart-backend")
    _place(ctx.workspace.root, "bitacora.md", "notas/bitacora.md")
    spec = _logbook(observed=Recreated(expect="recreated", service="mysql"))
    outcome = LogbookEntry().evaluate(spec, ctx)
    assert outcome.fraction < 1
    assert "se recreó mysql" in outcome.message


def test_a_logbook_without_the_table_explains_the_columns(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.logbook.write_text("Hoy reinicié el backend.\n")
    outcome = LogbookEntry().evaluate(_logbook(), ctx)
    assert outcome.fraction == 0
    assert "| Fecha | Actividad |" in outcome.message


def test_fecha_accepts_the_usual_ways_of_writing_a_date() -> None:
    assert str(parse_fecha("2026-11-27")) == "2026-11-27"
    assert str(parse_fecha("27/11/2026")) == "2026-11-27"
    assert str(parse_fecha("**2026-11-27 18:20**")) == "2026-11-27 18:20:00"
    assert parse_fecha("ayer") is None


def _timeline(rule: object, window: str = "exercise") -> TimelineSpec:
    return TimelineSpec(
        id="t", kind="timeline", criterion="operaciones", weight=1, rule=rule, window=window
    )  # type: ignore[arg-type]


def test_the_timeline_check_answers_process_questions(make_ctx: ContextFactory) -> None:
    ctx = make_ctx(timeline="restart-backend")
    check = TimelineCheck()
    assert (
        check.evaluate(_timeline(Untouched(expect="untouched", service="mysql")), ctx).fraction
        == 1.0
    )
    assert (
        check.evaluate(_timeline(Restarted(expect="restarted", service="backend")), ctx).fraction
        == 1.0
    )
    assert (
        check.evaluate(_timeline(MaxDowntime(expect="max-downtime", max_seconds=30)), ctx).fraction
        == 1.0
    )


def test_restarting_everything_fails_the_mysql_question(make_ctx: ContextFactory) -> None:
    outcome = TimelineCheck().evaluate(
        _timeline(Untouched(expect="untouched", service="mysql")), make_ctx(timeline="restart-all")
    )
    assert outcome.fraction == 0
    assert "destroy" in outcome.message


def test_long_downtime_earns_partial_credit(make_ctx: ContextFactory) -> None:
    ctx = make_ctx(timeline="restart-backend")  # 10 s down
    outcome = TimelineCheck().evaluate(
        _timeline(MaxDowntime(expect="max-downtime", max_seconds=5)), ctx
    )
    assert outcome.fraction == 0.5
    assert "«10 s»" in outcome.message


def test_without_an_observer_record_the_timeline_check_cannot_pass(
    make_ctx: ContextFactory,
) -> None:
    outcome = TimelineCheck().evaluate(
        _timeline(Untouched(expect="untouched", service="mysql")), make_ctx()
    )
    assert outcome.error
    assert "lab start" in outcome.message


def test_the_exercise_window_ends_when_the_next_exercise_began(
    make_ctx: ContextFactory, state: LabState
) -> None:
    from datetime import datetime, timedelta

    nxt = state.started_at + timedelta(minutes=5, seconds=30)  # before the 18:06 restart
    later = state.model_copy(
        update={"exercises": {**state.exercises, "next": ExerciseState(started_at=nxt)}}
    )
    ctx = make_ctx(timeline="restart-backend", lab_state=later)
    assert ctx.window("exercise") == (datetime.fromisoformat("2026-11-27T18:05:00+00:00"), nxt)
    outcome = TimelineCheck().evaluate(
        _timeline(Restarted(expect="restarted", service="backend")), ctx
    )
    assert outcome.fraction == 0


def test_downtime_cannot_be_judged_short_while_the_service_is_still_down(
    make_ctx: ContextFactory,
) -> None:
    from grader_recordings import health_probe

    from labs.host.fake import FakeHost

    ctx = make_ctx(timeline="restart-backend")
    assert isinstance(ctx.host, FakeHost)
    ctx.host.health_probe = health_probe("DOWN", 503)
    outcome = TimelineCheck().evaluate(
        _timeline(MaxDowntime(expect="max-downtime", max_seconds=60)), ctx
    )
    assert outcome.fraction == 0
    assert "el servicio volvió" in outcome.message


def test_downtime_of_a_restart_is_only_judged_once_the_restart_happened(
    make_ctx: ContextFactory,
) -> None:
    rule = MaxDowntime(expect="max-downtime", max_seconds=60, after_restart_of="backend")
    assert (
        TimelineCheck().evaluate(_timeline(rule), make_ctx(timeline="restart-backend")).fraction
        == 1.0
    )
    mysql_rule = MaxDowntime(expect="max-downtime", max_seconds=60, after_restart_of="mysql")
    outcome = TimelineCheck().evaluate(_timeline(mysql_rule), make_ctx(timeline="restart-backend"))
    assert outcome.fraction == 0
    assert "se reinició mysql" in outcome.message
