from __future__ import annotations

from pathlib import Path

import pytest

from labs.core.errors import UsageError
from labs.host import images, wheelhouse
from labs.scenario.load import find_scenario


def test_unknown_lab_lists_the_known_ones() -> None:
    with pytest.raises(UsageError) as err:
        find_scenario("day99")
    assert "day99" in err.value.message
    assert err.value.fix
    assert "day1" in err.value.fix


def test_apt_mirror_falls_back_to_the_debian_default(tmp_path: Path) -> None:
    assert images.apt_mirror(tmp_path) == "http://deb.debian.org/debian"


def test_apt_mirror_skips_third_party_repositories(tmp_path: Path) -> None:
    sources = tmp_path / "sources.list.d"
    sources.mkdir()
    (sources / "a-nodesource.list").write_text(
        "deb https://deb.nodesource.com/node_20.x bookworm main\n"
    )
    (sources / "debian.sources").write_text(
        "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n"
        "Types: deb\nURIs: http://mirror.example/debian-security\n"
    )
    assert images.apt_mirror(tmp_path) == "http://mirror.example/debian"


def test_pulling_is_off_unless_the_instructor_allows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAB_ALLOW_PULL", raising=False)
    assert not images.pull_allowed()
    monkeypatch.setenv("LAB_ALLOW_PULL", "1")
    assert images.pull_allowed()


def test_wheelhouse_packs_the_installed_pymysql_without_network(tmp_path: Path) -> None:
    wheelhouse.fill(tmp_path, lambda _m: None)
    wheels = list(tmp_path.glob("*.whl"))
    assert len(wheels) == 1
    assert wheels[0].name.lower().startswith("pymysql-")
    import zipfile

    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "pymysql/__init__.py" in names


def test_a_changed_recipe_changes_the_image_digest_but_caches_do_not(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("print(1)\n")
    first = images.source_digest(tmp_path, "test-1")
    (tmp_path / "app" / "__pycache__").mkdir()
    (tmp_path / "app" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"x")
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "wheelhouse" / "a.whl").write_bytes(b"y")
    assert images.source_digest(tmp_path, "test-1") == first
    assert images.source_digest(tmp_path, "test-2") != first
    (tmp_path / "app" / "main.py").write_text("print(2)\n")
    assert images.source_digest(tmp_path, "test-1") != first
