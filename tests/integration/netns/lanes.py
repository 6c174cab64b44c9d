"""Isolated Docker engines for running integration tests side by side on one machine.

The lab's container names and ports are fixed (the course's), so two integration runs on
one engine collide. A lane is a network namespace with its own dockerd (own data root,
socket and bridge) and the lab's images loaded: a test run entered into it with
`nsenter --net` and `DOCKER_HOST` sees its own localhost:8082/3306 and its own containers.

The filesystem stays shared: workspaces are per test (tmp), but the user's crontab, /tmp
exports and /opt/inatrace are the machine's, so the tests that use those (Práctica 19's
cron, the course-home test) must not run in two lanes at once.

    python -m tests.integration.netns.lanes up 1          # make lane 1 (images loaded)
    python -m tests.integration.netns.lanes run 1 -- .venv/bin/python -m pytest tests/...
    python -m tests.integration.netns.lanes down 1
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.integration.netns.trainee_hosts import (
    NETNS_DIR,
    RUN_BASE,
    TraineeHost,
    missing_requirements,
    save_lab_images,
)

LANE_PREFIX = "ilab-l"
LANE_BASE = Path("/var/lib/ilab-lanes")
FIRST_INDEX = 200  # 10.213.200+ : never a classroom test's trainee machine (1, 2, …)


class Lane(TraineeHost):
    """A trainee machine without sshd, under its own names (never mistaken for one)."""

    @property
    def netns(self) -> str:
        return f"{LANE_PREFIX}{self.index - FIRST_INDEX}"

    @property
    def veth_host(self) -> str:
        return f"ilabl{self.index - FIRST_INDEX}h"

    @property
    def veth_ns(self) -> str:
        return f"ilabl{self.index - FIRST_INDEX}n"

    @property
    def run_dir(self) -> Path:
        return RUN_BASE / f"l{self.index - FIRST_INDEX}"

    @property
    def pids_file(self) -> Path:
        return self.root / "pids.json"

    def env(self) -> dict[str, str]:
        return {**os.environ, "DOCKER_HOST": self.docker_host, "ILAB_LANE": self.netns}

    def command(self, argv: list[str]) -> list[str]:
        return self.nsenter(*argv)


def lane(number: int) -> Lane:
    return Lane(index=FIRST_INDEX + number, root=LANE_BASE / f"l{number}")


def up(number: int, images: Path | None) -> Lane:
    found = lane(number)
    if (NETNS_DIR / found.netns).exists():
        raise SystemExit(f"lane {number} exists already: `down {number}` first")
    found.root.mkdir(parents=True, exist_ok=True)
    archive = images or found.root.parent / "images.tar"
    if images is None:
        save_lab_images(archive)
    started = time.monotonic()
    found.create_network()
    found.start_dockerd()
    found.load_images(archive)
    found.pids_file.write_text(json.dumps([p.pid for p in found._procs]))
    print(
        f"lane {number} ready in {time.monotonic() - started:.1f} s: "
        f"DOCKER_HOST={found.docker_host}"
    )
    return found


def down(number: int) -> None:
    found = lane(number)
    found._remove_containers()
    if found.pids_file.is_file():
        for pid in json.loads(found.pids_file.read_text()):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        time.sleep(2)
    problems = found.teardown()
    if problems:
        print("\n".join(problems), file=sys.stderr)


def run_in(number: int, argv: list[str]) -> int:
    found = lane(number)
    if not (NETNS_DIR / found.netns).exists():
        raise SystemExit(f"no lane {number}: `up {number}` first")
    return subprocess.call(found.command(argv), env=found.env())


def main() -> int:
    why = missing_requirements()
    if why is not None:
        raise SystemExit(why)
    parser = argparse.ArgumentParser(prog="lanes")
    sub = parser.add_subparsers(dest="verb", required=True)
    make = sub.add_parser("up")
    make.add_argument("number", type=int)
    make.add_argument("--images", type=Path, help="an images tar (default: saved from here)")
    gone = sub.add_parser("down")
    gone.add_argument("number", type=int)
    inside = sub.add_parser("run")
    inside.add_argument("number", type=int)
    inside.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.verb == "up":
        up(args.number, args.images)
        return 0
    if args.verb == "down":
        down(args.number)
        return 0
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    return run_in(args.number, argv)


if __name__ == "__main__":
    sys.exit(main())
