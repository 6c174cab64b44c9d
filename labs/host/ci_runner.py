"""One run of the deploy job, as AT's Jenkinsfile runs a staging deploy, logged as it goes.

`python -m labs.host.ci_runner --home H --number N` runs build N (its record was written
by the lab with the tag to deploy). Stages and their console follow the real job:
Checkout → Inicialización → Tests & Quality → Build & Push Image → Database Backup →
Deploy Fortaleza → health polling (12 tries). What reaches the trainee's system is real:
a mysqldump into `backups/backup-…-pre-deploy.sql.gz`, `TAG` changed in `.env`, the
backend recreated with `docker compose`, `docker inspect` polled for `healthy`. The
Maven and registry stages are replayed (the images are built offline beforehand), and
the console says so in one line.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from labs.core import ci
from labs.core import constants as c
from labs.core.ci import BuildRecord

HEALTH_TRIES = 12
Clock = Callable[[], datetime]


def poll_interval_s() -> float:
    # Jenkins polls every 10 s; the lab's fast start (self-tests) needs no such wait.
    default = "1" if os.environ.get("LAB_BACKEND_START") == "fast" else "5"
    return float(os.environ.get("LAB_CI_POLL_S", default))


def commit_of(tag: str) -> str:
    """A stable 40-hex revision whose short form is the tag's (test-<shortsha>)."""
    short = tag.removeprefix("test-")
    return (short + hashlib.sha1(tag.encode()).hexdigest())[:40]


def pause(seconds: float) -> None:
    """The replayed stages take a while, as Maven does, so a trainee can watch them run;
    none in the lab's fast start (self-tests, CI)."""
    if os.environ.get("LAB_BACKEND_START") != "fast":
        time.sleep(seconds)


