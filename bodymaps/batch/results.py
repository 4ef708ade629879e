"""Batch results out: the CSV file (safe for spreadsheets) and, for notebooks, a pandas DataFrame.

pandas is imported inside :func:`to_dataframe` and :func:`read_results` only, never when the command line or
the app starts.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bodymaps.batch.pool import BATCH_COLUMNS
from bodymaps.batch.text import csv_text_cell, from_csv_text_cell
from bodymaps.files import write_private_atomic

NUMERIC_COLUMNS = ("score",)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_text(rows: Iterable[Mapping[str, str]]) -> str:
    """The results as CSV text: valid UTF-8, text cells neutralised against formulas, scores as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(BATCH_COLUMNS)
    for row in rows:
        writer.writerow([row[c] if (c in NUMERIC_COLUMNS and _NUMBER.fullmatch(row[c])) or not row[c]
                         else csv_text_cell(row[c]) for c in BATCH_COLUMNS])
    return buffer.getvalue()


def write_results(path: str | os.PathLike[str], rows: Iterable[Mapping[str, str]]) -> None:
    """Write the results CSV atomically, owner-only (see :mod:`bodymaps.files`)."""
    write_private_atomic(path, csv_text(rows))


def to_dataframe(rows: Iterable[Mapping[str, str]]) -> Any:
    """The rows of :func:`bodymaps.batch.assess_batch` as a pandas DataFrame: one row per exam, the CSV's
    columns, ``score`` as float (NaN where the exam could not be assessed), the rest as text."""
    import pandas as pd  # type: ignore[import-untyped]  # lazily: 350 ms, never at start-up

    frame = pd.DataFrame([[row[c] for c in BATCH_COLUMNS] for row in rows], columns=list(BATCH_COLUMNS),
                         dtype=object)
    return _typed(frame, pd)


def read_results(path: str | os.PathLike[str]) -> Any:
    """A results CSV written by ``bodymaps assess --batch``, back as :func:`to_dataframe` would give it."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in BATCH_COLUMNS:
        if column not in NUMERIC_COLUMNS:
            frame[column] = frame[column].map(from_csv_text_cell)
    return _typed(frame, pd)


def _typed(frame: Any, pd: Any) -> Any:
    for column in BATCH_COLUMNS:
        if column in NUMERIC_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("float64")
        else:
            frame[column] = frame[column].astype(str)
    return frame
