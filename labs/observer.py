"""The observer: a small host process that records what happens to the lab.

From `lab start` to `lab stop` it appends health samples and the Docker events of
the lab's containers to JSONL files in the workspace. It runs on the host, not
in a container, so the trainee's own `docker compose down` cannot end it.

Run as: python -m labs.observer --home DIR   (started by `lab start`).
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labs.core import constants as c
from labs.core.workspace import Workspace

SAMPLE_EVERY_S = 2.0
HEALTH_TIMEOUT_S = 2.0
RECORDED_ACTIONS = (
    "create",
    "start",
    "restart",
    "stop",
    "kill",
    "die",
    "destroy",
    "pause",
    "unpause",
    "oom",
    "health_status",
    "exec_start",
    "rename",
    "update",
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JsonlWriter:
    """Appends one JSON object per line; flushes each line so readers see it at once."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        with self._lock:
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._file.flush()


def sample_health() -> dict[str, Any]:
    t0 = time.monotonic()
    record: dict[str, Any] = {"t": now_iso()}
    try:
        with urllib.request.urlopen(c.HEALTH_URL, timeout=HEALTH_TIMEOUT_S) as resp:
            body = json.loads(resp.read())
            record.update(http=resp.status, status=body.get("status", "UNKNOWN"))
    except urllib.error.HTTPError as exc:
        record.update(http=exc.code, status="DOWN")
    except (OSError, ValueError):
        record.update(http=None, status="UNREACHABLE")
    record["ms"] = round((time.monotonic() - t0) * 1000, 1)
    return record


def event_record(raw: dict[str, Any]) -> dict[str, Any] | None:
    """Keep the fields the grader needs from a `docker events` JSON line."""
    action = str(raw.get("Action") or raw.get("status") or "")
    if not action.startswith(RECORDED_ACTIONS):
        return None
    attributes = (raw.get("Actor") or {}).get("Attributes") or {}
    nanos = raw.get("timeNano") or int(raw.get("time", 0)) * 1_000_000_000
    when = datetime.fromtimestamp(int(nanos) / 1e9, UTC).isoformat(timespec="milliseconds")
    exit_code = attributes.get("exitCode")
    return {
        "t": when,
        "container": attributes.get("name", ""),
        "action": action,
        "exit_code": int(exit_code) if exit_code not in (None, "") else None,
        "image": attributes.get("image", raw.get("from", "")),
    }


class Observer:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.stop_event = threading.Event()
        self.health = JsonlWriter(ws.timeline_dir / "health.jsonl")
        self.events = JsonlWriter(ws.timeline_dir / "events.jsonl")
        self._proc: subprocess.Popen[str] | None = None

    def _sample_loop(self) -> None:
        while not self.stop_event.is_set():
            started = time.monotonic()
            self.health.write(sample_health())
            self.stop_event.wait(max(0.0, SAMPLE_EVERY_S - (time.monotonic() - started)))

    def _events_loop(self) -> None:
        filters = []
        for name in c.CONTAINERS.values():
            filters += ["--filter", f"container={name}"]
        while not self.stop_event.is_set():
            # Re-attached after a daemon restart; `--since` avoids losing the gap.
            since = str(int(time.time()) - 2)
            self._proc = subprocess.Popen(
                ["docker", "events", "--since", since, "--format", "{{json .}}", *filters],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert self._proc.stdout is not None
            for line in self._proc.stdout:
                try:
                    record = event_record(json.loads(line))
                except ValueError:
                    continue
                if record:
                    self.events.write(record)
            self.stop_event.wait(1.0)

    def run(self) -> None:
        threads = [
            threading.Thread(target=self._sample_loop, daemon=True),
            threading.Thread(target=self._events_loop, daemon=True),
        ]
        for thread in threads:
            thread.start()
        while not self.stop_event.is_set():
            if not self.ws.marker.exists():  # workspace purged: nothing left to observe
                break
            self.stop_event.wait(1.0)
        self.shutdown()

    def shutdown(self, *_args: object) -> None:
        self.stop_event.set()
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(description="INATrace Ops Lab observer")
    parser.add_argument("--home", required=True)
    args = parser.parse_args()
    observer = Observer(Workspace(Path(args.home)))
    signal.signal(signal.SIGTERM, observer.shutdown)
    signal.signal(signal.SIGINT, observer.shutdown)
    observer.run()


if __name__ == "__main__":
    main()
