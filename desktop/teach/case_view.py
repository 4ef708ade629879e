"""How a case quiz shows an exam (findings on the body, the neuro panels as a table) and the engine's answer."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QPen

from bodymaps.engine import Assessment, Contribution
from bodymaps.vocabulary import vocabulary
from desktop.style import KIND_ORDER, KIND_STYLES
from desktop.teach.canvas import AtlasCanvas, colour

TOP_CONDITIONS = 5
TOP_FINDINGS = 4


def draw_findings(canvas: AtlasCanvas, doc: dict[str, Any]) -> None:
    """Each sensory finding on its zone: the kind's colour and hatch (desktop.style), strongest on top."""
    order = {k: i for i, k in enumerate(reversed(KIND_ORDER))}
    findings = sorted(doc.get("sensory", []), key=lambda f: order.get(f["kind"], 0))
    for f in findings:
        style = KIND_STYLES[f["kind"]]
        for vid in canvas.views:
            zone = canvas.atlas.view(vid).zone(f["zone"], f["side"])
            if zone is None:
                continue
            z = 2 + order.get(f["kind"], 0)
            canvas.add_region(zone, style.fill(170), QPen(colour(style.colour).darker(140), 1.2), z=z)
            canvas.add_region(zone, style.hatch_brush(), None, z=z + 0.5)


def _grade_cell(value: object, normal: object) -> str:
    if value is None:
        return "<td align='right' style='color:#8A8A8A'>–</td>"
    text = escape(str(value))
    if value != normal:
        return f"<td align='right'><b>{text} ◆</b></td>"  # abnormal: symbol and weight, not colour alone
    return f"<td align='right'>{text}</td>"


def exam_html(doc: dict[str, Any]) -> str:
    """Patient, reflexes, strength, tests, history and red flags: what the clinical panels would show."""
    voc = vocabulary()
    patient = doc.get("patient", {})
    who = ", ".join(str(v) for v in (patient.get("age") and f"{patient['age']} y", patient.get("sex")) if v)
    parts = [f"<p><b>Patient:</b> {escape(who or 'not given')}</p>"]
    sensory = doc.get("sensory", [])
    if sensory:
        items = "; ".join(f"{escape(KIND_STYLES[f['kind']].label.lower())} [{KIND_STYLES[f['kind']].symbol}] "
                          f"{escape(voc.label('zone', f['zone']).lower())} ({f['side']})" for f in sensory)
        parts.append(f"<p><b>Sensory:</b> {items}</p>")
    rows = []
    for rid, sides in doc.get("reflexes", {}).items():
        normal = "downgoing" if rid == "babinski" else 2
        rows.append(f"<tr><td>{escape(voc.label('reflex', rid))}</td>{_grade_cell(sides.get('right'), normal)}"
                    f"{_grade_cell(sides.get('left'), normal)}</tr>")
    for mid, sides in doc.get("motor", {}).items():
        rows.append(f"<tr><td>{escape(voc.label('motor', mid))}</td>{_grade_cell(sides.get('right'), 5)}"
                    f"{_grade_cell(sides.get('left'), 5)}</tr>")
    if rows:  # Right before Left, as on the exam grid and the chart summary
        parts.append("<table cellspacing='0' cellpadding='2'><tr><th align='left'>Reflex (0–4) / MRC (0–5)</th>"
                     "<th align='right'>Right</th><th align='right'>Left</th></tr>" + "".join(rows) + "</table>")
    tests = []
    for tid, value in doc.get("tests", {}).items():
        shown = ", ".join(f"{s} {v}" for s, v in value.items()) if isinstance(value, dict) else str(value)
        tests.append(f"{escape(voc.label('test', tid))}: {escape(shown)}")
    if tests:
        parts.append("<p><b>Tests:</b> " + "; ".join(tests) + "</p>")
    if doc.get("history"):
        parts.append("<p><b>History:</b> " + "; ".join(escape(voc.label("history", h)) for h in doc["history"]) + "</p>")
    if doc.get("red_flags"):
        flags = "; ".join(escape(voc.label("red_flag", f)) for f in doc["red_flags"])
        parts.append(f"<p><b>Red flags ticked:</b> {flags}</p>")
    parts.append("<p style='color:#555'>◆ abnormal · – not examined</p>")
    return "".join(parts)


def _contributions(items: tuple[Contribution, ...]) -> str:
    """The findings in words, as in the clinic's differential and the chart summary ("Hip flexion, right: MRC 4")."""
    from bodymaps.report.findings import describe

    return "; ".join(f"{escape(describe(c.section, c.item, c.side, c.value, c.finding))} ({c.weight:+.2f})"
                     for c in items[:TOP_FINDINGS]) or "none"


def assessment_html(result: Assessment, expected: str) -> str:
    """The engine's real differential with the contributions behind each score."""
    rows = []
    for i, c in enumerate(result.differential[:TOP_CONDITIONS], 1):
        mark = " ← answer" if c.condition == expected else ""
        rows.append(f"<p><b>{i}. {escape(c.label)}</b> {escape(c.side or '')} · score {c.score:.2f}{mark}<br>"
                    f"<small>for: {_contributions(c.supporting)}<br>against: {_contributions(c.against)}</small></p>")
    roots = ", ".join(f"{r.root} {r.side} ({r.score:.2f})" for r in result.roots[:3])
    flags = ""
    if result.red_flags:
        flags = "<p><b>Red flags:</b> " + "; ".join(escape(f.label) for f in result.red_flags) + "</p>"
    return (f"<p><b>The engine's differential</b> (map {escape(result.map)}; log-odds evidence scores)</p>"
            + "".join(rows) + f"<p><b>Roots:</b> {escape(roots)}</p>" + flags)
