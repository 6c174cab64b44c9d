"""`include:` composes a day lab from single-fault scenario files, and refuses clashes by name."""

from __future__ import annotations

from pathlib import Path

import yaml

from labs.scenario.load import (
    declared_variables,
    included_by,
    load_scenario,
    shipped_scenarios,
    validate_file,
)

MINIMAL = Path(__file__).parents[2] / "fixtures" / "scenarios" / "valid" / "minimal.yaml"


def _fault(
    folder: Path, lab: str, exercise: str = "falla", variable: str = "modo", **extra: object
) -> Path:
    data = yaml.safe_load(MINIMAL.read_text())
    data["id"] = lab
    data["variables"] = {variable: {"choice": ["cpu"]}}
    data["exercises"][0]["id"] = exercise
    data["exercises"][0]["faults"][0]["mode"] = "{{" + variable + "}}"
    for check in data["exercises"][0]["checks"]:
        check["id"] = f"{exercise}-{check['id']}"
    data["exercises"][0]["wrong_solutions"][0]["must_fail"] = [f"{exercise}-mysql-intacto"]
    data.update(extra)
    path = folder / f"{lab}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def _lab(folder: Path, include: object, **extra: object) -> Path:
    data = yaml.safe_load(MINIMAL.read_text())
    data.update(id="dia", include=include, **extra)
    path = folder / "dia.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_included_exercises_and_variables_are_appended_in_order(tmp_path: Path) -> None:
    _fault(tmp_path / "fallas", "disco", exercise="disco", variable="d_modo")
    _fault(tmp_path / "fallas", "permisos", exercise="permisos", variable="p_modo")
    lab = _lab(tmp_path, ["disco", "permisos"])
    scenario = load_scenario(lab)
    assert scenario.exercise_ids == ["reinicio", "disco", "permisos"]
    assert set(declared_variables(lab)) == {"d_modo", "p_modo"}


def test_an_included_scenario_still_loads_alone(tmp_path: Path) -> None:
    alone = _fault(tmp_path / "fallas", "disco", exercise="disco")
    _lab(tmp_path, ["disco"])
    assert load_scenario(alone).exercise_ids == ["disco"]


def test_an_unknown_include_names_the_field_and_the_scenarios_there_are(tmp_path: Path) -> None:
    lab = _lab(tmp_path, ["no-existe"])
    scenario, problems = validate_file(lab)
    assert scenario is None
    assert [(p.file, p.path) for p in problems] == [(str(lab), "include[0]")]
    assert "no-existe" in problems[0].message
    assert "day4" in problems[0].fix


def test_a_variable_clash_names_both_files_and_the_variable(tmp_path: Path) -> None:
    _fault(tmp_path, "disco", exercise="disco", variable="modo")
    lab = _lab(tmp_path, ["disco"], variables={"modo": {"choice": ["otra"]}})
    _, problems = validate_file(lab)
    assert [p.path for p in problems] == ["include[0]"]
    assert "variables.modo" in problems[0].message
    assert "disco.yaml" in problems[0].message
    assert "dia.yaml" in problems[0].message


def test_the_same_variable_declared_identically_is_shared_not_a_clash(tmp_path: Path) -> None:
    _fault(tmp_path, "disco", exercise="disco", variable="modo")
    lab = _lab(tmp_path, ["disco"], variables={"modo": {"choice": ["cpu"]}})
    assert validate_file(lab)[1] == []


def test_an_exercise_or_check_id_clash_is_refused(tmp_path: Path) -> None:
    _fault(tmp_path, "disco", exercise="reinicio")
    _, problems = validate_file(_lab(tmp_path, ["disco"]))
    assert any("exercises[0].id `reinicio`" in p.message for p in problems)


def test_a_broken_included_file_is_reported_against_that_file(tmp_path: Path) -> None:
    broken = _fault(tmp_path, "disco", exercise="disco")
    broken.write_text(broken.read_text().replace("weight: 2", "weight: -2"))
    _, problems = validate_file(_lab(tmp_path, ["disco"]))
    assert problems
    assert all(p.file == str(broken) for p in problems)


def test_include_must_be_a_list_of_ids(tmp_path: Path) -> None:
    _, problems = validate_file(_lab(tmp_path, "disco"))
    assert [p.path for p in problems] == ["include"]


def test_a_scenario_that_includes_itself_is_a_cycle_not_a_hang(tmp_path: Path) -> None:
    _fault(tmp_path, "disco", exercise="disco", include=["dia"])
    _, problems = validate_file(_lab(tmp_path, ["disco"]))
    assert any("ciclo" in p.message or "cycle" in p.message for p in problems)


def test_every_included_shipped_scenario_is_fully_played_by_the_lab_that_includes_it() -> None:
    """CI self-tests an included fault only through its including lab (no double run)."""
    by_id = {p.stem: p for p in shipped_scenarios()}
    assert len(by_id) == len(shipped_scenarios()), "two shipped scenarios share a file name"
    for lab, including in included_by().items():
        alone = load_scenario(by_id[lab])
        for other in including:
            assert set(alone.exercise_ids) <= set(load_scenario(by_id[other]).exercise_ids)


def _own(*closing: bool) -> list[dict[str, object]]:
    """The minimal lab's exercise once per flag, each with its own ids."""
    exercise = yaml.safe_load(MINIMAL.read_text())["exercises"][0]
    found: list[dict[str, object]] = []
    for i, flag in enumerate(closing):
        copy = yaml.safe_load(yaml.safe_dump(exercise))
        copy["id"] = f"propio-{i}"
        for check in copy["checks"]:
            check["id"] = f"propio-{i}-{check['id']}"
        copy["wrong_solutions"][0]["must_fail"] = [f"propio-{i}-mysql-intacto"]
        if flag:
            copy["after_includes"] = True
        found.append(copy)
    return found


def test_an_exercise_marked_after_includes_is_played_after_the_included_ones(
    tmp_path: Path,
) -> None:
    _fault(tmp_path / "fallas", "disco", exercise="disco", variable="d_modo")
    _fault(tmp_path / "fallas", "permisos", exercise="permisos", variable="p_modo")
    lab = _lab(tmp_path, ["disco", "permisos"], exercises=_own(False, True))
    scenario = load_scenario(lab)
    assert scenario.exercise_ids == ["propio-0", "disco", "permisos", "propio-1"]
    assert scenario.exercises[-1].after_includes


def test_after_includes_in_a_file_without_include_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text())
    data["exercises"] = _own(False, True)
    path = tmp_path / "solo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    _, problems = validate_file(path)
    assert [p.path for p in problems] == ["exercises[1].after_includes"]
    assert "include" in problems[0].fix


def test_an_own_exercise_listed_after_one_marked_after_includes_is_refused(
    tmp_path: Path,
) -> None:
    _fault(tmp_path / "fallas", "disco", exercise="disco")
    _, problems = validate_file(_lab(tmp_path, ["disco"], exercises=_own(True, False)))
    assert [p.path for p in problems] == ["exercises[1]"]
    assert "propio-0" in problems[0].message


def test_day4s_guide_is_its_last_exercise_and_covers_every_exercise_with_a_fault() -> None:
    day4 = load_scenario(next(p for p in shipped_scenarios() if p.stem == "day4"))
    guide = day4.exercises[-1]
    assert guide.id == "guia-troubleshooting"
    met = {m.exercise for check in guide.checks for m in getattr(check, "met", [])}
    assert met == {e.id for e in day4.exercises if e.faults}
