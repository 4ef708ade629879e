"""Case questions: reference cases from data/teach/cases, and cases generated from the knowledge base.

Generation samples a condition, then findings from that condition's own rules (data/knowledge/*.csv: the
rows with a positive weight, each taken with a fixed probability, its value chosen to satisfy the row's
``when``), on a normal neurological baseline. A case is kept only when the engine ranks the sampled condition
(and, for a radiculopathy, its root and side) first, so the answer key and the engine's feedback agree. Hard
mimic pairs (data/teach/mimics.csv) come up on purpose, and are kept only when the partner is in the top 3.
"""

from __future__ import annotations

import csv
import random
from functools import cache
from typing import Any

from bodymaps.atlas import Atlas
from bodymaps.engine import assess, load_knowledge
from bodymaps.engine.knowledge import Rule
from bodymaps.exam import Exam, parse_exam
from bodymaps.resources import data_path
from bodymaps.teach.bank import ROOT_OF_CONDITION, Bank, Mimic
from bodymaps.teach.geometry import ROOTS
from bodymaps.teach.questions import Question
from bodymaps.vocabulary import vocabulary

GENERATED_CONDITIONS = (
    *ROOT_OF_CONDITION,
    "common_fibular_neuropathy",
    "femoral_neuropathy",
    "meralgia_paresthetica",
    "piriformis_syndrome",
    "sacroiliac_joint_dysfunction",
    "hip_osteoarthritis",
    "greater_trochanteric_pain_syndrome",
)
TAKE_PROBABILITY = 0.7
ATTEMPTS = 60
BASELINE_REFLEXES = ("patellar", "achilles", "medial_hamstring")
NO_ROOT = "none"


class CaseGenerationError(RuntimeError):
    """The knowledge base could not produce a case the engine ranks as intended."""


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


class _Builder:
    """An exam document under construction (plain JSON, format v1)."""

    def __init__(self, rng: random.Random, atlas: Atlas, map_id: str, side: str) -> None:
        self.rng, self.atlas, self.map_id, self.side = rng, atlas, map_id, side
        self.voc = voc = vocabulary()
        self.motor: dict[str, dict[str, int]] = {m: {"left": 5, "right": 5} for m in voc.ids("motor")}
        self.reflexes: dict[str, dict[str, int | str]] = {r: {"left": 2, "right": 2} for r in BASELINE_REFLEXES}
        self.reflexes["babinski"] = {"left": "downgoing", "right": "downgoing"}
        self.tests: dict[str, Any] = {}
        self.sensory: dict[tuple[str, str], str] = {}
        self.history: list[str] = []
        self.red_flags: list[str] = []
        self.patient: dict[str, Any] = {"age": rng.randint(28, 66), "sex": rng.choice(("female", "male"))}
        self.used: list[str] = []

    def sides(self, rule: Rule) -> list[str]:
        if rule.side == "bilateral":
            return ["left", "right"]
        return [_other(self.side)] if rule.side == "contralateral" else [self.side]

    def kind(self, when: str) -> str:
        kinds = [k for k in when.split("|") if k in ("pain", "numbness", "paresthesia")]
        return self.rng.choice(kinds or ["numbness", "paresthesia", "pain"])

    def zones_for(self, rule: Rule) -> list[str]:
        if rule.section in ("sensory", "variable"):
            return list(rule.items)
        if rule.section == "dermatome":
            weights = self.atlas.zone_root_weights(self.map_id)
            return [z for z, w in weights.items() if w.get(rule.target, 0.0) >= 0.5 and z != "perineum"]
        if rule.section == "territory":
            nerve = self.atlas.zone_nerve_weights()
            trunk = rule.items[0]
            return [z for z, w in nerve.items()
                    if sum(v for n, v in w.items() if self.atlas.nerve_trunk(n) == trunk) >= 0.5]
        return []

    def apply(self, rule: Rule) -> bool:
        """Add a finding that satisfies the rule; False when the rule cannot be turned into one."""
        when, section = rule.when.text, rule.section
        if len(rule.items) > 3 and section in ("motor", "reflexes"):
            return False  # generic "every muscle" rows describe a normal exam, which the baseline already is
        if section in ("sensory", "variable", "dermatome", "territory"):
            zones = self.zones_for(rule)
            if not zones:
                return False
            for zone in self.rng.sample(zones, min(len(zones), self.rng.randint(1, 3))):
                sides = ["midline"] if zone == "perineum" else self.sides(rule)
                kind = self.kind(when)
                for s in sides:
                    self.sensory[(zone, s)] = kind
                self.said(f"{kind} of the {self.voc.label('zone', zone).lower()}", sides)
        elif section == "motor":
            value = 5 if when == "=5" else self.rng.choice((3, 4, 4))
            item = self.rng.choice(rule.items)
            for s in self.sides(rule):
                self.motor[item][s] = value
            self.said(f"{self.voc.label('motor', item).lower()} MRC {value}", self.sides(rule))
        elif section == "reflexes":
            item = self.rng.choice(rule.items)
            values: dict[str, int | str] = {"<=1": self.rng.choice((0, 1)), "asym_lower": 1, "=2": 2, ">=3": 3,
                                            "=4": 4, "=upgoing": "upgoing"}
            if when not in values:
                return False
            for s in self.sides(rule):
                self.reflexes.setdefault(item, {"left": 2, "right": 2})[s] = values[when]
            self.said(f"{self.voc.label('reflex', item)} reflex {values[when]}", self.sides(rule))
        elif section == "tests":
            item = self.rng.choice(rule.items)
            result = when.lstrip("=")
            if self.voc.term("test", item).laterality == "sided":
                entry = self.tests.setdefault(item, {})
                for s in self.sides(rule):
                    entry[s] = result
                self.said(f"{self.voc.label('test', item)} {result}", self.sides(rule))
            else:
                self.tests[item] = result
                self.said(f"{self.voc.label('test', item)} {result}", [])
        elif section in ("history", "red_flags"):
            target = self.history if section == "history" else self.red_flags
            item = self.rng.choice(rule.items)
            if item not in target:
                target.append(item)
                self.said(self.voc.label("history" if section == "history" else "red_flag", item), [])
        elif section == "patient":
            if rule.items[0] == "age" and when.startswith(">="):
                self.patient["age"] = int(when[2:]) + self.rng.randint(0, 12)
                self.said(f"age {self.patient['age']}", [])
            elif rule.items[0] == "sex" and when.startswith("="):
                self.patient["sex"] = when[1:]
                self.said(when[1:], [])
            else:
                return False
        else:
            return False
        return True

    def said(self, text: str, sides: list[str]) -> None:
        where = " and ".join(sides)
        line = f"{text} ({where})" if where else text
        if line not in self.used:
            self.used.append(line)

    def document(self, title: str) -> dict[str, Any]:
        return {
            "format": "bodymaps.exam", "version": 1, "patient": self.patient,
            "exam": {"examiner": "generated by bodymaps.teach"},
            "sensory": [{"zone": z, "side": s, "kind": k} for (z, s), k in sorted(self.sensory.items())],
            "reflexes": self.reflexes, "motor": self.motor, "tests": self.tests,
            "history": self.history, "red_flags": self.red_flags, "x-teach": {"title": title},
        }


