"""--home /opt/inatrace: the home on a disk of its own and /home/usuario leading into it."""

from __future__ import annotations

from pathlib import Path

import pytest

from labs import course_home
from labs.core import workspace
from labs.core.errors import Refused
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost


@pytest.fixture
def course_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The course's two paths, moved under tmp_path for the test."""
    home = tmp_path / "opt" / "inatrace"
    monkeypatch.setattr(workspace, "COURSE_HOME", home)
    monkeypatch.setattr(course_home, "COURSE_TRAINEE_HOME", tmp_path / "home" / "usuario")
    return Workspace(home)


def test_the_course_home_gets_its_own_disk_beside_it_and_keeps_it_across_starts(
    course_paths: Workspace,
) -> None:
    host = FakeHost.healthy_stack()
    note = course_home.mount(host, course_paths)
    assert note is not None
    assert "nuevo" in note
    assert host.mounted(course_paths.root)
    assert course_paths.disk_image == course_paths.root.parent / ".inatrace-lab-disk.img"
    assert course_home.mount(host, course_paths) is None  # already mounted: nothing to do
    host.unmount_home_disk(course_paths.root)
    assert "existente" in (course_home.mount(host, course_paths) or "")


def test_any_other_home_is_left_as_it_is(tmp_path: Path) -> None:
    host = FakeHost.healthy_stack()
    ws = Workspace(tmp_path / "lab")
    assert course_home.mount(host, ws) is None
    assert course_home.link_trainee_home(ws) is None
    course_home.release(host, ws, purge=True)
    assert host.calls == []


def test_a_course_home_with_content_the_lab_did_not_create_is_refused(
    course_paths: Workspace,
) -> None:
    course_paths.root.mkdir(parents=True)
    (course_paths.root / "produccion.txt").write_text("no es del laboratorio\n")
    host = FakeHost.healthy_stack()
    with pytest.raises(Refused, match="vacíe esa carpeta usted mismo"):
        course_home.mount(host, course_paths)
    assert not host.mounted(course_paths.root)


def test_home_usuario_leads_into_the_workspace_and_goes_away_on_stop(
    course_paths: Workspace,
) -> None:
    host = FakeHost.healthy_stack()
    course_home.mount(host, course_paths)
    course_paths.trainee_home.mkdir(parents=True)
    assert course_home.link_trainee_home(course_paths) is None
    link = course_home.COURSE_TRAINEE_HOME
    (link / "check-inatrace-health.sh").write_text("#!/bin/bash\n")
    assert (course_paths.trainee_home / "check-inatrace-health.sh").is_file()
    course_home.release(host, course_paths, purge=False)
    assert not link.exists()
    assert not host.mounted(course_paths.root)


def test_an_existing_home_usuario_is_never_touched(course_paths: Workspace) -> None:
    real = course_home.COURSE_TRAINEE_HOME
    real.mkdir(parents=True)
    (real / ".bashrc").write_text("# del usuario\n")
    note = course_home.link_trainee_home(course_paths)
    assert note is not None
    assert "no es del laboratorio" in note
    course_home.release(FakeHost.healthy_stack(), course_paths, purge=True)
    assert (real / ".bashrc").read_text() == "# del usuario\n"


def test_purge_deletes_the_disk_image(course_paths: Workspace) -> None:
    course_paths.disk_image.parent.mkdir(parents=True)
    course_paths.disk_image.write_bytes(b"\0")
    course_home.release(FakeHost.healthy_stack(), course_paths, purge=True)
    assert not course_paths.disk_image.exists()
