"""`bodymaps assess --batch` on 5,000 exam files, end to end, as a user runs it: throughput and peak memory.

Baselines from the same run, in this process with the engine built: reading and parsing the files
(load_exam, the least a batch must do) and reading plus assessing them one by one (what one core can do). Goals: >= 1,000 exams/s and < 100 MB resident per process (the main process and each worker;
forked workers share most of their pages with the main process, so the sum overstates the real use).
Figures only, never asserted: compare ratios inside one run. Run: .venv/bin/python benchmarks/bench_batch.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = 5000


def main() -> None:
    cases = [p.read_bytes() for p in sorted((ROOT / "tests" / "cases").glob("*.bodymaps.json"))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "exams"
        folder.mkdir()
        for i in range(N):
            (folder / f"{i:05d}.json").write_bytes(cases[i % len(cases)])
        out = Path(tmp) / "results.csv"

        from bodymaps.batch import assess_items, collect
        from bodymaps.engine import default_engine
        from bodymaps.exam.document import load_exam

        default_engine()
        items = collect(folder)
        t0 = time.perf_counter()
        for item in items:
            load_exam(item.path)
        baseline = N / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        assess_items(items[:1000], "evidence_based", workers=1)
        one_core = 1000 / (time.perf_counter() - t0)

        runs, cpu = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "bodymaps", "assess", "--batch", str(folder), "--out",
                                   str(out)], cwd=ROOT, capture_output=True, text=True)
            runs.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # main process and workers, all reaped
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if done.returncode != 0:
                raise SystemExit(f"batch failed ({done.returncode}): {done.stderr[-500:]}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest single process
        rows = len(out.read_text(encoding="utf-8").splitlines()) - 1

        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from bodymaps.engine import default_engine; default_engine()"],
                       cwd=ROOT, check=True)
        start_up = time.perf_counter() - t0

    best = min(runs)
    rate = N / best
    print(f"exams: {N} files ({len(cases)} reference cases repeated), {os.cpu_count()} cores, {rows} rows written")
    print(f"batch command      {rate:8.0f} exams/s   (best of 3: {best:.2f} s, incl. start-up {start_up:.2f} s)"
          f"   goal >= 1000/s: {'ok' if rate >= 1000 else 'MISSED'}")
    cores = os.cpu_count() or 1
    idle_rate = N * cores / min(cpu)
    print(f"CPU time           {min(cpu) / N * 1e3:8.3f} ms per exam (whole process tree)   so on {cores} idle cores "
          f"about {idle_rate:.0f} exams/s: {'ok' if idle_rate >= 1000 else 'MISSED'} (when the wall-clock figure "
          "misses because other programs share the cores)")
    print(f"one core, in-process {one_core:6.0f} exams/s   batch/one-core ratio {rate / one_core:5.2f}"
          f"   (ideal: the number of cores, less start-up)")
    print(f"baseline load_exam {baseline:8.0f} files/s  (one process, no assessment)")
    print(f"peak memory        {peak_mb:8.1f} MB per process (largest of main and workers)   goal < 100 MB: "
          f"{'ok' if peak_mb < 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
