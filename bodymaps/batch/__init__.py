"""Assess many exams at once, for ``bodymaps assess --batch`` and for research notebooks.

    from bodymaps.batch import assess_batch, to_dataframe
    rows = assess_batch("exams/")          # a folder of *.json, or a CSV listing with a 'path' column
    frame = to_dataframe(rows)             # pandas: one row per exam, score as float

Every exam gets a row, whatever happens to it (unreadable, invalid, its worker process killed); only a source
that cannot be used at all raises :class:`BatchError`. ``read_results(csv)`` reads a results file back.
"""

from __future__ import annotations

import os
from pathlib import Path

from bodymaps.batch.inputs import BatchError, Item, check_out, collect
from bodymaps.batch.pool import BATCH_COLUMNS, Row, assess_items, run_items
from bodymaps.batch.results import read_results, to_dataframe, write_results


def assess_batch(source: str | os.PathLike[str], map_id: str = "evidence_based",
                 workers: int | None = None) -> list[Row]:
    """A row (a dict of the CSV's columns, as text) per exam of ``source``, in order."""
    from bodymaps.engine import default_engine

    if map_id not in default_engine().maps:
        raise BatchError(f"unknown map {map_id!r}; allowed: {', '.join(default_engine().maps)}")
    return assess_items(collect(Path(source)), map_id, workers)


__all__ = ["BATCH_COLUMNS", "BatchError", "Item", "Row", "assess_batch", "assess_items", "check_out", "collect",
           "read_results", "run_items", "to_dataframe", "write_results"]
