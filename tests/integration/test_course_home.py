"""The course's Día 1 commands word for word on a dedicated lab host (issue 9, point 8).

`lab start day1 --home /opt/inatrace` puts the lab on the course's own paths, with
/opt/inatrace on a disk of its own (labs/course_home.py). The command blocks of Día 1 are
read from the course itself and run unchanged; where the course shows a "Salida esperada",
the output is compared with it. Not run: Práctica 1's `ssh` to the course's servers, the
interactive `docker exec -it … mysql -p` session of Práctica 6 and the SQL typed inside it,
and `docker logs -f` (it follows until Ctrl+C). Needs root and loop devices; refuses to
run over an /opt/inatrace or /home/usuario the lab did not create.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.core import constants as c
from labs.core.workspace import COURSE_HOME, COURSE_TRAINEE_HOME
from labs.host import homedisk, loopfs
from tests.integration.conftest import lab, sh

pytestmark = pytest.mark.docker

COURSE = Path(
    os.environ.get(
        "LAB_COURSE_FILE",
        Path(__file__).resolve().parents[3] / "shared/course/plan-capacitacion-inatrace.md",
    )
)
NOT_RUN = (
    re.compile(r"^ssh "),  # Práctica 1: the course's servers
    re.compile(r"^docker exec -it "),  # Práctica 6: an interactive session with a password
    re.compile(r"^docker logs -f "),  # follows until Ctrl+C
    re.compile(r"^[A-Z][A-Z ]+\b.*;$"),  # SQL typed inside that session
)


def day1_blocks() -> dict[str, list[str]]:
    """Práctica title → the bash blocks under it, between Día 1's and Día 2's headings."""
    text = COURSE.read_text(encoding="utf-8")
    day1 = text.split("## 📚 Día 1", 1)[1].split("## 🔧 Día 2", 1)[0]
    blocks: dict[str, list[str]] = {}
    for part in re.split(r"^#### |^### 📝 ", day1, flags=re.M)[1:]:
        title = part.splitlines()[0].strip()
        blocks[title] = re.findall(r"```bash\n(.*?)```", part, re.S)
    return blocks


def commands(block: str) -> list[str]:
    lines = [ln.strip() for ln in block.splitlines()]
    return [
        ln
        for ln in lines
        if ln and not ln.startswith("#") and not any(p.match(ln) for p in NOT_RUN)
    ]


@pytest.fixture(scope="module")
def course_host(docker_engine: None) -> Iterator[Path]:
    if os.geteuid() != 0 or not Path("/dev/loop-control").exists():
        pytest.skip("needs root and loop devices")
    if not COURSE.is_file():
        pytest.skip(f"the course is not at {COURSE} (set LAB_COURSE_FILE)")
    for path in (COURSE_HOME, COURSE_TRAINEE_HOME):
        if os.path.lexists(path):
            pytest.skip(f"{path} exists: this test never touches what the lab did not create")
    try:
        lab("start", "day1", "--home", str(COURSE_HOME), home=COURSE_HOME)
        yield COURSE_HOME
    finally:
        lab("stop", "--purge", "--yes", "--home", str(COURSE_HOME), home=COURSE_HOME, check=False)


def run(command: str, home: Path, cwd: Path | None = None) -> str:
    result = sh(command, cwd=cwd or COURSE_TRAINEE_HOME, home=home, timeout=60)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_every_dia1_command_runs_as_the_course_writes_it(course_host: Path) -> None:
    blocks = day1_blocks()
    practicas = [t for t in blocks if t.startswith("Práctica")]
    assert len(practicas) == 6, practicas
    ran = 0
    for title in practicas:
        for block in blocks[title]:
            lines = commands(block)
            if lines:  # one shell per block, as typed: a `cd` holds for the lines after it
                run("set -e\n" + "\n".join(lines), course_host, cwd=Path("/"))
            ran += len(lines)
    assert ran == 10  # Prácticas 2–5: 4 + 2 + 2 + 2 commands


def test_the_outputs_are_the_ones_the_course_shows(course_host: Path) -> None:
    ps = run("docker ps | grep inatrace", course_host)
    for name in c.CONTAINERS.values():
        assert re.search(rf"Up .*{name}", ps), ps
    assert "0.0.0.0:8082->8080/tcp" in ps
    health = json.loads(run("curl -s http://localhost:8082/actuator/health | jq", course_host))
    assert health["status"] == "UP"
    components = {k: v["status"] for k, v in health["components"].items()}
    assert components.items() >= {"db": "UP", "diskSpace": "UP", "ping": "UP"}.items()
    status = "docker inspect inatrace-be-test-fortaleza --format='{{.State.Health.Status}}'"
    assert run(status, course_host).strip() == "healthy"
    listing = run("cd /opt/inatrace/backend/test/fortaleza\nls -la", course_host)
    assert "docker-compose.yml" in listing
    assert ".env" in listing


def test_the_dia1_script_runs_from_home_usuario_and_df_shows_the_disk(course_host: Path) -> None:
    script_block, run_block = day1_blocks()["Ejercicio Día 1: Reporte de Estado del Sistema"]
    path = COURSE_TRAINEE_HOME / "check-inatrace-health.sh"
    assert "# Archivo: /home/usuario/check-inatrace-health.sh" in script_block
    path.write_text(script_block)  # what the trainee types into the editor
    out = run(run_block, course_host)  # chmod +x /home/usuario/…; ./check-inatrace-health.sh
    assert (course_host / "home" / "usuario" / "check-inatrace-health.sh").is_file()
    (df_header, df_line) = out.split("3. Espacio en Disco:\n", 1)[1].splitlines()[:2]
    assert df_header.startswith("Filesystem")
    assert df_line.startswith("/dev/loop")
    assert df_line.endswith(" /opt/inatrace")
    assert "UP" in out.split("2. Healthcheck Backend:\n", 1)[1].splitlines()[0]


def test_practica_6_interactive_session_as_typed(course_host: Path) -> None:
    """The one interactive block: typed at a terminal (`script` gives `-it` its TTY), the
    password from the deploy's .env, then the course's SQL line by line."""
    (block,) = day1_blocks()["Práctica 6: Verificar Conectividad Base de Datos"]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    session, sql = lines[0], lines[1:]
    assert session.startswith("docker exec -it inatrace-mysql-test-fortaleza mysql -u")
    env = (course_host / "backend/test/fortaleza/.env").read_text()
    password = re.search(r"^DATASOURCE_PASSWORD=(.*)$", env, re.M)
    assert password is not None
    typed = " ".join(f"sleep 1; echo {shlex.quote(ln)};" for ln in [password[1], *sql])
    out = run(f"({typed} sleep 1) | script -qec {shlex.quote(session)} /dev/null", course_host)
    assert "inatrace_test_fortaleza" in out
    assert re.search(r"COUNT\(\*\)", out)


def test_the_full_data_disk_fault_stacks_its_small_disk_over_the_course_home(
    tmp_path: Path,
) -> None:
    """data-disk-full mounts its small image over $LAB_HOME; on a course home that is already
    a disk of its own, it stacks over it, and its revert leaves the home disk mounted with the
    trainee's work copied back (labs/host/loopfs.py over labs/host/homedisk.py)."""
    if os.geteuid() != 0 or not Path("/dev/loop-control").exists():
        pytest.skip("needs root and loop devices")
    root, image = tmp_path / "inatrace", tmp_path / ".inatrace-lab-disk.img"
    passthrough = [".lab", "mysql", "backend", "logs/mysql"]
    homedisk.mount(image, 128, root)
    try:
        for rel in [*passthrough, "uploads"]:
            (root / rel).mkdir(parents=True, exist_ok=True)
        small = root / ".lab" / "data-fs.img"
        loopfs.mount_over(small, 32, root, passthrough)
        assert loopfs.over_mounted(root, passthrough)
        (root / "uploads" / "certificado.pdf").write_text("%PDF-1.4\n")
        loopfs.unmount_over(root, small, passthrough)
        assert os.path.ismount(root)
        assert not loopfs.over_mounted(root, passthrough)
        assert (root / "uploads" / "certificado.pdf").is_file()
    finally:
        homedisk.unmount(root)
        homedisk.delete(image)
