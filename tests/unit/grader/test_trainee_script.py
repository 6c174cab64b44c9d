"""trainee-script: the grader runs the Día 1 script and compares it with live values.

`docker`, `curl`, `jq` and `df` are replaced on PATH by tiny fakes that replay
recorded output, so the real course script runs without Docker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.trainee_script import TraineeScript, TraineeScriptSpec
from labs.core.constants import BACKEND_CONTAINER as BACKEND
from labs.core.constants import MYSQL_CONTAINER as MYSQL
from labs.host.fake import FakeHost
from labs.host.models import MemoryUse

COURSE_SCRIPT = """#!/bin/bash
echo "=== REPORTE DE ESTADO INATRACE ==="
echo "1. Contenedores Docker:"
docker ps --filter "name=inatrace" --format "table {{.Names}}\\t{{.Status}}\\t{{.Ports}}"
echo "2. Healthcheck Backend:"
curl -s http://localhost:8082/actuator/health | jq -r '.status'
echo "3. Espacio en Disco:"
df -h "$LAB_HOME"
echo "4. Uso de Memoria Contenedores:"
docker stats --no-stream --format "table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}" | grep inatrace
"""

FAKES = {
    "docker": """#!/bin/sh
case "$1" in
  ps) printf 'NAMES\\tSTATUS\\tPORTS\\n'
      printf 'inatrace-be-test-fortaleza\\tUp 3 minutes (healthy)\\t0.0.0.0:8082->8080/tcp\\n'
      printf 'inatrace-mysql-test-fortaleza\\tUp 4 minutes (healthy)\\t0.0.0.0:3306->3306/tcp\\n';;
  stats) printf 'NAME\\tCPU %%\\tMEM USAGE / LIMIT\\n'
      printf 'inatrace-be-test-fortaleza\\t0.41%%\\t61.2MiB / 7.7GiB\\n'
      printf 'inatrace-mysql-test-fortaleza\\t0.12%%\\t98.5MiB / 7.7GiB\\n';;
esac
""",
    "curl": """#!/bin/sh
echo '{"status":"UP","components":{"db":{"status":"UP"}}}'
""",
    "jq": """#!/bin/sh
python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
""",
    "df": """#!/bin/sh
echo 'Filesystem      Size  Used Avail Use% Mounted on'
echo 'overlay          50G   20G   30G  40% /'
""",
}


@pytest.fixture(autouse=True)
def fake_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        tool = bin_dir / name
        tool.write_text(body)
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")


@pytest.fixture(autouse=True)
def live_readings(evidence: FakeHost) -> None:
    """What the engine and the filesystem report now: the fake tools above print the same."""
    for name, usage in {BACKEND: 61.2, MYSQL: 98.5}.items():
        evidence.memory_use[name] = MemoryUse(
            usage_bytes=int(usage * 2**20), limit_bytes=int(7.7 * 2**30)
        )
    evidence.host_facts = evidence.host_facts.model_copy(
        update={
            "lab_disk_total_bytes": 50 * 2**30,
            "lab_disk_used_bytes": 20 * 2**30,
            "lab_disk_available_bytes": 30 * 2**30,
        }
    )


def _spec(timeout: float = 10) -> TraineeScriptSpec:
    return TraineeScriptSpec(
        id="s", kind="trainee-script", criterion="operaciones", weight=4, timeout=timeout
    )


def _install(ctx_root: Path, text: str, executable: bool = True) -> None:
    script = ctx_root / "home/usuario/check-inatrace-health.sh"
    script.write_text(text)
    script.chmod(0o755 if executable else 0o644)


def test_the_course_script_passes_with_live_values(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, COURSE_SCRIPT)
    outcome = TraineeScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert "inatrace-be-test-fortaleza" in outcome.evidence["stdout"]


def test_a_script_without_execute_permission_says_chmod(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, COURSE_SCRIPT, executable=False)
    outcome = TraineeScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0
    assert "chmod +x" in outcome.message


def test_a_script_that_only_echoes_the_example_output_fails(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(
        ctx.workspace.root,
        "#!/bin/bash\necho 'inatrace-be-test-fortaleza Up 2 hours'\n"
        "echo 'inatrace-mysql-test-fortaleza Up 2 hours'\necho UP\n"
        "echo '/dev/sda1 50G 20G 30G 40% /'\n",
    )
    outcome = TraineeScript().evaluate(_spec(), ctx)
    assert outcome.fraction < 0.5
    assert "1. contenedores" in outcome.message
    assert "2. estado real" in outcome.message


def test_a_script_that_never_ends_is_cut_at_the_timeout(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, "#!/bin/bash\nsleep 30\n")
    outcome = TraineeScript().evaluate(_spec(timeout=0.5), ctx)
    assert outcome.fraction < 0.3
    assert "--no-stream" in outcome.message


def test_a_health_value_that_disagrees_with_the_live_one_fails_that_section(
    make_ctx: ContextFactory, tmp_path: Path
) -> None:
    (tmp_path / "fakebin" / "jq").write_text("#!/bin/sh\necho DOWN\n")
    ctx = make_ctx()
    _install(ctx.workspace.root, COURSE_SCRIPT)
    outcome = TraineeScript().evaluate(_spec(), ctx)
    assert outcome.fraction < 1
    assert "2. estado real del healthcheck" in outcome.message
