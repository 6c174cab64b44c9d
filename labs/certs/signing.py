"""Canonical form, signature and verification of exam results.

The canonical form is the result's JSON with sorted keys, no spaces and UTF-8: the same
bytes whatever wrote or re-indented the file, so only a change of content breaks it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from labs.certs.keys import fingerprint, public_from_b64, raw_public
from labs.certs.model import ExamResult, SignedResult


def canonical(data: Any) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def result_payload(result: ExamResult) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(result.model_dump_json())
    return payload


def sign(result: ExamResult, key: Ed25519PrivateKey) -> SignedResult:
    if result.mode != "exam":
        return practice(result)
    public = key.public_key()
    signature = key.sign(canonical(result_payload(result)))
    return SignedResult(
        result=result,
        algorithm="Ed25519",
        public_key=base64.b64encode(raw_public(public)).decode(),
        key_fingerprint=fingerprint(public),
        signature=base64.b64encode(signature).decode(),
    )


def practice(result: ExamResult) -> SignedResult:
    return SignedResult(result=result.model_copy(update={"mode": "practice"}))


def verification_code(signature_b64: str) -> str:
    """A short code from the signature: printed on the certificate, read over the phone."""
    digest = hashlib.sha256(base64.b64decode(signature_b64)).digest()
    text = base64.b32encode(digest).decode()[:12]
    return "-".join(text[i : i + 4] for i in range(0, 12, 4))


class Verdict(StrEnum):
    VALID = "valid"
    PRACTICE = "practice"
    ALTERED = "altered"
    WRONG_KEY = "wrong-key"
    MALFORMED = "malformed"


@dataclass
class Verification:
    verdict: Verdict
    detail: str = ""
    fingerprint: str | None = None
    used_embedded_key: bool = False

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID


def verify_payload(
    document: dict[str, Any], trusted: Ed25519PublicKey | None = None
) -> Verification:
    """Verify a signed result as read from disk (the raw JSON, not a re-dumped model)."""
    payload = document.get("result")
    if not isinstance(payload, dict):
        return Verification(Verdict.MALFORMED, "no result")
    if document.get("signature") is None:
        return Verification(Verdict.PRACTICE)
    try:
        claimed = public_from_b64(str(document.get("public_key")))
        signature = base64.b64decode(str(document["signature"]), validate=True)
    except ValueError as exc:
        return Verification(Verdict.MALFORMED, str(exc))
    key = trusted or claimed
    found = fingerprint(key)
    if trusted is not None and raw_public(trusted) != raw_public(claimed):
        return Verification(Verdict.WRONG_KEY, fingerprint(claimed), found)
    try:
        key.verify(signature, canonical(payload))
    except InvalidSignature:
        return Verification(Verdict.ALTERED, "signature", found, trusted is None)
    if payload.get("mode") != "exam":
        return Verification(Verdict.PRACTICE, "", found, trusted is None)
    return Verification(Verdict.VALID, "", found, trusted is None)
