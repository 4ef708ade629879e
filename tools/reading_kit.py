"""Make a blind reading kit from held-out cases: what a reader (a clinician on a panel, say) needs to rate the
records without seeing the answer, and the key to score the ratings afterwards.

Writes into OUT (which must not exist yet):
- ``records/<PREFIX>NNN.json``: each exam document without its ``x-case`` block, its ``notes`` (which often name the
  diagnosis), its patient id and its exam header (date, examiner), under a shuffled name;
- ``ratings.csv``: a blank form, ``record,first,second,third,confidence`` with one row per record;
- ``INSTRUCTIONS.md``: the task, the meaning of the fields and the 19 condition ids; ``vocabulary.csv``: the label
  of every id a record or the form uses.
and writes the key (name -> file) to KEY, which must be kept away from the reader. After the reading,
``--merge`` adds the filled form to tests/heldout_ratings/ratings.csv as reading N.

Run:
  .venv/bin/python tools/reading_kit.py make OUT KEY tests/heldout6 [more folders] [--prefix R] [--seed N]
  .venv/bin/python tools/reading_kit.py merge FILLED.csv KEY --reading 2 [--ratings tests/heldout_ratings/ratings.csv]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.files import write_private_atomic  # noqa: E402
from bodymaps.vocabulary import vocabulary  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from compare_ratings import RatingsError, csv_rows  # noqa: E402

FIELDS = ("record", "first", "second", "third", "confidence")
SHOWN = ("format", "version", "sensory", "motor", "reflexes", "tests", "history", "red_flags")  # and age, sex


def conditions() -> list[str]:
    return list(vocabulary().ids("condition"))


def strip(document: dict) -> dict:
    """The record a reader sees: the findings, the age and sex; nothing else (no x- extension, notes, ids, exam
    header, or any key a later format version may add), so nothing that names the case or its answer."""
    out = {k: document[k] for k in SHOWN if k in document}
    out["patient"] = {k: v for k, v in (document.get("patient") or {}).items() if k in ("age", "sex")}
    return out


def instructions(n: int, ids: list[str]) -> str:
    return (
        "# Rate these records\n\n"
        f"There are {n} structured examination records of patients with back, buttock or leg pain in `records/`.\n"
        "For each, name the **three most likely diagnoses a careful clinician would give from the recorded findings\n"
        "alone**, most likely first, from the condition ids below, and your confidence that the first is right\n"
        "(high, medium or low). Fill in `ratings.csv`, one row per record, three different ids per row.\n\n"
        "A finding that is absent from a record was **not examined** (neither normal nor abnormal); a record with one\n"
        "side only means that side alone was examined. Motor grades are MRC 0-5; reflexes 0 absent, 1 reduced,\n"
        "2 normal, 3 brisk, 4 clonus. `vocabulary.csv` gives the label of every zone, movement, reflex, test,\n"
        "history item, red flag and condition id. Use nothing but the record and your own knowledge.\n\n"
        "Condition ids: " + ", ".join(f"`{c}`" for c in ids) + ".\n"
    )


def make(out: Path, key: Path, folders: list[Path], prefix: str, seed: int | None) -> int:
    if out.exists() or key.exists():
        raise SystemExit(f"reading_kit: {out if out.exists() else key} already exists; choose a new path")
    if key.resolve().is_relative_to(out.resolve()):
        raise SystemExit(f"reading_kit: the key {key} must not be inside the kit {out}, which goes to the reader")
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    files = sorted(p for folder in folders for p in folder.glob("*.bodymaps.json"))
    if not files:
        raise SystemExit("reading_kit: no *.bodymaps.json in " + ", ".join(map(str, folders)))
    random.Random(seed).shuffle(files)  # a new seed per kit: each reading gets its own order and names
    (out / "records").mkdir(parents=True)
    rows = []
    for i, path in enumerate(files, 1):
        name = f"{prefix}{i:03d}"
        document = json.loads(path.read_text(encoding="utf-8"))
        write_private_atomic(out / "records" / f"{name}.json", json.dumps(strip(document), indent=2) + "\n")
        resolved = path.resolve()
        rows.append((name, resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(resolved)))
    form = ",".join(FIELDS) + "\n" + "".join(f"{name},,,,\n" for name, _ in rows)
    write_private_atomic(out / "ratings.csv", form)
    write_private_atomic(out / "INSTRUCTIONS.md", instructions(len(rows), conditions()))
    write_private_atomic(out / "vocabulary.csv", (ROOT / "data" / "vocabulary.csv").read_text(encoding="utf-8"))
    write_private_atomic(key, "record,file\n" + "".join(f"{name},{file}\n" for name, file in rows))
    print(f"reading_kit: {len(rows)} records in {out} (shuffle seed {seed}); key in {key} (keep it from the reader)")
    return 0


def _rows(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        return csv_rows(path, needed)
    except RatingsError as exc:
        raise SystemExit(f"reading_kit: {exc}") from exc


def merge(filled: Path, key: Path, reading: str, ratings: Path) -> int:
    files = {row["record"]: row["file"] for row in _rows(key, ("record", "file"))}
    rows = _rows(filled, FIELDS)
    if not reading.isdigit():
        raise SystemExit(f"reading_kit: --reading must be a number, got {reading!r}")
    if any(row["reading"] == reading for row in _rows(ratings, ("file", "reading"))):
        raise SystemExit(f"reading_kit: {ratings} already holds a reading {reading}; choose the next number")
    known = set(conditions())
    problems = []
    names = [row.get("record") for row in rows]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        problems.append(f"rated more than once: {', '.join(twice)}")
    for row in rows:
        ranked = [row.get("first"), row.get("second"), row.get("third")]
        if row.get("record") not in files:
            problems.append(f"{row.get('record')}: not in the key")
        elif len(set(ranked)) != 3 or not set(ranked) <= known:
            problems.append(f"{row['record']}: needs three different condition ids, got {ranked}")
        elif row.get("confidence") not in ("high", "medium", "low"):
            problems.append(f"{row['record']}: confidence must be high, medium or low")
    missing = set(files) - {row.get("record") for row in rows}
    if missing:
        problems.append(f"not rated: {', '.join(sorted(missing))}")
    if problems:
        raise SystemExit("reading_kit: " + "; ".join(problems))
    text = ratings.read_text(encoding="utf-8")  # read above, so it exists
    added = sorted(
        f"{files[r['record']]},{r['record']},{reading},{r['first']},{r['second']},{r['third']},{r['confidence']}\n"
        for r in rows
    )
    write_private_atomic(ratings, text + "".join(added))
    print(f"reading_kit: {len(added)} ratings added to {ratings} as reading {reading}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_make = sub.add_parser("make")
    p_make.add_argument("out", type=Path)
    p_make.add_argument("key", type=Path)
    p_make.add_argument("folders", type=Path, nargs="+")
    p_make.add_argument("--prefix", default="R")
    p_make.add_argument("--seed", type=int, default=None, help="shuffle seed (default: a new random one, printed)")
    p_merge = sub.add_parser("merge")
    p_merge.add_argument("filled", type=Path)
    p_merge.add_argument("key", type=Path)
    p_merge.add_argument("--reading", required=True)
    p_merge.add_argument("--ratings", type=Path, default=ROOT / "tests" / "heldout_ratings" / "ratings.csv")
    args = parser.parse_args(argv)
    if args.command == "make":
        return make(args.out, args.key, args.folders, args.prefix, args.seed)
    return merge(args.filled, args.key, args.reading, args.ratings)


if __name__ == "__main__":
    sys.exit(main())
