"""What a batch reads (the exams of a folder, or of a CSV listing) and where it may write its results.

Everything that makes the batch as a whole impossible is a :class:`BatchError` (exit 2, one line): a source
that is missing, not a folder or a regular file, cannot be listed or holds no exam; a listing without a
``path`` column; an output that is not a regular file, or is one of the inputs. Problems with one listed exam
(a blank path cell) become that exam's row instead.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bodymaps.batch.text import for_terminal
from bodymaps.files import OutputRefused, check_output, kind_of, read_regular_file

MAX_LISTING_BYTES = 64 * 1024 * 1024
NOT_CSV = (".parquet", ".pq", ".feather", ".arrow", ".xlsx", ".xls", ".ods", ".json")


class BatchError(Exception):
    """The batch cannot run at all; ``str()`` is one line for a person."""


@dataclass(frozen=True)
class Item:
    """One row of the results: ``name`` for the file column, ``path`` to read, or ``error`` (path unusable)."""

    name: str
    path: str = ""
    error: str = ""


def collect(source: Path) -> list[Item]:
    """The exams a batch assesses, in order: ``*.json`` of a folder (sorted), or a listing's ``path`` column."""
    shown = for_terminal(str(source))
    try:
        st = os.stat(source)
    except ValueError:
        raise BatchError(f"{shown}: the path contains a NUL character") from None
    except OSError as exc:
        what = "no such file or folder" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        raise BatchError(f"{shown}: {what}") from None
    if stat.S_ISDIR(st.st_mode):
        return _folder(source, shown)
    if stat.S_ISREG(st.st_mode):
        return _listing(source, shown)
    raise BatchError(f"{shown} is {kind_of(st.st_mode)}; give a folder of exams or a CSV listing with a "
                     "'path' column")


def _folder(source: Path, shown: str) -> list[Item]:
    try:
        with os.scandir(source) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".json"))
    except OSError as exc:
        raise BatchError(f"cannot list the folder {shown}: {exc.strerror or exc}") from None
    if not names:
        raise BatchError(f"no exam in {shown}: the folder has no *.json file")
    return [Item(str(source / name), str(source / name)) for name in names]


def _listing(source: Path, shown: str) -> list[Item]:
    try:
        text = read_regular_file(source, MAX_LISTING_BYTES).decode("utf-8-sig")  # a spreadsheet's BOM is fine
    except OSError as exc:
        raise BatchError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise BatchError(f"{shown}: not UTF-8 text (byte {exc.start}); save the listing as CSV UTF-8") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BatchError(f"{shown}: not a readable CSV file: {exc}") from None
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "path" not in header:
        raise BatchError(f"{shown}: needs a 'path' column (a first line naming the columns, one of them 'path')")
    column = header.index("path")
    while len(rows) > 1 and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # blank lines at the end of a file are not rows
    items = []
    for line, row in enumerate(rows[1:], start=2):
        cell = row[column] if column < len(row) else ""
        if not cell.strip():
            items.append(Item("", error=f"line {line} of the listing: the path cell is empty"))
            continue
        path = Path(cell)
        if not path.is_absolute():
            path = source.parent / path  # relative paths are read relative to the listing's folder
        items.append(Item(str(path), str(path)))
    if not items:
        raise BatchError(f"no exam in {shown}: the listing has no row under its 'path' header")
    return items


def check_out(out: Path, source: Path, items: list[Item]) -> Path:
    """Where the results go (a symlink's target), or BatchError: not CSV, not writable, or an input."""
    shown = for_terminal(str(out))
    try:
        target = check_output(out)
    except OutputRefused as exc:
        raise BatchError(f"cannot write {shown}: {exc.strerror}") from None
    folder = target.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise BatchError(f"cannot write {shown}: folder {for_terminal(str(folder))} does not exist or is not "
                         "writable")
    same = _key(target)
    if same is not None:
        _not_an_input(same, shown, source, items)
    if out.suffix.lower() in NOT_CSV:
        raise BatchError(f"{shown}: results are written as CSV only (name it .csv); in Python, "
                         "bodymaps.batch.to_dataframe gives a pandas table")
    return target


def _not_an_input(same: tuple[int, int], shown: str, source: Path, items: list[Item]) -> None:
    if _key(source) == same:
        raise BatchError(f"--out {shown} is the listing {for_terminal(str(source))}; write the results to "
                         "another file")
    for item in items:
        if item.path and _key(item.path) == same:
            raise BatchError(f"--out {shown} is the exam {for_terminal(item.name)}, one of the inputs; write "
                             "the results to another file")


def _key(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


__all__ = ["MAX_LISTING_BYTES", "BatchError", "Item", "check_out", "collect"]
