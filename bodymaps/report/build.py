"""Build the chart summary (plain data) from an exam and its assessment: one content for every renderer."""

from __future__ import annotations

from datetime import UTC, datetime

from bodymaps import DISCLAIMER, __version__
from bodymaps.atlas import Atlas, load_atlas
from bodymaps.engine.result import Assessment, ConditionResult, Contribution, finding_parts
from bodymaps.exam.model import Exam
from bodymaps.report import findings
from bodymaps.report.deidentify import SAFE_HARBOR_NOTE, age_text, year_only
from bodymaps.report.model import (
    Candidate,
    Cell,
    Evidence,
    Field,
    Figure,
    FlagRow,
    Header,
    Mark,
    Reference,
    Report,
    Row,
    Table,
)
from bodymaps.report.references import References

TOP_CONDITIONS = 5
TOP_FINDINGS = 3
TOP_ROOTS = 4
KINDS = ("numbness", "paresthesia", "pain")
NOT_ENTERED = "not entered"
SCORE_NOTE = ("Score: log-odds evidence score (prior + the weights listed and any smaller ones), larger is more "
              "likely; not a probability. Weights are natural-log likelihood ratios where the source gives one.")
SIDE_TITLE = {"left": "Left", "right": "Right", "bilateral": "Bilateral", "midline": "Midline"}


def build_report(exam: Exam, assessment: Assessment, *, atlas: Atlas | None = None, deidentify: bool = False,
                 paper: str = "a4", produced: datetime | None = None, outline_root: bool = True) -> Report:
    """The summary of ``exam`` as ``assessment`` (made with the same exam and map) ranks it.

    ``outline_root`` outlines the leading root's dermatome (when a root has evidence) on the figures.
    """
    atlas = atlas or load_atlas()
    map_info = atlas.maps[assessment.map]
    refs = References()
    map_refs = refs.cite(map_info.citation, whole=True)
    header = _header(exam, map_info.label, map_refs, deidentify, produced or datetime.now(UTC))
    figures, legend, dermatome_note = _figures(exam, assessment, atlas, map_info.label, outline_root)
    sensory = _sensory(exam, atlas, assessment.map, map_info.label, map_refs)
    differential = tuple(_candidate(rank, c, refs) for rank, c in
                         enumerate(assessment.differential[:TOP_CONDITIONS], start=1))
    others = tuple((c.label, c.score) for c in assessment.differential[TOP_CONDITIONS:])
    roots = _roots(assessment, refs)
    suggestions = Table("Suggested next examinations", ("Examine", "Why"), "ll",
                        tuple(Row((Cell(_describe_raw(s.finding)), Cell(s.why))) for s in assessment.suggestions),
                        empty="None: no examination left undone would change the ranking much.")
    top = assessment.differential[0]
    subject = (f"Back and leg pain assessment: leading {top.label}"
               f"{' (' + top.side + ')' if top.side else ''}; red flags: {len(assessment.red_flags)}")
    return Report(
        header=header,
        red_flags=tuple(_flag(f.label, f.urgency, f.action, f.because) for f in assessment.red_flags),
        figures=figures,
        legend=legend,
        dermatome_note=dermatome_note,
        sensory=sensory,
        strength=findings.strength_table(exam),
        reflexes=findings.reflex_table(exam),
        tests=findings.tests_table(exam),
        history=findings.history_items(exam),
        differential=differential,
        others=others,
        score_note=SCORE_NOTE,
        roots=roots,
        suggestions=suggestions,
        notes="" if deidentify else exam.notes.strip(),
        disclaimer=DISCLAIMER,
        references=tuple(Reference(n, text) for n, text in refs.items()),
        map_label=map_info.label,
        deidentified=deidentify,
        signature=not deidentify,
        paper=paper,
        metadata={
            "title": "BodyMaps chart summary" + (" (de-identified)" if deidentify else _title_suffix(exam)),
            "author": "BodyMaps" if deidentify or not exam.info.examiner else exam.info.examiner,
            "subject": subject,
            "creator": f"BodyMaps {__version__}",
        },
    )


def versions() -> str:
    """BodyMaps' version with the data versions when ``bodymaps.resources.data_versions()`` gives them:
    ``"0.1.0 (atlas 3aa11192, knowledge d9c4f0cf, vocabulary bc69aa53)"``."""
    from bodymaps import resources

    getter = getattr(resources, "data_versions", None)
    if getter is None:
        return __version__
    try:
        data = getter()
    except Exception:  # a version string must never stop a chart summary
        return __version__
    if isinstance(data, dict):
        extra = ", ".join(f"{k} {str(v)[:8]}" for k, v in data.items() if k != "bodymaps")
        return f"{__version__} ({extra})" if extra else __version__
    return f"{__version__} (data {data})" if data else __version__


def _title_suffix(exam: Exam) -> str:
    parts = [p for p in (exam.patient.name, exam.patient.id and f"ID {exam.patient.id}", exam.info.date) if p]
    return " \u2014 " + ", ".join(parts) if parts else ""


def _field(label: str, value: object) -> Field:
    if value is None or value == "":
        return Field(label, NOT_ENTERED, missing=True)
    return Field(label, str(value))


