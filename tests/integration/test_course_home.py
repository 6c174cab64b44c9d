"""The course's Día 1 and Día 2 commands word for word on a dedicated lab host (issue 9).

`lab start day1 --home /opt/inatrace` puts the lab on the course's own paths, with
/opt/inatrace on a disk of its own (labs/course_home.py). The command blocks of Día 1 are
read from the course itself and run unchanged; where the course shows a "Salida esperada",
the output is compared with it. Not run: Práctica 1's `ssh` to the course's servers, the
interactive `docker exec -it … mysql -p` session of Práctica 6 and the SQL typed inside it,
and `docker logs -f` (it follows until Ctrl+C). Needs root and loop devices; refuses to
run over an /opt/inatrace or /home/usuario the lab did not create.
Día 2 (Prácticas 7–14 and the day's procedure): see the section below `DEPLOY`; its streaming
commands are stopped with Ctrl+C at a terminal, and DIA2_NOT_RUN names, with the reason,
the only two it does not run (the host-wide prunes of Práctica 14). A `sleep N` is the
course waiting for the stack to come up: it waits for exactly that (both containers
healthy), at most N seconds, instead of the whole N.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import tempfile
import time
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
        Path(__file__).resolve().parents[1] / "fixtures/course/plan-capacitacion-inatrace.md",
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


# --- Día 2 (Prácticas 7–14 and the day's exercise) -------------------------------------
# Run on the day1 lab: Día 2's commands operate the healthy stack (restart it, read its
# logs, measure it), and the day2 lab injects a different fault for each exercise in turn
# (Práctica 7 starts with the backend burning CPU), which would make every comparison
# below depend on which fault is live. Día 2's graded behaviour is `lab selftest day2`.

DEPLOY = COURSE_HOME / "backend/test/fortaleza"
# Commands of Día 2 that stream until Ctrl+C: typed at a terminal and stopped with Ctrl+C
# once the course's sign appears, as the course says ("Presionar Ctrl+C").
STREAMING = {
    "docker compose logs -f backend": "Started INATraceBackendApplication",
    "docker stats inatrace-be-test-fortaleza inatrace-mysql-test-fortaleza": (
        "inatrace-mysql-test-fortaleza"
    ),
}
# The only Día 2 commands not run word for word, each with the reason.
DIA2_NOT_RUN = {
    "docker image prune -a -f": (
        "borra todas las imágenes que ningún contenedor usa en este momento, no solo las "
        "del laboratorio: en este motor compartido, también las de otros proyectos"
    ),
    "docker volume prune -f": (
        "borra los volúmenes sin uso de todo el motor, no solo los del laboratorio (cuyos "
        "datos viven en carpetas de /opt/inatrace, no en volúmenes)"
    ),
}
# (exit code, stdout, stderr): a `| grep` filters only stdout, so MySQL's log (stderr)
# passes through it unfiltered, on the course's server as here.
Ran = tuple[int, str, str]
DIA2_PRACTICAS = [f"Práctica {n}" for n in range(7, 15)]


def dia2_sections() -> dict[str, str]:
    text = COURSE.read_text(encoding="utf-8")
    day2 = text.split("## 🔧 Día 2", 1)[1].split("## 💾 Día 3", 1)[0]
    parts = re.split(r"^#### |^### 📝 ", day2, flags=re.M)[1:]
    return {part.splitlines()[0].strip(): part for part in parts}


def dia2_commands() -> list[tuple[str, str]]:
    """(Práctica, command) for every command line of Prácticas 7–14, in the course's order."""
    found = []
    for title, part in dia2_sections().items():
        if title.startswith("Práctica"):
            for block in re.findall(r"```bash\n(.*?)```", part, re.S):
                found += [(title.split(":")[0], ln) for ln in commands(block)]
    return found


def run_streaming(command: str, sign: str, cwd: Path, home: Path) -> str:
    """At a terminal (`script`), press Ctrl+C once `sign` is on screen; fail if it never is."""
    fd, name = tempfile.mkstemp(prefix="course-stream-")
    os.close(fd)
    out = Path(name)
    wait = f"for i in $(seq 240); do grep -q {shlex.quote(sign)} {out} && break; sleep 0.5; done"
    # Read the screen a moment before Ctrl+C; press again if needed: docker stats (CLI 28)
    # waits on its stats stream after the first and exits for sure at the third, as the CLI
    # says. `timeout` leaves no orphan if all else fails.
    presses = "; ".join(["printf '\\003'; sleep 1"] * 3)
    typed = f"({wait}; sleep 2; {presses})"
    sh(
        f"{typed} | timeout 150 script -qfec {shlex.quote(command)} /dev/null > {out}",
        cwd=cwd,
        home=home,
        timeout=180,
    )
    shown = out.read_text(errors="replace")
    out.unlink()
    assert sign in shown, f"{command}: never showed {sign!r}\n{shown[-2000:]}"
    return shown


