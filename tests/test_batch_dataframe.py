"""Batch results as a pandas DataFrame for notebooks; pandas is never imported when the CLI or app starts."""

import subprocess
import sys
from pathlib import Path

import pytest

from bodymaps.batch import BATCH_COLUMNS, BatchError, assess_batch, to_dataframe

EXAMPLE = (Path(__file__).resolve().parent.parent / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"
           ).read_bytes()


def test_to_dataframe_has_one_typed_row_per_exam(tmp_path):
    (tmp_path / "a.json").write_bytes(EXAMPLE)
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    (tmp_path / "c.json").write_text('{"format": "bodymaps.exam", "version": 1}', encoding="utf-8")
    frame = to_dataframe(assess_batch(tmp_path))
    assert list(frame.columns) == list(BATCH_COLUMNS)
    assert [Path(f).name for f in frame["file"]] == ["a.json", "b.json", "c.json"]
    assert str(frame["score"].dtype) == "float64"
    assert frame["score"].iloc[0] > 0 and frame["score"].isna().iloc[1] and frame["score"].iloc[2] == -3.0
    assert frame["top_condition"].iloc[0] == "l5_radiculopathy" and "invalid JSON" in frame["error"].iloc[1]


def test_assess_batch_refuses_an_unknown_map_or_an_empty_folder(tmp_path):
    with pytest.raises(BatchError, match="no exam"):
        assess_batch(tmp_path)
    (tmp_path / "a.json").write_bytes(EXAMPLE)
    with pytest.raises(BatchError, match="unknown map"):
        assess_batch(tmp_path, "atlantis")


def test_pandas_is_not_imported_on_start_up():
    code = ("import sys, bodymaps.cli, bodymaps.batch, bodymaps.cli.assess_cmd, bodymaps.batch.results\n"
            "sys.exit('pandas' in sys.modules)\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
