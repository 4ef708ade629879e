"""`bodymaps report --batch` on the hardened worker pool: a worker killed mid-batch loses no exam; SIGINT and
SIGTERM stop every worker, exit 130/143 and leave no half-written PDF; pipes and devices are refused with one
line. Timeouts everywhere, so a hang fails the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bodymaps.batch import Item, pool, run_items
from bodymaps.cli.report_batch import PARALLEL_FROM, lost_report
from tests.report_helpers import needs_poppler
from tests.test_batch_faults import gone, wait_for_workers

pytestmark = needs_poppler
ROOT = Path(__file__).resolve().parent.parent
L5 = (ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json").read_bytes()
N = PARALLEL_FROM + 10


def _env(delay: float = 0.0) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    if delay:
        env[pool.TEST_DELAY_ENV] = str(delay)
    return env


def _folders(tmp_path: Path, n: int = N) -> tuple[Path, Path]:
    exams, out = tmp_path / "exams", tmp_path / "pdfs"
    exams.mkdir()
    out.mkdir()
    for i in range(n):
        (exams / f"{i:03d}.bodymaps.json").write_bytes(L5)
    return exams, out


def _start(exams: Path, out: Path, delay: float) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bodymaps", "report", "--batch", str(exams), "--out-dir", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(delay))


def _complete_pdfs(out: Path) -> list[str]:
    """Names in ``out``; every one must be a whole PDF (no temporary, no truncated file)."""
    names = sorted(p.name for p in out.iterdir())
    assert not [name for name in names if name.startswith(".")], names  # no temporary file left
    for name in names:
        data = (out / name).read_bytes()
        assert name.endswith(".pdf") and data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), name
    return names


def test_a_worker_killed_mid_batch_loses_no_pdf(tmp_path):
    exams, out = _folders(tmp_path)
    proc = _start(exams, out, delay=0.05)
    try:
        victim = wait_for_workers(proc)[0]
        time.sleep(0.3)
        os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would, perhaps in the middle of a write
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert _complete_pdfs(out) == [f"{i:03d}.pdf" for i in range(N)]


def test_an_exam_whose_worker_always_dies_gets_an_error_line_and_the_others_their_rows(monkeypatch):
    def fragile(item: Item) -> dict[str, str]:
        if item.name == "poison":
            os.kill(os.getpid(), signal.SIGKILL)
        return {"file": item.name, "pdf": item.name + ".pdf", "error": ""}

    items = [Item(f"exam{i}", "x") for i in range(25)]
    items[11] = Item("poison", "x")
    monkeypatch.setattr(pool, "START_METHOD", "fork")
    started: list[int] = []
    rows = run_items(items, fragile, 2, lost=lost_report, started=started)
    assert [r["file"] for r in rows] == [i.name for i in items]
    assert "died while drawing it" in rows[11]["error"] and "SIGKILL" in rows[11]["error"]
    assert all(not r["error"] and r["pdf"] for i, r in enumerate(rows) if i != 11)
    assert len(started) >= 3  # the two first workers, and the replacements of the killed ones
    assert all(gone(pid) for pid in started)  # every worker stopped (other tests' children are not ours)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_batch_stops_every_worker_and_leaves_no_half_written_pdf(tmp_path, signum, status):
    exams, out = _folders(tmp_path)
    proc = _start(exams, out, delay=0.1)  # about 1.5 s of work per worker
    try:
        workers = wait_for_workers(proc)
        time.sleep(0.6)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == status, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "interrupted" in lines[0] and "no PDF half-written" in lines[0], err
    deadline = time.monotonic() + 5
    while not all(gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all(gone(p) for p in workers)
    assert len(_complete_pdfs(out)) < N  # stopped early, and what is there is whole


def test_pipes_and_devices_are_refused_with_one_line_each(tmp_path):
    exams, out = _folders(tmp_path, 2)
    os.mkfifo(exams / "fifo.bodymaps.json")  # would block a reader forever
    os.mkfifo(out / "001.pdf")  # would block a writer forever
    result = subprocess.run([sys.executable, "-m", "bodymaps", "report", "--batch", str(exams), "--out-dir", str(out)],
                            capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr  # the two refusals and the summary
    assert "001.bodymaps.json" in lines[0] and "001.pdf" in lines[0] and "named pipe" in lines[0]
    assert "fifo.bodymaps.json" in lines[1] and "named pipe" in lines[1]
    assert "2 of 3 exams skipped" in lines[2]
    assert (out / "000.pdf").read_bytes().startswith(b"%PDF")
    for source, target in ((exams / "fifo.bodymaps.json", out), (exams, Path("/dev/null"))):
        result = subprocess.run([sys.executable, "-m", "bodymaps", "report", "--batch", str(source), "--out-dir",
                                 str(target)], capture_output=True, text=True, env=_env(), timeout=120)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "named pipe" in result.stderr or "device" in result.stderr


def test_temporaries_of_stopped_workers_are_removed_and_nobody_elses(tmp_path):
    from bodymaps.cli.report_batch import _clear_temporaries

    ours, theirs = tmp_path / ".bm4242-abcdEFGH.tmp.pdf", tmp_path / ".bm777-abcdEFGH.tmp.pdf"
    for path in (ours, theirs, tmp_path / "4242.pdf"):
        path.write_bytes(b"%PDF-1.4 half")
    _clear_temporaries(tmp_path, [4242, 4243])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bm777-abcdEFGH.tmp.pdf", "4242.pdf"]
