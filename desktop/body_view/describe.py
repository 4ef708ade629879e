"""What hovering a zone tells the clinician: its name, its roots in the current map (with coverage) and its
nerve territories. Plain text for the status bar, rich text for the tooltip; both from the atlas's derived
weights (``zone_root_weights``, ``zone_nerve_weights``), so what is said is what the engine reasons with."""

from __future__ import annotations

from bodymaps.atlas import Atlas
from bodymaps.vocabulary import vocabulary

MIN_SHOWN = 0.05  # coverage below this is left out of the text (it is still in the engine's weights)


def zone_name(zone: str, side: str) -> str:
    label = vocabulary().label("zone", zone)
    return label if side == "midline" else f"{label} ({side})"


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def zone_roots(atlas: Atlas, map_id: str, zone: str) -> tuple[list[tuple[str, float]], float]:
    """([(root, fraction)], fraction left blank) for a zone in one map, largest first."""
    weights = atlas.zone_root_weights(map_id).get(zone, {})
    roots = sorted(weights.items(), key=lambda kv: -kv[1])
    blank = max(0.0, 1.0 - sum(weights.values()))
    return roots, blank


def zone_nerves(atlas: Atlas, zone: str) -> list[tuple[str, float]]:
    weights = atlas.zone_nerve_weights().get(zone, {})
    return sorted(weights.items(), key=lambda kv: -kv[1])


def nerve_name(atlas: Atlas, nerve: str) -> str:
    info = atlas.nerves.get(nerve)
    return info.label.split(" (")[0] if info else nerve


def describe_zone(atlas: Atlas, map_id: str, zone: str, side: str) -> str:
    """One line: ``Dorsum of foot (left) · L5 86%, S1 9% (5% blank) · Superficial fibular nerve 95%``."""
    roots, blank = zone_roots(atlas, map_id, zone)
    shown = [f"{root} {_pct(w)}" for root, w in roots if w >= MIN_SHOWN]
    root_text = ", ".join(shown) if shown else "none drawn in this map"
    if blank >= MIN_SHOWN:
        root_text += f" ({_pct(blank)} blank: variable between people)" if _has_blank_areas(atlas, map_id) \
            else f" ({_pct(blank)} outside the roots drawn)"
    nerves = [f"{nerve_name(atlas, n)} {_pct(w)}" for n, w in zone_nerves(atlas, zone) if w >= MIN_SHOWN]
    nerve_text = ", ".join(nerves) if nerves else "no nerve territory drawn"
    return f"{zone_name(zone, side)} · roots: {root_text} · nerves: {nerve_text}"


def _has_blank_areas(atlas: Atlas, map_id: str) -> bool:
    return atlas.maps[map_id].blank_areas.lower().startswith("blank areas")


def describe_zone_html(atlas: Atlas, map_id: str, zone: str, side: str) -> str:
    """The same as :func:`describe_zone`, laid out for a tooltip."""
    from html import escape  # with the first tooltips, after the first frame

    roots, blank = zone_roots(atlas, map_id, zone)
    rows = [f"<b>{escape(zone_name(zone, side))}</b>",
            f"<i>Roots, {escape(atlas.maps[map_id].label)}:</i>"]
    shown = [(r, w) for r, w in roots if w >= MIN_SHOWN]
    rows += [f"&nbsp;&nbsp;{escape(r)} {_pct(w)}" for r, w in shown] or ["&nbsp;&nbsp;none in this map"]
    if blank >= MIN_SHOWN:
        why = "blank: variable between people" if _has_blank_areas(atlas, map_id) else "outside the roots drawn"
        rows.append(f"&nbsp;&nbsp;{_pct(blank)} {why}")
    rows.append("<i>Nerve territories:</i>")
    nerves = [(n, w) for n, w in zone_nerves(atlas, zone) if w >= MIN_SHOWN]
    rows += [f"&nbsp;&nbsp;{escape(nerve_name(atlas, n))} {_pct(w)}" for n, w in nerves] or ["&nbsp;&nbsp;none drawn"]
    return "<br>".join(rows)
