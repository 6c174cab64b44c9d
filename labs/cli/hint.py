"""`lab hint [EXERCISE]`: reveal the next hint, record it, and show what it costs."""

from __future__ import annotations

import typer

from grader import HintReveal, ResultsDocument, load_latest, load_ledger, save_ledger
from labs.cli.confirm import YesOption, confirm
from labs.cli.options import HomeOption, complete_exercise
from labs.cli.session import open_session
from labs.core.console import console
from labs.core.i18n import number, tr
from labs.core.lock import workspace_lock
from labs.core.scenario import Exercise, Scenario
from labs.core.state import LabState, utc_now
from labs.core.terminal import print_markdown
from labs.core.workspace import resolve_home
from labs.exam.guard import refuse_during_exam
from labs.scenario.load import require_exercise


def register(app: typer.Typer) -> None:
    @app.command(
        "hint",
        help=tr(
            "Muestra la siguiente pista del ejercicio; cada pista nueva descuenta puntos "
            "(pregunta antes).",
            "Show the exercise's next hint; each new hint costs points (asks first).",
        ),
    )
    def hint(
        exercise: str | None = typer.Argument(
            None,
            help=tr("Ejercicio (por defecto el activo).", "Exercise (default: the active one)."),
            autocompletion=complete_exercise,
        ),
        home: str | None = HomeOption,
        yes: bool = YesOption,
    ) -> None:
        ws = resolve_home(home)
        session = open_session(ws)
        refuse_during_exam(session, "hint")
        state, scenario = session.state, session.scenario
        target = (
            require_exercise(scenario, exercise)
            if exercise
            else _default(scenario, state, load_latest(ws))
        )
        with workspace_lock(ws, "hint"):
            ledger = load_ledger(ws)
            used = len(ledger.for_exercise(scenario.id, target.id))
            if not target.hints:
                console.print(tr("Este ejercicio no tiene pistas.", "This exercise has no hints."))
                return
            if used >= len(target.hints):
                _show(target, used, tr("(ya reveladas todas; sin costo)", "(all shown; no cost)"))
                return
            tier = used + 1
            cost = target.hint_cost_for(tier, scenario.hint_cost)
            if cost > 0:
                confirm(
                    tr(
                        f"La pista {tier}/{len(target.hints)} de {target.id} cuesta "
                        f"−{number(cost)} punto(s). ¿Verla?",
                        f"Hint {tier}/{len(target.hints)} of {target.id} costs "
                        f"−{number(cost)} point(s). Show it?",
                    ),
                    yes=yes,
                    what=tr("una pista que descuenta puntos", "a hint that costs points"),
                )
            ledger.reveals.append(
                HintReveal(lab=scenario.id, exercise=target.id, tier=tier, cost=cost, at=utc_now())
            )
            save_ledger(ws, ledger)
        total = ledger.cost(scenario.id, target.id)
        _show(
            target,
            tier,
            tr(
                f"Costo: −{number(cost)} punto(s). "
                f"Total en pistas de este ejercicio: −{number(total)}.",
                f"Cost: −{number(cost)} point(s). Hints total for this exercise: −{number(total)}.",
            ),
        )


def _default(scenario: Scenario, state: LabState, latest: ResultsDocument | None) -> Exercise:
    """Sequential labs: the active exercise. Labs with every exercise live at once: the
    first one the last `lab check` did not see passing (the trainee's next step)."""
    if scenario.progression == "sequential" and state.active_exercise:
        return require_exercise(scenario, state.active_exercise)
    for candidate in scenario.exercises:
        score = latest.exercise(candidate.id) if latest else None
        if score is None or not score.passed:
            return candidate
    return scenario.exercises[0]


def _show(exercise: Exercise, upto: int, footer: str) -> None:
    console.rule(
        tr(
            f"Pistas {upto}/{len(exercise.hints)} — {exercise.title}",
            f"Hints {upto}/{len(exercise.hints)} — {exercise.title}",
        ),
        align="left",
    )
    for i, shown in enumerate(exercise.hints[:upto], start=1):
        print_markdown(console, f"{i}. {shown.text}")
    console.print(footer)
