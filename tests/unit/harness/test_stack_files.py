from __future__ import annotations

from pathlib import Path

import yaml

from labs import stack
from labs.core import constants as c
from labs.core.workspace import Workspace


def _env(text: str) -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in text.splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    return {k: v for k, v in pairs}


def test_env_has_the_production_keys_with_workspace_paths(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    env = _env(stack.render_env(ws, c.MYSQL_OFFLINE_IMAGE))
    for key in (
        "IMAGE_NAME",
        "TAG",
        "DATABASE_NAME",
        "DATASOURCE_USERNAME",
        "DATASOURCE_PASSWORD",
        "MYSQL_ROOT_PASSWORD",
        "INATRACE_PRODUCT_TYPE",
    ):
        assert env.get(key), key
    assert env["TAG"] == c.CURRENT_RELEASE.tag
    assert env["DB_VOLUME"] == f"{ws.root}/mysql"
    assert env["FILE_STORAGE_ROOT_VOL"] == f"{ws.root}/uploads"
    assert "@" not in "".join(v for k, v in env.items() if not k.endswith(("EMAIL", "USERNAME")))


def test_flyway_repair_is_left_off_so_the_course_fix_can_append_it(tmp_path: Path) -> None:
    env = _env(stack.render_env(Workspace(tmp_path), c.MYSQL_OFFLINE_IMAGE))
    assert "INATRACE_FLYWAY_REPAIR_ON_STARTUP" not in env


def test_compose_file_names_the_course_containers_ports_and_labels(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    doc = yaml.safe_load(stack.render_compose(ws))
    backend, mysql = doc["services"]["backend"], doc["services"]["mysql"]
    assert "inatrace-be-test-fortaleza" in backend["container_name"]
    assert "inatrace-mysql-test-fortaleza" in mysql["container_name"]
    assert backend["restart"] == mysql["restart"] == "always"
    assert "actuator/health" in " ".join(backend["healthcheck"]["test"])
    assert "mysqladmin ping" in " ".join(mysql["healthcheck"]["test"])
    assert backend["ports"] == ["${HOST_PORT_BE:-8082}:${SERVER_PORT:-8080}"]
    for service in (backend, mysql):
        assert service["labels"][c.LABEL_WORKSPACE] == str(ws.root)
        assert service["labels"][c.LABEL_MANAGED] == "true"


def test_writing_files_keeps_a_copy_of_an_env_the_trainee_edited(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    stack.write_files(ws, c.MYSQL_OFFLINE_IMAGE)
    ws.env_file.write_text(ws.env_file.read_text() + "TAG=test-mine\n")
    stack.write_files(ws, c.MYSQL_OFFLINE_IMAGE)
    kept = list((ws.state_dir / "previous").glob(".env.*"))
    assert len(kept) == 1
    assert "TAG=test-mine" in kept[0].read_text()
    assert oct(ws.env_file.stat().st_mode & 0o777) == "0o600"
