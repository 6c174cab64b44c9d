"""`mysql-image`: Práctica 27's update landed: the deploy files name the new MySQL image and
the running container is that image, healthy.

The course edits `image: mysql:8.0.35` in docker-compose.yml; the lab's compose file reads
the image from `.env` (`image: ${MYSQL_IMAGE:-…}`), so either edit counts: what matters is
the image compose resolves for the `mysql` service, and the container running it (editing
the file and `restart` keeps the old container and its old image).
"""

from __future__ import annotations

import re
from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.core.tree import TraineePath

_VAR = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


class MysqlImageSpec(CheckSpec):
    kind: Literal["mysql-image"]
    image: str


def env_values(env_file: TraineePath) -> dict[str, str]:
    text = env_file.read_text(errors="replace") if env_file.is_file() else ""
    pairs = (line.partition("=") for line in text.splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, _, v in pairs if not k.strip().startswith("#")}


def compose_mysql_image(compose_file: TraineePath, env_file: TraineePath) -> str | None:
    """The `image:` of the `mysql` service, with ${VAR:-default} resolved from .env."""
    text = compose_file.read_text(errors="replace") if compose_file.is_file() else ""
    match = re.search(r"(?ms)^  mysql:\s*\n(.*?)(?=^  \S|\Z)", text)
    image = re.search(r"(?m)^\s+image:\s*['\"]?([^'\"\s#]+)", match.group(1)) if match else None
    if image is None:
        return None
    values = env_values(env_file)
    return _VAR.sub(lambda m: values.get(m.group(1)) or (m.group(2) or ""), image.group(1))


class MysqlImage(Check[MysqlImageSpec]):
    kind = "mysql-image"
    Spec = MysqlImageSpec

    def evaluate(self, spec: MysqlImageSpec, ctx: CheckContext) -> Outcome:
        configured = compose_mysql_image(ctx.tree.compose_file, ctx.tree.env_file) or "-"
        info = ctx.container("mysql")
        running = info.config.image if info and info.config.image else "-"
        health = (info.health_status if info else None) or "-"
        assertions = [
            Assertion(
                tr("imagen de MySQL en el despliegue", "MySQL image in the deploy files"),
                configured == spec.image,
                configured,
                spec.image,
                tr(
                    "Cambie la imagen del servicio mysql (docker-compose.yml o MYSQL_IMAGE en "
                    "el .env) por la versión nueva que muestra `docker images`.",
                    "Change the mysql service's image (docker-compose.yml or MYSQL_IMAGE in "
                    ".env) to the new version `docker images` lists.",
                ),
            ),
            Assertion(
                tr("el contenedor de MySQL corre esa imagen", "the MySQL container runs it"),
                running == configured and health == "healthy",
                f"{running} ({health})",
                f"{spec.image} (healthy)",
                tr(
                    "`docker compose restart` conserva la imagen vieja: `docker compose down` "
                    "y `docker compose up -d`.",
                    "`docker compose restart` keeps the old image: `docker compose down` and "
                    "`docker compose up -d`.",
                ),
            ),
        ]
        return Outcome.from_assertions(assertions, {"configured": configured, "running": running})


CHECK = MysqlImage
