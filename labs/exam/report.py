"""The instructor's class report: one offline HTML page (and a CSV) from the exam results.

Per trainee and criterion pass/fail, the slowest exercises and the most-failed checks, and
a timeline of each trainee's troubleshooting scenarios drawn as inline SVG (downtime in
red, backend restarts, time to detect and to resolve). No script, no CDN: it opens on a
machine without network and prints as it shows.
"""

from __future__ import annotations

import csv
import html
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from labs.certs.model import ExamResult, IncidentTimeline
from labs.core.criteria import CRITERIA, criterion_label

REPORT_NAME = "informe-clase.html"
CSV_NAME = "informe-clase.csv"
_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222}
h1{color:#1f4e5f;margin-bottom:4px} h2{color:#1f4e5f;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #bbb;padding:4px 10px;text-align:left}
td.n{text-align:right} .ok{background:#e3f4e1} .ko{background:#fbe3e1}
.legend span{display:inline-block;margin-right:16px}
.sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
svg text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11px}
"""


def build_class_report(results: list[ExamResult], out_dir: Path) -> Path:
    """Write informe-clase.html and informe-clase.csv into out_dir; return the HTML path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(results, key=lambda r: r.trainee.lower())
    page = out_dir / REPORT_NAME
    page.write_text(render_report(ordered), encoding="utf-8")
    write_csv(ordered, out_dir / CSV_NAME)
    return page


def render_report(results: list[ExamResult]) -> str:
    passed = sum(r.passed for r in results)
    when = max((r.finished_at for r in results), default=None)
    title = results[0].title if results else "Examen"
    return f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Informe de la clase</title>
<style>{_CSS}</style></head><body>
<h1>Informe de la clase — {html.escape(title)}</h1>
<p>{len(results)} aprendices, {passed} aprobados. {_date(when)}</p>
<h2>Resultados por aprendiz y criterio</h2>
{_scores_table(results)}
<h2>Ejercicios más lentos</h2>
{_slowest(results)}
<h2>Verificaciones más falladas</h2>
{_most_failed(results)}
<h2>Línea de tiempo de los incidentes (Parte 3)</h2>
<p class="legend"><span><i class="sw" style="background:#cfd8dc"></i>escenario</span>
<span><i class="sw" style="background:#d9534f"></i>backend caído</span>
<span><i class="sw" style="background:#1f77b4"></i>reinicio del backend</span>
<span>▲ detección</span><span><i class="sw" style="background:#2e7d32"></i>resuelto</span></p>
{_timelines(results)}
</body></html>
"""


def _date(when: datetime | None) -> str:
    return f"Última entrega: {when:%Y-%m-%d %H:%M} UTC." if when else ""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def _scores_table(results: list[ExamResult]) -> str:
    head = "".join(f"<th>{html.escape(criterion_label(c))}</th>" for c in CRITERIA)
    rows = []
    for r in results:
        by = {c.criterion: c for c in r.criteria}
        cells = "".join(
            f'<td class="n {"ok" if by[c].passed else "ko"}">{_pct(by[c].percent)} '
            f"{'✓' if by[c].passed else '✗'}</td>"
            if c in by
            else "<td>—</td>"
            for c in CRITERIA
        )
        verdict = "Aprobado" if r.passed else "No aprobado"
        mode = "examen" if r.mode == "exam" else "práctica"
        rows.append(
            f"<tr><td>{html.escape(r.trainee)}</td>{cells}"
            f'<td class="n {"ok" if r.passed else "ko"}">{_pct(r.total_percent)}</td>'
            f"<td>{verdict}</td><td>{mode}</td><td>{html.escape(', '.join(r.drawn))}</td></tr>"
        )
    return (
        f"<table><tr><th>Aprendiz</th>{head}<th>Total</th><th>Resultado</th><th>Modo</th>"
        f"<th>Escenarios sorteados</th></tr>{''.join(rows)}</table>"
    )


def _slowest(results: list[ExamResult], top: int = 5) -> str:
    times: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for exercise, seconds in r.exercise_seconds.items():
            times[exercise].append(seconds)
    ranked = sorted(times.items(), key=lambda kv: -sum(kv[1]) / len(kv[1]))[:top]
    if not ranked:
        return "<p>Sin datos.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(ex)}</td><td class=n>{_minutes(sum(v) / len(v))}</td>"
        f"<td class=n>{_minutes(max(v))}</td><td class=n>{len(v)}</td></tr>"
        for ex, v in ranked
    )
    return (
        "<table><tr><th>Ejercicio</th><th>Media</th><th>Máximo</th><th>Aprendices</th></tr>"
        f"{rows}</table>"
    )


def _minutes(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _most_failed(results: list[ExamResult], top: int = 8) -> str:
    failed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for r in results:
        for check in r.checks:
            seen[check.id] += 1
            titles[check.id] = f"{check.exercise} · {check.title or check.id}"
            if not check.passed:
                failed[check.id] += 1
    if not failed:
        return "<p>Ninguna verificación falló.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(titles[cid])}</td><td class=n>{n} de {seen[cid]}</td></tr>"
        for cid, n in failed.most_common(top)
    )
    return f"<table><tr><th>Verificación</th><th>Fallaron</th></tr>{rows}</table>"


def _timelines(results: list[ExamResult]) -> str:
    spans = [i.seconds or 0.0 for r in results for i in r.incidents]
    longest = max([*spans, 60.0])
    return "\n".join(_trainee_svg(r, longest) for r in results)


def _trainee_svg(result: ExamResult, longest: float, width: float = 760) -> str:
    left, row = 170.0, 26.0
    scale = (width - left - 210) / longest  # room on the right for the summary
    height = 30 + row * max(1, len(result.incidents))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-label="Incidentes de {html.escape(result.trainee)}">',
        f'<text x="4" y="14" font-weight="bold">{html.escape(result.trainee)}</text>',
    ]
    for i, incident in enumerate(result.incidents):
        parts.append(_incident_row(incident, 24 + i * row, left, scale))
    parts.append(_axis(left, height - 4, scale, longest))
    parts.append("</svg>")
    return "\n".join(parts)


def _incident_row(incident: IncidentTimeline, y: float, left: float, scale: float) -> str:
    total = incident.seconds or 0.0
    out = [
        f'<text x="4" y="{y + 12:.0f}">{html.escape(incident.exercise)}</text>',
        f'<rect x="{left:.1f}" y="{y:.1f}" width="{max(1.0, total * scale):.1f}" height="16" '
        'fill="#cfd8dc"/>',
    ]
    for begin, end in incident.down:
        out.append(
            f'<rect x="{left + begin * scale:.1f}" y="{y:.1f}" '
            f'width="{max(1.0, (end - begin) * scale):.1f}" height="16" fill="#d9534f">'
            f"<title>caído {end - begin:.0f} s</title></rect>"
        )
    for at in incident.restarts:
        x = left + at * scale
        out.append(f'<rect x="{x:.1f}" y="{y - 2:.1f}" width="3" height="20" fill="#1f77b4"/>')
    if incident.detect_seconds is not None:
        x = left + incident.detect_seconds * scale
        out.append(
            f'<polygon points="{x:.1f},{y + 16:.1f} {x - 5:.1f},{y + 24:.1f} '
            f'{x + 5:.1f},{y + 24:.1f}" fill="#333"><title>detección '
            f"{incident.detect_seconds:.0f} s</title></polygon>"
        )
    if incident.resolve_seconds is not None:
        x = left + incident.resolve_seconds * scale
        out.append(
            f'<rect x="{x:.1f}" y="{y - 3:.1f}" width="4" height="22" fill="#2e7d32">'
            f"<title>resuelto a los {incident.resolve_seconds:.0f} s</title></rect>"
        )
    summary = f"caído {incident.downtime_seconds:.0f} s, {incident.backend_restarts} reinicio(s)"
    out.append(
        f'<text x="{left + total * scale + 6:.1f}" y="{y + 12:.0f}" fill="#555">{summary}</text>'
    )
    return "\n".join(out)


def _axis(left: float, y: float, scale: float, longest: float) -> str:
    step = 60.0 if longest <= 900 else 300.0
    marks, at = [], 0.0
    while at <= longest:
        x = left + at * scale
        marks.append(f'<text x="{x:.1f}" y="{y:.0f}" fill="#777">{int(at // 60)} min</text>')
        at += step
    return "\n".join(marks)


def write_csv(results: list[ExamResult], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["aprendiz", "modo", "firmado_por", "total", "aprobado"]
            + [f"{c}_pct" for c in CRITERIA]
            + [f"{c}_aprobado" for c in CRITERIA]
            + ["escenarios", "caido_s", "reinicios"]
        )
        for r in results:
            by = {c.criterion: c for c in r.criteria}
            writer.writerow(
                [r.trainee, r.mode, r.instructor, r.total_percent, "si" if r.passed else "no"]
                + [by[c].percent if c in by else "" for c in CRITERIA]
                + ["si" if c in by and by[c].passed else "no" for c in CRITERIA]
                + [
                    " ".join(r.drawn),
                    round(sum(i.downtime_seconds for i in r.incidents), 1),
                    sum(i.backend_restarts for i in r.incidents),
                ]
            )
    return path
