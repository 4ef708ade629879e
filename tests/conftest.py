import os

# Qt aborts the whole process without a display unless told to render offscreen; set it before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest


@pytest.fixture(autouse=True)
def _private_app_folders(tmp_path_factory, monkeypatch):
    """The desktop app's settings and recovery files go to a temporary folder, never the user's own."""
    home = tmp_path_factory.mktemp("bodymaps-user")
    monkeypatch.setenv("BODYMAPS_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("BODYMAPS_DATA_HOME", str(home / "data"))
    return home
