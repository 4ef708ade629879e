"""Data is found through one loader in every install mode; --version says what produced a result; start-up
paths stay free of pandas and matplotlib. tools/check_wheel.sh checks a real wheel in a fresh venv."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import bodymaps
from bodymaps import resources
from bodymaps.resources import DataError, data_dir, data_path, data_versions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "examples" / "left_l5_radiculopathy.bodymaps.json"


def _run(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    environment = {k: v for k, v in os.environ.items() if k != "BODYMAPS_DATA"} | env
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=environment)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that BodyMaps reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("BODYMAPS_DATA", str(copy))
    data_dir.cache_clear()
    yield copy
    monkeypatch.delenv("BODYMAPS_DATA")
    data_dir.cache_clear()


def test_data_comes_from_the_installed_data_package():
    packaged = importlib.resources.files("bodymaps_data")
    assert isinstance(packaged, Path)
    assert data_dir() == packaged
    assert data_path("atlas", "atlas.json").is_file()
    assert data_path("knowledge", "conditions.csv").is_file()


def test_a_missing_file_is_named(data_copy):
    (data_copy / "atlas" / "soles.svg").unlink()
    with pytest.raises(DataError, match=r"data file missing: .*soles\.svg"):
        data_path("atlas", "soles.svg")


def test_a_source_checkout_without_install_uses_its_data_folder(tmp_path):
    code = (
        "import sys; sys.modules['bodymaps_data'] = None  # as if bodymaps_data were not installed\n"
        "from bodymaps.resources import data_dir; print(data_dir())\n"
    )
    result = _run(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "data"


def test_a_zipped_data_package_is_extracted_to_real_files(tmp_path):
    archive = tmp_path / "data.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", root_dir=ROOT, base_dir="data")
    import zipfile

    folder = resources._on_disk(zipfile.Path(archive, "data/"))
    assert isinstance(folder, Path)
    assert (folder / "atlas" / "atlas.json").read_bytes() == (ROOT / "data" / "atlas" / "atlas.json").read_bytes()


def test_data_versions_name_the_code_and_hash_the_data():
    versions = data_versions()
    assert versions["bodymaps"] == bodymaps.__version__
    assert set(versions) == {"bodymaps", "atlas", "knowledge", "vocabulary"}
    for name in ("atlas", "knowledge", "vocabulary"):
        assert re.fullmatch(r"[0-9a-f]{12}", versions[name]), versions
    assert len({versions["atlas"], versions["knowledge"], versions["vocabulary"]}) == 3
    # the same in another process started elsewhere: the order of hashing does not depend on the process
    result = _run("import json; from bodymaps.resources import data_versions; print(json.dumps(data_versions()))",
                  cwd=ROOT.parent)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == versions


def test_data_versions_change_with_content_only(data_copy):
    before = data_versions()
    svg = data_copy / "atlas" / "soles.svg"
    text = svg.read_bytes()
    svg.write_bytes(text.replace(b"\n", b"\r\n"))  # a Windows checkout: same content
    (data_copy / "atlas" / "anterior.svg~").write_text("editor backup", encoding="utf-8")
    resources._tree_hash.cache_clear()
    assert data_versions() == before
    svg.write_bytes(text.replace(b'cx="123.8"', b'cx="123.9"', 1))
    resources._tree_hash.cache_clear()
    after = data_versions()
    assert after["atlas"] != before["atlas"]
    assert {k: v for k, v in after.items() if k != "atlas"} == {k: v for k, v in before.items() if k != "atlas"}
    rules = data_copy / "knowledge" / "conditions.csv"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    resources._tree_hash.cache_clear()
    assert data_versions()["knowledge"] != before["knowledge"]
    resources._tree_hash.cache_clear()


def test_version_flag_prints_code_and_data_versions(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bodymaps", "--version"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    v = data_versions()
    assert result.stdout == (f"bodymaps {v['bodymaps']} (atlas {v['atlas']}, knowledge {v['knowledge']}, "
                             f"vocabulary {v['vocabulary']})\n")


def test_version_flag_fails_loudly_without_data(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bodymaps", "--version"], cwd=tmp_path, capture_output=True,
                            text=True, env={"BODYMAPS_DATA": str(tmp_path / "nowhere"), "PATH": ""})
    assert result.returncode == 2
    assert "data file missing" in result.stderr


def test_the_version_is_written_once():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in meta["project"] and "version" in meta["project"]["dynamic"]
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bodymaps.__version__"}
    assert importlib.metadata.version("bodymaps") == bodymaps.__version__


def test_every_package_and_data_folder_is_listed_in_pyproject():
    """Packages are listed by hand (data/ is mapped to bodymaps_data); a new folder must be added there."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    assert setuptools["package-dir"] == {"bodymaps_data": "data"}
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("bodymaps", "desktop")
             for p in (ROOT / top).rglob("__init__.py")}
    found |= {"bodymaps_data"} | {
        "bodymaps_data." + ".".join(p.relative_to(ROOT / "data").parts)
        for p in (ROOT / "data").rglob("*") if p.is_dir() and p.name != "__pycache__"
    }
    assert found == listed, f"add to / remove from [tool.setuptools] packages: {sorted(found ^ listed)}"


HEAVY = ("pandas", "matplotlib")


def test_start_up_paths_import_neither_pandas_nor_matplotlib(tmp_path):
    """The CLI, the engine, the atlas and `bodymaps assess` must start fast: pandas and matplotlib cost
    ~0.35 s and ~0.6 s to import and only `atlas render` needs matplotlib."""
    code = (
        "import sys, contextlib, io\n"
        "import bodymaps.cli, bodymaps.engine, bodymaps.atlas\n"
        "from bodymaps.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    status = main(['assess', {str(EXAMPLE)!r}, '--json'])\n"
        "assert status == 0 and '\"differential\"' in out.getvalue(), (status, out.getvalue()[:200])\n"
        "from bodymaps.atlas import load_atlas\n"
        "load_atlas().zone_root_weights(load_atlas().default_map)\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(heavy)\n"
    )
    result = _run(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"imported on a start-up path: {result.stdout}"


def test_the_start_up_check_sees_matplotlib_when_rendering(tmp_path):
    """Guard for the test above: the same check reports matplotlib once `atlas render` has run."""
    code = (
        "import sys\n"
        "from bodymaps.cli import main\n"
        "status = main(['atlas', 'render', '--view', 'soles', '--layer', 'zones', '-o', 'soles.png'])\n"
        f"print(status, sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    result = _run(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 ['matplotlib']"
    assert (tmp_path / "soles.png").stat().st_size > 1000
