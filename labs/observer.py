"""The observer: a small host process that records what happens to the lab.

From `lab start` to `lab stop` it appends health samples and the Docker events of
the lab's containers to JSONL files in the workspace. It runs on the host, not
in a container, so the trainee's own `docker compose down` cannot end it.

Run as: python -m labs.observer --home DIR   (started by `lab start`).
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from labs.core import constants as c
from labs.core import seal
from labs.core.workspace import Workspace
from labs.host.api import Host
from labs.host.live import live_host

SAMPLE_EVERY_S = 2.0
DATA_EVERY_S = 3.0
# Present only in labs that grade backups: then the observer also records the data
# (row counts and checksums per table) each time it changes, so a backup can be
# compared with what the database held when it was taken.
WATCH_DATA_FLAG = "watch-data"
DATA_FILE = "data.jsonl"
HEALTH_TIMEOUT_S = 2.0
EVENT_WINDOW = timedelta(seconds=1)
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
    """Appends one JSON object per line, each sealed and chained to the one before it
    (labs/core/seal.py), so a line edited, removed or added by hand breaks the record there;
    flushes each line so readers see it at once."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._previous = seal.chain_tail(path)
        self._file = path.open("a", encoding="utf-8")
        if path.stat().st_size and not path.read_bytes().endswith(b"\n"):
            self._file.write("\n")  # a line cut by a crash ends here, not in ours
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        with self._lock:
            line, self._previous = seal.chain_line(record, self._previous)
            self._file.write(line + "\n")
            self._file.flush()


def sample_health(host: Host) -> dict[str, Any]:
    probe = host.health(HEALTH_TIMEOUT_S)
    record: dict[str, Any] = {"t": now_iso(), "http": probe.http_status}
    if probe.http_status is None:
        record["status"] = "UNREACHABLE"
    elif probe.http_status == 200 and probe.body is not None:
        record["status"] = probe.body.status
    else:
        record["status"] = "DOWN" if probe.http_status >= 400 else "UNKNOWN"
    record["ms"] = probe.elapsed_ms
    return record


def event_record(raw: dict[str, Any]) -> dict[str, Any] | None:
    """Keep the fields the grader needs from an engine event."""
    action = str(raw.get("Action") or raw.get("status") or "")
    kind = str(raw.get("Type") or "container")
    attributes = (raw.get("Actor") or {}).get("Attributes") or {}
    nanos = raw.get("timeNano") or int(raw.get("time", 0)) * 1_000_000_000
    when = datetime.fromtimestamp(int(nanos) / 1e9, UTC).isoformat(timespec="milliseconds")
    if kind != "container":
        if action != "prune":
            return None
        reclaimed = str(attributes.get("reclaimed", ""))
        return {
            "t": when,
            "type": kind,
            "action": action,
            "reclaimed": int(reclaimed) if reclaimed.isdigit() else None,
        }
    if not action.startswith(RECORDED_ACTIONS):
        return None
    exit_code = attributes.get("exitCode")
    return {
        "t": when,
        "container": attributes.get("name", ""),
        "action": action,
        "exit_code": int(exit_code) if exit_code not in (None, "") else None,
        "image": attributes.get("image", raw.get("from", "")),
    }


class Observer:
    def __init__(self, ws: Workspace, host: Host) -> None:
        self.ws = ws
        self.host = host
        self.stop_event = threading.Event()
        self.health = JsonlWriter(ws.timeline_dir / "health.jsonl")
        self.events = JsonlWriter(ws.timeline_dir / "events.jsonl")
        self.data = JsonlWriter(ws.timeline_dir / DATA_FILE)

    def _sample_loop(self) -> None:
        while not self.stop_event.is_set():
            started = time.monotonic()
            self.health.write(sample_health(self.host))
            self.stop_event.wait(max(0.0, SAMPLE_EVERY_S - (time.monotonic() - started)))

    def _data_loop(self) -> None:
        flag = self.ws.state_dir / WATCH_DATA_FLAG
        last: dict[str, list[int | None]] | None = None
        while not self.stop_event.is_set():
            if flag.exists():
                try:
                    stats = self.host.table_stats()
                except Exception:  # MySQL stopped or restarting: nothing to record now
                    stats = None
                if stats is not None:
                    tables = {n: [s.rows, s.checksum] for n, s in sorted(stats.items())}
                    if tables != last:
                        self.data.write({"t": now_iso(), "tables": tables})
                        last = tables
            self.stop_event.wait(DATA_EVERY_S)

    def _events_loop(self) -> None:
        names = list(c.CONTAINERS.values())
        since = datetime.now(UTC) - timedelta(seconds=2)
        while not self.stop_event.is_set():
            # Short windows end by themselves, so a stop never waits on a blocked stream;
            # each one starts where the last ended, so no event falls in a gap.
            until = datetime.now(UTC) + EVENT_WINDOW
            try:
                for raw in self.host.events(names, since, until):
                    record = event_record(raw)
                    if record:
                        self.events.write(record)
            except Exception:  # engine restarting: try the same window again
                self.stop_event.wait(1.0)
                continue
            since = until

    def run(self) -> None:
        threads = [
            threading.Thread(target=self._sample_loop, daemon=True),
            threading.Thread(target=self._events_loop, daemon=True),
            threading.Thread(target=self._data_loop, daemon=True),
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


def main() -> None:
    parser = argparse.ArgumentParser(description="INATrace Ops Lab observer")
    parser.add_argument("--home", required=True)
    args = parser.parse_args()
    observer = Observer(Workspace(Path(args.home)), live_host())
    signal.signal(signal.SIGTERM, observer.shutdown)
    signal.signal(signal.SIGINT, observer.shutdown)
    observer.run()


if __name__ == "__main__":
    main()