def wait_healthy(home: Path) -> None:
    status = "docker inspect inatrace-be-test-fortaleza --format='{{.State.Health.Status}}'"
    for _ in range(120):
        if sh(status, home=home).stdout.strip() == "healthy":
            return
        time.sleep(1)
    raise AssertionError("the backend did not come back healthy")


@pytest.fixture(scope="module")
def dia2(course_host: Path) -> dict[str, Ran]:
    """Every Día 2 command run once, in order, as typed: command → (exit code, output).
    A `cd` holds for the lines after it, as in the trainee's shell."""
    exports_before = set(Path("/tmp").glob("backend-logs-*.log"))
    results: dict[str, Ran] = {}
    try:
        run_dia2(results, course_host)
    finally:
        exports = set(Path("/tmp").glob("backend-logs-*.log")) - exports_before
        results["exports"] = (len(exports), "\n".join(p.read_text() for p in exports), "")
        for path in exports:  # only the files this run wrote
            path.unlink()
    return results


SLEEP = re.compile(r"sleep (\d+)")
RECREATES = {"docker compose up -d --force-recreate backend"}


def wait_for_healthy_stack(at_most_s: float, home: Path) -> None:
    """What the course's `sleep N` waits for: both containers healthy (N s at most)."""
    probe = "docker inspect -f '{{.State.Health.Status}}' " + " ".join(
        c.CONTAINERS[s] for s in ("backend", "mysql")
    )
    deadline = time.monotonic() + at_most_s
    while time.monotonic() < deadline:
        seen = sh(probe, cwd=home, home=home, timeout=30).stdout.split()
        if seen and all(state == "healthy" for state in seen):
            return
        time.sleep(0.5)


def run_dia2(results: dict[str, Ran], course_host: Path) -> None:
    cwd = COURSE_TRAINEE_HOME
    for _, command in dia2_commands():
        if command in DIA2_NOT_RUN:
            continue
        if command.startswith("cd "):
            cwd = Path(command[3:])
            results[command] = (0 if cwd.is_dir() else 1, "", "")
        elif command in STREAMING:
            shown = run_streaming(command, STREAMING[command], cwd, course_host)
            results[command] = (0, shown, "")
        elif waited := SLEEP.fullmatch(command):
            results[command] = (0, "", "")
            wait_for_healthy_stack(float(waited[1]), course_host)
        else:
            done = sh(command, cwd=cwd, home=course_host, timeout=180)
            results[command] = (done.returncode, done.stdout, done.stderr)
            if command in RECREATES:
                # A person reads this output before typing on; Práctica 10 then reads the
                # new backend's logs, which are empty for its first instant.
                wait_for_healthy_stack(60, course_host)


def test_every_dia2_command_runs_as_the_course_writes_it(dia2: dict[str, Ran]) -> None:
    listed = dia2_commands()
    assert sorted({p for p, _ in listed}) == sorted(DIA2_PRACTICAS)
    skipped = [cmd for _, cmd in listed if cmd in DIA2_NOT_RUN]
    assert skipped == list(DIA2_NOT_RUN)  # the exceptions are exactly these, each named
    assert len(listed) == 36  # 3 of them the same `cd`
    for _, command in listed:
        if command in DIA2_NOT_RUN:
            continue
        code, out, err = dia2[command]
        # A grep that finds nothing exits 1: on a healthy stack that is the answer
        # ("no hay errores de ese tipo"), not a failure of the command.
        # (The pipe is " | ": a grep pattern may hold `\|`.)
        last = command.split(" | ")[-1].strip()
        nothing_found = code == 1 and last.startswith("grep") and not out
        assert code == 0 or nothing_found, f"{command} → {code}\n{out}\n{err}"


