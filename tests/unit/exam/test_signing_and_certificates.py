"""Keys, signed results and certificates: valid, or exactly why not."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from exam_factory import exam_result

from labs.certs import certificate
from labs.certs.keys import KeyDir, init_keys, keydir, load_private, load_public
from labs.certs.signing import Verdict, practice, sign, verification_code
from labs.certs.verify import verify_file
from labs.core.errors import Refused, UsageError


@pytest.fixture
def keys(tmp_path: Path) -> KeyDir:
    found = keydir(tmp_path / "keys")
    init_keys(found, "Carla Instructora")
    return found


def test_keys_init_makes_a_private_key_only_its_owner_can_read(keys: KeyDir) -> None:
    assert stat.S_IMODE(keys.private.stat().st_mode) == 0o600
    assert keys.public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert keys.instructor() == "Carla Instructora"


def test_keys_init_never_replaces_a_key_without_force(keys: KeyDir) -> None:
    with pytest.raises(Refused):
        init_keys(keys, "Otra persona")
    init_keys(keys, "Otra persona", force=True)


def test_a_signed_result_verifies_and_any_change_breaks_it(keys: KeyDir, tmp_path: Path) -> None:
    signed = sign(exam_result(), load_private(keys))
    path = tmp_path / "result.json"
    path.write_text(signed.model_dump_json(indent=2))
    assert verify_file(path, load_public(keys.public)).verdict is Verdict.VALID
    data = json.loads(path.read_text())
    data["result"]["total_percent"] = 99.0
    path.write_text(json.dumps(data))
    assert verify_file(path, load_public(keys.public)).verdict is Verdict.ALTERED


def test_a_result_reindented_or_reordered_still_verifies(keys: KeyDir, tmp_path: Path) -> None:
    signed = sign(exam_result(), load_private(keys))
    path = tmp_path / "result.json"
    data = json.loads(signed.model_dump_json())
    path.write_text(json.dumps(dict(reversed(list(data.items()))), indent=7))
    assert verify_file(path, load_public(keys.public)).valid


def test_a_result_signed_by_another_key_is_the_wrong_key(keys: KeyDir, tmp_path: Path) -> None:
    other = keydir(tmp_path / "other")
    init_keys(other, "Impostor")
    path = tmp_path / "result.json"
    path.write_text(sign(exam_result(), load_private(other)).model_dump_json())
    outcome = verify_file(path, load_public(keys.public))
    assert outcome.verdict is Verdict.WRONG_KEY


def test_a_practice_result_is_unsigned_and_gives_no_certificate(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    unsigned = practice(exam_result(mode="practice"))
    path.write_text(unsigned.model_dump_json())
    assert verify_file(path).verdict is Verdict.PRACTICE
    with pytest.raises(UsageError):
        certificate.issue(unsigned, tmp_path / "out")


def test_a_failing_trainee_gets_no_certificate(keys: KeyDir, tmp_path: Path) -> None:
    failing = sign(exam_result(percents=(50, 40, 30, 100)), load_private(keys))
    assert not failing.result.passed
    with pytest.raises(UsageError, match=r"no aprobó|did not pass"):
        certificate.issue(failing, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_certificates_carry_name_instructor_scores_and_code_and_verify(
    keys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    signed = sign(exam_result(trainee="José Cedeño"), load_private(keys))
    html_path, pdf_path = certificate.issue(signed, tmp_path / "out")
    code = verification_code(signed.signature or "")
    text = html_path.read_text()
    for expected in (
        "José Cedeño",
        "Carla Instructora",
        code,
        "Respaldos y restauración",
        "Certifico que",
        "Documentación y procedimientos operativos",
    ):
        assert expected in text
    assert pdf_path.read_bytes().startswith(b"%PDF-1.4")
    trusted = load_public(keys.public)
    assert verify_file(html_path, trusted).valid
    assert verify_file(pdf_path, trusted).valid
    assert certificate.render_pdf(signed) == pdf_path.read_bytes()  # deterministic


def test_an_edited_certificate_page_is_altered_even_with_the_result_untouched(
    keys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    signed = sign(exam_result(), load_private(keys))
    html_path, pdf_path = certificate.issue(signed, tmp_path / "out")
    trusted = load_public(keys.public)
    html_path.write_text(html_path.read_text().replace("Ana Zambrano</p>", "Otra Persona</p>"))
    outcome = verify_file(html_path, trusted)
    assert (outcome.verdict, outcome.detail) == (Verdict.ALTERED, "page")
    pdf_path.write_bytes(pdf_path.read_bytes().replace(b"(Ana Zambrano)", b"(Ana Zambranx)"))
    assert verify_file(pdf_path, trusted).verdict is Verdict.ALTERED


def test_a_certificate_without_a_trusted_key_verifies_against_the_key_it_carries(
    keys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    signed = sign(exam_result(), load_private(keys))
    _, pdf_path = certificate.issue(signed, tmp_path / "out")
    outcome = verify_file(pdf_path)
    assert outcome.valid
    assert outcome.used_embedded_key
    assert outcome.fingerprint == signed.key_fingerprint


def test_a_file_that_is_not_a_certificate_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_text("<html>hola</html>")
    assert verify_file(path).verdict is Verdict.MALFORMED
