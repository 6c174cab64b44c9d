"""Every image the stack needs, built without any registry.

Order: a Debian base (debootstrap + docker import when no base can be pulled),
the MySQL-compatible MariaDB image, then one backend image per release tag.
Existing images are reused; `docker image prune -a` (Práctica 14) is survived by
small "keeper" containers that hold a reference to each lab image.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from labs.core import constants as c
from labs.core.errors import EnvironmentProblem, LabError
from labs.core.i18n import tr
from labs.core.paths import compose_dir
from labs.host import docker_cli as docker
from labs.host import wheelhouse
from labs.host.compose import docker_binary

Report = Callable[[str], None]
CACHE_DIR = Path(os.environ.get("LAB_CACHE_DIR", "~/.cache/inatrace-lab")).expanduser()
ROOTFS_TAR = CACHE_DIR / "rootfs-bookworm.tar"
DEBOOTSTRAP_PACKAGES = (
    "mariadb-server,mariadb-client,python3,procps,curl,ca-certificates,iputils-ping"
)
KEEPER_PREFIX = "ilab-keep-"
LABEL_SOURCE = "io.inatrace-lab.source"
MANAGED_LABELS = [f"{c.LABEL_MANAGED}=true", f"{c.LABEL_ROLE}=image"]


@dataclass
class ImageChoice:
    """Which MySQL image the stack runs, and why (said to the instructor)."""

    mysql_image: str
    offline: bool
    reason: str


def pull_allowed() -> bool:
    # Pulling means traffic to a registry; only when the instructor asks for it.
    return os.environ.get("LAB_ALLOW_PULL", "") in ("1", "true", "yes")


def _available(ref: str, allow_pull: bool) -> bool:
    if docker.image_exists(ref):
        return True
    if not allow_pull:
        return False
    return docker.run(["pull", ref], check=False, timeout=600).returncode == 0


def choose_mysql_image(allow_pull: bool | None = None) -> ImageChoice:
    allow = pull_allowed() if allow_pull is None else allow_pull
    if _available(c.MYSQL_OFFICIAL_IMAGE, allow):
        return ImageChoice(
            c.MYSQL_OFFICIAL_IMAGE,
            False,
            tr(
                f"Se usa {c.MYSQL_OFFICIAL_IMAGE}, como en producción.",
                f"Using {c.MYSQL_OFFICIAL_IMAGE}, as in production.",
            ),
        )
    return ImageChoice(
        c.MYSQL_OFFLINE_IMAGE,
        True,
        tr(
            f"{c.MYSQL_OFFICIAL_IMAGE} no está disponible sin registro; se usa la imagen "
            f"offline {c.MYSQL_OFFLINE_IMAGE} (MariaDB con el contrato de la imagen oficial).",
            f"{c.MYSQL_OFFICIAL_IMAGE} is not available without a registry; using the offline "
            f"image {c.MYSQL_OFFLINE_IMAGE} (MariaDB honouring the official image's contract).",
        ),
    )


def backend_base(allow_pull: bool | None = None) -> str:
    allow = pull_allowed() if allow_pull is None else allow_pull
    return c.PYTHON_OFFICIAL_BASE if _available(c.PYTHON_OFFICIAL_BASE, allow) else c.BASE_IMAGE


def apt_mirror(etc_apt: Path = Path("/etc/apt")) -> str:
    """The Debian mirror apt already uses on this host (debootstrap needs one).

    Only a Debian archive counts (a path ending in /debian): third-party
    repositories in sources.list.d (e.g. a Node.js one) cannot bootstrap Debian.
    """
    candidates = [etc_apt / "sources.list", *sorted((etc_apt / "sources.list.d").glob("*"))]
    for path in candidates:
        if not path.is_file():
            continue
        for word in path.read_text(errors="replace").split():
            if "://" in word and word.rstrip("/").endswith("/debian"):
                return word.rstrip("/")
    return "http://deb.debian.org/debian"


def _debootstrap_rootfs(report: Report) -> Path:
    if ROOTFS_TAR.is_file():
        return ROOTFS_TAR
    if not shutil.which("debootstrap"):
        raise EnvironmentProblem(
            tr(
                "Falta `debootstrap` para construir la imagen base offline.",
                "`debootstrap` is needed to build the offline base image.",
            ),
            "apt-get install -y debootstrap",
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ilab-rootfs-", dir=CACHE_DIR) as tmp:
        rootfs = Path(tmp) / "rootfs"
        report(
            tr("debootstrap de Debian bookworm (≈1 min)…", "debootstrap Debian bookworm (≈1 min)…")
        )
        cmd = [
            "debootstrap",
            "--variant=minbase",
            f"--include={DEBOOTSTRAP_PACKAGES}",
            "bookworm",
            str(rootfs),
            apt_mirror(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise LabError(
                tr("debootstrap falló: ", "debootstrap failed: ") + proc.stdout[-600:],
                tr(
                    "Revise el acceso al espejo de Debian y el espacio en disco.",
                    "Check access to the Debian mirror and free disk space.",
                ),
            )
        for junk in ("var/cache/apt/archives", "var/lib/apt/lists"):
            shutil.rmtree(rootfs / junk, ignore_errors=True)
        partial = ROOTFS_TAR.with_suffix(".partial")
        subprocess.run(["tar", "-C", str(rootfs), "-cf", str(partial), "."], check=True)
        partial.rename(ROOTFS_TAR)
    return ROOTFS_TAR


def ensure_base(report: Report) -> None:
    if docker.image_exists(c.BASE_IMAGE):
        report(tr(f"Imagen base {c.BASE_IMAGE}: ya existe", f"Base image {c.BASE_IMAGE}: exists"))
        return
    tar = _debootstrap_rootfs(report)
    report(tr(f"Importando {c.BASE_IMAGE}…", f"Importing {c.BASE_IMAGE}…"))
    changes = [
        "-c",
        'CMD ["/bin/bash"]',
        "-c",
        f"LABEL {c.LABEL_MANAGED}=true {c.LABEL_ROLE}=image",
    ]
    with tar.open("rb") as handle:
        proc = subprocess.run(
            [docker_binary(), "import", *changes, "-", c.BASE_IMAGE],
            stdin=handle,
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        raise LabError(tr("docker import falló: ", "docker import failed: ") + proc.stderr[-600:])


def _build(
    context: Path, tag: str, build_args: dict[str, str], report: Report, digest: str
) -> None:
    args = ["build", "-q", "--force-rm", "-t", tag, "--label", f"{LABEL_SOURCE}={digest}"]
    for key, value in build_args.items():
        args += ["--build-arg", f"{key}={value}"]
    for label in MANAGED_LABELS:
        args += ["--label", label]
    env = {**os.environ, "DOCKER_BUILDKIT": "0"}  # the legacy builder needs no buildx
    report(tr(f"Construyendo {tag}…", f"Building {tag}…"))
    docker.run([*args, str(context)], timeout=900, env=env)


def source_digest(directory: Path, *extra: str) -> str:
    """A digest of an image's build inputs: a changed recipe means a rebuild."""
    digest = hashlib.sha256("|".join(extra).encode())
    for path in sorted(directory.rglob("*")):
        parts = path.relative_to(directory).parts
        if (
            path.is_file()
            and not {"__pycache__", "wheelhouse"} & set(parts)
            and path.suffix != ".pyc"
        ):
            digest.update("/".join(parts).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def is_current(ref: str, digest: str) -> bool:
    info = docker.inspect("image", ref)
    labels = ((info or {}).get("Config") or {}).get("Labels") or {}
    return bool(info) and labels.get(LABEL_SOURCE) == digest


def ensure_mysql(report: Report, force: bool = False) -> ImageChoice:
    choice = choose_mysql_image()
    recipe = compose_dir() / "mysql" / "compat"
    digest = source_digest(recipe)
    if choice.offline and (force or not is_current(c.MYSQL_OFFLINE_IMAGE, digest)):
        ensure_base(report)
        _build(recipe, c.MYSQL_OFFLINE_IMAGE, {"BASE_IMAGE": c.BASE_IMAGE}, report, digest)
    return choice


def ensure_mysql_update(report: Report, current: str, force: bool = False) -> None:
    """Práctica 27's newer MySQL tag: FROM the image the stack runs, plus a version label,
    so `docker images` lists two versions and `up -d` really changes the container."""
    info = docker.inspect("image", current)
    if info is None:
        return
    digest = str(info["Id"]).split(":")[-1][:16]
    if not force and is_current(c.MYSQL_UPDATE_IMAGE, digest):
        return
    with tempfile.TemporaryDirectory(prefix="ilab-mysql-update-") as tmp:
        context = Path(tmp)
        (context / "Dockerfile").write_text(
            "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n"
            f'LABEL org.opencontainers.image.version="{c.MYSQL_UPDATE_VERSION}"\n'
        )
        _build(context, c.MYSQL_UPDATE_IMAGE, {"BASE_IMAGE": current}, report, digest)


def ensure_backends(report: Report, force: bool = False) -> None:
    base = backend_base()
    digests = {
        r.tag: source_digest(compose_dir() / "backend", base, r.tag, r.version, str(r.bad))
        for r in c.RELEASES
    }
    missing = [r for r in c.RELEASES if force or not is_current(r.image, digests[r.tag])]
    if not missing:
        report(tr("Imágenes del backend: ya existen", "Backend images: exist"))
        return
    if base == c.BASE_IMAGE:
        ensure_base(report)
    with tempfile.TemporaryDirectory(prefix="ilab-backend-") as tmp:
        context = Path(tmp) / "backend"
        shutil.copytree(
            compose_dir() / "backend",
            context,
            ignore=shutil.ignore_patterns("__pycache__", "wheelhouse", "*.pyc"),
        )
        wheelhouse.fill(context / "wheelhouse", report)
        for release in missing:
            _build(
                context,
                release.image,
                {
                    "BASE_IMAGE": base,
                    "RELEASE_VERSION": release.version,
                    "RELEASE_TAG": release.tag,
                    "RELEASE_BAD": "1" if release.bad else "0",
                },
                report,
                digests[release.tag],
            )


def ensure_services(report: Report, force: bool = False) -> None:
    """The external services' image (compose/services): a few stdlib Python files."""
    base = backend_base()
    recipe = compose_dir() / "services"
    digest = source_digest(recipe, base)
    if not force and is_current(c.SERVICES_IMAGE, digest):
        report(tr("Imagen de servicios externos: ya existe", "External services image: exists"))
        return
    if base == c.BASE_IMAGE:
        ensure_base(report)
    _build(recipe, c.SERVICES_IMAGE, {"BASE_IMAGE": base}, report, digest)


def lab_image_refs(mysql_image: str) -> list[str]:
    refs = [r.image for r in c.RELEASES]
    if docker.image_exists(c.SERVICES_IMAGE):
        refs.append(c.SERVICES_IMAGE)
    if mysql_image == c.MYSQL_OFFLINE_IMAGE or docker.image_exists(c.MYSQL_OFFLINE_IMAGE):
        refs.append(c.MYSQL_OFFLINE_IMAGE)
    if docker.image_exists(c.MYSQL_UPDATE_IMAGE):
        refs.append(c.MYSQL_UPDATE_IMAGE)
    if docker.image_exists(c.BASE_IMAGE):
        refs.append(c.BASE_IMAGE)
    return refs


def protect(refs: list[str]) -> None:
    """Keep a created (never started) container per image so prune -a spares it.

    The keeper references the image by ID, so `docker ps -a | grep inatrace`
    (a course command) does not list it.
    """
    wanted: set[str] = set()
    for ref in refs:
        info = docker.inspect("image", ref)
        if info is None:
            continue
        image_id = str(info["Id"])
        wanted.add(KEEPER_PREFIX + image_id.split(":")[-1][:12])
        name = KEEPER_PREFIX + image_id.split(":")[-1][:12]
        if docker.container_inspect(name) is None:
            docker.run(
                [
                    "create",
                    "--name",
                    name,
                    "--label",
                    f"{c.LABEL_MANAGED}=true",
                    "--label",
                    f"{c.LABEL_ROLE}=image-keeper",
                    "--network",
                    "none",
                    "--entrypoint",
                    "/bin/true",
                    image_id,
                ]
            )
    _drop_stale_keepers(wanted)


def _drop_stale_keepers(wanted: set[str]) -> None:
    """Keepers of images that were rebuilt: let the old, untagged image go."""
    proc = docker.run(
        [
            "ps",
            "-a",
            "--filter",
            f"label={c.LABEL_ROLE}=image-keeper",
            "--format",
            "{{.Names}}\t{{.Image}}",
        ],
        check=False,
    )
    for line in proc.stdout.splitlines():
        name, _, image = line.partition("\t")
        if name.startswith(KEEPER_PREFIX) and name not in wanted:
            docker.run(["rm", name], check=False)
            docker.run(["rmi", image], check=False)  # fails harmlessly if still in use


def ensure_all(report: Report, force: bool = False) -> ImageChoice:
    choice = ensure_mysql(report, force)
    report(choice.reason)
    ensure_mysql_update(report, choice.mysql_image, force)
    ensure_backends(report, force)
    ensure_services(report, force)
    protect(lab_image_refs(choice.mysql_image))
    return choice


def missing_images() -> list[str]:
    choice = choose_mysql_image(allow_pull=False)
    refs = [r.image for r in c.RELEASES] + [choice.mysql_image, c.SERVICES_IMAGE]
    return [ref for ref in refs if not docker.image_exists(ref)]


def save(path: Path, report: Report) -> None:
    choice = choose_mysql_image(allow_pull=False)
    refs = [r for r in lab_image_refs(choice.mysql_image) if docker.image_exists(r)]
    if choice.mysql_image not in refs and docker.image_exists(choice.mysql_image):
        refs.append(choice.mysql_image)
    report(
        tr(f"Guardando {len(refs)} imágenes en {path}…", f"Saving {len(refs)} images to {path}…")
    )
    docker.run(["save", "-o", str(path), *refs], timeout=1800)


def load(path: Path, report: Report) -> None:
    if not path.is_file():
        raise LabError(
            tr(f"No existe el archivo {path}.", f"File {path} does not exist."),
            tr(
                "Indique el .tar creado con `lab images save`.",
                "Give the .tar made by `lab images save`.",
            ),
        )
    report(tr(f"Cargando imágenes desde {path}…", f"Loading images from {path}…"))
    docker.run(["load", "-i", str(path)], timeout=1800)
    protect(lab_image_refs(choose_mysql_image(allow_pull=False).mysql_image))


def remove_as_root(root: Path) -> None:
    """Delete a workspace's content from a throwaway container (files MySQL's user owns)."""
    docker.run(
        [
            "run",
            "--rm",
            "--label",
            f"{c.LABEL_MANAGED}=true",
            "-v",
            f"{root}:/ws",
            "--entrypoint",
            "sh",
            c.BASE_IMAGE,
            "-c",
            "rm -rf /ws/* /ws/.[!.]*",
        ],
        timeout=300,
    )
