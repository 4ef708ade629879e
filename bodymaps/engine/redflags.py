"""Red flags: those ticked and those the findings imply, with urgency and action (data/knowledge/red_flags*)."""

from __future__ import annotations

from bodymaps.engine.facts import Facts
from bodymaps.engine.knowledge import URGENCIES, KnowledgeBase, SiteAction, Trigger
from bodymaps.engine.result import RedFlag

BOTH_SIDES = frozenset(("left", "right"))


def _trigger_matches(trigger: Trigger, facts: Facts) -> list[str]:
    """Finding strings that satisfy one trigger row (empty: it does not match).

    Side ``bilateral`` pools the row's items: it needs a hit on the left and one on the right, of any items
    (weakness of any muscles in both legs). ``same_item_bilateral`` needs one item hit on both sides (the same
    reflex brisk on both sides) and names only such items.
    """
    hits: list[str] = []
    sides_hit = set()
    same_item = trigger.side == "same_item_bilateral"
    for item in trigger.items:
        item_hits: list[str] = []
        item_sides = set()
        for fact in facts.get(trigger.section, item):
            if (trigger.side == "") != (fact.side is None):
                continue
            if trigger.when.test(fact.value, facts.other_value(fact)):
                if fact.section == "pattern" and isinstance(fact.value, tuple):
                    item_hits.extend(fact.value)  # a derived finding: name the exam findings behind it
                else:
                    item_hits.append(fact.text)
                item_sides.add(fact.side)
        if same_item and not item_sides >= BOTH_SIDES:
            continue
        hits.extend(item_hits)
        sides_hit |= item_sides
    if trigger.side == "bilateral" and not sides_hit >= BOTH_SIDES:
        return []
    return hits


# (flag, rows, per row the (section, item) keys it reads): rows sharing (flag, trigger name) must all match
Group = tuple[str, tuple[Trigger, ...], tuple[frozenset[tuple[str, str]], ...]]


def trigger_groups(triggers: tuple[Trigger, ...]) -> tuple[Group, ...]:
    """Trigger rows grouped by (flag, trigger name), in table order; the engine works this out once."""
    groups: dict[tuple[str, str], list[Trigger]] = {}
    for trigger in triggers:
        groups.setdefault((trigger.flag, trigger.name), []).append(trigger)
    return tuple(
        (flag, tuple(rows), tuple(frozenset((row.section, item) for item in row.items) for row in rows))
        for (flag, _name), rows in groups.items()
    )


def red_flags(
    kb: KnowledgeBase, groups: tuple[Group, ...], facts: Facts, sites: tuple[str, ...] = ()
) -> tuple[RedFlag, ...]:
    """Flags whose triggers match: rows sharing (flag, trigger) must all match; the most urgent match wins.

    ``sites`` are the sites of the differential's conditions, best first: a flag with site-dependent actions
    (red_flag_actions.csv) takes the action of the first site that has one (e.g. a severe motor deficit whose
    leading explanation is a peripheral nerve calls for nerve conduction studies, not spinal imaging).
    """
    found: dict[str, tuple[int, list[str]]] = {}
    present = facts.by_key
    for flag, rows, keys in groups:
        if not all(not row_keys.isdisjoint(present) for row_keys in keys):
            continue  # a row reads nothing of this exam: the group cannot match
        because: list[str] = []
        for row in rows:
            hits = _trigger_matches(row, facts)
            if not hits:
                break
            because.extend(hits)
        else:
            rank = min(URGENCIES.index(r.urgency) for r in rows)
            old_rank, old_because = found.get(flag, (len(URGENCIES), []))
            found[flag] = (min(rank, old_rank), old_because + [b for b in because if b not in old_because])
    order = list(kb.red_flags)
    actions = kb.site_actions or {}
    flags = [
        RedFlag(fid, kb.red_flags[fid].label, URGENCIES[rank], _action(kb, actions.get(fid), sites, fid), tuple(because))
        for fid, (rank, because) in found.items()
    ]
    flags.sort(key=lambda f: (URGENCIES.index(f.urgency), order.index(f.id)))
    return tuple(flags)


def _action(kb: KnowledgeBase, by_site: dict[str, SiteAction] | None, sites: tuple[str, ...], fid: str) -> str:
    """The flag's action for the first site of the differential that has one, else its general action."""
    if by_site:
        for site in sites:
            if site in by_site:
                return by_site[site].action
    return kb.red_flags[fid].action
