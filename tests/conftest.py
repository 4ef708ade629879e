import os
import tempfile

import pytest

# Qt aborts the whole process without a display unless told to render offscreen; set it before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The compiled-atlas cache (bodymaps.atlas.cache) goes to a folder of the test run, never the user's.
os.environ.setdefault("BODYMAPS_CACHE_DIR", tempfile.mkdtemp(prefix="bodymaps-test-cache-"))


@pytest.fixture(autouse=True)
def _private_app_folders(tmp_path_factory, monkeypatch):
    """The desktop app's settings and recovery files go to a temporary folder, never the user's own."""
    home = tmp_path_factory.mktemp("bodymaps-user")
    monkeypatch.setenv("BODYMAPS_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("BODYMAPS_DATA_HOME", str(home / "data"))
    return home


@pytest.fixture
def dialogs_log(monkeypatch):
    """Every dialog of the window replaced (tests/desktop_helpers.guard_dialogs): nothing modal can block a test.
    Desktop test modules use it with ``pytestmark = pytest.mark.usefixtures("dialogs_log")``; imported only when
    a test asks for it, so the core tests never import Qt."""
    from tests.desktop_helpers import guard_dialogs

    return guard_dialogs(monkeypatch)
