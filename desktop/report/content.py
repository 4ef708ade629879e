"""Turn the report's plain data into layout blocks: which table goes where, in which style.

Order on the page: header, red flags (boxed, first), body figures with the sensory table beside them,
strength (ISNCSCI-style: right | item | left) beside reflexes, special tests and history, the assessment,
notes, the disclaimer, references and the signature line.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from bodymaps.atlas import Atlas
from bodymaps.report.model import Candidate, Evidence, Report, Row, Table
from bodymaps.report.references import format_refs
from desktop.report.blocks import (
    INK,
    MUTED,
    SHADE,
    Block,
    Cell,
    Columns,
    Flow,
    Grid,
    GridRow,
    Heading,
    NewspaperColumns,
    Section,
    Stack,
    Text,
)
from desktop.report.figures import FigurePanel
from desktop.style import EMERGENCY_BG, NOT_TESTED_TEXT, RED_FLAG, URGENT_BG

GREY = QColor(NOT_TESTED_TEXT)
SENSORY_BESIDE_FIGURES = 22  # rows; more would be taller than the figures
RED = QColor(RED_FLAG)
MINUS = "\u2212"


def _section(title: str, body: Block) -> Section:
    return Section(Heading(title), body)


def _cells(row: Row, align: str) -> list[Cell]:
    out = []
    for cell, a in zip(row.cells, align, strict=False):
        if cell.not_tested:
            out.append(Cell(cell.text, italic=True, colour=GREY, align=a))
        else:
            out.append(Cell(cell.text, bold=cell.abnormal, align=a))
    return out


def grid(table: Table, widths: list[float], *, size: float = 7.5, refs: bool = False, title: bool = True) -> Block:
    """A report table as a Grid; ``refs`` adds a source column."""
    align = table.align + ("l" if refs else "")
    header = GridRow([Cell(c, align=a) for c, a in zip(table.columns, align, strict=False)]
                     + ([Cell("Src")] if refs else []), header=True)
    rows = [header]
    for row in table.rows:
        cells = _cells(row, table.align)
        if refs:
            cells.append(Cell(format_refs(row.refs), colour=MUTED))
        rows.append(GridRow(cells))
    name = table.title if title else ""
    parts: list[Block] = []
    if table.rows:
        parts.append(Grid(widths, rows, size=size, title=name, space_before=0))
    else:
        parts.append(Text(name, size=size + 1.0, bold=True, space_before=0) if name else Text("", space_before=0))
        parts.append(Text(table.empty, size=size, italic=True, colour=QColor(MUTED)))
    if table.note:
        parts.append(Text(table.note, size=size - 0.5, colour=QColor(MUTED), space_before=1.0))
    return Stack(parts, space_before=0)


def _header(report: Report) -> Block:
    """Identity and provenance: two rows of four label/value pairs, then the dermatome map in full."""
    fields = {f.label: f for f in report.header.fields}
    order = [["Patient", "ID", "Age", "Sex"], ["Exam date", "Examiner", "Produced"]]
    rows = []
    for labels in order:
        cells = []
        for name in labels:
            f = fields[name]
            cells.append(Cell(f.label, colour=MUTED))
            cells.append(Cell(f.value, bold=not f.missing, italic=f.missing, colour=GREY if f.missing else None))
        rows.append(GridRow(cells))
    widths = [0.085, 0.2, 0.085, 0.17, 0.085, 0.17, 0.085, 0.12]
    top = Grid(widths, rows, size=8.5, space_before=0, pad=0.6)
    m, v = fields["Dermatome map"], fields["BodyMaps"]
    bottom = Grid([0.125, 0.4, 0.08, 0.395], [GridRow([
        Cell(m.label, colour=MUTED), Cell(m.value, bold=True), Cell(v.label, colour=MUTED), Cell(v.value)])],
        size=8.5, space_before=0, pad=0.6)
    return Stack([top, bottom], space_before=0)


def _red_flags(report: Report) -> Block:
    """One row per flag: urgency over the flag's name, the findings that raised it, the action. An action
    that repeats the one just above says so in a line instead of printing the same three lines again."""
    rows = [GridRow([Cell("Red flag"), Cell("Raised by"), Cell("Action")], header=True)]
    previous = ""
    for flag in report.red_flags:
        shade = QColor(EMERGENCY_BG if flag.urgency == "EMERGENCY" else URGENT_BG)
        action = flag.action if flag.action != previous else "Same action as for the flag above."
        previous = flag.action
        rows.append(GridRow([Cell(f"\u25b2 {flag.urgency}\n{flag.label}", bold=True, colour=RED),
                             Cell("; ".join(flag.because)), Cell(action)], shade=shade))
    return Grid([0.2, 0.38, 0.42], rows, size=7.5, title="RED FLAGS \u2014 act on these first", border=RED,
                border_width=0.8, space_before=3)


DIFFERENTIAL_WIDTHS = [0.035, 0.3475, 0.06, 0.0725, 0.3475, 0.065, 0.0725]


def _differential(report: Report) -> Block:
    """Each condition on a shaded row (rank, name, side, score), its findings for (+) and against (−) it
    side by side underneath, each with its weight and sources: a candidate takes as many rows as its longer
    list, not both lists one after the other."""
    rows = [GridRow([Cell("#"), Cell("Condition; main findings for it (+)", span=3),
                     Cell("Side; main findings against it (−)"), Cell("Score / weight", align="r", span=2)],
                    header=True)]
    for cand in report.differential:
        rows += _candidate_rows(cand)
    return Grid(DIFFERENTIAL_WIDTHS, rows, size=7.5, title="Differential (top five)", space_before=0, pad=0.28)


def _evidence_cells(sign: str, ev: Evidence | None) -> list[Cell]:
    if ev is None:
        return [Cell(""), Cell(""), Cell("")]
    return [Cell(f"{sign}  {ev.text}"), Cell(f"{ev.weight:+.2f}".replace("-", MINUS), align="r"),
            Cell(format_refs(ev.refs), colour=MUTED)]


def _candidate_rows(cand: Candidate) -> list[GridRow]:
    rows = [GridRow([Cell(f"{cand.rank}.", bold=True), Cell(cand.label, bold=True, span=3),
                     Cell(cand.side, bold=True),
                     Cell(f"{cand.score:+.2f}".replace("-", MINUS), bold=True, align="r", span=2)],
                    shade=SHADE, rule_above=True)]
    for i in range(max(len(cand.supporting), len(cand.against))):
        ev_for = cand.supporting[i] if i < len(cand.supporting) else None
        ev_against = cand.against[i] if i < len(cand.against) else None
        rows.append(GridRow([Cell(""), *_evidence_cells("+", ev_for), *_evidence_cells(MINUS, ev_against)]))
    return rows


def _assessment(report: Report) -> Block:
    parts: list[Block] = [_differential(report)]
    if report.others:
        others = ", ".join(f"{label} {score:.2f}".replace(f" -{abs(score):.2f}", f" {MINUS}{abs(score):.2f}")
                           for label, score in report.others)
        parts.append(Text(f"Also ranked, in order: {others}.", size=7.5, space_before=1.2))
    parts.append(Text(report.score_note, size=6.8, colour=QColor(MUTED), space_before=0.8))
    parts.append(Columns([(grid(report.roots, [0.08, 0.1, 0.1, 0.6, 0.12], refs=True, size=7.2), 0.5),
                          (grid(report.suggestions, [0.42, 0.58], size=7.2), 0.5)], space_before=3,
                         alternatives=((0.56, 0.44), (0.62, 0.38), (0.44, 0.56))))  # the one least tall
    return Flow(parts)


def _references(report: Report) -> Block:
    """Two newspaper columns that may continue on the next page."""
    rows = [GridRow([Cell(f"[{r.number}]", colour=MUTED, align="r"), Cell(r.text)]) for r in report.references]
    return NewspaperColumns(Grid([0.075, 0.925], rows, size=6.2, space_before=0, pad=0.25))


def _signature(report: Report) -> Block:
    return Columns([(Text(f"Examiner signature  {'_' * 44}", size=8.5, space_before=0), 0.62),
                    (Text(f"Date  {'_' * 22}", size=8.5, space_before=0), 0.38)], space_before=5)


def build_blocks(report: Report, atlas: Atlas, *, paper_height_mm: float = 297.0) -> tuple[list[Block], FigurePanel]:
    map_id = next((m for m, info in atlas.maps.items() if info.label == report.map_label), atlas.default_map)
    figure_h = (88.0 if report.red_flags else 112.0) - (0.0 if paper_height_mm >= 290 else 16.0)
    panel = FigurePanel(atlas, report.figures, report.legend, map_id, report.dermatome_note, figure_height=figure_h)
    blocks: list[Block] = [_header(report)]
    if report.red_flags:
        blocks.append(_red_flags(report))
    if len(report.sensory.rows) <= SENSORY_BESIDE_FIGURES:
        sensory = grid(report.sensory, [0.27, 0.125, 0.235, 0.28, 0.09], refs=True, size=7.2)
        blocks.append(_section("Body diagrams and sensory findings", Columns([(panel, 0.6), (sensory, 0.4)], gap=4)))
    else:  # too long to stand beside the figures: a full-width table that may continue on the next page
        see = Text(f"{len(report.sensory.rows)} sensory findings: see the table below.", size=7.5, italic=True,
                   colour=QColor(MUTED), space_before=0)
        blocks.append(_section("Body diagrams", Columns([(panel, 0.6), (see, 0.4)], gap=4)))
        table = report.sensory
        rows = [GridRow([Cell(c) for c in (*table.columns, "Src")], header=True)]
        rows += [GridRow([*_cells(row, table.align), Cell(format_refs(row.refs), colour=MUTED)]) for row in table.rows]
        blocks.append(_section("Sensory findings", Grid([0.3, 0.12, 0.16, 0.34, 0.08], rows, size=7.2, space_before=0)))
    history = "; ".join(report.history) + "." if report.history else "Nothing recorded."
    # the reflexes are a short table: special tests and history go under them, beside the strength table
    tests = grid(report.tests, [0.2, 0.6, 0.2], size=7.2)
    tests.space_before = 3.5
    right = Stack([grid(report.reflexes, [0.16, 0.37, 0.15, 0.16, 0.16], size=7.2),
                   Text("Key: " + _key(), size=6.5, colour=QColor(MUTED), space_before=1.0), tests,
                   Text(f"History: {history}", size=7.5, space_before=2.0)], space_before=0)
    blocks.append(_section("Strength, reflexes, special tests and history",
                           Columns([(grid(report.strength, [0.16, 0.37, 0.15, 0.16, 0.16], size=7.2), 0.52),
                                    (right, 0.48)])))
    blocks.append(_section("Assessment", _assessment(report)))
    notes = report.notes or ("Free-text notes removed (de-identified)." if report.deidentified else "None.")
    blocks.append(_section("Notes", Text(notes, size=8, italic=not report.notes, space_before=0)))
    blocks.append(Text(report.disclaimer, size=8, bold=True, colour=QColor(INK), space_before=3))
    if report.references:
        blocks.append(_section("References (sources cited on these pages)", _references(report)))
    if report.signature:
        blocks.append(_signature(report))
    else:
        blocks.append(Text("De-identified copy for teaching or case reports: not for the patient's chart.",
                           size=8, italic=True, space_before=5))
    return blocks, panel


def _key() -> str:
    from bodymaps.report.findings import SYMBOL_KEY

    return SYMBOL_KEY
