"""`lab class add|list|remove|doctor|prepare|start|status|grade`: a classroom from the
instructor's machine (trainee machines reached over ssh)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table

from grader import render
from labs.classroom.connect import on_all
from labs.classroom.grading import grade_trainee
from labs.classroom.machines import Doctor, doctor, prepare, seed_for, start, stop
from labs.classroom.models import GradeSummary, Roster, Trainee
from labs.classroom.store import ClassDir
from labs.cli.options import KeysOption
from labs.core import constants as c
from labs.core.console import console
from labs.core.errors import EXIT_FAILING, LabError, UsageError
from labs.core.i18n import tr
from labs.host import images
from labs.host.ssh import SshTarget
from labs.scenario.load import find_scenario

EXAM = "exam"

class_app = typer.Typer(
    help=tr(
        "Una clase: las máquinas de los aprendices, manejadas y evaluadas desde la del "
        "instructor por ssh.",
        "A classroom: the trainees' machines, driven and graded from the instructor's over ssh.",
    ),
    no_args_is_help=True,
)

ClassDirOption = typer.Option(
    None,
    "--class-dir",
    help=tr(
        "Directorio de la clase (por defecto $LAB_CLASS_DIR o ~/inatrace-aula).",
        "The class directory (default: $LAB_CLASS_DIR or ~/inatrace-aula).",
    ),
)
NamesArgument = typer.Argument(
    None, help=tr("Solo estas máquinas (por defecto todas).", "Only these machines (default: all).")
)


def _mark(ok: bool) -> str:
    return "[green]✓[/]" if ok else "[red]✗[/]"


@class_app.command("add", help=tr("Añade máquinas de aprendices.", "Add trainee machines."))
def add(
    name: str | None = typer.Argument(None, help=tr("Nombre del aprendiz", "Trainee name")),
    url: str | None = typer.Argument(
        None, help=tr("ssh://usuario@máquina[:puerto]", "ssh://user@host[:port]")
    ),
    file: Path | None = typer.Option(
        None,
        "--file",
        help=tr(
            "Archivo con una máquina por línea: NOMBRE ssh://… [DIRECTORIO]",
            "A file with one machine a line: NAME ssh://… [DIRECTORY]",
        ),
    ),
    home: str = typer.Option(
        "inatrace-lab",
        "--home",
        help=tr(
            "Espacio de trabajo allí (relativo: bajo el home del usuario).",
            "The workspace there (relative: under the user's home).",
        ),
    ),
    docker_socket: str = typer.Option(
        "/var/run/docker.sock",
        "--docker-socket",
        help=tr("El socket de Docker allí.", "The Docker socket there."),
    ),
    class_dir: str | None = ClassDirOption,
) -> None:
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    entries = _entries(name, url, file, home, docker_socket)
    for trainee in entries:
        SshTarget.parse(trainee.url)  # a bad address is a usage error before anything is saved
        roster.trainees = [t for t in roster.trainees if t.name != trainee.name] + [trainee]
    classroom.save(roster)
    console.print(
        tr(
            f"{len(entries)} máquina(s) en la clase ({classroom.roster_file}).",
            f"{len(entries)} machine(s) in the class ({classroom.roster_file}).",
        )
    )


def _entries(
    name: str | None, url: str | None, file: Path | None, home: str, socket: str
) -> list[Trainee]:
    if file is not None:
        rows = [line.split() for line in file.read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if r and not r[0].startswith("#")]
        return [_trainee(r[0], r[1], r[2] if len(r) > 2 else home, socket) for r in rows]
    if name is None or url is None:
        raise UsageError(
            tr("Falta el nombre o la dirección.", "Name or address missing."),
            tr(
                "lab class add NOMBRE ssh://usuario@máquina   |   lab class add --file aula.txt",
                "lab class add NAME ssh://user@host   |   lab class add --file class.txt",
            ),
        )
    return [_trainee(name, url, home, socket)]


def _trainee(name: str, url: str, home: str, socket: str) -> Trainee:
    try:
        return Trainee(name=name, url=url, home=home, docker_socket=socket)
    except ValueError as exc:
        raise UsageError(
            tr(f"Nombre no válido: {name}", f"Not a valid name: {name}"),
            tr(
                "Use minúsculas, dígitos, '-' o '_' (p. ej. ana-perez).",
                "Use lowercase letters, digits, '-' or '_' (e.g. ana-perez).",
            ),
        ) from exc


@class_app.command("remove", help=tr("Quita una máquina de la clase.", "Remove a machine."))
def remove(
    name: str = typer.Argument(..., help=tr("Nombre del aprendiz", "Trainee name")),
    class_dir: str | None = ClassDirOption,
) -> None:
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    classroom.require(roster, [name])
    roster.trainees = [t for t in roster.trainees if t.name != name]
    classroom.save(roster)


@class_app.command("list", help=tr("Lista las máquinas de la clase.", "List the machines."))
def list_machines(class_dir: str | None = ClassDirOption) -> None:
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    table = Table(title=str(classroom.root))
    for column in (
        tr("Aprendiz", "Trainee"),
        tr("Dirección", "Address"),
        "Lab",
        tr("Semilla", "Seed"),
    ):
        table.add_column(column)
    for t in roster.trainees:
        job = roster.assignments.get(t.name)
        table.add_row(t.name, t.url, job.lab if job else "—", str(job.seed) if job else "—")
    console.print(table)


@class_app.command(
    "doctor",
    help=tr(
        "Revisa cada máquina: ssh, Docker, imágenes, puertos, reloj, lab.",
        "Check every machine: ssh, Docker, images, ports, clock, lab.",
    ),
)
def doctor_cmd(
    names: list[str] | None = NamesArgument, class_dir: str | None = ClassDirOption
) -> None:
    classroom = ClassDir.resolve(class_dir)
    trainees = classroom.require(classroom.load(), names)
    reports: dict[str, Doctor] = on_all(trainees, lambda t: doctor(classroom, t))
    for report in reports.values():
        console.print(f"{_mark(report.ok)} [bold]{report.trainee}[/] ({report.seconds:.1f} s)")
        for finding in report.findings:
            console.print(f"   {_mark(finding.ok)} {finding.what}: {finding.detail}")
    if not all(r.ok for r in reports.values()):
        raise typer.Exit(EXIT_FAILING)


@class_app.command(
    "prepare",
    help=tr(
        "Lleva las imágenes a cada máquina (lab images save/load) y comprueba que `lab` está.",
        "Ship the images to every machine (lab images save/load) and check `lab` is there.",
    ),
)
def prepare_cmd(
    names: list[str] | None = NamesArgument,
    images_file: Path | None = typer.Option(
        None,
        "--images",
        help=tr(
            "Un .tar de `lab images save` (por defecto se crea en la clase).",
            "A .tar from `lab images save` (default: made in the class directory).",
        ),
    ),
    no_images: bool = typer.Option(
        False, "--no-images", help=tr("No enviar imágenes.", "Do not ship images.")
    ),
    class_dir: str | None = ClassDirOption,
) -> None:
    classroom = ClassDir.resolve(class_dir)
    trainees = classroom.require(classroom.load(), names)
    archive = None if no_images else images_file
    if archive is None and not no_images:
        archive = classroom.root / "imagenes.tar"
        if not archive.is_file():
            images.save(archive, lambda m: console.print(f"[cyan]•[/] {m}"))
    started = time.monotonic()
    results = on_all(trainees, lambda t: prepare(classroom, t, archive))
    for r in results.values():
        console.print(f"{_mark(r.ok)} {r.trainee}: {r.detail} ({r.seconds:.1f} s)")
    console.print(
        tr(
            f"Total: {time.monotonic() - started:.1f} s",
            f"Total: {time.monotonic() - started:.1f} s",
        )
    )
    if not all(r.ok for r in results.values()):
        raise typer.Exit(EXIT_FAILING)


@class_app.command(
    "start",
    help=tr(
        "Inicia un laboratorio en todas las máquinas a la vez (cada aprendiz su semilla).",
        "Start a lab on every machine at once (each trainee their own seed).",
    ),
)
def start_cmd(
    lab: str = typer.Argument(
        ...,
        help=tr(
            "day1, day2, … o exam (el examen, en un espacio de trabajo aparte)",
            "day1, day2, … or exam (the exam, in a workspace of its own)",
        ),
    ),
    names: list[str] | None = NamesArgument,
    seed: int = typer.Option(
        c.DEFAULT_SEED,
        "--seed",
        help=tr(
            "Semilla base (cada aprendiz recibe la suya).",
            "Base seed (each trainee gets their own).",
        ),
    ),
    short: bool = typer.Option(
        False,
        "--short",
        help=tr(
            "Examen corto: un ejercicio por parte (ensayo de la clase).",
            "A short exam: one exercise per part (a rehearsal).",
        ),
    ),
    part_minutes: list[str] = typer.Option(
        [],
        "--part-minutes",
        help=tr("Tiempo de una parte: PARTE=MINUTOS.", "One part's time: PART=MINUTES."),
    ),
    pass_mark: float | None = typer.Option(
        None, "--pass-mark", help=tr("Nota mínima en % (70).", "Pass mark in % (70).")
    ),
    keys: str | None = KeysOption,
    class_dir: str | None = ClassDirOption,
) -> None:
    exam = lab == EXAM
    if not exam:
        find_scenario(lab)  # an unknown lab is a usage error before any machine is touched
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    trainees = classroom.require(roster, names)
    index = {t.name: i for i, t in enumerate(roster.trainees)}
    if exam:
        from labs.certs.keys import keydir
        from labs.classroom.exam import ExamSettings, start_exam_on
        from labs.cli.exam import parse_part_minutes

        settings = ExamSettings(
            keys=keydir(keys),
            short=short,
            part_minutes=parse_part_minutes(part_minutes),
            pass_mark=pass_mark,
        )
        results = on_all(
            trainees,
            lambda t: start_exam_on(classroom, t, seed_for(index[t.name], seed), settings),
        )
    else:
        results = on_all(
            trainees, lambda t: start(classroom, t, lab, seed_for(index[t.name], seed))
        )
    roster = classroom.load()  # saved once, after every machine answered
    for r in results.values():
        if r.assignment is not None:
            roster.assignments[r.trainee] = r.assignment
            roster.grades.pop(r.trainee, None)
        console.print(
            f"{_mark(r.assignment is not None)} {r.trainee}: {r.detail} ({r.seconds:.1f} s)"
        )
    classroom.save(roster)
    if any(r.assignment is None for r in results.values()):
        raise typer.Exit(EXIT_FAILING)


@class_app.command(
    "stop",
    help=tr(
        "Detiene el laboratorio (o el examen) en cada máquina; el trabajo queda.",
        "Stop the lab (or the exam) on every machine; the work stays.",
    ),
)
def stop_cmd(
    names: list[str] | None = NamesArgument, class_dir: str | None = ClassDirOption
) -> None:
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    trainees = classroom.require(roster, names)

    def one(t: Trainee) -> str:
        job = roster.assignments.get(t.name)
        if job is not None and job.exam:
            return stop(classroom.exam_part(), t, job.home_suffix).detail
        return stop(classroom, t, job.home_suffix if job else "").detail

    for name, detail in on_all(trainees, one).items():
        console.print(f"• {name}: {detail}")


def _grade_all(
    classroom: ClassDir, roster: Roster, trainees: list[Trainee], keys: str | None
) -> dict[str, GradeSummary | str]:
    from labs.certs.keys import keydir
    from labs.classroom.exam import exam_status

    def one(trainee: Trainee) -> GradeSummary | str:
        assignment = roster.assignments.get(trainee.name)
        try:
            if assignment is not None and assignment.exam:
                # The exam's clocks, submissions and signature are driven from here.
                return exam_status(classroom, trainee, assignment, keydir(keys))
            return grade_trainee(classroom, roster, trainee)[0]
        except LabError as exc:
            return exc.message

    return on_all(trainees, one)


@class_app.command(
    "status",
    help=tr(
        "Evalúa a todos desde aquí y muestra una tabla: ejercicio, nota, salud.",
        "Grade everyone from here and show a table: exercise, score, health.",
    ),
)
def status_cmd(
    names: list[str] | None = NamesArgument,
    watch: float = typer.Option(
        0,
        "--watch",
        help=tr(
            "Repetir cada N segundos (Ctrl-C para salir).",
            "Repeat every N seconds (Ctrl-C to stop).",
        ),
    ),
    keys: str | None = KeysOption,
    class_dir: str | None = ClassDirOption,
) -> None:
    classroom = ClassDir.resolve(class_dir)
    while True:
        roster = classroom.load()
        trainees = classroom.require(roster, names)
        graded = _grade_all(classroom, roster, trainees, keys)
        roster = classroom.load()
        for name, outcome in graded.items():
            if isinstance(outcome, GradeSummary):
                roster.grades[name] = outcome
        classroom.save(roster)
        console.print(_table(graded))
        if watch <= 0:
            return
        time.sleep(watch)


def _table(graded: dict[str, GradeSummary | str]) -> Table:
    table = Table()
    for column in (
        tr("Aprendiz", "Trainee"),
        "Lab",
        tr("Ejercicio", "Exercise"),
        tr("Nota", "Score"),
        tr("Verificaciones", "Checks"),
        tr("Salud", "Health"),
        tr("Tiempo", "Time"),
    ):
        table.add_column(column)
    for name, g in graded.items():
        if isinstance(g, str):
            table.add_row(name, "—", "—", "—", "—", f"[red]{g}[/]", "—")
            continue
        health = "—" if g.healthy is None else _mark(g.healthy)
        table.add_row(
            name,
            g.lab,
            g.exercise or "—",
            f"{g.score_percent:.1f} %",
            f"{g.passed}/{g.total}",
            health,
            f"{g.seconds:.1f} s",
        )
    return table


@class_app.command(
    "grade",
    help=tr(
        "Evalúa a un aprendiz desde aquí y muestra cada verificación.",
        "Grade one trainee from here and show every check.",
    ),
)
def grade_cmd(
    name: str = typer.Argument(..., help=tr("Nombre del aprendiz", "Trainee name")),
    as_json: bool = typer.Option(
        False,
        "--json",
        help=tr("Imprime el documento de resultados.", "Print the results document."),
    ),
    evidence: bool = typer.Option(
        False,
        "--evidence",
        help=tr("Muestra lo que miró cada verificación.", "Show what each check looked at."),
    ),
    class_dir: str | None = ClassDirOption,
) -> None:
    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    trainee = classroom.require(roster, [name])[0]
    summary, document = grade_trainee(classroom, roster, trainee)
    roster = classroom.load()
    roster.grades[name] = summary
    classroom.save(roster)
    if as_json:
        typer.echo(document.model_dump_json(indent=2))
    else:
        render(console, document, evidence=evidence)
        console.print(
            tr(f"Evaluado en {summary.seconds:.2f} s.", f"Graded in {summary.seconds:.2f} s.")
        )
    if not document.passed:
        raise typer.Exit(EXIT_FAILING)


@class_app.command(
    "report",
    help=tr(
        "Informe de la clase (HTML sin red y CSV) con los resultados del examen de cada aprendiz.",
        "The class report (offline HTML and CSV) from every trainee's exam result.",
    ),
)
def report_cmd(
    out: Path | None = typer.Option(
        None,
        "--out",
        help=tr("Carpeta de salida (por defecto la de la clase).", "Output folder."),
    ),
    class_dir: str | None = ClassDirOption,
) -> None:
    from labs.classroom.exam import class_results
    from labs.exam.report import build_class_report

    classroom = ClassDir.resolve(class_dir)
    roster = classroom.load()
    found = class_results(classroom, classroom.require(roster))
    if not found:
        raise UsageError(
            tr("Ningún aprendiz tiene aún resultado de examen.", "No trainee has an exam result."),
            tr(
                "El examen termina con `lab class status` cuando todos entregaron.",
                "The exam ends through `lab class status` once everyone submitted.",
            ),
        )
    page = build_class_report([r.result for r in found.values()], out or classroom.root / "informe")
    console.print(tr(f"Informe: {page}", f"Report: {page}"))
    for name, signed in found.items():
        verdict = tr("aprobado", "passed") if signed.result.passed else tr("no aprobado", "failed")
        console.print(f"• {name}: {signed.result.total_percent:.1f} % {verdict}")


def register(app: typer.Typer) -> None:
    app.add_typer(class_app, name="class")
