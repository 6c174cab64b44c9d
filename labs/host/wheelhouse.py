"""Python wheels for the backend image, gathered on the host.

Containers cannot reach PyPI, so the image installs its (pure-Python)
dependencies from a directory of wheels copied into the build context.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from labs.core.errors import LabError
from labs.core.i18n import tr

REQUIREMENTS = ("PyMySQL",)


def _configured_dir() -> Path | None:
    value = os.environ.get("LAB_WHEELHOUSE")
    return Path(value).expanduser() if value else None


def _wheel_from_installed(dist_name: str, target: Path) -> Path:
    """Pack the installed pure-Python distribution as a wheel-shaped zip.

    The image only unzips wheels into its vendor directory, so the installed
    files are all it needs; this works with no network at all.
    """
    dist = importlib.metadata.distribution(dist_name)
    name = dist.metadata["Name"].replace("-", "_")
    wheel = target / f"{name}-{dist.version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in dist.files or []:
            source = Path(str(dist.locate_file(file)))
            if source.is_file() and "__pycache__" not in file.parts:
                archive.write(source, str(file))
    return wheel


def fill(target: Path, report: Callable[[str], None]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    configured = _configured_dir()
    if configured and any(configured.glob("*.whl")):
        for wheel in configured.glob("*.whl"):
            shutil.copy2(wheel, target)
        report(tr(f"Wheelhouse: {configured}", f"Wheelhouse: {configured}"))
        return
    for requirement in REQUIREMENTS:
        try:
            _wheel_from_installed(requirement, target)
        except importlib.metadata.PackageNotFoundError:
            _download(requirement, target)
    report(
        tr(
            "Wheelhouse preparado desde los paquetes instalados.",
            "Wheelhouse prepared from the installed packages.",
        )
    )


def _download(requirement: str, target: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            "-d",
            str(target),
            requirement,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise LabError(
            tr(
                f"No se pudo obtener la rueda de {requirement}.",
                f"Could not get the wheel for {requirement}.",
            ),
            tr(
                "Instale el laboratorio con sus dependencias (`pipx install .`) o indique "
                "LAB_WHEELHOUSE=DIR con los .whl.",
                "Install the lab with its dependencies or set LAB_WHEELHOUSE=DIR with the wheels.",
            ),
        )