# Conditions whose weakness and reflexes engine v2 reads through its lesion model (data/knowledge/anatomy_*.csv)
# rather than rule rows: the generator draws those findings from the same anatomy.
LESION_NERVES = {
    "femoral_neuropathy": ("femoral",),
    "common_fibular_neuropathy": ("common_fibular", "deep_fibular", "superficial_fibular"),
}


@cache
def _anatomy() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    def rows(name: str) -> list[dict[str, str]]:
        with data_path("knowledge", name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    return rows("anatomy_muscles.csv"), rows("anatomy_reflexes.csv")


def _lesion_findings(condition: str) -> tuple[list[str], list[str]]:
    """(muscle actions, reflexes) the condition's lesion weakens or reduces, by the engine's own anatomy."""
    muscles, reflexes = _anatomy()
    root = ROOT_OF_CONDITION.get(condition)
    nerves = LESION_NERVES.get(condition, ())

    def hit(row: dict[str, str]) -> bool:
        if root:
            return root in row["roots_major"].split("|")
        return bool(set(row["nerves_major"].split("|")) & set(nerves))

    return [r["action"] for r in muscles if hit(r)], [r["reflex"] for r in reflexes if hit(r)]


def _rules_for(condition: str) -> list[Rule]:
    kb = load_knowledge()
    rules = [r for r in kb.condition_rules if r.target == condition and r.weight > 0 and r.section != "root"]
    root = ROOT_OF_CONDITION.get(condition)
    if root:
        rules += [r for r in kb.root_rules if r.target == root and r.weight > 0]
    return rules


SKIN = ("sensory", "variable", "dermatome", "territory")
SHARED_PROBABILITY = 0.9  # a hard mimic case: most of what the pair share ...
TELLING_PROBABILITY = 0.3  # ... and few of the findings that tell them apart


def _shared(rule: Rule, partner_keys: set[tuple[str, str, str]]) -> bool:
    return rule.section in SKIN or any((rule.section, item, rule.when.text) in partner_keys for item in rule.items)


def generate_case(condition: str, atlas: Atlas, map_id: str, rng: random.Random,
                  partner: str | None = None) -> tuple[dict[str, Any], Exam, list[str], str]:
    """An exam the engine ranks ``condition`` first for; with a ``partner`` (a hard mimic) the case leans on
    what the two share, and the partner ranks in the engine's top 3 when the knowledge base allows it."""
    rules = _rules_for(condition)
    partner_keys = {(r.section, item, r.when.text) for r in _rules_for(partner) for item in r.items} if partner else set()
    root = ROOT_OF_CONDITION.get(condition)
    for attempt in range(2 * ATTEMPTS):
        need_partner = partner is not None and attempt < ATTEMPTS
        side = rng.choice(("left", "right"))
        builder = _Builder(rng, atlas, map_id, side)
        for rule in rules:
            if not partner:
                chance = TAKE_PROBABILITY
            else:
                chance = SHARED_PROBABILITY if _shared(rule, partner_keys) else TELLING_PROBABILITY
            if rng.random() < chance:
                builder.apply(rule)
        weak, reduced = _lesion_findings(condition)
        for action in weak:
            if rng.random() < TAKE_PROBABILITY:
                grade = rng.choice((3, 4, 4))
                builder.motor[action][side] = grade
                builder.said(f"{vocabulary().label('motor', action).lower()} MRC {grade}", [side])
        for reflex in reduced:
            if rng.random() < TAKE_PROBABILITY:
                builder.reflexes.setdefault(reflex, {"left": 2, "right": 2})[side] = 1
                builder.said(f"{vocabulary().label('reflex', reflex)} reflex 1", [side])
        if len(builder.used) < 3:
            continue
        doc = builder.document(vocabulary().label("condition", condition))
        exam = parse_exam(doc)
        result = assess(exam, map_id)
        top3 = [c.condition for c in result.differential[:3]]
        if top3[0] != condition or (need_partner and partner not in top3):
            continue
        if root and (result.roots[0].root, result.roots[0].side) != (root, side):
            continue
        return doc, exam, builder.used, side
    raise CaseGenerationError(f"could not generate a {condition} case the engine ranks first on {map_id}")


def _case_prompt(doc: dict[str, Any]) -> str:
    patient = doc.get("patient", {})
    who = " ".join(str(p) for p in (patient.get("age") and f"{patient['age']}-year-old", patient.get("sex")) if p)
    return (f"A {who or 'patient'}: the findings are on the diagram and the panels. Which root is affected "
            "(or none), and what is the diagnosis?")


def _question(qid: str, doc: dict[str, Any], map_id: str, condition: str, root: str | None, side: str | None,
              explanation: str, source: str, data: dict[str, Any]) -> Question:
    return Question(
        id=qid, kind="case", prompt=_case_prompt(doc), map=map_id, view=None, choices=(*ROOTS, NO_ROOT),
        answer={"condition": condition, "root": root, "side": side}, explanation=explanation, source=source,
        data={"exam": doc, "conditions": list(vocabulary().ids("condition")), **data})


def case_questions(atlas: Atlas, bank: Bank, map_id: str, rng: random.Random, count: int) -> list[Question]:
    """Reference cases, generated hard mimics and generated cases in turn."""
    refs = list(bank.cases)
    rng.shuffle(refs)
    out: list[Question] = []
    for i in range(count):
        mode = i % 3
        if mode == 0 and refs:
            case = refs[(i // 3) % len(refs)]
            out.append(_question(f"case:reference:{case.name}", case.document, map_id, case.condition, case.root,
                                 case.side, case.rationale, case.source,
                                 {"origin": "reference", "title": case.title}))
            continue
        mimic: Mimic | None = rng.choice(bank.mimics) if mode == 1 else None
        if mimic is not None:
            condition, partner = rng.choice(((mimic.root_condition, mimic.mimic), (mimic.mimic, mimic.root_condition)))
        else:
            condition, partner = rng.choice(GENERATED_CONDITIONS), None
        doc, exam, used, side = generate_case(condition, atlas, map_id, rng, partner)
        ranking = [c.condition for c in assess(exam, map_id).differential]
        partner_rank = ranking.index(partner) + 1 if partner else None
        root = ROOT_OF_CONDITION.get(condition)
        label = vocabulary().label("condition", condition)
        explanation = f"Generated from the knowledge base for {label}: {'; '.join(used)}."
        if mimic is not None:
            explanation += f" Hard mimic ({vocabulary().label('condition', partner or '')}): {mimic.explanation}"
        out.append(_question(f"case:generated:{map_id}:{i}:{condition}", doc, map_id, condition, root, side,
                             explanation, mimic.source if mimic else "data/knowledge rule tables (sources per row)",
                             {"origin": "generated", "title": label, "mimic": partner, "mimic_rank": partner_rank}))
    return out

