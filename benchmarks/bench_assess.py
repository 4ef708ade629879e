"""Speed of the engine: median time per exam and batch throughput, beside a baseline from the same run.

Baseline: reading the same documents (json.loads + parse_exam), the cheapest step every assessment needs.
Goals: median <= 2 ms per exam on one core, >= 1,000 exams/s for a batch (`bodymaps assess --batch`, end to end).
Run: .venv/bin/python benchmarks/bench_assess.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.engine import assess, default_engine  # noqa: E402
from bodymaps.exam.fileformat import parse_exam  # noqa: E402

REPEAT = 10


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "cases").glob("*.bodymaps.json"))]
    exams = [parse_exam(json.loads(t)) for t in texts]
    default_engine()  # build once (atlas + knowledge base), as a long-running app or batch would
    for exam in exams:  # warm caches
        assess(exam)

    per_exam, per_parse = [], []
    for _ in range(REPEAT):
        for text, exam in zip(texts, exams, strict=True):
            t0 = time.perf_counter()
            parse_exam(json.loads(text))
            t1 = time.perf_counter()
            assess(exam).to_dict()
            t2 = time.perf_counter()
            per_parse.append(t1 - t0)
            per_exam.append(t2 - t1)
    med_assess, med_parse = statistics.median(per_exam), statistics.median(per_parse)

    batch = texts * REPEAT
    t0 = time.perf_counter()
    for text in batch:
        parse_exam(json.loads(text))
    baseline_rate = len(batch) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for text in batch:
        assess(parse_exam(json.loads(text))).to_dict()
    rate = len(batch) / (time.perf_counter() - t0)

    # the batch command end to end (files read, assessed on every core, results CSV written)
    import contextlib
    import io
    import os
    import tempfile

    from bodymaps.cli.assess_cmd import _run_batch

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exams"
        folder.mkdir()
        for i, text in enumerate(batch):
            (folder / f"{i:05d}.json").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            status = _run_batch(folder, Path(tmp) / "out.csv", "evidence_based")
        command_rate = len(batch) / (time.perf_counter() - t0)
        assert status == 0

    print(f"exams: {len(texts)} reference cases x {REPEAT}")
    print(f"median per exam   assess {med_assess * 1e3:7.3f} ms   baseline (json+parse) {med_parse * 1e3:7.3f} ms"
          f"   ratio {med_assess / med_parse:6.1f}x   goal <= 2 ms: {'ok' if med_assess <= 2e-3 else 'MISSED'}")
    print(f"one process       {rate:9.0f} exams/s   baseline {baseline_rate:9.0f} docs/s"
          f"   ratio {baseline_rate / rate:6.1f}x slower")
    print(f"batch command     {command_rate:9.0f} exams/s   ({os.cpu_count()} cores, files in and CSV out)"
          f"   ratio {baseline_rate / command_rate:6.1f}x slower   goal >= 1000/s: "
          f"{'ok' if command_rate >= 1000 else 'MISSED'}")


if __name__ == "__main__":
    main()
