"""Fault injection: a worker killed mid-batch loses no exam; SIGINT or SIGTERM stops every process and keeps
the previous results. Timeouts everywhere, so a hang fails the test."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bodymaps.batch import Item, assess_items, pool

EXAMPLE = (Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
           ).read_bytes()
N = 80


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def wait_for_workers(proc: subprocess.Popen[str], count: int = 2) -> list[int]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children(proc.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.02)
    raise AssertionError("the batch never started its workers")


def start_batch(tmp_path: Path, delay: float) -> tuple[subprocess.Popen[str], Path]:
    folder = tmp_path / "exams"
    folder.mkdir()
    for i in range(N):
        (folder / f"{i:03d}.json").write_bytes(EXAMPLE)
    out = tmp_path / "results.csv"
    out.write_text("previous results\n", encoding="utf-8")
    env = {**os.environ, pool.TEST_DELAY_ENV: str(delay)}
    proc = subprocess.Popen([sys.executable, "-m", "bodymaps", "assess", "--batch", str(folder), "--out", str(out),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return proc, out


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"  # reaped soon
    except OSError:
        return True


def test_a_worker_killed_mid_batch_loses_no_exam(tmp_path):
    proc, out = start_batch(tmp_path, delay=0.02)  # about 0.8 s of work per worker
    try:
        victim = wait_for_workers(proc)[0]
        time.sleep(0.1)
        os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [Path(r["file"]).name for r in rows] == [f"{i:03d}.json" for i in range(N)]
    assert all(r["top_condition"] == "l5_radiculopathy" and not r["error"] for r in rows)


def test_an_exam_that_kills_its_worker_every_time_is_reported_and_the_rest_assessed(tmp_path, monkeypatch):
    exam = tmp_path / "a.json"
    exam.write_bytes(EXAMPLE)
    items = [Item(str(exam), str(exam)) for _ in range(30)]
    items[17] = Item("poison", str(exam))
    real = pool.assess_item

    def fragile(item, map_id, delay=0.0):
        if item.name == "poison":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(item, map_id, delay)

    monkeypatch.setattr(pool, "START_METHOD", "fork")
    monkeypatch.setattr(pool, "assess_item", fragile)  # forked workers inherit the patch
    rows = assess_items(items, "evidence_based", workers=2)
    assert len(rows) == 30
    assert rows[17]["file"] == "poison" and "worker process died" in rows[17]["error"]
    assert "SIGKILL" in rows[17]["error"]
    assert all(r["top_condition"] == "l5_radiculopathy" for i, r in enumerate(rows) if i != 17)
    assert not children(os.getpid()) or all(gone(p) for p in children(os.getpid()))


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_batch_stops_every_worker_and_keeps_the_old_results(tmp_path, signum, status):
    proc, out = start_batch(tmp_path, delay=0.05)  # about 2 s of work per worker
    try:
        workers = wait_for_workers(proc)
        time.sleep(0.2)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == status
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "interrupted" in lines[0] and "not changed" in lines[0], err
    deadline = time.monotonic() + 5
    while not all(gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all(gone(p) for p in workers)
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exams", "results.csv"]


def test_workers_exit_by_themselves_when_the_main_process_is_killed(tmp_path):
    proc, out = start_batch(tmp_path, delay=0.02)
    try:
        workers = wait_for_workers(proc)
        proc.kill()
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    deadline = time.monotonic() + 10  # a worker notices at its next task
    while not all(gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(gone(p) for p in workers)
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous results\n"


def test_spawned_workers_as_on_macos_and_windows_give_the_same_rows(tmp_path, monkeypatch):
    exam = tmp_path / "a.json"
    exam.write_bytes(EXAMPLE)
    items = [Item(str(exam), str(exam)), Item("bad", str(tmp_path / "missing.json")), Item(str(exam), str(exam))]
    monkeypatch.setattr(pool, "START_METHOD", "spawn")
    spawned = assess_items(items, "evidence_based", workers=2)
    assert spawned == assess_items(items, "evidence_based", workers=1)
    assert spawned[0]["top_condition"] == "l5_radiculopathy" and "No such file" in spawned[1]["error"]
