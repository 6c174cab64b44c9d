"""The checks that hold a trainee's words against the truth: `diagnosis` (the cause that
was injected) and `docker-prune` (what the engine says a cleanup freed); and the guards
that score only once the action they guard has happened."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from grader_recordings import EXERCISE_START, ContextFactory
from pydantic import ValidationError

from grader.checks.diagnosis import Diagnosis, DiagnosisSpec
from grader.checks.docker_prune import DockerPrune, DockerPruneSpec, parse_sizes
from grader.context import CheckContext
from labs.core import seal
from labs.core.workspace import Workspace

HEADER = "| Fecha | Actividad | Responsable | Resultado | Observaciones |\n|---|---|---|---|---|\n"
OPTIONS = ["contraseña-incorrecta", "cuenta-desactivada", "cuenta-sin-confirmar"]


def _diagnosis(truth: str = "cuenta-desactivada") -> DiagnosisSpec:
    return DiagnosisSpec(
        id="d",
        kind="diagnosis",
        criterion="troubleshooting",
        weight=2,
        actividad="(?i)login|sesi",
        options=OPTIONS,
        truth=truth,
        how_to_find="Mire el estado de la cuenta.",
    )


def _logbook(ws: Workspace, observaciones: str) -> None:
    row = f"| 2026-11-27 | Revisión de inicio de sesión | Ana | Exitoso | {observaciones} |\n"
    ws.logbook.write_text(HEADER + row)


def test_the_right_cause_in_the_logbook_row_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _logbook(ctx.workspace, "causa: cuenta-desactivada")
    assert Diagnosis().evaluate(_diagnosis(), ctx).fraction == 1.0


def test_a_wrong_cause_fails_without_naming_the_right_one(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _logbook(ctx.workspace, "causa: contraseña-incorrecta")
    outcome = Diagnosis().evaluate(_diagnosis(), ctx)
    assert outcome.fraction == 0
    assert "cuenta-desactivada" not in outcome.message
    assert "estado de la cuenta" in outcome.message


def test_the_last_stated_cause_counts_so_a_trainee_can_correct_a_guess(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _logbook(ctx.workspace, "causa: contraseña-incorrecta; corregido, causa: cuenta-desactivada")
    assert Diagnosis().evaluate(_diagnosis(), ctx).fraction == 1.0


def test_a_cause_in_prose_is_not_read_and_the_message_shows_the_form(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _logbook(ctx.workspace, "La cuenta estaba desactivada")
    outcome = Diagnosis().evaluate(_diagnosis(), ctx)
    assert outcome.fraction == 0
    assert "causa: <contraseña-incorrecta | cuenta-desactivada" in outcome.message


def test_a_truth_outside_the_options_is_a_scenario_error() -> None:
    with pytest.raises(ValidationError, match="not one of the options"):
        _diagnosis(truth="disco-lleno")


def _prunes(ctx: CheckContext, *reclaimed: int) -> None:
    lines = [
        json.dumps(
            {
                "t": (EXERCISE_START + timedelta(minutes=1 + i)).isoformat(),
                "type": "image",
                "action": "prune",
                "reclaimed": amount,
            }
        )
        for i, amount in enumerate(reclaimed)
    ]
    seal.append_chained(ctx.records.timeline_dir / "events.jsonl", [json.loads(x) for x in lines])


def _prune_spec() -> DockerPruneSpec:
    return DockerPruneSpec(id="p", kind="docker-prune", criterion="operaciones", weight=2)


def test_a_prune_the_engine_saw_and_its_reclaimed_space_written_down_pass(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _prunes(ctx, 1_230_000_000)
    ctx.workspace.logbook.write_text(
        HEADER + "| 2026-11-27 | Limpieza de imágenes | Ana | Exitoso | Recuperado: 1.23GB |\n"
    )
    assert DockerPrune().evaluate(_prune_spec(), ctx).fraction == 1.0


def test_a_logbook_row_without_a_prune_earns_nothing(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    ctx.workspace.logbook.write_text(
        HEADER + "| 2026-11-27 | Limpieza de imágenes | Ana | Exitoso | Recuperado: 2.5GB |\n"
    )
    outcome = DockerPrune().evaluate(_prune_spec(), ctx)
    assert outcome.fraction == 0
    assert "Docker no registró" in outcome.message


def test_an_invented_figure_does_not_match_what_the_engine_reclaimed(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _prunes(ctx, 0)
    ctx.workspace.logbook.write_text(
        HEADER + "| 2026-11-27 | Limpieza de imágenes | Ana | Exitoso | Recuperado: 2.5GB |\n"
    )
    outcome = DockerPrune().evaluate(_prune_spec(), ctx)
    assert outcome.fraction == 0
    assert not re.search(r"(?<!\d)0 B", outcome.message)  # what was really reclaimed


def test_sizes_are_read_as_docker_prints_them() -> None:
    assert parse_sizes("0B, 350 MB, 1.2GB y 12,5 MiB") == [0.0, 350e6, 1.2e9, 12.5 * 2**20]
