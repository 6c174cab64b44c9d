"""`lab exam start|status|submit|review`: the course's timed practical exam on this machine."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from labs.cli.confirm import YesOption, confirm
from labs.cli.options import HomeOption, KeysOption
from labs.core.console import console
from labs.core.errors import EXIT_FAILING, UsageError
from labs.core.i18n import tr
from labs.core.lock import workspace_lock
from labs.core.state import utc_now
from labs.core.workspace import Workspace, resolve_home

if TYPE_CHECKING:
    from labs.exam.runner import ExamRun
    from labs.exam.state import ExamState

exam_app = typer.Typer(
    help=tr(
        "Examen práctico de certificación: cuatro partes con tiempo.",
        "The certification exam: four timed parts.",
    ),
    no_args_is_help=True,
)


def default_seed(trainee: str) -> int:
    """Stable per trainee: the same name gets the same exam, two names get different ones."""
    return int(hashlib.sha256(trainee.strip().lower().encode()).hexdigest()[:8], 16) % 100_000


def parse_part_minutes(values: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}
    for value in values:
        part, _, minutes = value.partition("=")
        try:
            found[part.strip()] = float(minutes)
        except ValueError as exc:
            raise UsageError(
                tr(f"--part-minutes {value}: no es PARTE=MINUTOS.", f"{value}: not PART=MIN."),
                tr("Ejemplo: --part-minutes parte-1-operaciones=2", "E.g. parte-1-operaciones=2"),
            ) from exc
    return found


@exam_app.command(
    "start",
    help=tr(
        "Inicia el examen (lo hace el instructor): levanta el laboratorio y arranca la Parte 1.",
        "Start the exam (the instructor does): bring the lab up and start Part 1.",
    ),
)
def start(
    trainee: str = typer.Option(
        os.environ.get("USER") or "aprendiz",
        "--trainee",
        help=tr("Nombre del aprendiz.", "The trainee's name."),
    ),
    seed: int | None = typer.Option(
        None, "--seed", help=tr("Semilla (por defecto, del nombre).", "Seed (default: from name).")
    ),
    instructor: str | None = typer.Option(
        None, "--instructor", help=tr("Nombre del instructor.", "The instructor's name.")
    ),
    practice: bool = typer.Option(
        False,
        "--practice",
        help=tr("Examen de práctica, sin firma.", "A practice exam, unsigned."),
    ),
    minutes_scale: float = typer.Option(
        1.0,
        "--minutes-scale",
        min=0.001,
        help=tr("Escala los tiempos (pruebas).", "Scale the time limits (tests)."),
    ),
    part_minutes: list[str] = typer.Option(
        [],
        "--part-minutes",
        help=tr("Tiempo de una parte: PARTE=MINUTOS.", "One part's time: PART=MINUTES."),
    ),
    pass_mark: float | None = typer.Option(
        None, "--pass-mark", help=tr("Nota mínima en % (70).", "Pass mark in % (70).")
    ),
    scale: int = typer.Option(1, "--scale", min=1, help=tr("Escala de datos.", "Data scale.")),
    keys: str | None = KeysOption,
    home: str | None = HomeOption,
) -> None:
    from labs.certs.keys import keydir
    from labs.certs.model import Mode
    from labs.cli.session import open_session
    from labs.exam.review import show_status
    from labs.exam.runner import ExamOptions, ExamRun

    ws = resolve_home(home)
    key_dir = keydir(keys)
    mode: Mode = "exam" if key_dir.has_private() and not practice else "practice"
    options = ExamOptions(
        trainee=trainee,
        seed=seed if seed is not None else default_seed(trainee),
        instructor=instructor or key_dir.instructor() or "-",
        mode=mode,
        scale=scale,
        minutes_scale=minutes_scale,
        part_minutes=parse_part_minutes(part_minutes),
        pass_mark=pass_mark,
    )
    session = open_session(ws)
    with workspace_lock(ws, "exam"):
        exam = ExamRun(session, key_dir).start(options)
    if mode == "practice":
        console.print(
            tr(
                "Modo práctica: sin clave del instructor, el resultado no se firma ni certifica.",
                "Practice mode: without the instructor's key the result is not signed.",
            )
        )
    show_status(console, exam, session.state.active_exercise, utc_now())


@exam_app.command(
    "status", help=tr("Parte, tiempo restante y lo entregado.", "Part, time left, submitted.")
)
def status(keys: str | None = KeysOption, home: str | None = HomeOption) -> None:
    from labs.certs.keys import keydir
    from labs.cli.session import open_session
    from labs.exam.review import show_status
    from labs.exam.runner import ExamRun
    from labs.exam.state import result_file

    ws = resolve_home(home)
    session = open_session(ws)
    if _show_driven(ws, session.state.active_exercise):
        return
    run = ExamRun(session, keydir(keys))
    with workspace_lock(ws, "exam"):
        exam = run.tick()
        if exam.finished and not result_file(ws).is_file():
            _finish(run)
    show_status(console, exam, session.state.active_exercise, utc_now())


@exam_app.command(
    "submit",
    help=tr(
        "Entrega el ejercicio activo tal como está y pasa al siguiente (no hay vuelta atrás).",
        "Submit the active exercise as it stands and move on (no going back).",
    ),
)
def submit(
    keys: str | None = KeysOption, home: str | None = HomeOption, yes: bool = YesOption
) -> None:
    from labs.certs.keys import keydir
    from labs.cli.session import open_session
    from labs.exam.review import show_status
    from labs.exam.runner import ExamRun
    from labs.exam.state import require_exam, result_file

    ws = resolve_home(home)
    session = open_session(ws)
    exam = require_exam(ws)
    active = session.state.active_exercise
    if not exam.finished:
        confirm(
            tr(
                f"¿Entregar {active}? Se evalúa tal como está ahora",
                f"Submit {active}? It is graded as it stands now",
            ),
            yes=yes,
            what="lab exam submit",
        )
    if exam.graded_by is not None:
        _ask_instructor(ws, exam, active)
        return
    run = ExamRun(session, keydir(keys))
    with workspace_lock(ws, "exam"):
        exam = run.submit()
        if exam.finished and not result_file(ws).is_file():
            _finish(run)
            return
    show_status(console, exam, session.state.active_exercise, utc_now())


@exam_app.command("review", help=tr("La revisión del examen terminado.", "The exam's review."))
def review(home: str | None = HomeOption) -> None:
    from labs.certs.verify import load_signed
    from labs.exam.review import show_review
    from labs.exam.state import result_file

    ws = resolve_home(home)
    path = result_file(ws)
    if not path.is_file():
        raise UsageError(
            tr("El examen aún no tiene resultado.", "The exam has no result yet."),
            tr("Termine de entregar con `lab exam submit`.", "Finish with `lab exam submit`."),
        )
    signed = load_signed(path)
    show_review(console, signed.result)
    if not signed.result.passed:
        raise typer.Exit(EXIT_FAILING)


@exam_app.command(
    "report",
    help=tr(
        "Informe de la clase (HTML sin red y CSV) a partir de los resultados del examen.",
        "The class report (offline HTML and CSV) from exam results.",
    ),
)
def report(
    results: list[Path] = typer.Argument(
        ..., help=tr("Archivos result.json.", "result.json files.")
    ),
    out: Path = typer.Option(Path("."), "--out", help=tr("Carpeta de salida.", "Output folder.")),
) -> None:
    from labs.certs.verify import load_signed
    from labs.exam.report import build_class_report

    page = build_class_report([load_signed(p).result for p in results], out)
    console.print(tr(f"Informe: {page}", f"Report: {page}"))


@exam_app.command(
    "selftest",
    help=tr(
        "Prueba el examen de punta a punta en esta máquina (0: todo bien; 1: algo falló).",
        "Prove the exam end to end on this machine (0: all good; 1: something failed).",
    ),
)
def selftest(
    full: bool = typer.Option(
        False, "--full", help=tr("El examen completo, no uno corto.", "The whole exam.")
    ),
    seed: int = typer.Option(7, "--seed", help=tr("Semilla.", "Seed.")),
    out: Path | None = typer.Option(
        None,
        "--out",
        help=tr("Dónde dejar claves y certificados.", "Where to keep keys and certificates."),
    ),
    keep: bool = typer.Option(
        False, "--keep", help=tr("No borrar el espacio de prueba.", "Keep the test workspace.")
    ),
) -> None:
    from labs.exam.selftest import ExamSelftest
    from labs.host.live import live_host
    from labs.session import LabSession

    scratch = Path(tempfile.mkdtemp(prefix="ilab-exam-selftest-"))
    ws = Workspace(scratch / "inatrace-lab")
    folder = out or scratch / "salida"
    folder.mkdir(parents=True, exist_ok=True)
    host = live_host()
    try:
        test = ExamSelftest(ws, host, folder, console.print, quick=not full, seed=seed).execute()
    finally:
        if not keep:
            if ws.is_lab_workspace():
                LabSession(ws, host).stop(purge=True)
            shutil.rmtree(scratch, ignore_errors=True)  # `--out` lives elsewhere: it stays
    console.print(tr(f"Tiempos: {test.seconds}", f"Timings: {test.seconds}"))
    if not test.ok:
        raise typer.Exit(EXIT_FAILING)


def _show_driven(ws: Workspace, active: str | None) -> bool:
    """A classroom exam: the instructor's state as last sent, and any submission waiting."""
    from labs.exam.driven import pending_request
    from labs.exam.review import show_status
    from labs.exam.state import require_exam

    exam = require_exam(ws)
    if exam.graded_by is None:
        return False
    show_status(console, exam, active, utc_now())
    request = pending_request(ws)
    if request is not None and not exam.finished:
        console.print(
            tr(
                f"Entrega de {request.exercise} pendiente: la máquina del instructor "
                f"({exam.graded_by}) la evalúa y pasa al siguiente en unos segundos.",
                f"Submission of {request.exercise} waiting for the instructor's machine "
                f"({exam.graded_by}).",
            )
        )
    return True


