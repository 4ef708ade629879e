"""Every modal question the window asks, as a small function tests replace (``monkeypatch.setattr``).

The window calls these through the module (``dialogs.ask_save_changes(...)``), never imports the names, so a
test that replaces one replaces it everywhere. Qt's dialog classes are imported when a dialog is shown: none is
on the path to the first window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

EXAM_FILTER = "BodyMaps exams (*.bodymaps.json);;JSON files (*.json);;All files (*)"
PDF_FILTER = "PDF documents (*.pdf)"


def ask_save_changes(parent: QWidget | None, name: str) -> str:
    """'save', 'discard' or 'cancel' before closing or replacing an exam with unsaved changes."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def ask_open_path(parent: QWidget | None, folder: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Open exam", folder, EXAM_FILTER)
    return path or None


def ask_save_path(parent: QWidget | None, suggested: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "Save exam as", suggested, EXAM_FILTER)
    if not path:
        return None
    if not path.endswith(".json"):
        path += ".bodymaps.json"
    return path


def ask_pdf_path(parent: QWidget | None, suggested: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "Export PDF", suggested, PDF_FILTER)
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def ask_restore(parent: QWidget | None, description: str) -> bool:
    """Offer to restore unsaved work found after a crash; True restores it."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        "Restore unsaved work?",
        f"BodyMaps did not close normally last time.\n\n{description}\n\nRestore this unsaved exam?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, message)


def show_about(parent: QWidget | None, title: str, html: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, title, html)


def edit_preferences(parent: QWidget | None, prefs):  # -> Preferences | None
    """Show the Preferences dialog; the new preferences, or None when cancelled."""
    from desktop.document.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(prefs, parent)
    if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
        return dialog.preferences()
    return None
