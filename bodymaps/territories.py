"""Where each condition shows on the body, and what to highlight for a condition or a root. No Qt.

``data/knowledge/condition_territories.csv`` says, per condition, which dermatomes, nerve territories or zones
make up its territory (with a source per row). :func:`highlight_for_condition` and :func:`highlight_for_root`
combine that with an assessment: the territory to draw, and the marked zones whose findings count for or
against the condition or root (from the result's structured contributions).
"""

from __future__ import annotations

from dataclasses import dataclass

Region = tuple[str, str, str]  # ("dermatome", root, side) | ("nerve", nerve_id, side) | ("zone", zone, side)


@dataclass(frozen=True)
class Highlight:
    """What the body diagram shows for a selected condition or root."""

    label: str
    regions: tuple[Region, ...] = ()
    zones_for: tuple[tuple[str, str], ...] = ()  # marked (zone, side) whose findings count for it
    zones_against: tuple[tuple[str, str], ...] = ()  # marked (zone, side) whose findings count against it