class Console:
    """The build log: each line stamped like Jenkins' timestamper, flushed at once."""

    def __init__(self, out: TextIO, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.out = out
        self.clock = clock

    def line(self, text: str = "") -> None:
        self.out.write(f"{self.clock():%H:%M:%S}  {text}\n")
        self.out.flush()

    def stage(self, name: str) -> None:
        self.line(f"[Pipeline] {{ ({name})")
        self.line("[Pipeline] stage")

    def end_stage(self) -> None:
        self.line("[Pipeline] }")
        self.line("[Pipeline] // stage")


def header(con: Console, record: BuildRecord) -> None:
    con.line("Started by user instructor")
    con.line(f"Parámetros: BRANCH={record.branch} SKIP_TESTS=false SKIP_DB_BACKUP=false")
    con.line("[Pipeline] Start of Pipeline")
    con.line("[Pipeline] node")
    con.line(f"Running on Jenkins in /var/lib/jenkins/workspace/{record.job}")


def checkout(con: Console, record: BuildRecord) -> None:
    con.stage("📥 Checkout")
    con.line("using credential github-pat")
    con.line(f"Checking out Revision {commit_of(record.tag)} (refs/remotes/origin/{record.branch})")
    con.line(f'Commit message: "Release {record.tag.removeprefix("test-")} a {record.branch}"')
    con.end_stage()
    con.stage("🔧 Inicialización")
    con.line(f"DEPLOY_TAG = {record.tag}")
    con.line(f"COMPOSE_PROJECT_NAME = {c.PROJECT_NAME}")
    con.end_stage()


def replayed_tests(con: Console, *, failing: bool = False, paced: bool = False) -> None:
    con.stage("🧪 Tests & Quality")
    con.line("+ docker run -d --name inatrace-mysql-ci -p 3307:3306 mysql:8.0.35")
    con.line("+ mvn -B clean verify -Dspring.profiles.active=test")
    if paced:
        con.line("(laboratorio: Maven y la base de pruebas se reproducen, no se ejecutan)")
    con.line("[INFO] Scanning for projects...")
    con.line("[INFO] Building INATrace backend 2.x")
    if paced:
        pause(8)
    if failing:
        con.line("[ERROR] Tests run: 148, Failures: 2, Errors: 0, Skipped: 3")
        con.line("[ERROR] ProductOrderServiceTest.createOrder:118 expected:<2> but was:<1>")
        con.line("[INFO] BUILD FAILURE")
        con.line("ERROR: script returned exit code 1")
        con.end_stage()
        return
    con.line("[INFO] Tests run: 148, Failures: 0, Errors: 0, Skipped: 3")
    con.line("[INFO] BUILD SUCCESS")
    con.end_stage()


class StepFailed(Exception):
    """A shell step returned non-zero: the stage and the build fail, as in Jenkins."""


class Runner:
    def __init__(self, home: Path, number: int, out: TextIO) -> None:
        self.home = home
        self.state_dir = home / ".lab"
        self.directory = ci.build_dir(self.state_dir, number)
        record = ci.read_build(self.directory)
        if record is None:
            raise SystemExit(f"build {number}: no record in {self.directory}")
        self.record = record
        self.con = Console(out)
        self.deploy_dir = home / "backend" / "test" / "fortaleza"

    def save(self, **changes: object) -> None:
        self.record = self.record.model_copy(update=changes)
        ci.write_build(self.directory, self.record)

    def sh(self, shown: str, script: str | None = None, cwd: Path | None = None) -> str:
        """Run a step through bash, echoing it with '+ ' as Jenkins' `sh` does."""
        self.con.line(f"+ {shown}")
        proc = subprocess.run(
            ["bash", "-c", script or shown],
            cwd=cwd or self.home,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "LAB_HOME": str(self.home)},
        )
        for line in (proc.stdout + proc.stderr).splitlines():
            self.con.line(line)
        if proc.returncode != 0:
            self.con.line(f"ERROR: script returned exit code {proc.returncode}")
            raise StepFailed
        return proc.stdout

    def run(self) -> None:
        header(self.con, self.record)
        result = "SUCCESS"
        stages: list[tuple[str, Callable[[], None]]] = [
            ("📥 Checkout", self.checkout),
            ("🧪 Tests & Quality", self.tests),
            ("🏗️ Build & Push Image", self.build_image),
            ("💾 Database Backup", self.backup),
            ("🚀 Deploy Fortaleza", self.deploy),
            ("🩺 Verificación de salud", self.poll_health),
        ]
        try:
            for name, stage in stages:
                self.save(stage=name)
                stage()
        except StepFailed:
            self.con.end_stage()
            result = "FAILURE"
        self.con.line("[Pipeline] End of Pipeline")
        self.con.line(f"Finished: {result}")
        self.save(building=False, result=result, finished_at=datetime.now(UTC))

    def checkout(self) -> None:
        checkout(self.con, self.record)
        pause(2)

    def tests(self) -> None:
        replayed_tests(self.con, paced=True)

    def build_image(self) -> None:
        self.con.stage("🏗️ Build & Push Image")
        self.con.line("using credential ghcr-credentials")
        self.con.line("(laboratorio: la imagen ya está construida sin registro; se muestra)")
        image = f"{c.BACKEND_IMAGE_NAME}:{self.record.tag}"
        pause(3)
        self.sh(f"docker images {image}")
        self.con.line(f"Successfully tagged {image}")
        self.con.end_stage()

    def backup(self) -> None:
        self.con.stage("💾 Database Backup")
        name = f"backup-{datetime.now():%Y%m%d-%H%M%S}-pre-deploy.sql.gz"
        target = self.home / "backups" / name
        dump = (
            f"docker exec {c.MYSQL_CONTAINER} sh -c 'mysqldump -u root "
            '-p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick --lock-tables=false '
            f'"$MYSQL_DATABASE" | gzip -9\' > {target}'
        )
        self.sh(dump, f"set -o pipefail; {dump}")
        self.sh(f"gzip -t {target} && ls -lh {target}")
        self.con.line(f"✅ Respaldo creado: {target}")
        self.save(backup_file=name)
        self.con.end_stage()

    def deploy(self) -> None:
        self.con.stage("🚀 Deploy Fortaleza")
        self.con.line(f"cd {self.deploy_dir}")
        previous = self.sh("grep '^TAG=' .env", cwd=self.deploy_dir).strip().partition("=")[2]
        self.save(previous_tag=self.record.previous_tag or previous)
        tag = self.record.tag
        self.sh(f'sed -i "s|^TAG=.*|TAG={tag}|" .env', cwd=self.deploy_dir)
        self.sh("grep -E '^(IMAGE_NAME|TAG)=' .env", cwd=self.deploy_dir)
        for args in ("stop backend", "rm -f backend", "up -d --force-recreate backend"):
            self.sh(f"docker compose {args}", cwd=self.deploy_dir)
        self.con.end_stage()

    def poll_health(self) -> None:
        self.con.stage("🩺 Verificación de salud")
        inspect = f"docker inspect --format '{{{{.State.Health.Status}}}}' {c.BACKEND_CONTAINER}"
        status = ""
        for attempt in range(1, HEALTH_TRIES + 1):
            status = self.quiet(inspect).strip() or "-"
            self.con.line(f"⏳ Intento {attempt}/{HEALTH_TRIES}: estado del backend = {status}")
            if status == "healthy":
                break
            time.sleep(poll_interval_s())
        self.sh("docker compose logs --tail=20 backend", cwd=self.deploy_dir)
        if status != "healthy":
            self.con.line("❌ El backend no quedó healthy después de 12 intentos")
            raise StepFailed
        self.remember_container()
        self.con.line("✅ DESPLIEGUE LOCAL EXITOSO - TEST")
        self.con.end_stage()

    def quiet(self, script: str) -> str:
        proc = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=False
        )
        return proc.stdout

    def remember_container(self) -> None:
        fmt = "{{.Id}} {{.Config.Image}}"
        found = self.quiet(f"docker inspect --format '{fmt}' {c.BACKEND_CONTAINER}").split()
        started = self.quiet(
            f"docker logs {c.BACKEND_CONTAINER} 2>&1 | grep 'Started INATraceBackendApplication'"
        ).strip()
        self.save(
            container_id=found[0] if found else None,
            container_image=found[1] if len(found) > 1 else None,
            started_line=started.splitlines()[-1] if started else None,
        )


