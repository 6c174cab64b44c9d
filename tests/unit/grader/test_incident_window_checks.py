"""impact-window and monitoring: the incident report's times against the observer's record."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from grader_recordings import EXERCISE_START, NOW, ContextFactory

from grader.checks.impact_window import ImpactWindow, ImpactWindowSpec
from grader.checks.monitoring import Monitoring, MonitoringSpec
from grader.context import CheckContext
from labs.core import constants as c
from labs.core import seal

REPORT = "notas/incidentes/incidente-login.md"
BACK_AT = EXERCISE_START + timedelta(seconds=90)  # 18:06:30, health UP again


def _timeline(ctx: CheckContext, down_until: datetime = BACK_AT, restart_at: str = "") -> None:
    samples, t = [], EXERCISE_START - timedelta(seconds=30)
    while t <= NOW:
        status = "DOWN" if EXERCISE_START - timedelta(seconds=5) <= t < down_until else "UP"
        samples.append({"t": t.isoformat(), "status": status, "http": 200})
        t += timedelta(seconds=2)
    events = [
        {
            "t": (BACK_AT - timedelta(seconds=12)).isoformat(),
            "container": c.MYSQL_CONTAINER,
            "action": "start",
        },
        {
            "t": (EXERCISE_START + timedelta(seconds=200)).isoformat(),
            "container": c.BACKEND_CONTAINER,
            "action": "exec_start: curl -fsS --max-time 2 http://localhost:8080/actuator/health",
        },
    ]
    if restart_at:
        events.append({"t": restart_at, "container": c.BACKEND_CONTAINER, "action": "restart"})
    timeline = ctx.records.timeline_dir
    seal.append_chained(timeline / "health.jsonl", samples)
    seal.append_chained(timeline / "events.jsonl", events)


def _report(ctx: CheckContext, impact: str, follow_up: str = "") -> None:
    path = ctx.workspace.root / REPORT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Incidente\n\n## Impacto\n{impact}\n\n## Seguimiento\n{follow_up}\n")


def _impact() -> ImpactWindowSpec:
    return ImpactWindowSpec.model_validate(
        {"id": "x-imp", "kind": "impact-window", "criterion": "documentacion", "weight": 1}
        | {"path": REPORT}
    )


def _watch(minutes: float = 2) -> MonitoringSpec:
    return MonitoringSpec.model_validate(
        {"id": "x-mon", "kind": "monitoring", "criterion": "troubleshooting", "weight": 1}
        | {"path": REPORT, "minutes": minutes}
    )


def test_start_and_end_as_the_observer_saw_them_pass(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, "Inicio: 18:05 (UTC). Fin: 18:07 (UTC). Sin pérdida de datos.")
    outcome = ImpactWindow().evaluate(_impact(), ctx)
    assert outcome.fraction == 1.0, outcome.message


@pytest.mark.parametrize(
    ("impact", "label"),
    [
        ("Inicio: 17:30. Fin: 18:07.", "inicio del incidente"),
        ("Inicio: 18:05. Fin: 18:20.", "fin del incidente"),
        ("Inicio: 03:10. Fin: 03:40.", "inicio del incidente"),
    ],
)
def test_times_that_did_not_happen_fail_without_giving_them(
    make_ctx: ContextFactory, impact: str, label: str
) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, impact)
    outcome = ImpactWindow().evaluate(_impact(), ctx)
    assert outcome.fraction < 1.0
    assert label in outcome.message
    assert "18:06:30" not in outcome.message


def test_healthcheck_execs_are_not_taken_for_the_fix(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, "Inicio: 18:05:00. Fin: 18:08:20.")  # only the healthcheck exec is near
    spec = _impact().model_copy(update={"tolerance_minutes": 1})
    assert ImpactWindow().evaluate(spec, ctx).fraction < 1.0


def test_a_report_without_times_scores_nothing(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, "Los usuarios no pudieron entrar un rato.")
    assert ImpactWindow().evaluate(_impact(), ctx).fraction == 0.0


def test_a_watch_of_the_asked_length_after_the_fix_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, "", "Monitoreo desde 18:07:00 hasta 18:09:30: estable.")
    outcome = Monitoring().evaluate(_watch(2), ctx)
    assert outcome.fraction == 1.0, outcome.message


@pytest.mark.parametrize(
    ("follow_up", "label"),
    [
        ("Monitoreo desde 18:07:00 hasta 18:07:40.", "duración del monitoreo"),
        ("Monitoreo desde 18:08:00 hasta 18:25:00.", "el monitoreo ya terminó"),
        ("Monitoreo desde 18:05:30 hasta 18:08:00.", "servicio estable"),
    ],
)
def test_a_short_future_or_unstable_watch_fails(
    make_ctx: ContextFactory, follow_up: str, label: str
) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    _report(ctx, "", follow_up)
    outcome = Monitoring().evaluate(_watch(2), ctx)
    assert outcome.fraction == 0.0
    assert label in outcome.message


def test_a_restart_during_the_watch_is_no_stable_watch(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx, restart_at=(EXERCISE_START + timedelta(seconds=180)).isoformat())
    _report(ctx, "", "Monitoreo desde 18:07:00 hasta 18:09:30.")
    assert Monitoring().evaluate(_watch(2), ctx).fraction == 0.0


def test_no_follow_up_section_scores_nothing(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _timeline(ctx)
    assert Monitoring().evaluate(_watch(), ctx).fraction == 0.0
