"""Questions with their answer keys and explanations, generated from the atlas and the teaching banks.

``generate(kind, count, seed, map_id)`` is deterministic: the same arguments give the same questions. The
geometry a question refers to (the territory to click, the highlighted area) is named, never copied: graders
and the app look it up in the atlas (``bodymaps.teach.geometry``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bodymaps.atlas import Atlas
from bodymaps.teach.bank import Bank
from bodymaps.teach.geometry import (
    MIN_AREA_CM2,
    ROOTS,
    cm2,
    exclusive_geometry,
    nerve_geometry,
    root_geometry,
    roots_of_map,
    views_with_root,
)
from bodymaps.teach.kinds import KINDS
from bodymaps.vocabulary import vocabulary

ITEM_ROOT_CHOICES = ("L2", "L3", "L4", "L5", "S1", "S2")
MIN_HIGHLIGHT_CM2 = 3.0


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    map: str
    view: str | None
    choices: tuple[str, ...]  # roots to pick from (case: also data["conditions"])
    answer: dict[str, Any]  # the key: "root"/"roots", "nerve", "condition", ...
    explanation: str
    source: str
    data: dict[str, Any] = field(default_factory=dict)  # what to show: highlight, item, exam document

    @property
    def accepted_roots(self) -> tuple[str, ...]:
        roots = self.answer.get("roots")
        if roots:
            return tuple(roots)
        root = self.answer.get("root")
        return (root,) if root else ()

    @property
    def expected_root(self) -> str | None:
        """The root this question is about (for the per-root results); None for a non-root answer."""
        accepted = self.accepted_roots
        return accepted[0] if accepted else None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "prompt": self.prompt, "map": self.map, "view": self.view,
                "choices": list(self.choices), "answer": self.answer, "explanation": self.explanation,
                "source": self.source, "data": self.data}


def _pick(rng: random.Random, pool: Sequence[Any], count: int) -> list[Any]:
    """``count`` items from ``pool``: shuffled rounds, so every item comes up before any repeats."""
    out: list[Any] = []
    while len(out) < count and pool:
        batch = list(pool)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:count]


def root_summary(atlas: Atlas, map_id: str, root: str, threshold: float = 0.5) -> str:
    """Zones (labels) that this map gives mostly to the root, from the derived zone weights."""
    voc = vocabulary()
    weights = atlas.zone_root_weights(map_id)
    zones = [z for z, w in weights.items() if w.get(root, 0.0) >= threshold]
    zones.sort(key=lambda z: -weights[z][root])
    return ", ".join(voc.label("zone", z).lower() for z in zones) or "no zone mostly"


def _map_note(atlas: Atlas, map_id: str, root: str) -> str:
    info = atlas.maps[map_id]
    supplement = info.supplements.get(root, "")
    return f"{info.label}: {info.method} {supplement}".strip()


# -------------------------------------------------------------------------------------------- generators
def _dermatome_click(atlas: Atlas, bank: Bank, map_id: str, rng: random.Random, count: int) -> list[Question]:
    pool = [(root, view) for root in roots_of_map(atlas, map_id) for view in views_with_root(atlas, map_id, root)]
    out = []
    info = atlas.maps[map_id]
    for root, view in _pick(rng, pool, count):
        area = cm2(atlas, view, root_geometry(atlas, map_id, view, root))
        out.append(Question(
            id=f"dermatome-click:{map_id}:{view}:{root}", kind="dermatome-click",
            prompt=f"Click the {root} dermatome ({atlas.view(view).label.lower()}, {info.label}).",
            map=map_id, view=view, choices=(),
            answer={"root": root, "view": view, "accepted_area_cm2": round(area, 1)},
            explanation=(f"On this map {root} covers {area:.0f} cm² of the {atlas.view(view).label.lower()}, "
                         f"mostly the {root_summary(atlas, map_id, root)}. Any point inside it counts. "
                         f"{info.blank_areas}"),
            source=info.citation))
    return out


def _area_root(atlas: Atlas, bank: Bank, map_id: str, rng: random.Random, count: int) -> list[Question]:
    pool = []
    for root in roots_of_map(atlas, map_id):
        for view in views_with_root(atlas, map_id, root):
            for side in ("left", "right"):
                if cm2(atlas, view, exclusive_geometry(atlas, map_id, view, root, side)) >= MIN_HIGHLIGHT_CM2:
                    pool.append((root, view, side))
    choices = tuple(roots_of_map(atlas, map_id))
    out = []
    for root, view, side in _pick(rng, pool, count):
        geom = exclusive_geometry(atlas, map_id, view, root, side)
        point = geom.representative_point()
        out.append(Question(
            id=f"area-root:{map_id}:{view}:{side}:{root}", kind="area-root",
            prompt=f"Which root supplies the highlighted area (patient's {side}) on the {info_label(atlas, map_id)} map?",
            map=map_id, view=view, choices=choices,
            answer={"root": root},
            explanation=(f"This map gives the highlighted skin to {root} alone: {root} covers the "
                         f"{root_summary(atlas, map_id, root)}. {_map_note(atlas, map_id, root)}"),
            source=atlas.maps[map_id].citation,
            data={"highlight": {"view": view, "side": side, "root": root, "area_cm2": round(cm2(atlas, view, geom), 1),
                                "point": [round(point.x, 1), round(point.y, 1)]}}))
    return out


def info_label(atlas: Atlas, map_id: str) -> str:
    return atlas.maps[map_id].label


def _item_questions(kind: str) -> Callable[[Atlas, Bank, str, random.Random, int], list[Question]]:
    def generate(atlas: Atlas, bank: Bank, map_id: str, rng: random.Random, count: int) -> list[Question]:
        facts = [f for f in bank.items if f.kind == ("motor" if kind == "myotome" else "reflex")]
        out = []
        for fact in _pick(rng, facts, count):
            what = f"{fact.label.lower()} ({fact.muscle})" if kind == "myotome" else f"the {fact.label} reflex"
            choices = tuple(r for r in ROOTS if r in ITEM_ROOT_CHOICES or r in fact.roots)
            also = f" {', '.join(fact.also)} also contribute{'s' if len(fact.also) == 1 else ''}." if fact.also else ""
            key = " It is an ISNCSCI key muscle." if fact.isncsci else ""
            out.append(Question(
                id=f"{kind}:{fact.item}", kind=kind,
                prompt=f"Which root does {what} test?", map=map_id, view=None, choices=choices,
                answer={"roots": list(fact.roots), "item": fact.item},
                explanation=f"{fact.explanation}{also}{key} Nerve: {fact.nerve}.",
                source=fact.source,
                data={"item": {"kind": fact.kind, "id": fact.item, "label": fact.label, "muscle": fact.muscle,
                               "nerve": fact.nerve}}))
        return out

    return generate


def _nerve_vs_root(atlas: Atlas, bank: Bank, map_id: str, rng: random.Random, count: int) -> list[Question]:
    out = []
    nerve_choices = tuple(bank_pair.nerve for bank_pair in bank.nerve_pairs)
    for pair in _pick(rng, bank.nerve_pairs, count):
        view = max(atlas.views, key=lambda v: cm2(atlas, v, nerve_geometry(atlas, v, pair.nerve)))
        side = rng.choice(("left", "right"))
        territory = nerve_geometry(atlas, view, pair.nerve, side)
        overlap = {}
        for root in ROOTS:
            shared = cm2(atlas, view, territory.intersection(root_geometry(atlas, map_id, view, root, side)))
            if shared >= MIN_AREA_CM2:
                overlap[root] = round(shared, 1)
        info = atlas.nerves[pair.nerve]
        out.append(Question(
            id=f"nerve-vs-root:{map_id}:{pair.nerve}", kind="nerve-vs-root",
            prompt=("The highlighted area is a peripheral nerve's territory. Which nerve is it, and which root's "
                    "dermatome covers the same skin?"),
            map=map_id, view=view, choices=tuple(ROOTS[:7]),
            answer={"nerve": pair.nerve, "roots": list(pair.roots)},
            explanation=(f"{info.label} (roots {info.roots}, trunk {info.trunk.replace('_', ' ')}). "
                         f"{pair.explanation}"),
            source=f"{pair.source}; territory: {info.source}",
            data={"nerves": list(nerve_choices), "highlight": {
                "view": view, "side": side, "nerve": pair.nerve,
                "area_cm2": round(cm2(atlas, view, territory), 1), "overlap_cm2": overlap}}))
    return out


GENERATORS: dict[str, Callable[[Atlas, Bank, str, random.Random, int], list[Question]]] = {
    "dermatome-click": _dermatome_click,
    "area-root": _area_root,
    "myotome": _item_questions("myotome"),
    "reflex": _item_questions("reflex"),
    "nerve-vs-root": _nerve_vs_root,
}


def generate(kind: str | None, count: int, seed: int, map_id: str, atlas: Atlas | None = None,
             bank: Bank | None = None) -> list[Question]:
    """``count`` questions of one kind (every kind in turn when ``kind`` is None), reproducible from ``seed``."""
    from bodymaps.atlas import load_atlas
    from bodymaps.teach.bank import load_bank

    atlas = atlas or load_atlas()
    bank = bank or load_bank()
    atlas.check_map(map_id)
    if kind is not None and kind not in KINDS:
        raise KeyError(f"unknown question kind {kind!r}; allowed: {', '.join(KINDS)}")
    kinds = [kind] if kind else list(KINDS)
    per_kind = {k: count // len(kinds) + (1 if i < count % len(kinds) else 0) for i, k in enumerate(kinds)}
    made: dict[str, list[Question]] = {}
    for k in kinds:
        rng = random.Random(f"{seed}:{k}:{map_id}")
        if k == "case":
            from bodymaps.teach.cases import case_questions

            made[k] = case_questions(atlas, bank, map_id, rng, per_kind[k])
        else:
            made[k] = GENERATORS[k](atlas, bank, map_id, rng, per_kind[k])
    # interleave kinds so a mixed quiz alternates
    out: list[Question] = []
    for i in range(max(per_kind.values(), default=0)):
        out.extend(made[k][i] for k in kinds if i < len(made[k]))
    return out
