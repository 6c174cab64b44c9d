"""Loading and validating scenario files: YAML → variables → pydantic → meaning checks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

import grader
from labs import faults as fault_registry
from labs.core.errors import UsageError
from labs.core.i18n import tr
from labs.core.paths import scenarios_dir
from labs.core.scenario import STEP_TAGS, Exercise, Scenario, Variable, scenario_in
from labs.core.state import LabState, VariableValue
from labs.scenario.models import scenario_model
from labs.scenario.problems import Problem, ScenarioProblems, from_validation_error
from labs.scenario.variables import (
    GO_TEMPLATE_WORDS,
    SqlQuery,
    references,
    render,
    resolve_variables,
    sample_values,
)

# libyaml's parser when PyYAML has it: ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RULE_TAGS = ("restarted", "untouched", "recreated", "max-downtime", "up-at-end")


def union_tags() -> set[str]:
    return {*grader.check_kinds(), *fault_registry.kinds(), *STEP_TAGS, *RULE_TAGS}


def find_scenario(lab: str) -> Path:
    path = _scenario_in(scenarios_dir(), lab)
    if path is None:
        known = ", ".join(sorted(p.stem for p in shipped_scenarios())) or "-"
        raise UsageError(
            tr(f"No existe el escenario '{lab}'.", f"There is no scenario '{lab}'."),
            tr(f"Escenarios disponibles: {known}", f"Available scenarios: {known}"),
        )
    return path


def shipped_scenarios() -> list[Path]:
    """Day labs at the top of scenarios/, single-fault scenarios in its subfolders (fallas/)."""
    return sorted(scenarios_dir().rglob("*.yaml"))


def _scenario_in(root: Path, lab: str) -> Path | None:
    # One rule for the loader and for the recorded hash (which covers included files).
    return scenario_in(root, lab)


def included_by() -> dict[str, list[str]]:
    """Each shipped scenario some other shipped lab includes → the labs that include it.

    `lab selftest <lab>` of an including lab plays every included exercise, so CI
    self-tests an included scenario only through the lab that includes it.
    """
    found: dict[str, list[str]] = {}
    for path in shipped_scenarios():
        raw, _ = _read_yaml(path)
        for lab in _include_list(raw):
            found.setdefault(lab, []).append(path.stem)
    return found


def load_scenario(path: Path, values: dict[str, VariableValue] | None = None) -> Scenario:
    """Load and validate; with `values` (from the state file) render this trainee's version."""
    scenario, problems = validate_file(path, values)
    if problems or scenario is None:
        raise ScenarioProblems(problems)
    return scenario


def validate_file(
    path: Path,
    values: dict[str, VariableValue] | None = None,
) -> tuple[Scenario | None, list[Problem]]:
    raw, problems = _read_composed(path)
    if raw is None:
        return None, problems
    return validate_data(raw, str(path), values)


