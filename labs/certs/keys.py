"""The instructor's Ed25519 key pair: made once on the instructor's machine, kept 0600."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from labs.core.errors import Refused, UsageError
from labs.core.i18n import tr

KEYS_ENV = "LAB_KEYS_DIR"
PRIVATE_NAME = "instructor.key"
PUBLIC_NAME = "instructor.pub"
IDENTITY_NAME = "instructor.json"


def default_keys_dir() -> Path:
    configured = os.environ.get(KEYS_ENV)
    if configured:
        return Path(configured).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "inatrace-lab" / "keys"


@dataclass(frozen=True)
class KeyDir:
    root: Path

    @property
    def private(self) -> Path:
        return self.root / PRIVATE_NAME

    @property
    def public(self) -> Path:
        return self.root / PUBLIC_NAME

    @property
    def identity(self) -> Path:
        return self.root / IDENTITY_NAME

    def has_private(self) -> bool:
        return self.private.is_file()

    def instructor(self) -> str | None:
        try:
            name = json.loads(self.identity.read_text()).get("instructor")
        except (OSError, ValueError):
            return None
        return name if isinstance(name, str) else None


def keydir(path: str | Path | None = None) -> KeyDir:
    return KeyDir(Path(path).expanduser() if path else default_keys_dir())


def init_keys(keys: KeyDir, instructor: str, *, force: bool = False) -> Ed25519PublicKey:
    """Make the pair; an existing private key is never replaced without force."""
    if keys.private.exists() and not force:
        raise Refused(
            tr(
                f"Ya existe una clave del instructor en {keys.private}.",
                f"An instructor key already exists in {keys.private}.",
            ),
            tr(
                "Los certificados ya emitidos se verifican con ella; use --force solo si la "
                "perdió o fue comprometida.",
                "Certificates already issued verify with it; use --force only if it was "
                "lost or compromised.",
            ),
        )
    keys.root.mkdir(parents=True, exist_ok=True)
    os.chmod(keys.root, 0o700)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(keys.private, pem)
    keys.public.write_bytes(public_pem(private.public_key()))
    keys.identity.write_text(json.dumps({"instructor": instructor}, ensure_ascii=False) + "\n")
    return private.public_key()


def _write_private(path: Path, pem: bytes) -> None:
    """Created 0600 from the first byte: the key is never readable by others, not even briefly."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw key, first 16 hex digits in groups of four: read aloud, compared."""
    digest = hashlib.sha256(raw_public(key)).hexdigest()[:16].upper()
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def public_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def load_private(keys: KeyDir) -> Ed25519PrivateKey:
    if not keys.private.is_file():
        raise UsageError(
            tr(
                f"No hay clave del instructor en {keys.root}.",
                f"There is no instructor key in {keys.root}.",
            ),
            tr(
                "Créela en la máquina del instructor: `lab keys init --instructor 'Nombre'`.",
                "Make it on the instructor's machine: `lab keys init --instructor 'Name'`.",
            ),
        )
    key = serialization.load_pem_private_key(keys.private.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(
            tr(f"{keys.private} no es una clave Ed25519.", f"{keys.private} is not Ed25519."),
            tr("Vuelva a crearla con `lab keys init`.", "Make it again: `lab keys init`."),
        )
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    """A public key file: PEM (what `lab keys init` writes) or the base64 of the raw key."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            tr(f"No se puede leer la clave {path}: {exc}", f"Cannot read key {path}: {exc}"),
            tr("Indique el archivo instructor.pub.", "Point to the instructor.pub file."),
        ) from exc
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = public_from_b64(data.decode().strip())
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise UsageError(
            tr(f"{path} no es una clave pública válida.", f"{path} is not a valid public key."),
            tr("Use el instructor.pub del instructor.", "Use the instructor's instructor.pub."),
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(
            tr(f"{path} no es una clave Ed25519.", f"{path} is not an Ed25519 key."),
            tr("Use el instructor.pub del instructor.", "Use the instructor's instructor.pub."),
        )
    return key
