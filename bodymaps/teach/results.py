"""Quiz results kept between sessions in the per-user data folder, with per-root scores, a confusion table
and CSV export. Every write is atomic and owner-only (bodymaps.files).

The folder is ``BODYMAPS_USER_DATA`` when set (tests point it at a temporary folder), else platformdirs'
user data folder for BodyMaps.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from bodymaps.files import write_private_atomic

RESULTS_FILE = "teach_results.json"
CSV_COLUMNS = ("when", "kind", "map", "question", "expected_root", "given_root", "correct")


class ResultsError(ValueError):
    """The saved results file cannot be read; the message names it."""


def user_data_dir() -> Path:
    override = os.environ.get("BODYMAPS_USER_DATA")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("BodyMaps", appauthor=False))


@dataclass(frozen=True)
class Result:
    when: str  # ISO 8601, UTC
    kind: str
    map: str
    question: str  # question id
    expected_root: str | None
    given_root: str | None
    correct: bool

    @classmethod
    def now(cls, kind: str, map_id: str, question: str, expected: str | None, given: str | None,
            correct: bool) -> Result:
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        return cls(stamp, kind, map_id, question, expected, given, correct)


def _parse(path: Path, raw: object) -> list[Result]:
    if not isinstance(raw, dict) or raw.get("format") != "bodymaps.teach-results" or not isinstance(
            raw.get("results"), list):
        raise ResultsError(f"{path}: not a BodyMaps results file")
    out = []
    for i, rec in enumerate(raw["results"]):
        try:
            out.append(Result(str(rec["when"]), str(rec["kind"]), str(rec["map"]), str(rec["question"]),
                              rec["expected_root"], rec["given_root"], bool(rec["correct"])))
        except (KeyError, TypeError) as exc:
            raise ResultsError(f"{path}: results[{i}] is incomplete ({exc})") from None
    return out


class ResultStore:
    """All results answered so far, saved after every answer."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or user_data_dir()
        self.path = self.folder / RESULTS_FILE
        self.results: list[Result] = []
        self.problem: str | None = None  # why an existing file could not be read (it is kept aside)
        if self.path.exists():
            try:
                self.results = _parse(self.path, json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                aside = self.path.with_name(self.path.name + ".unreadable")
                self.problem = f"{exc}; kept as {aside.name}, starting afresh"
                os.replace(self.path, aside)

    def add(self, result: Result) -> None:
        """Record a result and save; a folder that cannot be written is reported in ``problem``, not raised,
        so a quiz goes on (the results stay in memory and are saved with the next answer that can be)."""
        self.results.append(result)
        try:
            self.save()
        except OSError as exc:
            self.problem = f"could not save {self.path}: {exc}"
        else:
            self.problem = None

    def clear(self) -> None:
        self.results = []
        self.save()

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": "bodymaps.teach-results", "version": 1, "results": [asdict(r) for r in self.results]}
        write_private_atomic(self.path, json.dumps(data, indent=1) + "\n")

    def export_csv(self, path: str | os.PathLike[str]) -> None:
        write_private_atomic(path, results_csv(self.results))


def results_csv(results: list[Result]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow([r.when, r.kind, r.map, r.question, r.expected_root or "", r.given_root or "",
                         "yes" if r.correct else "no"])
    return out.getvalue()


def score(results: list[Result]) -> tuple[int, int]:
    """(right, answered)."""
    return sum(r.correct for r in results), len(results)


def per_root(results: list[Result]) -> dict[str, tuple[int, int]]:
    """Expected root -> (right, answered), for questions about a root."""
    out: dict[str, tuple[int, int]] = {}
    for r in results:
        if r.expected_root:
            right, total = out.get(r.expected_root, (0, 0))
            out[r.expected_root] = (right + r.correct, total + 1)
    return out


def confusions(results: list[Result]) -> Counter[tuple[str, str]]:
    """(expected root, given answer) -> how often a wrong answer confused them."""
    return Counter((r.expected_root, r.given_root or "none") for r in results
                   if not r.correct and r.expected_root and r.given_root != r.expected_root)