# --- the history a team finds in Jenkins before today's deploy ------------------------
def _replay(record: BuildRecord, failing_tests: bool) -> str:
    """A past build's console, with the clock of that day."""
    moments = iter(record.timestamp + timedelta(seconds=4 * i) for i in range(200))
    lines: list[str] = []

    class _Out:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            pass

    con = Console(_Out(), clock=lambda: next(moments))  # type: ignore[arg-type]
    header(con, record)
    checkout(con, record)
    replayed_tests(con, failing=failing_tests)
    if not failing_tests:
        con.stage("🏗️ Build & Push Image")
        con.line(f"Successfully tagged {c.BACKEND_IMAGE_NAME}:{record.tag}")
        con.end_stage()
        con.stage("💾 Database Backup")
        con.line(f"✅ Respaldo creado: {record.backup_file}")
        con.end_stage()
        con.stage("🚀 Deploy Fortaleza")
        con.line(f'+ sed -i "s|^TAG=.*|TAG={record.tag}|" .env')
        con.line("+ docker compose up -d --force-recreate backend")
        con.end_stage()
        con.stage("🩺 Verificación de salud")
        con.line(f"⏳ Intento 3/{HEALTH_TRIES}: estado del backend = healthy")
        con.line("✅ DESPLIEGUE LOCAL EXITOSO - TEST")
        con.end_stage()
    con.line("[Pipeline] End of Pipeline")
    con.line(f"Finished: {record.result}")
    return "".join(lines)


def seed_history(state_dir: Path, running_tag: str, now: datetime) -> list[int]:
    """Builds #38–#41: an old success, the deploy now running, two failed attempts since."""
    plan = [
        (38, "test-7a1b2c3", "SUCCESS", timedelta(days=16)),
        (39, running_tag, "SUCCESS", timedelta(days=9)),
        (40, "test-9d0e1f2", "FAILURE", timedelta(days=4)),
        (41, "test-9d0e1f2", "FAILURE", timedelta(days=4, hours=-2)),
    ]
    for number, tag, result, age in plan:
        start = (now - age).replace(microsecond=0)
        ok = result == "SUCCESS"
        record = BuildRecord(
            number=number,
            tag=tag,
            building=False,
            result=result,
            timestamp=start,
            finished_at=start + timedelta(seconds=96 if ok else 41),
            stage=None if ok else "🧪 Tests & Quality",
            backup_file=f"backup-{start:%Y%m%d-%H%M%S}-pre-deploy.sql.gz" if ok else None,
            seeded=True,
        )
        directory = ci.build_dir(state_dir, number)
        ci.write_build(directory, record)
        (directory / ci.LOG).write_text(_replay(record, failing_tests=not ok))
    return [number for number, *_ in plan]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ci_runner")
    parser.add_argument("--home", required=True, type=Path)
    parser.add_argument("--number", required=True, type=int)
    args = parser.parse_args(argv)
    directory = ci.build_dir(args.home / ".lab", args.number)
    with (directory / ci.LOG).open("a") as out:
        Runner(args.home, args.number, out).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