def _read_composed(
    path: Path, chain: tuple[Path, ...] = ()
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The file's YAML with the exercises and variables of every `include:`d scenario appended.

    `include: [disco-lleno, subida-archivos]` names scenarios by id (the file's stem), found
    next to the including file (or in its subfolders) or among the shipped ones. Each
    included file must be valid on its own; its problems are reported against it.
    """
    raw, problems = _read_yaml(path)
    if raw is None:
        return raw, problems
    misplaced = _after_includes_problems(raw, path)
    if misplaced:
        return None, misplaced
    if "include" not in raw:
        return raw, problems
    labs = raw["include"]
    if not isinstance(labs, list) or not all(isinstance(lab, str) for lab in labs):
        return None, [
            Problem(
                file=str(path),
                path="include",
                message=tr("no es una lista de escenarios", "is not a list of scenarios"),
                fix=tr(
                    "Use `include: [id-de-escenario, ...]`.", "Use `include: [scenario-id, ...]`."
                ),
            )
        ]
    merger = _Merger(raw, path)
    for k, lab in enumerate(labs):
        merger.add(k, lab, (*chain, path.resolve()))
    merger.raw["exercises"] += merger.closing
    return (merger.raw if not merger.problems else None), merger.problems


def _after_includes_problems(raw: dict[str, Any], path: Path) -> list[Problem]:
    """`after_includes: true` needs an `include:`, and sits at the end of the file's own list.

    The file then reads in the order it is played: own exercises, included ones, the
    flagged closing ones.
    """
    exercises = raw.get("exercises")
    if not isinstance(exercises, list):
        return []
    flags = [_closes(e) for e in exercises]
    first = flags.index(True) if True in flags else len(flags)
    found: list[Problem] = []
    for i, flagged in enumerate(flags):
        where = f"exercises[{i}].after_includes"
        if flagged and "include" not in raw:
            found.append(
                Problem(
                    file=str(path),
                    path=where,
                    message=tr(
                        "`after_includes` sin `include:` en el archivo",
                        "`after_includes` without an `include:` in the file",
                    ),
                    fix=tr(
                        "Quite `after_includes` o agregue el `include:` que el ejercicio sigue.",
                        "Remove `after_includes` or add the `include:` the exercise must follow.",
                    ),
                )
            )
        elif not flagged and i > first:
            found.append(
                Problem(
                    file=str(path),
                    path=f"exercises[{i}]",
                    message=tr(
                        f"va después de `{_id(exercises[first])}`, que tiene `after_includes`",
                        f"comes after `{_id(exercises[first])}`, which has `after_includes`",
                    ),
                    fix=tr(
                        "Ponga los ejercicios con `after_includes: true` al final de la lista.",
                        "Put the exercises with `after_includes: true` at the end of the list.",
                    ),
                )
            )
    return found


def _closes(exercise: Any) -> bool:
    return isinstance(exercise, dict) and exercise.get("after_includes") is True


class _Merger:
    """Appends included scenarios to a lab's raw YAML, refusing any clash by name."""

    def __init__(self, raw: dict[str, Any], path: Path) -> None:
        self.path = path
        own = list(raw.get("exercises") or [])
        self.raw = {
            **raw,
            "variables": dict(raw.get("variables") or {}),
            "exercises": [e for e in own if not _closes(e)],
        }
        self.closing = [e for e in own if _closes(e)]  # appended after every include
        self.problems: list[Problem] = []
        self.var_origin = {str(name): path for name in self.raw["variables"]}
        self.exercise_origin = {_id(e): path for e in own}
        self.check_origin = {_id(c): path for e in own for c in _checks_of(e)}

    def add(self, k: int, lab: str, chain: tuple[Path, ...]) -> None:
        where = f"include[{k}]"
        found = _scenario_in(self.path.parent, lab) or _scenario_in(scenarios_dir(), lab)
        if found is None:
            known = ", ".join(sorted(p.stem for p in shipped_scenarios())) or "-"
            self._problem(
                where,
                tr(f"no existe el escenario `{lab}`", f"there is no scenario `{lab}`"),
                tr(f"Escenarios disponibles: {known}.", f"Available scenarios: {known}."),
            )
            return
        if found.resolve() in chain:
            self._problem(
                where,
                tr(f"`{lab}` se incluye a sí mismo (ciclo)", f"`{lab}` includes itself (a cycle)"),
                tr("Quite la inclusión circular.", "Remove the circular include."),
            )
            return
        raw, problems = _read_composed(found, chain)
        if raw is None:
            self.problems += problems
            return
        _, problems = validate_data(raw, str(found))
        if problems:
            self.problems += problems
            return
        self._merge(where, raw, found)

    def _merge(self, where: str, raw: dict[str, Any], found: Path) -> None:
        for name, spec in (raw.get("variables") or {}).items():
            other = self.var_origin.get(str(name))
            if other is not None and self.raw["variables"][name] != spec:
                self._clash(where, f"variables.{name}", found, other)
                continue
            self.raw["variables"][name] = spec
            self.var_origin.setdefault(str(name), found)
        for i, exercise in enumerate(raw.get("exercises") or []):
            other = self.exercise_origin.get(_id(exercise))
            if other is not None:
                self._clash(where, f"exercises[{i}].id `{_id(exercise)}`", found, other)
                continue
            for j, check in enumerate(_checks_of(exercise)):
                other = self.check_origin.get(_id(check))
                if other is not None:
                    field = f"exercises[{i}].checks[{j}].id `{_id(check)}`"
                    self._clash(where, field, found, other)
                self.check_origin.setdefault(_id(check), found)
            self.exercise_origin[_id(exercise)] = found
            self.raw["exercises"].append(exercise)

    def _clash(self, where: str, field: str, found: Path, other: Path) -> None:
        self._problem(
            where,
            tr(
                f"{found.name}: `{field}` choca con el mismo nombre en {other.name}",
                f"{found.name}: `{field}` clashes with the same name in {other.name}",
            ),
            tr(
                f"Renombre el campo en {found.name} o en {other.name} (un prefijo por falla).",
                f"Rename the field in {found.name} or in {other.name} (one prefix per fault).",
            ),
        )

    def _problem(self, where: str, message: str, fix: str) -> None:
        self.problems.append(Problem(file=str(self.path), path=where, message=message, fix=fix))


def _id(entry: Any) -> str:
    return str(entry.get("id")) if isinstance(entry, dict) else ""


def _checks_of(exercise: Any) -> list[Any]:
    checks = exercise.get("checks") if isinstance(exercise, dict) else None
    return checks if isinstance(checks, list) else []


def _include_list(raw: dict[str, Any] | None) -> list[str]:
    labs = (raw or {}).get("include")
    return [str(lab) for lab in labs] if isinstance(labs, list) else []


def validate_data(
    raw: dict[str, Any],
    file: str,
    values: dict[str, VariableValue] | None = None,
) -> tuple[Scenario | None, list[Problem]]:
    variables, problems = _variables(raw, file)
    if problems:
        return None, problems
    problems = _unknown_references(raw, variables, file)
    chosen = values if values is not None else sample_values(variables)
    scenario, found = _model(render(raw, chosen), file)
    problems += found
    if scenario is not None:
        problems += semantic_problems(scenario, file)
    if values is None and not problems:
        problems += _each_choice(raw, variables, file)
    return (scenario if not problems else None), problems


def semantic_problems(scenario: Scenario, file: str) -> list[Problem]:
    found: list[Problem] = []
    duplicate = tr("está repetido", "is repeated")
    unique = tr("Use identificadores únicos.", "Use unique identifiers.")
    exercise_ids = Counter(e.id for e in scenario.exercises)
    check_ids = Counter(c.id for e in scenario.exercises for c in e.checks)
    for i, exercise in enumerate(scenario.exercises):
        if exercise_ids[exercise.id] > 1:
            found.append(
                Problem(
                    file=file,
                    path=f"exercises[{i}].id",
                    message=f"`{exercise.id}` {duplicate}",
                    fix=unique,
                )
            )
        for j, check in enumerate(exercise.checks):
            if check_ids[check.id] > 1:
                found.append(
                    Problem(
                        file=file,
                        path=f"exercises[{i}].checks[{j}].id",
                        message=f"`{check.id}` {duplicate}",
                        fix=unique,
                    )
                )
        found += _wrong_solution_problems(exercise, f"exercises[{i}]", file)
        found += _requires_problems(exercise, f"exercises[{i}]", file)
        found += _seal_problems(scenario.sealed, exercise, f"exercises[{i}]", file)
        found += _checks_problems(scenario, exercise, f"exercises[{i}]", file)
    if scenario.graded_elsewhere and not scenario.sealed:
        found.append(
            Problem(
                file=file,
                path="graded_elsewhere",
                message=tr(
                    "`graded_elsewhere` solo vale en un escenario `sealed`",
                    "`graded_elsewhere` only goes with `sealed: true`",
                ),
                fix=tr("Añada `sealed: true` o quítelo.", "Add `sealed: true` or remove it."),
            )
        )
    return found


def _checks_problems(
    scenario: Scenario, exercise: Exercise, where: str, file: str
) -> list[Problem]:
    """Checks in every exercise, except in a copy graded on the instructor's machine: it
    holds none."""
    if scenario.graded_elsewhere == bool(exercise.checks):
        return [
            Problem(
                file=file,
                path=f"{where}.checks",
                message=tr(
                    "una copia evaluada en otra máquina no lleva verificaciones",
                    "a copy graded on another machine carries no checks",
                )
                if exercise.checks
                else tr("falta este campo obligatorio", "this required field is missing"),
                fix=tr("Quítelas, o quite `graded_elsewhere`.", "Remove them, or the flag.")
                if exercise.checks
                else tr(
                    "Agregue `checks:` con al menos una verificación.",
                    "Add `checks:` with at least one check.",
                ),
            )
        ]
    return []


def _seal_problems(sealed: bool, exercise: Exercise, where: str, file: str) -> list[Problem]:
    """A reference solution in every exercise, except in a sealed scenario: it has none,
    nor known-bad fixes, nor hints (the exam's copy on the trainee's machine)."""
    if not sealed and not exercise.solution:
        return [
            Problem(
                file=file,
                path=f"{where}.solution",
                message=tr("falta este campo obligatorio", "this required field is missing"),
                fix=tr(
                    "Agregue `solution:` con los pasos de la solución de referencia.",
                    "Add `solution:` with the steps of the reference solution.",
                ),
            )
        ]
    given = [k for k in ("solution", "wrong_solutions", "hints") if getattr(exercise, k)]
    return [
        Problem(
            file=file,
            path=f"{where}.{k}",
            message=tr(
                "un escenario `sealed` no lleva soluciones ni pistas",
                "a `sealed` scenario carries no solutions or hints",
            ),
            fix=tr("Quítelo, o quite `sealed: true`.", "Remove it, or remove `sealed: true`."),
        )
        for k in (given if sealed else [])
    ]


def _requires_problems(exercise: Exercise, where: str, file: str) -> list[Problem]:
    own = [c.id for c in exercise.checks]
    found: list[Problem] = []
    for j, check in enumerate(exercise.checks):
        for k, required in enumerate(check.requires):
            if required not in own or required == check.id:
                found.append(
                    Problem(
                        file=file,
                        path=f"{where}.checks[{j}].requires[{k}]",
                        message=tr(
                            f"`{required}` no es otra verificación de este ejercicio",
                            f"`{required}` is not another check of this exercise",
                        ),
                        fix=tr(
                            f"Use uno de: {', '.join(i for i in own if i != check.id)}.",
                            f"Use one of: {', '.join(i for i in own if i != check.id)}.",
                        ),
                    )
                )
    return found


def _wrong_solution_problems(exercise: Exercise, where: str, file: str) -> list[Problem]:
    found: list[Problem] = []
    wrong_ids = Counter(w.id for w in exercise.wrong_solutions)
    own = {c.id for c in exercise.checks}
    for k, wrong in enumerate(exercise.wrong_solutions):
        path = f"{where}.wrong_solutions[{k}]"
        if wrong_ids[wrong.id] > 1:
            found.append(
                Problem(
                    file=file,
                    path=f"{path}.id",
                    message=f"`{wrong.id}` " + tr("está repetido", "is repeated"),
                    fix=tr("Use identificadores únicos.", "Use unique identifiers."),
                )
            )
        for m, check_id in enumerate(wrong.must_fail):
            if check_id not in own:
                found.append(
                    Problem(
                        file=file,
                        path=f"{path}.must_fail[{m}]",
                        message=tr(
                            f"`{check_id}` no es una verificación de este ejercicio",
                            f"`{check_id}` is not a check of this exercise",
                        ),
                        fix=tr(
                            f"Use uno de: {', '.join(sorted(own))}.",
                            f"Use one of: {', '.join(sorted(own))}.",
                        ),
                    )
                )
    return found


def _read_yaml(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        return None, [
            Problem(
                file=str(path),
                path="",
                message=str(exc),
                fix=tr("Revise la ruta del archivo.", "Check the file path."),
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [
            Problem(
                file=str(path),
                path=where,
                message=str(getattr(exc, "problem", exc)),
                fix=tr(
                    "Corrija la sintaxis YAML (sangría, comillas, dos puntos).",
                    "Fix the YAML syntax (indentation, quotes, colons).",
                ),
            )
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                file=str(path),
                path="",
                message=tr("no es un mapeo YAML", "is not a YAML mapping"),
                fix=tr(
                    "El archivo debe empezar con `id:`, `title:`, ...",
                    "The file must start with `id:`, `title:`, ...",
                ),
            )
        ]
    return data, []


def _variables(raw: dict[str, Any], file: str) -> tuple[dict[str, Variable], list[Problem]]:
    section = raw.get("variables") or {}
    if not isinstance(section, dict):
        return {}, [
            Problem(
                file=file,
                path="variables",
                message="not a mapping",
                fix=tr("Use `nombre: {choice: [...]}`.", "Use `name: {choice: [...]}`."),
            )
        ]
    found: dict[str, Variable] = {}
    problems: list[Problem] = []
    for name, spec in section.items():
        if str(name) in GO_TEMPLATE_WORDS or not re.fullmatch(r"[a-z_][a-z0-9_]*", str(name)):
            problems.append(
                Problem(
                    file=file,
                    path=f"variables.{name}",
                    message=tr("nombre de variable no válido", "invalid variable name"),
                    fix=tr(
                        "Use minúsculas, dígitos y _ (y no palabras de plantillas Go como `end`).",
                        "Use lower case, digits and _ (not Go template words such as `end`).",
                    ),
                )
            )
            continue
        try:
            found[str(name)] = Variable.model_validate(spec)
        except ValidationError as exc:
            for problem in from_validation_error(exc, file, set()):
                problem.path = f"variables.{name}" + (f".{problem.path}" if problem.path else "")
                problems.append(problem)
    return found, problems


def _unknown_references(
    raw: dict[str, Any], variables: dict[str, Variable], file: str
) -> list[Problem]:
    return [
        Problem(
            file=file,
            path=path,
            message=tr(f"variable `{name}` no declarada", f"undeclared variable `{name}`"),
            fix=tr(
                f"Declárela en `variables:` o corrija el nombre "
                f"({', '.join(variables) or 'ninguna declarada'}).",
                f"Declare it under `variables:` or fix the name "
                f"({', '.join(variables) or 'none declared'}).",
            ),
        )
        for path, name in references(raw)
        if name not in variables
    ]


def _model(data: dict[str, Any], file: str) -> tuple[Scenario | None, list[Problem]]:
    try:
        return scenario_model().model_validate(data), []
    except ValidationError as exc:
        return None, from_validation_error(exc, file, union_tags())


def _each_choice(raw: dict[str, Any], variables: dict[str, Variable], file: str) -> list[Problem]:
    """Every option of every `choice` must also give a valid scenario."""
    base = sample_values(variables)
    problems: list[Problem] = []
    for name, variable in variables.items():
        for option in (variable.choice or [])[1:]:
            _, found = _model(render(raw, {**base, name: option}), file)
            for problem in found:
                problem.message += tr(f" (con {name}={option!r})", f" (with {name}={option!r})")
            problems += found
    return problems


def current_scenario(state: LabState, sql: SqlQuery | None = None) -> tuple[Path, Scenario]:
    """The running lab's scenario, rendered with this trainee's variable values."""
    path = Path(state.scenario_file)
    if not path.is_file():
        path = find_scenario(state.lab)
    raw, problems = _read_composed(path)
    if raw is None:
        raise ScenarioProblems(problems)
    variables, problems = _variables(raw, str(path))
    if problems:
        raise ScenarioProblems(problems)
    values = dict(state.variables)
    missing = {name: v for name, v in variables.items() if name not in values}
    if missing:
        # `lab start` stores them; resolving again from the same seed gives the same values.
        values.update(resolve_variables(missing, state.seed, sql=sql))
    scenario, problems = validate_data(raw, str(path), values)
    if problems or scenario is None:
        raise ScenarioProblems(problems)
    return path, scenario


def require_exercise(scenario: Scenario, exercise_id: str) -> Exercise:
    found = scenario.exercise(exercise_id)
    if found is None:
        raise UsageError(
            tr(
                f"El ejercicio '{exercise_id}' no existe en {scenario.id}.",
                f"Exercise '{exercise_id}' does not exist in {scenario.id}.",
            ),
            tr(
                f"Ejercicios: {', '.join(scenario.exercise_ids)}",
                f"Exercises: {', '.join(scenario.exercise_ids)}",
            ),
        )
    return found


def prepare_scenario(
    path: Path, seed: int, sql: SqlQuery | None = None
) -> tuple[Scenario, dict[str, VariableValue]]:
    """For `lab start`: pick this trainee's variable values and render the scenario with them.

    Store the returned values in LabState.variables so `lab check` sees the same ones.
    """
    values = resolve_variables(declared_variables(path), seed, sql=sql)
    return load_scenario(path, values), values


def declared_variables(path: Path) -> dict[str, Variable]:
    """The `variables:` a scenario file declares, its included scenarios' ones too."""
    raw, problems = _read_composed(path)
    if raw is None:
        raise ScenarioProblems(problems)
    variables, problems = _variables(raw, str(path))
    if problems:
        raise ScenarioProblems(problems)
    return variables


def require_solutions(path: Path) -> None:
    """`lab selftest` plays the reference solutions: a sealed scenario has none to play."""
    if not load_scenario(path).sealed:
        return
    raise UsageError(
        tr(
            f"{path} es un escenario sellado (la copia del examen del aprendiz): no trae "
            "soluciones ni malas soluciones que probar.",
            f"{path} is a sealed scenario (a trainee's copy of the exam): it holds no "
            "solutions or known-bad fixes to play.",
        ),
        tr(
            "Pruebe el examen con `lab exam selftest` (compone el examen con sus soluciones "
            "en memoria) y los laboratorios con `lab selftest day1 …`.",
            "Test the exam with `lab exam selftest` (it composes the exam with its solutions "
            "in memory) and the labs with `lab selftest day1 …`.",
        ),
    )
