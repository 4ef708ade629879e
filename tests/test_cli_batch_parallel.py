"""A large batch runs on every core and gives exactly the rows, in the same order, as one process."""

import shutil
from pathlib import Path

from bodymaps.cli.assess_cmd import _run_batch

CASES = Path(__file__).resolve().parent / "cases"


def test_parallel_batch_matches_one_process(tmp_path, capsys):
    folder = tmp_path / "exams"
    folder.mkdir()
    for case in sorted(CASES.glob("*.bodymaps.json"))[:40]:
        shutil.copy(case, folder / case.name)
    (folder / "zz_bad.json").write_text("{not json", encoding="utf-8")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert _run_batch(folder, one, "evidence_based", workers=1) == 1
    assert _run_batch(folder, two, "evidence_based", workers=2) == 1
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    rows = one.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 42 and "invalid JSON" in rows[-1]
    assert capsys.readouterr().err.count("zz_bad.json") == 2  # its error line, once per run
