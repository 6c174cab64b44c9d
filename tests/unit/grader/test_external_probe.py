"""external-probe: the probe runs inside the running backend; its answer decides."""

from __future__ import annotations

import pytest
from grader_recordings import ContextFactory

from grader.checks.external_probe import PROBE, ExternalProbe, ExternalProbeSpec
from labs.core import constants
from labs.host.fake import FakeHost
from labs.host.models import ExecResult


class ProbeHost(FakeHost):
    answer = ExecResult(exit_code=0, output="OK 5 rates\n")

    def exec(
        self, name: str, argv: object, *, detach: bool = False, timeout: float = 60
    ) -> ExecResult:
        assert name == constants.BACKEND_CONTAINER
        assert list(argv)[: len(PROBE)] == PROBE  # type: ignore[call-overload]
        return self.answer


def _spec(service: str) -> ExternalProbeSpec:
    return ExternalProbeSpec(
        id="x", kind="external-probe", criterion="troubleshooting", weight=3, service=service
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("service", ["exchange-rate", "mail"])
def test_a_working_service_passes(make_ctx: ContextFactory, service: str) -> None:
    outcome = ExternalProbe().evaluate(_spec(service), make_ctx(source=ProbeHost()))
    assert outcome.fraction == 1.0


def test_a_failing_probe_scores_nothing_and_shows_what_the_backend_got(
    make_ctx: ContextFactory,
) -> None:
    host = ProbeHost()
    host.answer = ExecResult(
        exit_code=1, output="FAIL java.net.ConnectException: Connection refused\n"
    )
    outcome = ExternalProbe().evaluate(_spec("mail"), make_ctx(source=host))
    assert outcome.fraction == 0
    assert "Connection refused" in outcome.message


def test_a_stopped_backend_scores_nothing(make_ctx: ContextFactory) -> None:
    host = ProbeHost()
    host.answer = ExecResult(exit_code=-1, output="container is not running")
    assert ExternalProbe().evaluate(_spec("exchange-rate"), make_ctx(source=host)).fraction == 0
