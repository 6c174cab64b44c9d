"""Día 3 figures: the course's backup and restore commands, run the way the lab runs
and grades them vs. the same commands by hand on the same data, and the time of the
restorability check (a real restore into a scratch MySQL), at several seed scales.

Usage: python benchmarks/backups.py [--scale 1 --scale 10] [--repeat 3] [--home DIR]
Starts its own Día 1 stack (seeded at each scale) and stops it at the end: run it under
`flock /tmp/lab-docker.lock`. Prints and saves JSON under benchmarks/results/.
Issue 10's budget: the lab adds no overhead; the check takes ≤ 5 s (scale 1) and
≤ 20 s (scale 10).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import backups as grader_backups  # noqa: E402
from labs.core.scenario import RunStep  # noqa: E402
from labs.core.workspace import Workspace  # noqa: E402
from labs.host.live import live_host  # noqa: E402
from labs.scenario.steps import run_steps  # noqa: E402

BUDGET_CHECK_S = {1: 5.0, 10: 20.0}
ENV = (
    'env="$LAB_HOME/backend/test/fortaleza/.env"; '
    "export MYSQL_ROOT_PASSWORD=$(grep '^MYSQL_ROOT_PASSWORD=' \"$env\" | cut -d= -f2-) "
    "MYSQL_DATABASE=$(grep '^DATABASE_NAME=' \"$env\" | cut -d= -f2-); "
)
# Práctica 15, as the brief gives it.
DUMP = (
    "docker exec inatrace-mysql-test-fortaleza sh -c "
    '\'mysqldump -u root -p"${{MYSQL_ROOT_PASSWORD}}" --single-transaction --quick '
    '--lock-tables=false "${{MYSQL_DATABASE}}" | gzip -9\' > "{target}"'
)
# Práctica 20, step 4.
RESTORE = (
    ENV + 'set -o pipefail; zcat "{source}" | docker exec -i inatrace-mysql-test-fortaleza '
    'mysql -u root -p"${{MYSQL_ROOT_PASSWORD}}" "${{MYSQL_DATABASE}}"'
)


def lab(*args: str, home: Path) -> None:
    env = {**os.environ, "LAB_HOME": str(home), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "labs", *args]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"lab {' '.join(args)} failed: {proc.stdout[-600:]}{proc.stderr[-600:]}")


def by_hand(command: str, home: Path) -> float:
    t0 = time.monotonic()
    env = {**os.environ, "LAB_HOME": str(home)}
    proc = subprocess.run(["bash", "-c", command], env=env, capture_output=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"by hand failed: {proc.stderr[-600:]!r}")
    return time.monotonic() - t0


def the_lab_way(command: str, ws: Workspace) -> float:
    t0 = time.monotonic()
    run_steps([RunStep(run=command, timeout=900)], ws, live_host())
    return time.monotonic() - t0


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure(scale: int, repeat: int, home: Path) -> dict[str, object]:
    ws = Workspace(home)
    try:
        lab(
            "start", "day1", "--scale", str(scale), home=home
        )  # inside: a failed start is stopped too
        ws.backups.mkdir(parents=True, exist_ok=True)
        rows = sum(s.rows for s in live_host().table_stats().values())
        figures: dict[str, list[float]] = {
            k: []
            for k in ("dump_lab", "dump_hand", "restore_lab", "restore_hand", "check", "probe")
        }
        size = 0
        for i in range(repeat):
            mine = ws.backups / f"backup-manual-bench-lab-{i}.sql.gz"
            hand = ws.backups / f"backup-manual-bench-hand-{i}.sql.gz"
            # Alternate the order so neither side always gets a warm cache.
            pairs = [("dump_lab", mine), ("dump_hand", hand)]
            for key, target in pairs if i % 2 == 0 else pairs[::-1]:
                cmd = ENV + DUMP.format(target=target)
                run = the_lab_way if key == "dump_lab" else None
                figures[key].append(run(cmd, ws) if run else by_hand(cmd, home))
            size = mine.stat().st_size
            restores = [("restore_lab", mine), ("restore_hand", hand)]
            for key, source in restores if i % 2 == 0 else restores[::-1]:
                cmd = RESTORE.format(source=source)
                figures[key].append(
                    the_lab_way(cmd, ws) if key == "restore_lab" else by_hand(cmd, home)
                )
            t0 = time.monotonic()
            probe = live_host().restore_probe(mine)  # what backup-file's restore costs
            figures["check"].append(time.monotonic() - t0)
            figures["probe"].append(probe.seconds)
            if not probe.ok:
                raise SystemExit(f"restore probe failed: {probe.error}")
            facts = grader_backups.read_dump(mine)
            if facts.damaged:
                raise SystemExit(f"{mine.name}: the course's dump is damaged")
        result: dict[str, object] = {"scale": scale, "rows": rows, "dump_bytes": size}
        result.update({f"{k}_s": median(v) for k, v in figures.items()})
        result["lab_overhead_dump_s"] = round(
            median(figures["dump_lab"]) - median(figures["dump_hand"]), 3
        )
        result["lab_overhead_restore_s"] = round(
            median(figures["restore_lab"]) - median(figures["restore_hand"]), 3
        )
        budget = BUDGET_CHECK_S.get(scale)
        result["check_budget_s"] = budget
        result["check_within_budget"] = budget is None or median(figures["check"]) <= budget
        return result
    finally:
        if ws.is_lab_workspace():
            lab("stop", home=home)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    scales = args.scale or [1, 10]
    base = args.home or Path(tempfile.mkdtemp(prefix="ilab-bench-")) / "inatrace-lab"
    try:
        results = []
        for scale in scales:  # one workspace per scale: a seeded database is never re-seeded
            results.append(measure(scale, args.repeat, base.parent / f"{base.name}-x{scale}"))
            print(json.dumps(results[-1]), flush=True)
    finally:
        if args.home is None:
            shutil.rmtree(base.parent, ignore_errors=True)
        else:
            for scale in scales:
                shutil.rmtree(base.parent / f"{base.name}-x{scale}", ignore_errors=True)
    report = {
        "when": datetime.now(UTC).isoformat(),
        "host": platform.node(),
        "repeat": args.repeat,
        "results": results,
    }
    text = json.dumps(report, indent=2)
    print(text)
    out = ROOT / "benchmarks" / "results" / f"backups-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(text + "\n")
    print(f"saved {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
