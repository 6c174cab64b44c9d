from __future__ import annotations

import json
from pathlib import Path

from labs import observer
from labs.core import constants, seal
from labs.host.fake import FakeHost


def _raw(action: str, name: str = "inatrace-be-test-fortaleza", **attrs: str) -> dict:
    return {
        "Type": "container",
        "Action": action,
        "timeNano": 1764259200123456789,
        "Actor": {"ID": "abc", "Attributes": {"name": name, "image": "img", **attrs}},
    }


def test_a_die_event_keeps_container_action_time_and_exit_code() -> None:
    record = observer.event_record(_raw("die", exitCode="1"))
    assert record == {
        "t": "2025-11-27T16:00:00.123+00:00",
        "container": "inatrace-be-test-fortaleza",
        "action": "die",
        "exit_code": 1,
        "image": "img",
    }


def test_exec_and_health_events_are_recorded_but_noise_is_not() -> None:
    assert observer.event_record(_raw("exec_start: mysql -uroot"))["action"].startswith("exec")
    assert observer.event_record(_raw("health_status: unhealthy")) is not None
    assert observer.event_record(_raw("attach")) is None
    assert observer.event_record(_raw("exec_create: sh")) is None


def test_an_unreachable_backend_is_sampled_as_unreachable() -> None:
    host = FakeHost.healthy_stack()
    host.stop(constants.BACKEND_CONTAINER)
    sample = observer.sample_health(host)
    assert sample["status"] == "UNREACHABLE"
    assert sample["http"] is None


def test_a_backend_without_its_database_is_sampled_as_down() -> None:
    host = FakeHost.healthy_stack()
    host.stop(constants.MYSQL_CONTAINER)
    sample = observer.sample_health(host)
    assert (sample["http"], sample["status"]) == (503, "DOWN")


def test_jsonl_writer_appends_one_object_per_line(tmp_path: Path) -> None:
    writer = observer.JsonlWriter(tmp_path / "t" / "x.jsonl")
    writer.write({"a": 1})
    writer.write({"b": "ñ"})
    lines = (tmp_path / "t" / "x.jsonl").read_text().splitlines()
    assert seal.read_chain(lines) == ([{"a": 1}, {"b": "ñ"}], None)


def test_jsonl_writer_goes_on_with_the_chain_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    observer.JsonlWriter(path).write({"a": 1})
    with path.open("a") as cut:
        cut.write('{"half": ')  # the observer was killed mid-line
    observer.JsonlWriter(path).write({"b": 2})
    assert seal.read_chained(path) == ([{"a": 1}, {"b": 2}], None)


def test_a_line_added_by_hand_breaks_the_record_there(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    writer = observer.JsonlWriter(path)
    writer.write({"a": 1})
    with path.open("a") as forged:
        forged.write(json.dumps({"b": 2, "seal": "0" * 64}) + "\n")
    writer.write({"c": 3})
    assert seal.read_chained(path) == ([{"a": 1}], 2)