def _header(exam: Exam, map_label: str, map_refs: tuple[int, ...], deidentify: bool, produced: datetime) -> Header:
    from bodymaps.report.references import format_refs

    p = exam.patient
    stamp = produced.astimezone(UTC)
    if deidentify:
        identity = [Field("Patient", "removed (de-identified)", True), Field("ID", "removed", True)]
        examiner = Field("Examiner", "removed", True)
        date = _field("Exam date", year_only(exam.info.date))
        produced_text = str(stamp.year)
        identifiers = f"De-identified: {SAFE_HARBOR_NOTE}"
    else:
        identity = [_field("Patient", p.name), _field("ID", p.id)]
        examiner = _field("Examiner", exam.info.examiner)
        date = _field("Exam date", exam.info.date)
        produced_text = stamp.strftime("%Y-%m-%d %H:%M UTC")
        identifiers = f"Patient: {p.name or NOT_ENTERED}    ID: {p.id or NOT_ENTERED}"
    fields = (
        *identity,
        _field("Age", age_text(p.age, deidentify)),
        _field("Sex", p.sex),
        date,
        examiner,
        Field("Dermatome map", f"{map_label} {format_refs(map_refs)}"),
        Field("BodyMaps", versions()),
        Field("Produced", produced_text),
    )
    return Header("BodyMaps chart summary", identifiers, fields, produced_text, __version__)


def _describe(c: Contribution) -> str:
    return findings.describe(c.section, c.item, c.side, c.value, c.finding)


def _describe_raw(finding: str) -> str:
    section, item, side, value = finding_parts(finding)
    if section is not None and "=" not in finding:
        value = None
    return findings.describe(section, item, side, value, finding)


def _flag(label: str, urgency: str, action: str, because: tuple[str, ...]) -> FlagRow:
    return FlagRow(label, urgency.upper(), action, _paired(because))


def _paired(because: tuple[str, ...]) -> tuple[str, ...]:
    """The findings that raised a flag, in words; the same finding on the left and on the right is one item
    ("Ankle plantarflexion, both sides: MRC 4"), where it first appears: a bilateral deficit reads at a glance
    and the red-flag box stays short."""
    parts = [finding_parts(b) for b in because]
    keys = {(p[0], p[1], p[2], repr(p[3])) for p in parts}
    out, done = [], set()
    for raw, (section, item, side, value) in zip(because, parts, strict=True):
        other = {"left": "right", "right": "left"}.get(side or "")
        if other and section is not None and (section, item, other, repr(value)) in keys:
            pair = (section, item, repr(value))
            if pair not in done:
                done.add(pair)
                shown = None if "=" not in raw else value
                out.append(findings.describe(section, item, "both", shown, raw))
            continue
        out.append(_describe_raw(raw))
    return tuple(out)


def _figures(exam: Exam, assessment: Assessment, atlas: Atlas, map_label: str, outline_root: bool
             ) -> tuple[tuple[Figure, ...], tuple[tuple[str, str], ...], str]:
    top_root = assessment.roots[0] if assessment.roots and assessment.roots[0].score > 0 else None
    if not outline_root:
        top_root = None
    outline = (top_root.root, top_root.side) if top_root else None
    figures = []
    for view in atlas.views.values():
        marks = tuple(
            Mark(f.zone, f.side, f.kind, f"{findings.label('zone', f.zone)}, {f.side}")
            for f in exam.sensory if view.zone(f.zone, f.side) is not None
        )
        figures.append(Figure(view.id, view.label, _orientation(view.patient_left_on, view.id), view.patient_left_on,
                              marks, outline))
    legend = tuple((k, findings.label("sensory_kind", k).split(" (")[0]) for k in KINDS)
    note = ""
    if top_root is not None:
        note = (f"Dashed outline: {top_root.root} dermatome, {top_root.side} (the leading root), "
                f"{map_label} map.")
    return tuple(figures), legend, note


def _orientation(patient_left_on: str, view_id: str) -> str:
    where = "viewer's left" if patient_left_on == "viewer-left" else "viewer's right"
    prone = " (prone, heels up)" if view_id == "soles" else ""
    return f"Patient's left on the {where}{prone}"


def _sensory(exam: Exam, atlas: Atlas, map_id: str, map_label: str, map_refs: tuple[int, ...]) -> Table:
    weights = atlas.zone_root_weights(map_id)
    rows = []
    for f in exam.sensory:
        roots = sorted(weights.get(f.zone, {}).items(), key=lambda kv: -kv[1])
        root_text = ", ".join(f"{r} {w:.0%}" for r, w in roots if w >= 0.05) or "none in this map"
        rows.append(Row((Cell(findings.label("zone", f.zone)), Cell(SIDE_TITLE.get(f.side, f.side)),
                         Cell(findings.label("sensory_kind", f.kind).split(" (")[0], abnormal=True),
                         Cell(root_text)), map_refs))
    return Table("Sensory findings", ("Zone", "Side", "Finding", "Roots (share of zone)"), "llll",
                 tuple(rows), empty="No sensory findings marked (sensation not recorded as abnormal or not examined).")


def _evidence(items: tuple[Contribution, ...], refs: References) -> tuple[Evidence, ...]:
    return tuple(Evidence(_describe(c), c.weight, refs.cite(c.source)) for c in items[:TOP_FINDINGS])


def _candidate(rank: int, c: ConditionResult, refs: References) -> Candidate:
    return Candidate(rank, c.label, SIDE_TITLE.get(c.side or "", "\u2014"), c.score,
                     _evidence(c.supporting, refs), _evidence(c.against, refs))


def _roots(assessment: Assessment, refs: References) -> Table:
    rows = []
    for r in [r for r in assessment.roots if r.score > 0][:TOP_ROOTS]:
        main = r.supporting[:TOP_FINDINGS]
        numbers: list[int] = []
        for c in main:
            numbers += [n for n in refs.cite(c.source) if n not in numbers]
        rows.append(Row((Cell(r.root), Cell(SIDE_TITLE.get(r.side, r.side)), Cell(f"{r.score:+.2f}"),
                         Cell("; ".join(_describe(c) for c in main))), tuple(numbers)))
    return Table("Root summary", ("Root", "Side", "Score", "Main findings"), "llrl", tuple(rows),
                 empty="No root pattern: no finding points to a nerve root.")

