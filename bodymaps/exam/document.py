"""Read, check and write exam documents, format v1 (see ../shared/exam-format.md).

``parse_exam`` refuses anything the format does not allow, with an :class:`ExamError` whose one-line message
names the field (``sensory[3].zone``), the bad value and what is allowed; it never returns a half-read exam.
``exam_to_dict`` writes the canonical form back, and ``load_exam``/``save_exam`` do the file handling
(strict UTF-8 JSON in, atomic owner-only writes out). The per-field checks live in :mod:`bodymaps.exam.checks`.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from bodymaps.exam.checks import (
    EXAM_FIELDS,
    FORMAT,
    KIND_NOUN,
    PATIENT_FIELDS,
    SECTION_KIND,
    SECTIONS,
    VALUE_RULES,
    VERSION,
    ExamError,
    check_exam_field,
    check_id,
    check_notes,
    check_patient_field,
    check_side,
    check_value,
    check_zone_finding,
    ids,
    is_sided,
    join_path,
    missing,
    refusal,
    show,
)
from bodymaps.exam.model import NOT_TESTED, Exam, ExamInfo, Patient, SensoryFinding
from bodymaps.files import FolderNotWritable, read_regular_file, write_private_atomic
from bodymaps.vocabulary import SIDES

__all__ = ["ExamError", "exam_to_dict", "load_exam", "parse_exam", "save_exam", "show", "validate_exam"]

# --------------------------------------------------------------------------------------------- parsing


def _object(value: object, field: str, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise refusal(field, value, "is not an object", what)
    for key in value:
        if not isinstance(key, str):
            raise refusal(field, key, "is not a key", "text keys only")
    return value


def _no_unknown_keys(obj: dict[str, Any], allowed: tuple[str, ...], field: str, what: str) -> None:
    for key in obj:
        if key not in allowed:
            raise refusal(join_path(field, key), key, f"is not a {what}", ", ".join(allowed))


def _check_header(data: dict[str, Any]) -> None:
    if "format" not in data:
        raise missing("format", f'"{FORMAT}"')
    if data["format"] != FORMAT or not isinstance(data["format"], str):
        raise refusal("format", data["format"], "is not a BodyMaps exam", f'"{FORMAT}"')
    if "version" not in data:
        raise missing("version", str(VERSION))
    version = data["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ExamError(
            f"version: this document was written by a newer BodyMaps (version {version}); "
            f"this one reads version {VERSION}",
            field="version",
            value=version,
        )
    if version != VERSION or isinstance(version, bool) or not isinstance(version, int):
        raise refusal("version", version, "is not a format version", str(VERSION))


def _parse_fields(raw: object, section: str, fields: tuple[str, ...], check: Any) -> dict[str, Any]:
    """The ``patient`` or ``exam`` object: known fields only, each checked, none null."""
    obj = _object(raw, section, f"an object with {', '.join(fields)}")
    _no_unknown_keys(obj, fields, section, f"{section} field")
    values = {k: check(k, v) for k, v in obj.items()}
    for key, value in values.items():
        if value is None:
            raise refusal(f"{section}.{key}", None, "is not a value", "leave the field out when unknown")
    return values


def _parse_patient(raw: object) -> Patient:
    return Patient(**_parse_fields(raw, "patient", PATIENT_FIELDS, check_patient_field))


def _parse_exam_info(raw: object) -> ExamInfo:
    return ExamInfo(**_parse_fields(raw, "exam", EXAM_FIELDS, check_exam_field))


def _parse_sensory(raw: object) -> list[SensoryFinding]:
    if not isinstance(raw, list):
        raise refusal("sensory", raw, "is not a list", 'a list of {"zone": ..., "side": ..., "kind": ...}')
    found: list[SensoryFinding] = []
    keys = ("zone", "side", "kind")
    for i, entry in enumerate(raw):
        field = f"sensory[{i}]"
        obj = _object(entry, field, 'an object {"zone": ..., "side": ..., "kind": ...}')
        _no_unknown_keys(obj, keys, field, "sensory field")
        for key in keys:
            if key not in obj:
                allowed = {"zone": ", ".join(ids("zone")), "side": "left, right or midline (perineum)",
                           "kind": ", ".join(ids("sensory_kind"))}[key]  # fmt: skip
                raise missing(f"{field}.{key}", allowed)
        finding = check_zone_finding(obj["zone"], obj["side"], obj["kind"], field)
        if finding not in found:  # an identical repeat adds nothing
            found.append(finding)
    return found


def _parse_sided(section: str, item: str, raw: object, field: str) -> dict[str, int | str]:
    if raw == NOT_TESTED and isinstance(raw, str):  # "a value may also be not_tested": neither side examined
        return dict.fromkeys(SIDES, NOT_TESTED)
    what = "test" if section == "tests" else SECTION_KIND[section]
    obj = _object(raw, field, f'{{"left": ..., "right": ...}} (a sided {what}; either side may be left out)')
    values: dict[str, int | str] = {}
    for side, value in obj.items():
        check_side(side, join_path(field, side))
        values[side] = check_value(section, item, value, f"{field}.{side}")
    return values


def _parse_findings(section: str, raw: object) -> dict[str, Any]:
    kind = SECTION_KIND[section]
    obj = _object(raw, section, f"an object of {KIND_NOUN[kind]} ids")
    out: dict[str, Any] = {}
    for item, value in obj.items():
        check_id(kind, item, join_path(section, item))
        field = f"{section}.{item}"
        if is_sided(section, item):
            sided = _parse_sided(section, item, value, field)
            if sided:  # {} records nothing
                out[item] = sided
        else:
            if isinstance(value, dict):
                raise refusal(field, value, "is not a value (this test is unsided)", VALUE_RULES["result"][0])
            out[item] = check_value(section, item, value, field)
    return out


def _parse_id_list(section: str, raw: object) -> list[str]:
    kind = SECTION_KIND[section]
    if not isinstance(raw, list):
        raise refusal(section, raw, "is not a list", f"a list of {KIND_NOUN[kind]} ids")
    out: list[str] = []
    for i, item in enumerate(raw):
        check_id(kind, item, f"{section}[{i}]")
        if item not in out:
            out.append(item)
    return out


def _check_extension(key: str, value: object) -> object:
    try:
        json.dumps({key: value}, allow_nan=False, ensure_ascii=False).encode("utf-8")  # the key too
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError (a lone surrogate) is a ValueError
        raise refusal(key, value, "is not plain JSON", "any JSON value in valid Unicode") from None
    return copy.deepcopy(value)


def parse_exam(data: object) -> Exam:
    """Check a decoded JSON document against format v1 and return it as an :class:`Exam`.

    Raises :class:`ExamError` (and nothing else) for anything the format does not allow; nothing is half-read.
    Identical repeated sensory findings and repeated history/red-flag ids are dropped, order kept; an empty
    ``{}`` for a reflex, muscle or sided test records nothing.
    """
    if not isinstance(data, dict):
        raise ExamError(
            f"the document is {show(data)}, not a JSON object; allowed: an exam object", value=data
        )
    for key in data:
        if not isinstance(key, str):
            raise refusal("(top level)", key, "is not a key", "text keys only")
    _check_header(data)
    exam = Exam()
    for key, value in data.items():
        if key in ("format", "version"):
            continue
        if key.startswith("x-"):
            exam.extensions[key] = _check_extension(key, value)
        elif key == "patient":
            exam.patient = _parse_patient(value)
        elif key == "exam":
            exam.info = _parse_exam_info(value)
        elif key == "sensory":
            exam.sensory = _parse_sensory(value)
        elif key in ("reflexes", "motor", "tests"):
            setattr(exam, key, _parse_findings(key, value))
        elif key in ("history", "red_flags"):
            setattr(exam, key, _parse_id_list(key, value))
        elif key == "notes":
            exam.notes = check_notes(value)
        else:
            allowed = ", ".join(("format", "version", *SECTIONS)) + ' or a key starting with "x-"'
            raise refusal(key, key, "is not a section of an exam", allowed)
    return exam


# --------------------------------------------------------------------------------------------- writing


def _order(kind: str, keys: list[str]) -> list[str]:
    rank = {term_id: i for i, term_id in enumerate(ids(kind))}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), k))


def exam_to_dict(exam: Exam) -> dict[str, Any]:
    """The canonical v1 document for ``exam``: empty sections left out, ids in vocabulary order.

    ``parse_exam(exam_to_dict(e)) == e`` for every exam ``parse_exam`` or the edits can produce.
    """
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    patient = {k: getattr(exam.patient, k) for k in PATIENT_FIELDS if getattr(exam.patient, k) is not None}
    if patient:
        out["patient"] = patient
    info = {k: getattr(exam.info, k) for k in EXAM_FIELDS if getattr(exam.info, k) is not None}
    if info:
        out["exam"] = info
    if exam.sensory:
        out["sensory"] = [{"zone": f.zone, "side": f.side, "kind": f.kind} for f in exam.sensory]
    for section in ("reflexes", "motor", "tests"):
        findings: dict[str, Any] = getattr(exam, section)
        written: dict[str, Any] = {}
        for item in _order(SECTION_KIND[section], list(findings)):
            value = findings[item]
            if isinstance(value, dict):
                sides = {s: value[s] for s in (*SIDES, *sorted(set(value) - set(SIDES))) if s in value}
                if sides:
                    written[item] = sides
            else:
                written[item] = value
        if written:
            out[section] = written
    if exam.history:
        out["history"] = list(exam.history)
    if exam.red_flags:
        out["red_flags"] = list(exam.red_flags)
    if exam.notes:
        out["notes"] = exam.notes
    for key, value in exam.extensions.items():
        out[key] = copy.deepcopy(value)
    return out


def validate_exam(exam: Exam) -> None:
    """Raise :class:`ExamError` unless ``exam`` (however it was built) is a valid v1 document."""
    try:
        parse_exam(exam_to_dict(exam))
    except ExamError:
        raise
    except Exception as exc:  # a hand-built Exam with the wrong types in it
        raise ExamError(f"the exam cannot be written as format v1: {exc}") from exc


# --------------------------------------------------------------------------------------------- files


class _Object(dict[str, Any]):
    """A decoded JSON object that remembers the first key it saw twice (reported with its path afterwards)."""

    duplicate: str | None = None


def _keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Object()
    for key, value in pairs:
        if key in out and out.duplicate is None:
            out.duplicate = key
        out[key] = value
    return out


def _first_duplicate(node: object, path: str = "") -> tuple[str, str] | None:
    """(field path, key) of the first object in the document that has a key twice."""
    if isinstance(node, _Object) and node.duplicate is not None:
        return join_path(path, node.duplicate), node.duplicate
    children: Any = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found = _first_duplicate(child, f"{path}[{key}]" if isinstance(key, int) else join_path(path, key))
        if found:
            return found
    return None


def _reject_constant(name: str) -> object:
    raise ExamError(f"{name} is not valid JSON", value=name)


MAX_EXAM_BYTES = 4 * 1024 * 1024  # far beyond any exam; a bigger "exam" is refused before it is read


def load_exam(path: str | os.PathLike[str]) -> Exam:
    """Read and check one ``*.bodymaps.json`` file; every problem is an :class:`ExamError` naming the file.

    Only a regular file of at most MAX_EXAM_BYTES is read: a named pipe, a device or a symbolic link loop is
    refused with a message that says which (it never blocks), and so is a larger file.
    """
    path = Path(path)
    try:
        raw = read_regular_file(path, MAX_EXAM_BYTES)
    except OSError as exc:
        raise ExamError(f"{path}: cannot read the file: {exc.strerror or exc}", value=str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExamError(
            f"{path}: not UTF-8 text (byte {exc.start} is {raw[exc.start : exc.start + 1]!r}); "
            "save the file as UTF-8",
            value=str(path),
        ) from exc
    try:
        data = json.loads(text, object_pairs_hook=_keep_duplicates, parse_constant=_reject_constant)
        duplicate = _first_duplicate(data)
        if duplicate:
            field, key = duplicate
            raise ExamError(f"{field}: the key {show(key)} appears twice in one object; allowed: each key once",
                            field=field, value=key)
        return parse_exam(data)
    except json.JSONDecodeError as exc:
        raise ExamError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", value=str(path)
        ) from exc
    except RecursionError as exc:
        raise ExamError(f"{path}: the JSON is nested too deeply", value=str(path)) from exc
    except ExamError as exc:
        raise ExamError(f"{path}: {exc}", field=exc.field, value=exc.value) from exc
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        problem = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise ExamError(f"{path}: invalid JSON: {problem}", value=str(path)) from exc


def save_exam(exam: Exam, path: str | os.PathLike[str]) -> None:
    """Write ``exam`` to ``path`` atomically: all or nothing, UTF-8, indent 2, readable by the owner only.

    The text goes to a temporary file in the same folder, is flushed to disk and then renamed over ``path``,
    so a crash or a full disk leaves any previous file untouched. An invalid exam is refused before writing.
    When ``path`` is a symbolic link, the file it points to is replaced (atomically, in its own folder) and the
    link stays; a link to a device, a folder or nowhere, or a link loop, is refused (see :mod:`bodymaps.files`).
    """
    path = Path(path)
    validate_exam(exam)
    text = json.dumps(exam_to_dict(exam), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        write_private_atomic(path, text)
    except UnicodeEncodeError as exc:  # validate_exam refuses lone surrogates; this is a last line of defence
        raise ExamError(f"{path}: cannot save: the exam contains text that is not valid Unicode",
                        value=str(path)) from exc
    except FolderNotWritable as exc:
        raise ExamError(f"{path}: cannot save here: {exc.strerror or exc}", value=str(path)) from exc
    except OSError as exc:
        raise ExamError(f"{path}: cannot save: {exc.strerror or exc}", value=str(path)) from exc
