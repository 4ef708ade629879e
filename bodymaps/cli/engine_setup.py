"""The engine for a sub-command, or the one-line reason it cannot run (shared by assess and report)."""

from __future__ import annotations

from bodymaps.engine import Engine


def engine_for(map_id: str) -> Engine | str:
    """The loaded engine when ``map_id`` is one of its maps; otherwise the message to print (exit 2)."""
    from bodymaps.engine import default_engine
    from bodymaps.resources import DataError

    try:
        engine = default_engine()
    except DataError as exc:
        return f"knowledge base or atlas is broken: {exc}"
    if map_id not in engine.maps:
        return f"unknown map {map_id!r}; allowed: {', '.join(engine.maps)}"
    return engine
