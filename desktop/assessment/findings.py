"""Readable text for the engine's spec-style findings ("motor.hip_abduction.left=4" -> "Hip abduction (left): 4")."""

from __future__ import annotations

from functools import cache

from bodymaps.engine.result import finding_parts
from bodymaps.vocabulary import vocabulary

_KINDS = {"reflexes": "reflex", "motor": "motor", "tests": "test", "history": "history", "red_flags": "red_flag"}
_VALUES = {"upgoing": "upgoing", "downgoing": "downgoing", "positive": "positive", "negative": "negative"}


@cache
def describe(finding: str) -> str:
    section, item, side, value = finding_parts(finding)
    if section is None or item is None:
        return finding[:1].upper() + finding[1:]
    voc = vocabulary()
    where = "" if side in (None, "midline") else f" ({side})"
    try:
        if section == "sensory":
            kind = voc.label("sensory_kind", str(value)).split(" (")[0] if value is not True else "Finding"
            return f"{kind}: {voc.label('zone', item)}{where}"
        label = voc.label(_KINDS[section], item)
    except KeyError:
        return finding
    if section == "history":
        return f"History: {label}"
    if section == "red_flags":
        return f"Red flag ticked: {label}"
    if value is True or value is None:
        return f"{label}{where}"
    if section == "motor":
        return f"{label}{where}: MRC {value}"
    return f"{label}{where}: {_VALUES.get(str(value), value)}"


def control_of(finding: str) -> tuple[str | None, str | None, str | None]:
    """(section, item, side) of a finding or suggestion, to take the user to the control that records it."""
    section, item, side, _ = finding_parts(finding)
    return section, item, side
