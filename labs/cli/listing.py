"""`lab list`: the labs there are and, for the running one, each exercise's state and score."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from grader import ResultsDocument, load_latest
from labs.cli.options import HomeOption, JsonOption
from labs.core.console import console
from labs.core.i18n import number, tr
from labs.core.scenario import Scenario
from labs.core.state import LabState, load_state
from labs.core.workspace import Workspace, resolve_home
from labs.scenario.load import current_scenario, load_scenario, shipped_scenarios


def exercise_rows(
    scenario: Scenario, state: LabState, latest: ResultsDocument | None
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for exercise in scenario.exercises:
        if exercise.id not in state.exercises:
            where = "todo"
        elif scenario.progression == "sequential" and exercise.id != state.active_exercise:
            where = "closed"
        else:
            where = "active"
        graded = latest is not None and latest.lab == scenario.id and where != "todo"
        score = latest.exercise(exercise.id) if latest and graded else None
        rows.append(
            {
                "id": exercise.id,
                "title": exercise.title,
                "practica": exercise.practica,
                "state": where,
                "score": score.score if score else None,
                "max": exercise.max_points,
                "passed": score.passed if score else None,
            }
        )
    return rows


STATE_WORDS = {
    "active": ("activo", "active"),
    "closed": ("cerrado", "closed"),
    "todo": ("por hacer", "to do"),
}


def _running(ws: Workspace) -> tuple[LabState, Scenario] | None:
    if not ws.state_file.is_file():
        return None
    state = load_state(ws)
    return state, current_scenario(state)[1]


def register(app: typer.Typer) -> None:
    @app.command(
        "list",
        help=tr(
            "Lista los laboratorios y, del que corre, cada ejercicio con su estado y puntaje.",
            "List the labs and, for the running one, each exercise with its state and score.",
        ),
    )
    def list_cmd(home: str | None = HomeOption, as_json: bool = JsonOption) -> None:
        ws = resolve_home(home)
        labs = [load_scenario(path) for path in shipped_scenarios()]
        running = _running(ws)
        rows = exercise_rows(running[1], running[0], load_latest(ws)) if running else []
        if as_json:
            document = {
                "labs": [
                    {"id": s.id, "title": s.title, "exercises": len(s.exercises)} for s in labs
                ],
                "running": running[0].lab if running else None,
                "exercises": rows,
            }
            typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
            return
        table = Table(title=tr("Laboratorios", "Labs"))
        for column in ("lab", tr("Título", "Title"), tr("Ejercicios", "Exercises"), ""):
            table.add_column(column)
        for scenario in labs:
            mark = (
                tr("← en curso", "← running") if running and running[0].lab == scenario.id else ""
            )
            table.add_row(scenario.id, scenario.title, str(len(scenario.exercises)), mark)
        console.print(table)
        if not running:
            console.print(
                tr(
                    f"No hay un laboratorio en curso en {ws.root}: `lab start day1`.",
                    f"No lab is running in {ws.root}: `lab start day1`.",
                ),
                soft_wrap=True,
            )
            return
        console.print(_exercise_table(running[0].lab, rows))


def _exercise_table(lab: str, rows: list[dict[str, object]]) -> Table:
    table = Table(title=tr(f"Ejercicios de {lab}", f"Exercises of {lab}"))
    for column in (
        tr("Ejercicio", "Exercise"),
        "Práctica",
        tr("Estado", "State"),
        tr("Puntos", "Points"),
    ):
        table.add_column(column, no_wrap=column != "Práctica")
    for row in rows:
        score, top = row["score"], row["max"]
        assert isinstance(top, float | int)
        if isinstance(score, float | int):
            mark = " ✓" if row["passed"] else ""
            points = f"{number(score)}/{number(top)}{mark}"
        else:
            points = f"—/{number(top)}"
        state_es, state_en = STATE_WORDS[str(row["state"])]
        table.add_row(str(row["id"]), str(row["practica"] or ""), tr(state_es, state_en), points)
    return table
