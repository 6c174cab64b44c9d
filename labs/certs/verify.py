"""`lab cert verify`: a signed result, or a certificate made from one, is valid or says why not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from labs.certs import certificate, pdf
from labs.certs.model import SignedResult
from labs.certs.signing import Verdict, Verification, verify_payload


def verify_file(path: Path, trusted: Ed25519PublicKey | None = None) -> Verification:
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        return _verify_rendered(data, pdf.embedded(data), trusted, _pdf_bytes)
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        return _verify_json(text, trusted)
    inner = certificate.html_embedded(text)
    return _verify_rendered(
        data, inner.encode() if inner is not None else None, trusted, _html_bytes
    )


def _verify_json(text: str, trusted: Ed25519PublicKey | None) -> Verification:
    try:
        document = json.loads(text)
    except ValueError as exc:
        return Verification(Verdict.MALFORMED, str(exc))
    if not isinstance(document, dict):
        return Verification(Verdict.MALFORMED, "not an object")
    return verify_payload(document, trusted)


def _verify_rendered(
    data: bytes,
    inner: bytes | None,
    trusted: Ed25519PublicKey | None,
    render: Any,
) -> Verification:
    """The signed result inside must verify, and the file must be exactly its rendering:
    an edited name or score on the page, with the result left alone, is an alteration too."""
    if inner is None:
        return Verification(Verdict.MALFORMED, "no signed result inside")
    verdict = _verify_json(inner.decode("utf-8", errors="replace"), trusted)
    if not verdict.valid:
        return verdict
    try:
        signed = SignedResult.model_validate_json(inner)
    except ValidationError as exc:
        return Verification(Verdict.MALFORMED, str(exc.errors()[0]["msg"]))
    if render(signed) != data:
        return Verification(Verdict.ALTERED, "page", verdict.fingerprint, verdict.used_embedded_key)
    return verdict


def _pdf_bytes(signed: SignedResult) -> bytes:
    return certificate.render_pdf(signed)


def _html_bytes(signed: SignedResult) -> bytes:
    return certificate.render_html(signed).encode("utf-8")


def load_signed(path: Path) -> SignedResult:
    return SignedResult.model_validate_json(path.read_text(encoding="utf-8"))
