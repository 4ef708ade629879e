"""The main roots of a muscle action or reflex, as printed beside it on the exam grid and in the chart summary:
one source (the knowledge base's anatomy tables), so that the screen and the paper never disagree."""

from __future__ import annotations

from functools import cache

from bodymaps.vocabulary import vocabulary

__all__ = ["item_roots"]


@cache
def item_roots(section: str, item: str) -> str:
    """The main roots of a muscle action or reflex in the knowledge base's anatomy (anatomy_muscles.csv,
    anatomy_reflexes.csv: ``roots_major``), e.g. "L5" or "L3–L4"; "" when the anatomy does not list it."""
    from bodymaps.engine.knowledge import load_knowledge

    anatomy = load_knowledge().anatomy
    if anatomy is None:
        return ""
    supply = (anatomy.muscles if section == "motor" else anatomy.reflexes).get(item)
    if supply is None:
        return ""
    order = vocabulary().ids("root")
    roots = [r for r in order if r in supply.roots_major]
    if len(roots) > 1 and order.index(roots[-1]) - order.index(roots[0]) == len(roots) - 1:
        return f"{roots[0]}–{roots[-1]}"  # consecutive: a range
    return ", ".join(roots)
