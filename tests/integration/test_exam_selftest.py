"""The exam end to end on the real engine: a passing scripted trainee is certified and the
certificate verifies, an edited one does not, a trainee who does nothing fails uncertified."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.docker


def test_a_scripted_exam_certifies_the_passing_trainee_only(
    docker_engine: None, tmp_path: Path
) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160", "LAB_BACKEND_START": "fast"}
    out = tmp_path / "salida"
    proc = subprocess.run(
        [sys.executable, "-m", "labs", "exam", "selftest", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        env=env,
        check=False,
    )
    failures = [line for line in proc.stdout.splitlines() if line.startswith("✗")]
    assert proc.returncode == 0, "\n".join(failures) or proc.stdout[-3000:] + proc.stderr[-2000:]
    certificates = sorted(out.glob("certificado-*.pdf"))
    assert [p.name for p in certificates] == ["certificado-aprendiz-aprobada.pdf"]
    verify = [sys.executable, "-m", "labs", "cert", "verify"]
    key = ["--key", str(out / "keys" / "instructor.pub")]
    assert subprocess.run([*verify, str(certificates[0]), *key], env=env).returncode == 0
    edited = out / "editado-certificado-aprendiz-aprobada.pdf"
    assert subprocess.run([*verify, str(edited), *key], env=env).returncode == 1
