"""The reference suite's red-flag expectations are consistent with the findings each case records: a case whose
findings raise a flag expects it, and an expected flag has a finding of its own (tests/cases/, see
test_reference_cases.py). Needs neither the document loader nor the engine."""

from __future__ import annotations

import pytest

from tests.test_reference_cases import CASE_FILES, _case_id, _raw_case


def _sided_values(doc: dict, section: str):
    for item, by_side in doc.get(section, {}).items():
        if isinstance(by_side, dict):
            for side, value in by_side.items():
                yield item, side, value


def _implied_red_flag_findings(doc: dict) -> dict[str, list[str]]:
    """Per red-flag id, the findings of the document that imply it whether or not anything was ticked
    (exam-format.md, clinical-evidence.md §5). Independent of the engine: a plain reading of §5."""
    found: dict[str, list[str]] = {}
    for i, finding in enumerate(doc.get("sensory", [])):
        if finding.get("zone") == "perineum":
            flag = "perineal_pain" if finding.get("kind") == "pain" else "saddle_anesthesia"
            found.setdefault(flag, []).append(f"sensory[{i}] perineum")
    brisk: dict[str, set] = {}
    for reflex, side, value in _sided_values(doc, "reflexes"):
        if value == "upgoing" or (isinstance(value, int) and value >= 4):
            found.setdefault("upper_motor_neuron_signs", []).append(f"reflexes.{reflex}.{side}={value}")
        if isinstance(value, int) and value >= 3:
            brisk.setdefault(reflex, set()).add(side)
    for reflex, sides in brisk.items():
        if sides == {"left", "right"}:
            found.setdefault("upper_motor_neuron_signs", []).append(f"reflexes.{reflex} brisk on both sides")
    deficit_sides: set = set()
    for muscle, side, value in _sided_values(doc, "motor"):
        if isinstance(value, int) and value <= 3:
            found.setdefault("severe_motor_deficit", []).append(f"motor.{muscle}.{side}={value}")
        if isinstance(value, int) and value <= 4:
            deficit_sides.add(side)
    reflexes = doc.get("reflexes", {})
    for reflex, side, value in _sided_values(doc, "reflexes"):
        other = reflexes[reflex].get({"left": "right", "right": "left"}.get(side))
        if isinstance(value, int) and isinstance(other, int) and value <= 1 and value < other:
            deficit_sides.add(side)
    for finding in doc.get("sensory", []):
        if finding.get("kind") == "numbness" and finding.get("zone") != "perineum":
            deficit_sides.add(finding.get("side"))
    areflexic = all(
        isinstance(reflexes.get(r, {}).get(side), int) and reflexes[r][side] <= 1
        for r in ("patellar", "achilles")
        for side in ("left", "right")
    )
    if areflexic and "progressive_weakness" in doc.get("red_flags", []):
        found["acute_polyradiculoneuropathy"] = ["progressive weakness with knee and ankle jerks lost on both sides"]
    if {"left", "right"} <= deficit_sides:
        # only read when a flag is expected: the engine exempts a symmetric stocking pattern, this plain reading not
        found["bilateral_radicular_deficit"] = ["deficits on both sides"]
    tension_sides = {
        side
        for test in ("straight_leg_raise", "crossed_straight_leg_raise", "slump")
        for side, value in (doc.get("tests", {}).get(test) or {}).items()
        if value == "positive"
    }
    if {"left", "right"} <= tension_sides and deficit_sides:
        # clinical-evidence.md §5: bilateral sciatica (tension signs on both sides) with a neurological deficit
        found.setdefault("bilateral_radicular_deficit", []).append("bilateral sciatica with a deficit")
    return found


def flag_expectation_problems(doc: dict) -> list[str]:
    """Each expected flag id must be ticked or implied by a finding that implies *that* flag (not by any implying
    finding); a case expecting no flag may tick none and show no implying finding."""
    case = doc["x-case"]
    ticked = doc.get("red_flags", [])
    implied = _implied_red_flag_findings(doc)
    problems = []
    if case["red_flag"]:
        if not (ticked or implied):
            problems.append("red_flag is true but nothing is ticked or implied")
        for flag_id in case["red_flag_ids"]:
            if flag_id not in ticked and not implied.get(flag_id):
                problems.append(f"{flag_id} expected but neither ticked nor implied by a finding of its own "
                                f"(implied: {sorted(implied)})")
    else:
        implied.pop("bilateral_radicular_deficit", None)  # a length-dependent stocking pattern is exempt
        if ticked:
            problems.append(f"red_flag is false but {ticked} are ticked")
        if implied:
            problems.append(f"red_flag is false but findings imply one: {implied}")
    return problems


@pytest.mark.parametrize("path", CASE_FILES, ids=[_case_id(p) for p in CASE_FILES])
def test_case_red_flag_expectations_are_self_consistent(path):
    problems = flag_expectation_problems(_raw_case(path))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_an_expected_flag_needs_a_finding_of_its_own():
    """The old check accepted any implied finding for any expected flag: an upgoing plantar 'implied' saddle
    anaesthesia. Now each expected id needs its own tick or finding."""
    doc = {
        "reflexes": {"babinski": {"left": "upgoing"}},
        "x-case": {"red_flag": True, "red_flag_ids": ["saddle_anesthesia"]},
    }
    assert any("saddle_anesthesia expected" in p for p in flag_expectation_problems(doc))
    doc["sensory"] = [{"zone": "perineum", "side": "midline", "kind": "numbness"}]
    assert flag_expectation_problems(doc) == []
