"""Names every part of the lab agrees on: containers, ports, labels, images.

They mirror the Fortaleza staging deployment the course is written for, so the
course's commands work unchanged on the lab.
"""

from __future__ import annotations

PROJECT_NAME = "inatrace-backend-fortaleza"  # COMPOSE_PROJECT_NAME in the real Jenkinsfile
BACKEND_SERVICE = "backend"
MYSQL_SERVICE = "mysql"
SERVICES = (BACKEND_SERVICE, MYSQL_SERVICE)
BACKEND_CONTAINER = "inatrace-be-test-fortaleza"
MYSQL_CONTAINER = "inatrace-mysql-test-fortaleza"
CONTAINERS = {BACKEND_SERVICE: BACKEND_CONTAINER, MYSQL_SERVICE: MYSQL_CONTAINER}
NETWORK_NAME = "inatrace-backend-network"
BACKEND_HOST_PORT = 8082
MYSQL_HOST_PORT = 3306
HEALTH_URL = f"http://127.0.0.1:{BACKEND_HOST_PORT}/actuator/health"
API_URL = f"http://127.0.0.1:{BACKEND_HOST_PORT}/api"

DATABASE_NAME = "inatrace_test_fortaleza"
DATASOURCE_USERNAME = "inatrace_test_fortaleza"
# Obviously lab-only values: nothing here may look like a real credential.
DATASOURCE_PASSWORD = "lab-only-db-pass"
MYSQL_ROOT_PASSWORD = "lab-only-root-pass"
ADMIN_EMAIL = "admin@fortaleza.lab"
ADMIN_PASSWORD = "lab-only-admin"
# Every seeded account shares this training password (printed in the docs).
SEED_PASSWORD = "lab-only-tecnico"

# Every Docker resource the lab creates carries these labels, so the lab can
# find (and only ever remove) what it made.
LABEL_MANAGED = "io.inatrace-lab.managed"
LABEL_WORKSPACE = "io.inatrace-lab.workspace"
LABEL_ROLE = "io.inatrace-lab.role"

# Images. Lab-owned names, so a build can never overwrite a real deployment's tags.
BASE_IMAGE = "inatrace-lab/debian-base:bookworm"
BACKEND_IMAGE_NAME = "inatrace-lab/backend-inatrace"
MYSQL_OFFICIAL_IMAGE = "mysql:8.0.35"
MYSQL_OFFLINE_IMAGE = "inatrace-lab/mysql-compat:8.0.35-mariadb"
# Práctica 27 updates MySQL 8.0.35 → 8.0.36: the lab's newer tag is the image the stack
# runs, rebuilt offline with a label (the server inside is the same).
MYSQL_UPDATE_IMAGE = "inatrace-lab/mysql-compat:8.0.36-mariadb"
MYSQL_UPDATE_VERSION = "8.0.36"
PYTHON_OFFICIAL_BASE = "python:3.11-slim"
# The external services (fake exchange-rate API and SMTP) and the test "nginx" a
# colleague leaves on port 8082: one small image built offline from the lab's base.
SERVICES_IMAGE = "inatrace-lab/lab-services:1"


class Release:
    """One backend release the lab ships as an image tag."""

    def __init__(self, tag: str, version: str, *, bad: bool = False) -> None:
        self.tag = tag
        self.version = version
        self.bad = bad

    @property
    def image(self) -> str:
        return f"{BACKEND_IMAGE_NAME}:{self.tag}"


# Two good releases and one bad one, for the deploy and rollback labs.
RELEASES = (
    Release("test-3f9c2a1", "2.37.0"),
    Release("test-8b41d7e", "2.38.0"),
    Release("test-c05e9f4", "2.39.0", bad=True),
)
CURRENT_RELEASE = RELEASES[1]

DEFAULT_SEED = 2025
