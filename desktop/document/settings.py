"""Preferences that persist (QSettings); the Preferences dialog is in preferences_dialog.py.

Settings live in an INI file. ``BODYMAPS_CONFIG_DIR`` moves it (tests point it at tmp_path so they never write
the user's real settings); otherwise Qt's per-user location is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from PySide6.QtCore import QSettings

MAP_LABELS = {
    "evidence_based": "Evidence-based (Lee 2008)",
    "keegan_garrett": "Keegan & Garrett (1948)",
    "foerster": "Foerster / ISNCSCI",
}
OVERLAYS = ("dermatomes", "nerves", "landmarks")
PAPER_SIZES = ("a4", "letter")
MAX_RECENT = 8


@dataclass
class Preferences:
    default_map: str = "evidence_based"
    examiner: str = ""
    paper: str = "a4"
    overlays: list[str] = field(default_factory=lambda: ["dermatomes"])


def qsettings() -> QSettings:
    """The application's settings store (an INI file; ``BODYMAPS_CONFIG_DIR`` overrides where it lives)."""
    folder = os.environ.get("BODYMAPS_CONFIG_DIR")
    if folder:
        return QSettings(os.path.join(folder, "bodymaps.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "BodyMaps", "BodyMaps")


def _as_list(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def load_preferences(settings: QSettings | None = None) -> Preferences:
    s = settings or qsettings()
    default = Preferences()
    prefs = Preferences(
        default_map=str(s.value("prefs/default_map", default.default_map)),
        examiner=str(s.value("prefs/examiner", default.examiner)),
        paper=str(s.value("prefs/paper", default.paper)),
        overlays=_as_list(s.value("prefs/overlays", default.overlays)) if s.contains("prefs/overlays")
        else default.overlays,
    )
    if prefs.default_map not in MAP_LABELS:
        prefs.default_map = default.default_map
    if prefs.paper not in PAPER_SIZES:
        prefs.paper = default.paper
    prefs.overlays = [o for o in prefs.overlays if o in OVERLAYS]
    return prefs


def save_preferences(prefs: Preferences, settings: QSettings | None = None) -> None:
    s = settings or qsettings()
    for f in fields(prefs):
        value = getattr(prefs, f.name)
        # an empty list reads back as None from an INI file: store a marker string instead
        s.setValue(f"prefs/{f.name}", value if value != [] else "")
    s.sync()


def recent_files(settings: QSettings | None = None) -> list[str]:
    s = settings or qsettings()
    return _as_list(s.value("recent/files", []))


def add_recent_file(path: str, settings: QSettings | None = None) -> list[str]:
    s = settings or qsettings()
    files = [path] + [p for p in recent_files(s) if p != path]
    files = files[:MAX_RECENT]
    s.setValue("recent/files", files)
    s.sync()
    return files


def clear_recent_files(settings: QSettings | None = None) -> None:
    s = settings or qsettings()
    s.remove("recent/files")
    s.sync()
