"""Measure the lab's speed and memory on this host; print and save the figures.

Usage: python benchmarks/run.py [--home DIR] [--lab day1]
Assumes the images are built (a warm host). Never used as a pass/fail test:
the figures are for comparing runs (budget in DESIGN.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labs import stack  # noqa: E402
from labs.core import constants as c  # noqa: E402
from labs.host.live import live_host  # noqa: E402

# DESIGN.md's speed budget and issue 6's targets.
BUDGET = {
    "start_to_ready_s": 5.0,
    "check_s": 0.25,
    "reset_s": 1.0,
    "docker_processes_per_check": 0,
    "backend_rss_mb": 40.0,
    "stack_rss_mb": 150.0,
}
# A `docker` on PATH that logs each call, then runs the real one: counts the processes a
# verb spawns (the host layer asks the engine's API instead).
DOCKER_SHIM = """#!/bin/sh
echo "$*" >> "{log}"
exec "{real}" "$@"
"""


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):  # `lab check` exits 1 while work remains
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-800:]}")
    return time.monotonic() - t0


def wait_healthy(name: str, deadline: float = 120) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < deadline:
        if stack.health_status(live_host(), name) == "healthy":
            return time.monotonic() - t0
        time.sleep(0.1)
    raise SystemExit(f"{name} not healthy within {deadline}s")


def memory_mb() -> dict[str, float]:
    out = subprocess.run(
        ["docker", "stats", "--no-stream", "--format", "{{.Name}}\t{{.MemUsage}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    units = {"KiB": 1 / 1024, "MiB": 1.0, "GiB": 1024.0, "B": 1 / 1024 / 1024}
    usage = {}
    for line in out.splitlines():
        name, mem = line.split("\t")
        if name not in c.CONTAINERS.values():
            continue
        value = mem.split("/")[0].strip()
        for unit, factor in units.items():
            if value.endswith(unit):
                usage[name] = round(float(value[: -len(unit)]) * factor, 1)
                break
    return usage


def docker_processes(env: dict[str, str], cmd: list[str]) -> float:
    """How many `docker` processes one run of cmd starts."""
    real = shutil.which("docker") or "docker"
    with tempfile.TemporaryDirectory() as shim_dir:
        log = Path(shim_dir) / "calls.log"
        shim = Path(shim_dir) / "docker"
        shim.write_text(DOCKER_SHIM.format(log=log, real=real))
        shim.chmod(0o755)
        timed(cmd, {**env, "PATH": f"{shim_dir}:{env.get('PATH', '')}"})
        return float(len(log.read_text().splitlines())) if log.exists() else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default=os.path.expanduser("~/inatrace-lab-bench"))
    parser.add_argument("--lab", default="day1")
    args = parser.parse_args()
    # Fast mode, as CI and self-tests run: comparable across runs. A trainee's default
    # (real, JVM-like 20-30 s) is measured once at the end.
    env = {**os.environ, "LAB_HOME": args.home, "NO_COLOR": "1", "LAB_BACKEND_START": "fast"}
    lab = [sys.executable, "-m", "labs"]
    figures: dict[str, float] = {}
    timed([*lab, "start", args.lab], env)  # warm-up: images, first seed
    timed([*lab, "stop"], env)
    figures["start_to_ready_s"] = timed([*lab, "start", args.lab], env)
    deploy = Path(args.home) / "backend/test/fortaleza"
    t0 = time.monotonic()
    subprocess.run(
        ["docker", "compose", "restart", "backend"], cwd=deploy, check=True, capture_output=True
    )
    wait_healthy(c.BACKEND_CONTAINER)
    figures["compose_restart_backend_to_healthy_s"] = time.monotonic() - t0
    timed([*lab, "check"], env)  # first check warms caches
    figures["check_s"] = min(timed([*lab, "check"], env) for _ in range(3))
    figures["docker_processes_per_check"] = docker_processes(env, [*lab, "check"])
    figures["reset_s"] = timed([*lab, "reset"], env)
    mem = memory_mb()
    figures["backend_rss_mb"] = mem.get(c.BACKEND_CONTAINER, -1)
    figures["mysql_rss_mb"] = mem.get(c.MYSQL_CONTAINER, -1)
    figures["stack_rss_mb"] = round(sum(mem.values()), 1)
    timed([*lab, "stop"], env)
    real = {**env, "LAB_BACKEND_START": "real"}
    figures["start_to_ready_real_mode_s"] = timed([*lab, "start", args.lab], real)
    timed([*lab, "stop"], env)
    report = {
        "when": datetime.now(UTC).isoformat(),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "figures": {k: round(v, 2) for k, v in figures.items()},
        "budget": BUDGET,
    }
    out = ROOT / "benchmarks" / "results" / f"bench-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    for key, value in report["figures"].items():
        budget = BUDGET.get(key)
        mark = "" if budget is None else ("  ok" if value <= budget else "  OVER BUDGET")
        print(f"{key:40s} {value:8.2f}{'' if budget is None else f'  (≤ {budget})'}{mark}")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