def test_the_dia2_outputs_have_the_shapes_the_course_shows(
    dia2: dict[str, Ran],
) -> None:
    ps = dia2["docker compose ps"][1]
    assert "inatrace-be-test-fortaleza" in ps
    assert "inatrace-mysql-test-fortaleza" in ps
    status = "docker inspect inatrace-be-test-fortaleza --format='{{.State.Health.Status}}'"
    assert dia2[status][1].strip() == "healthy"  # after `sleep 30`, as Práctica 7 waits
    # "Señales de inicio exitoso en logs" (the replica logs Boot 3's Tomcat line)
    started = dia2['docker logs inatrace-be-test-fortaleza --tail 100 | grep -i "started"'][1]
    assert re.search(r"Started INATraceBackendApplication in \d+[.,]\d+ seconds", started)
    assert re.search(r"Tomcat started on port(\(s\):)? 8080 \(http\)", started)
    # Práctica 8: after `docker compose down`, nothing of inatrace runs; then it comes back
    assert dia2["docker ps | grep inatrace"][:2] == (1, "")
    health = json.loads(dia2["curl -s http://localhost:8082/actuator/health | jq"][1])
    assert health["status"] == "UP"
    state = json.loads(dia2["docker inspect inatrace-be-test-fortaleza | jq '.[0].State'"][1])
    assert state["Status"] == "running"
    env = dia2["docker exec inatrace-be-test-fortaleza env | grep INATRACE"][1]
    assert "INATRACE_DATABASE_NAME=inatrace_test_fortaleza" in env


def test_the_dia2_logs_resources_and_export_are_the_ones_the_course_reads(
    dia2: dict[str, Ran],
) -> None:
    stamped = dia2["docker logs inatrace-be-test-fortaleza --timestamps --tail 50"][1]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", stamped)
    count, exported, _ = dia2["exports"]
    assert count == 1  # /tmp/backend-logs-AAAAMMDD-HHMMSS.log, as the course names it
    assert exported.strip()  # after Práctica 9's recreate, whatever the new backend logged
    slow = dia2["docker exec inatrace-mysql-test-fortaleza cat /var/log/mysql/slow-query.log"]
    assert slow[0] == 0
    for practica_12 in ("Communications link failure", "Access denied for user", "FlywayException"):
        assert dia2[f'docker logs inatrace-be-test-fortaleza | grep "{practica_12}"'][:2] == (1, "")
    stats = dia2["docker stats inatrace-be-test-fortaleza inatrace-mysql-test-fortaleza"][1]
    assert "CPU %" in stats
    assert "MEM USAGE / LIMIT" in stats
    (df_header, df_line) = dia2["df -h /opt/inatrace"][1].splitlines()[:2]
    assert df_header.startswith("Filesystem")
    assert df_line.endswith(" /opt/inatrace")
    assert "inatrace" in dia2["docker system df -v | grep inatrace"][1]
    top = dia2["docker top inatrace-be-test-fortaleza"][1]
    assert top.startswith("UID")
    assert "PID" in top.splitlines()[0]
    assert "Images" in dia2["docker system df"][1]


def test_the_dia2_procedure_is_written_and_its_commands_run(
    course_host: Path, dia2: dict[str, Ran]
) -> None:
    """The day's exercise: the procedure as the course writes it, in /home/usuario, and
    each command it names run from the deploy folder (where `docker compose` finds the
    project); "Esperar 60 segundos" is waited as the healthcheck turning healthy."""
    part = dia2_sections()["Ejercicio Día 2: Procedimiento de Reinicio Documentado"]
    assert "Crear archivo: `/home/usuario/procedimiento-reinicio-inatrace.md`" in part
    (procedure,) = re.findall(r"```markdown\n(.*?)```", part, re.S)
    (COURSE_TRAINEE_HOME / "procedimiento-reinicio-inatrace.md").write_text(procedure)
    assert (course_host / "home/usuario/procedimiento-reinicio-inatrace.md").is_file()
    named = re.findall(r"`([a-z][^`]*)`", procedure)
    assert named == [
        "docker ps | grep inatrace",
        "docker compose restart backend",
        "curl http://localhost:8082/actuator/health",
        "docker logs inatrace-be-test-fortaleza --tail 50",
        "docker compose down && docker compose up -d",
    ]
    outputs = []
    for command in named:
        outputs.append(run(command, course_host, cwd=DEPLOY))
        if command in ("docker compose restart backend", named[-1]):
            wait_healthy(course_host)
    assert json.loads(outputs[2])["status"] == "UP"
    assert 0 < len(outputs[3].splitlines()) <= 50
