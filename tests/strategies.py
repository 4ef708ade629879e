"""Hypothesis strategies for exam documents, format v1 (see ../shared/exam-format.md). Names are stable.

- ``valid_exam_dicts()``: decoded JSON documents that ``parse_exam`` must accept. Any section may be absent;
  values include ``"not_tested"``, one-sided entries, repeated sensory findings and history ids (which the
  parser drops), and ``x-`` extension keys holding arbitrary JSON.
- ``invalid_exam_dicts()``: ``(doc, field_path)`` pairs: a valid document with exactly one targeted
  corruption, and the field path (``sensory[2].zone``, ``reflexes.patellar.left``, ``tests.si_distraction``)
  that the ``ExamError`` message must name.
- ``json_values()``: arbitrary JSON values (for extension keys and bad values).
- ``exam_edits()``: valid edits of every kind (see bodymaps.exam.edits), clears and macros included.

Ids, laterality and value types come from the vocabulary, so new ids are covered automatically.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from bodymaps.vocabulary import SIDES, vocabulary

SECTIONS = ("patient", "exam", "sensory", "reflexes", "motor", "tests", "history", "red_flags", "notes")
Doc = dict[str, Any]


def _ids(kind: str) -> tuple[str, ...]:
    return vocabulary().ids(kind)


def _laterality(kind: str, term_id: str) -> str:
    return vocabulary().term(kind, term_id).laterality


def json_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(10**6), 10**6)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=8)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=max_leaves,
    )


# --------------------------------------------------------------------------------------------- valid parts


def _value(kind: str, term_id: str) -> st.SearchStrategy[Any]:
    value_type = vocabulary().term(kind, term_id).value_type
    choices: st.SearchStrategy[Any] = {
        "grade": st.integers(0, 4),
        "mrc": st.integers(0, 5),
        "plantar": st.sampled_from(("upgoing", "downgoing")),
        "result": st.sampled_from(("positive", "negative")),
    }[value_type]
    return choices | st.just("not_tested")


def _sided(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={side: values for side in SIDES})


def _findings(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    optional = {
        term_id: _value(kind, term_id)
        if _laterality(kind, term_id) == "unsided"
        else _sided(_value(kind, term_id)) | st.just("not_tested")
        for term_id in _ids(kind)
    }
    return st.fixed_dictionaries({}, optional=optional)


def sensory_entries() -> st.SearchStrategy[dict[str, str]]:
    def entry(zone: str) -> st.SearchStrategy[dict[str, str]]:
        sides = ("midline",) if _laterality("zone", zone) == "midline" else SIDES
        return st.fixed_dictionaries(
            {
                "zone": st.just(zone),
                "side": st.sampled_from(sides),
                "kind": st.sampled_from(_ids("sensory_kind")),
            }
        )

    return st.sampled_from(_ids("zone")).flatmap(entry)


def iso_dates() -> st.SearchStrategy[str]:
    import datetime as dt

    return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.isoformat())


def valid_exam_dicts() -> st.SearchStrategy[Doc]:
    """Valid v1 documents as decoded JSON (dicts, lists, str, int), each section present or absent."""
    patient = st.fixed_dictionaries(
        {},
        optional={
            "name": st.text(max_size=20),
            "id": st.text(max_size=10),
            "age": st.integers(0, 120),
            "sex": st.sampled_from(("female", "male", "other")),
        },
    )
    exam = st.fixed_dictionaries({}, optional={"date": iso_dates(), "examiner": st.text(max_size=20)})
    body = st.fixed_dictionaries(
        {"format": st.just("bodymaps.exam"), "version": st.just(1)},
        optional={
            "patient": patient,
            "exam": exam,
            "sensory": st.lists(sensory_entries(), max_size=8),
            "reflexes": _findings("reflex"),
            "motor": _findings("motor"),
            "tests": _findings("test"),
            "history": st.lists(st.sampled_from(_ids("history")), max_size=6),
            "red_flags": st.lists(st.sampled_from(_ids("red_flag")), max_size=4),
            "notes": st.text(max_size=40),
        },
    )
    extensions = st.dictionaries(st.text(max_size=8).map(lambda s: "x-" + s), json_values(), max_size=2)
    return st.tuples(body, extensions).map(lambda t: {**t[0], **t[1]})


# --------------------------------------------------------------------------------------------- corruptions


def _not_in(ids: tuple[str, ...] | set[str]) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=12).filter(lambda s: s not in ids)


def _not_object() -> st.SearchStrategy[Any]:
    return json_values().filter(lambda v: not isinstance(v, dict))


def _bad_values(kind: str, term_id: str) -> st.SearchStrategy[Any]:
    value_type = vocabulary().term(kind, term_id).value_type
    if value_type in ("grade", "mrc"):
        top = 4 if value_type == "grade" else 5
        return st.one_of(
            st.integers(top + 1, 10**6),
            st.integers(-(10**6), -1),
            st.booleans(),
            st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: f != int(f)),
            st.sampled_from(["2", "4+", "normal", "", None, [], {}]),
        )
    good = {"plantar": ("upgoing", "downgoing"), "result": ("positive", "negative")}[value_type]
    return st.one_of(
        _not_in({*good, "not_tested"}),
        st.integers(0, 5),
        st.booleans(),
        st.sampled_from([None, [], {}, "Positive", " negative"]),
    )


def _in_list(doc: Doc, section: str, bad: Any) -> st.SearchStrategy[tuple[Doc, str]]:
    items = list(doc.get(section, []))
    return st.integers(0, len(items)).map(
        lambda i: ({**doc, section: [*items[:i], bad, *items[i:]]}, f"{section}[{i}]")
    )


def _with(doc: Doc, section: str, key: str, value: Any) -> Doc:
    inner = dict(doc.get(section, {}))
    inner[key] = value
    return {**doc, section: inner}


def _bad_format(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    missing = st.just(({k: v for k, v in doc.items() if k != "format"}, "format"))
    wrong = (
        json_values().filter(lambda v: v != "bodymaps.exam").map(lambda v: ({**doc, "format": v}, "format"))
    )
    return missing | wrong


def _bad_version(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    missing = st.just(({k: v for k, v in doc.items() if k != "version"}, "version"))
    wrong = st.one_of(
        st.integers(max_value=0), st.integers(min_value=2), st.sampled_from(["1", True, 1.5, None])
    )
    return missing | wrong.map(lambda v: ({**doc, "version": v}, "version"))


def _unknown_section(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    key = _not_in({*SECTIONS, "format", "version"}).filter(lambda k: not k.startswith("x-"))
    return st.tuples(key, json_values()).map(lambda t: ({**doc, t[0]: t[1]}, t[0]))


def _not_a_section_shape(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    def bad(section: str) -> st.SearchStrategy[Any]:
        if section in ("sensory", "history", "red_flags"):
            return json_values().filter(lambda v: not isinstance(v, list))
        if section == "notes":
            return json_values().filter(lambda v: not isinstance(v, str))
        return _not_object()

    return st.sampled_from(SECTIONS).flatmap(lambda s: bad(s).map(lambda v: ({**doc, s: v}, s)))


def _bad_patient(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    bad = {
        "age": st.one_of(
            st.integers(121, 10**4),
            st.integers(max_value=-1),
            st.booleans(),
            st.just(52.5),
            st.just("52"),
            st.none(),
        ),
        "sex": _not_in({"female", "male", "other"}) | st.sampled_from([None, 1, "Female"]),
        "name": json_values().filter(lambda v: not isinstance(v, str)),
        "id": st.integers() | st.none(),
    }
    known = st.sampled_from(sorted(bad)).flatmap(lambda k: bad[k].map(lambda v: (k, v)))
    unknown = st.tuples(_not_in({"name", "id", "age", "sex"}), json_values())
    return (known | unknown).map(lambda kv: (_with(doc, "patient", kv[0], kv[1]), f"patient.{kv[0]}"))


def _bad_exam_info(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    dates = st.sampled_from(
        [
            "2026-02-30",
            "2026-13-01",
            "21/11/2026",
            "2026-1-5",
            "20261121",
            "",
            "2026-11-21T10:00",
            None,
            20261121,
        ]
    )
    known = dates.map(lambda v: ("date", v)) | st.integers().map(lambda v: ("examiner", v))
    unknown = st.tuples(_not_in({"date", "examiner"}), json_values())
    return (known | unknown).map(lambda kv: (_with(doc, "exam", kv[0], kv[1]), f"exam.{kv[0]}"))


def _bad_sensory(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    good = sensory_entries()

    def corrupt(entry: dict[str, str]) -> st.SearchStrategy[tuple[dict[str, Any], str]]:
        midline = _laterality("zone", entry["zone"]) == "midline"
        bad_side = _not_in({"midline"} if midline else set(SIDES))
        options = [
            _not_in(set(_ids("zone"))).map(lambda z: ({**entry, "zone": z}, "zone")),
            bad_side.map(lambda s: ({**entry, "side": s}, "side")),
            _not_in(set(_ids("sensory_kind"))).map(lambda k: ({**entry, "kind": k}, "kind")),
            st.sampled_from(["zone", "side", "kind"]).map(
                lambda k: ({x: v for x, v in entry.items() if x != k}, k)
            ),
            st.tuples(_not_in({"zone", "side", "kind"}), json_values()).map(
                lambda kv: ({**entry, kv[0]: kv[1]}, kv[0])
            ),
        ]
        return st.one_of(options)

    entries = good.flatmap(corrupt) | _not_object().map(lambda v: (v, ""))
    return entries.flatmap(
        lambda bad: _in_list(doc, "sensory", bad[0]).map(
            lambda d: (d[0], f"{d[1]}.{bad[1]}" if bad[1] else d[1])
        )
    )


def _bad_findings(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    def for_section(section: str, kind: str) -> st.SearchStrategy[tuple[Doc, str]]:
        def item(term_id: str) -> st.SearchStrategy[tuple[Doc, str]]:
            path = f"{section}.{term_id}"
            if _laterality(kind, term_id) == "unsided":
                plain = _bad_values(kind, term_id).map(lambda v: (v, path))
                sided = _sided(_value(kind, term_id)).map(
                    lambda v: (v, path)
                )  # a sided shape for an unsided test
                bad = plain | sided
            else:
                value = st.tuples(st.sampled_from(SIDES), _bad_values(kind, term_id)).flatmap(
                    lambda t: _sided(_value(kind, term_id)).map(
                        lambda ok: ({**ok, t[0]: t[1]}, f"{path}.{t[0]}")
                    )
                )
                side = st.tuples(_not_in(set(SIDES)), _value(kind, term_id)).map(
                    lambda t: ({t[0]: t[1]}, f"{path}.{t[0]}")
                )
                # "not_tested" for the whole item is allowed (neither side examined)
                plain = _not_object().filter(lambda v: v != "not_tested").map(lambda v: (v, path))
                bad = value | side | plain
            return bad.map(lambda vp: (_with(doc, section, term_id, vp[0]), vp[1]))

        unknown = st.tuples(_not_in(set(_ids(kind))), json_values()).map(
            lambda t: (_with(doc, section, t[0], t[1]), f"{section}.{t[0]}")
        )
        return st.sampled_from(_ids(kind)).flatmap(item) | unknown

    return st.sampled_from([("reflexes", "reflex"), ("motor", "motor"), ("tests", "test")]).flatmap(
        lambda sk: for_section(*sk)
    )


def _bad_id_list(doc: Doc) -> st.SearchStrategy[tuple[Doc, str]]:
    def for_section(section: str, kind: str) -> st.SearchStrategy[tuple[Doc, str]]:
        bad = _not_in(set(_ids(kind))) | st.sampled_from([None, 1, [], {}])
        return bad.flatmap(lambda b: _in_list(doc, section, b))

    return st.sampled_from([("history", "history"), ("red_flags", "red_flag")]).flatmap(
        lambda sk: for_section(*sk)
    )


CORRUPTIONS: tuple[Callable[[Doc], st.SearchStrategy[tuple[Doc, str]]], ...] = (
    _bad_format,
    _bad_version,
    _unknown_section,
    _not_a_section_shape,
    _bad_patient,
    _bad_exam_info,
    _bad_sensory,
    _bad_findings,
    _bad_id_list,
)


def invalid_exam_dicts() -> st.SearchStrategy[tuple[Doc, str]]:
    """``(doc, field_path)``: one targeted corruption of a valid document, and the path its error must name."""
    return st.tuples(valid_exam_dicts(), st.sampled_from(CORRUPTIONS)).flatmap(
        lambda t: t[1](copy.deepcopy(t[0]))
    )


# --------------------------------------------------------------------------------------------- edits


def exam_edits(max_macro: int = 4) -> st.SearchStrategy[Any]:
    """Valid edits from :mod:`bodymaps.exam.edits`, including clears (``None``) and small macros."""
    from bodymaps.exam import edits as ed

    zone = sensory_entries().flatmap(
        lambda e: st.tuples(st.booleans(), st.none() | st.integers(0, 10)).map(
            lambda t: ed.SetZoneFinding(e["zone"], e["side"], e["kind"], t[0], t[1])
        )
    )

    def valued(cls: Any, kind: str) -> st.SearchStrategy[Any]:
        def one(term_id: str) -> st.SearchStrategy[Any]:
            side = st.none() if _laterality(kind, term_id) == "unsided" else st.sampled_from(SIDES)
            return st.tuples(side, st.none() | _value(kind, term_id)).map(lambda t: cls(term_id, t[0], t[1]))

        return st.sampled_from(_ids(kind)).flatmap(one)

    history = st.sampled_from(_ids("history"))
    flags = st.sampled_from(_ids("red_flag"))
    single = st.one_of(
        zone,
        valued(ed.SetReflex, "reflex"),
        valued(ed.SetMotor, "motor"),
        valued(ed.SetTest, "test"),
        history.map(ed.ToggleHistory),
        flags.map(ed.ToggleRedFlag),
        st.tuples(history, st.booleans()).map(lambda t: ed.SetHistory(*t)),
        st.tuples(flags, st.booleans()).map(lambda t: ed.SetRedFlag(*t)),
        st.text(max_size=10).map(ed.SetNotes),
        st.sampled_from(("female", "male", "other", None)).map(lambda v: ed.SetPatientField("sex", v)),
        (st.integers(0, 120) | st.none()).map(lambda v: ed.SetPatientField("age", v)),
        (st.text(max_size=8) | st.none()).map(lambda v: ed.SetPatientField("name", v)),
        (iso_dates() | st.none()).map(lambda v: ed.SetExamField("date", v)),
        (st.text(max_size=8) | st.none()).map(lambda v: ed.SetExamField("examiner", v)),
    )
    return single | st.lists(single, max_size=max_macro).map(lambda es: ed.Macro(tuple(es), "macro"))
