"""Certificates (HTML and PDF) rendered from a signed, passing exam result.

Always in Spanish, whatever LAB_LANG says: a certificate must render to the same bytes
on any machine, because verifying one means re-rendering it from the result it carries.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from labs.certs import pdf
from labs.certs.model import CriterionOutcome, SignedResult
from labs.certs.signing import verification_code
from labs.core.errors import UsageError
from labs.core.i18n import tr

TITLE = "Certificado de capacitación"
COURSE = "Mantenimiento y Operaciones del Backend INATrace"
_SCRIPT_ID = "inatrace-lab-result"
_SCRIPT_RE = re.compile(
    r'<script type="application/json" id="' + _SCRIPT_ID + r'">(.*?)</script>', re.S
)
_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def certification_sentence(trainee: str) -> str:
    return (
        f"Certifico que {trainee} ha completado satisfactoriamente la capacitación de "
        f"{COURSE}, demostrando competencia en:"
    )


def spanish_date(signed: SignedResult) -> str:
    day = signed.result.finished_at
    return f"{day.day} de {_MONTHS[day.month - 1]} de {day.year}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def code_of(signed: SignedResult) -> str:
    if signed.signature is None:
        raise UsageError(
            tr(
                "Un resultado de práctica no está firmado y no da certificado.",
                "A practice result is unsigned and gives no certificate.",
            ),
            tr(
                "El examen se rinde con la clave del instructor (`lab keys init`).",
                "The exam is taken with the instructor's key (`lab keys init`).",
            ),
        )
    return verification_code(signed.signature)


def require_certifiable(signed: SignedResult) -> None:
    code_of(signed)
    if not signed.result.passed:
        raise UsageError(
            tr(
                f"{signed.result.trainee} no aprobó el examen "
                f"({percent(signed.result.total_percent)}); no se emite certificado.",
                f"{signed.result.trainee} did not pass the exam "
                f"({percent(signed.result.total_percent)}); no certificate is issued.",
            ),
            tr("Revise la revisión del examen con el aprendiz.", "Go over the review."),
        )


def embedded_json(signed: SignedResult) -> str:
    return json.dumps(json.loads(signed.model_dump_json()), ensure_ascii=True, sort_keys=True)


# --- HTML ------------------------------------------------------------------------------
_CSS = """
body{font-family:"DejaVu Serif",Georgia,serif;background:#f4f1ea;margin:0;padding:24px}
.cert{background:#fff;max-width:900px;margin:auto;border:6px double #1f4e5f;padding:40px 56px}
h1{text-align:center;color:#1f4e5f;margin:0 0 4px;font-size:30px;letter-spacing:1px}
h2{text-align:center;font-weight:normal;margin:0 0 28px;font-size:18px;color:#444}
.name{font-size:26px;font-weight:bold;text-align:center;margin:18px 0}
table{border-collapse:collapse;margin:16px auto;min-width:60%}
td,th{border:1px solid #bbb;padding:4px 12px;text-align:left}
td.n{text-align:right}
.meta{display:flex;justify-content:space-between;margin-top:28px}
.code{font-family:"DejaVu Sans Mono",monospace;font-size:18px;letter-spacing:2px}
.small{font-size:12px;color:#555}
"""


def render_html(signed: SignedResult) -> str:
    result, code = signed.result, code_of(signed)
    esc = html.escape
    competencies = "".join(f"<li>{esc(c)}</li>" for c in result.competencies)
    rows = "".join(_html_row(c) for c in result.criteria)
    payload = embedded_json(signed).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<title>{esc(TITLE)} — {esc(result.trainee)}</title>
<style>{_CSS}</style></head>
<body><div class="cert">
<h1>{esc(TITLE)}</h1>
<h2>{esc(COURSE)}</h2>
<p>Certifico que</p>
<p class="name">{esc(result.trainee)}</p>
<p>ha completado satisfactoriamente la capacitación de {esc(COURSE)},
demostrando competencia en:</p>
<ul>{competencies}</ul>
<table><tr><th>Criterio</th><th>Peso</th><th>Puntaje</th><th>Resultado</th></tr>{rows}
<tr><th>Nota final</th><th></th><th>{percent(result.total_percent)}</th>
<th>Aprobado (mínimo {percent(result.pass_mark)})</th></tr></table>
<div class="meta">
<div><b>Instructor:</b> {esc(result.instructor)}</div>
<div><b>Fecha:</b> {esc(spanish_date(signed))}</div></div>
<p><b>Firma:</b> Ed25519, clave del instructor {esc(signed.key_fingerprint or "")}</p>
<p><b>Código de verificación:</b> <span class="code">{esc(code)}</span></p>
<p class="small">Examen {esc(result.exam_id)}, semilla {result.seed}.
Verificación: <code>lab cert verify ESTE-ARCHIVO --key instructor.pub</code></p>
</div>
<script type="application/json" id="{_SCRIPT_ID}">{payload}</script>
</body></html>
"""


def _html_row(c: CriterionOutcome) -> str:
    verdict = "Aprobado" if c.passed else "No alcanzado"
    return (
        f"<tr><td>{html.escape(c.label)}</td><td class=n>{c.course_weight:g} %</td>"
        f"<td class=n>{percent(c.percent)}</td><td>{verdict}</td></tr>"
    )


def html_embedded(text: str) -> str | None:
    found = _SCRIPT_RE.search(text)
    return found.group(1).replace("<\\/", "</") if found else None


# --- PDF -------------------------------------------------------------------------------
def render_pdf(signed: SignedResult) -> bytes:
    result, code = signed.result, code_of(signed)
    page = pdf.Page()
    page.colour(0.12, 0.31, 0.37)
    page.rect(24, 24, page.width - 48, page.height - 48, 3)
    page.rect(32, 32, page.width - 64, page.height - 64, 0.8)
    page.centred(530, TITLE, 26, bold=True)
    page.centred(505, COURSE, 14)
    page.colour(0, 0, 0)
    page.centred(472, "Certifico que", 12)
    page.centred(444, result.trainee, 22, bold=True)
    page.centred(420, f"ha completado satisfactoriamente la capacitación de {COURSE},", 12)
    page.centred(404, "demostrando competencia en:", 12)
    y = 382.0
    for competency in result.competencies:
        page.text(110, y, "•  " + competency, 11)
        y -= 16
    _pdf_table(page, result.criteria, result.total_percent, result.pass_mark, 470, 382)
    page.line(70, 190, page.width - 70, 190)
    page.text(70, 165, f"Instructor: {result.instructor}", 12, bold=True)
    page.text(470, 165, f"Fecha: {spanish_date(signed)}", 12, bold=True)
    page.text(70, 140, f"Firma: Ed25519, clave del instructor {signed.key_fingerprint}", 11)
    page.text(70, 115, "Código de verificación:", 12)
    page.text(215, 115, code, 14, bold=True)
    page.text(
        70,
        80,
        f"Examen {result.exam_id}, semilla {result.seed}. Verificación: "
        "lab cert verify ESTE-ARCHIVO --key instructor.pub",
        9,
    )
    title = f"{TITLE} — {result.trainee}"
    return pdf.build(page, title=title, embedded=embedded_json(signed).encode())


def _pdf_table(
    page: pdf.Page, criteria: list[CriterionOutcome], total: float, mark: float, x: float, y: float
) -> None:
    page.text(x, y, "Criterio", 11, bold=True)
    page.text(x + 190, y, "Peso", 11, bold=True)
    page.text(x + 240, y, "Puntaje", 11, bold=True)
    for c in criteria:
        y -= 17
        page.text(x, y, c.label, 11)
        page.text(x + 190, y, f"{c.course_weight:g} %", 11)
        page.text(x + 240, y, percent(c.percent), 11)
    y -= 22
    page.text(x, y, f"Nota final: {percent(total)} (mínimo {percent(mark)})", 12, bold=True)


# --- issuing ---------------------------------------------------------------------------
def issue(signed: SignedResult, out_dir: Path) -> tuple[Path, Path]:
    """Write certificate.html and certificate.pdf for a signed, passing result."""
    require_certifiable(signed)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "certificado-" + _slug(signed.result.trainee)
    html_path, pdf_path = out_dir / f"{stem}.html", out_dir / f"{stem}.pdf"
    html_path.write_text(render_html(signed), encoding="utf-8")
    pdf_path.write_bytes(render_pdf(signed))
    return html_path, pdf_path


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "aprendiz"
