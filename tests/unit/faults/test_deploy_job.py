"""deploy-job on FakeHost: the CI page and the runner started, history written once,
the build recorded, and everything (builds, .env TAG, processes) given back on revert."""

from __future__ import annotations

import pytest
from fault_support import build, new_process, record_file

from labs.core import ci
from labs.core.ci import BuildRecord
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.env_bad_value import read_line
from labs.host.fake import FakeHost
from labs.host.models import HttpAnswer

GOOD, OLD = "test-8b41d7e", "test-3f9c2a1"


def _finish(ctx: FaultContext, number: int, result: str = "SUCCESS") -> None:
    """What the runner process writes when the deploy ends."""
    record = ci.build(ctx.workspace.state_dir, number)
    assert record is not None
    done = record.model_copy(update={"building": False, "result": result})
    ci.write_build(ci.build_dir(ctx.workspace.state_dir, number), done)


def _page_answers(host: FakeHost) -> None:
    host.urls[f"{ci.JOB_URL}/api/json"] = HttpAnswer(status=200, body="{}")


def test_a_deploy_starts_the_ci_page_writes_the_history_and_runs_the_next_build(
    host: FakeHost, ctx: FaultContext
) -> None:
    ctx.workspace.env_file.write_text(f"TAG={GOOD}\n")
    build("deploy-job", tag=GOOD, from_tag=OLD).inject(ctx)
    modules = [spawned[0] for spawned in host.spawned.values()]
    assert modules == [ci.SERVER_MODULE, ci.RUNNER_MODULE]
    builds = ci.builds(ctx.workspace.state_dir)
    assert [b.number for b in builds] == [42, 41, 40, 39, 38]
    assert builds[0].building
    assert builds[0].tag == GOOD
    assert not builds[0].seeded
    assert {b.result for b in builds[1:]} == {"SUCCESS", "FAILURE"}
    assert builds[3].tag == OLD  # the history's last success is what runs before the deploy
    assert read_line(ctx.workspace.env_file, "TAG") == f"TAG={OLD}"


def test_a_second_deploy_adds_a_build_and_reuses_the_running_page(
    host: FakeHost, ctx: FaultContext
) -> None:
    ctx.workspace.env_file.write_text(f"TAG={GOOD}\n")
    build("deploy-job", tag=GOOD).inject(ctx)
    second = FaultContext(ctx.workspace, host, seed=7)
    later = build("deploy-job", tag="test-c05e9f4")
    later.index = 1
    later.inject(second)
    assert [b.number for b in ci.builds(ctx.workspace.state_dir)][:2] == [43, 42]
    assert [s[0] for s in host.spawned.values()].count(ci.SERVER_MODULE) == 1


def test_verify_waits_for_the_page_and_for_a_successful_build_when_asked(
    host: FakeHost, ctx: FaultContext
) -> None:
    ctx.workspace.env_file.write_text(f"TAG={GOOD}\n")
    fault = build("deploy-job", tag=GOOD, wait=True)
    fault.inject(ctx)
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)  # the page does not answer yet
    _page_answers(host)
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)  # the build still runs
    _finish(ctx, 42)
    assert "#42" in fault.verify_injected(ctx)


def test_a_failed_build_is_not_a_live_deploy(host: FakeHost, ctx: FaultContext) -> None:
    ctx.workspace.env_file.write_text(f"TAG={GOOD}\n")
    fault = build("deploy-job", tag=GOOD, wait=True)
    fault.inject(ctx)
    _page_answers(host)
    _finish(ctx, 42, "FAILURE")
    with pytest.raises(FaultNotLiveError, match="SUCCESS"):
        fault.verify_injected(ctx)


def test_revert_from_a_new_process_gives_everything_back(host: FakeHost, ctx: FaultContext) -> None:
    ctx.workspace.env_file.write_text(f"TAG={GOOD}\n")
    fault = build("deploy-job", tag=GOOD, from_tag=OLD)
    fault.inject(ctx)
    ctx.workspace.env_file.write_text("TAG=test-c05e9f4\n")  # what the runner left
    fault.revert(new_process(ctx))
    assert host.spawned == {}
    assert ci.builds(ctx.workspace.state_dir) == []
    assert read_line(ctx.workspace.env_file, "TAG") == f"TAG={GOOD}"
    assert not record_file(ctx, fault).exists()
    fault.revert(ctx)  # a second revert changes nothing


def test_an_unknown_release_tag_is_refused_by_the_scenario_model() -> None:
    with pytest.raises(ValueError, match="unknown release tag"):
        build("deploy-job", tag="test-0000000")


def test_the_build_record_reads_as_jenkins_api_json() -> None:
    from datetime import UTC, datetime

    record = BuildRecord(number=7, tag=GOOD, timestamp=datetime(2026, 12, 1, tzinfo=UTC))
    assert '"building": true' in ci.api_json(record)
    assert '"result": null' in ci.api_json(record)
