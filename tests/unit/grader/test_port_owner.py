"""port-owner: the backend publishes 8082 again, and nothing else holds it."""

from __future__ import annotations

from grader_recordings import ContextFactory

from grader.checks.port_owner import PortOwner, PortOwnerSpec
from labs.core import constants
from labs.host.fake import FakeHost
from labs.host.models import PortHolder

BACKEND = constants.BACKEND_CONTAINER
PORT = constants.BACKEND_HOST_PORT


def _spec() -> PortOwnerSpec:
    return PortOwnerSpec(
        id="p", kind="port-owner", criterion="troubleshooting", weight=2, port=PORT
    )  # type: ignore[arg-type]


def test_the_backend_publishing_8082_alone_passes(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.published = [PortHolder(port=PORT, container=BACKEND)]
    outcome = PortOwner().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 1.0
    assert outcome.evidence[f"puerto {PORT}"] == BACKEND


def test_a_colleagues_container_on_8082_scores_nothing_and_is_named(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.published = [PortHolder(port=PORT, container="nginx-prueba")]
    outcome = PortOwner().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "nginx-prueba" in outcome.message


def test_a_host_process_on_8082_scores_nothing(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.listening = [PortHolder(port=PORT, process="python3", pid=4242)]
    outcome = PortOwner().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "python3 (pid 4242)" in outcome.message


def test_the_backend_moved_to_another_port_scores_nothing(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.published = [PortHolder(port=8083, container=BACKEND)]
    outcome = PortOwner().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "nadie" in outcome.message


def test_an_untouched_lab_with_the_port_still_held_scores_nothing(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.published = [PortHolder(port=PORT, container="nginx-prueba")]
    assert PortOwner().evaluate(_spec(), make_ctx()).fraction == 0
