"""Measure a classroom on this host: two trainee machines (network namespaces with their own
dockerd and sshd) driven by the instructor's `lab class`, the exam included.

Usage: python benchmarks/classroom.py
Runs tests/integration/test_classroom.py (root, sshd and a warm image cache needed) and
saves the figures it records — prepare, start, a remote grade, answering an exam
submission — to benchmarks/results/. Never a pass/fail test: figures to compare runs.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ilab-bench-aula-") as scratch:
        figures_file = Path(scratch) / "figures.json"
        env = {
            **os.environ,
            "LAB_CLASSROOM_FIGURES": str(figures_file),
            "TESTCONTAINERS_RYUK_DISABLED": "true",
            "LAB_BACKEND_START": os.environ.get("LAB_BACKEND_START", "fast"),
        }
        test = "tests/integration/test_classroom.py"
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", test, "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
            check=False,
        )
        if not figures_file.is_file():
            print("the classroom test recorded no figures", file=sys.stderr)
            return proc.returncode or 1
        figures = json.loads(figures_file.read_text())
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    record = {"host": platform.node(), "cpus": os.cpu_count(), "test_passed": proc.returncode == 0}
    out = ROOT / "benchmarks" / "results" / f"classroom-{stamp}.json"
    out.write_text(json.dumps({**record, "figures": figures}, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    print(f"saved {out}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