def _ask_instructor(ws: Workspace, exam: ExamState, active: str | None) -> None:
    from labs.exam.driven import request_submit

    if exam.finished or active is None:
        console.print(
            tr(
                "El examen terminó: la revisión llega cuando el instructor la envía "
                "(`lab exam review`).",
                "The exam is over: the review arrives when the instructor sends it.",
            )
        )
        return
    request_submit(ws, active)
    console.print(
        tr(
            f"Entrega de {active} registrada. La máquina del instructor ({exam.graded_by}) "
            "la evalúa tal como está y activa el siguiente ejercicio; véalo con "
            "`lab exam status`. No siga cambiando este ejercicio.",
            f"Submission of {active} recorded. The instructor's machine ({exam.graded_by}) "
            "grades it as it stands and starts the next exercise; see `lab exam status`.",
        )
    )


def _finish(run: ExamRun) -> None:
    from labs.exam.review import show_review

    finished = run.finish()
    show_review(console, finished.signed.result)
    console.print(tr(f"Resultado: {finished.result_path}", f"Result: {finished.result_path}"))
    if not finished.signed.signed:
        console.print(tr("Resultado de práctica: sin firma.", "Practice result: unsigned."))
    elif finished.certificate:
        html_path, pdf_path = finished.certificate
        console.print(tr(f"Certificado: {html_path} y {pdf_path}", f"Certificate: {pdf_path}"))
    if not finished.signed.result.passed:
        raise typer.Exit(EXIT_FAILING)


def register(app: typer.Typer) -> None:
    from labs.cli.exam_drive import drive_app

    exam_app.add_typer(drive_app, name="drive", hidden=True)
    app.add_typer(exam_app, name="exam")
