"""Red flags as a banner above everything: urgency, what was found and the action to take.

The window shows it, in a fixed bar above the docks, while the assessment lists a flag. It cannot be
dismissed: it goes only when the finding that raised
it is removed (the only way to lower it is to change the exam).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from desktop.assessment.findings import describe
from desktop.style import EMERGENCY_BG, RED_FLAG, URGENT_BG

BECAUSE_CHARS = 110
URGENCY_TEXT = {"emergency": "EMERGENCY", "urgent": "URGENT", "review": "REVIEW"}


class RedFlagBanner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagBanner")
        self.label = QLabel()
        self.label.setWordWrap(False)  # one line per flag and per action; the full text is in the tooltip
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.flags: tuple = ()

    def set_assessment(self, assessment) -> None:
        flags = tuple(assessment.red_flags)
        if flags == self.flags:
            return
        self.flags = flags
        if not flags:
            self.label.clear()
            return
        emergency = any(f.urgency == "emergency" for f in flags)
        style = (f"#redFlagBanner {{ background: {EMERGENCY_BG if emergency else URGENT_BG};"
                 f" border: 2px solid {RED_FLAG}; border-radius: 4px; }}")
        if style != self.styleSheet():  # setting a style sheet re-polishes and re-lays out the banner: only on change
            self.setStyleSheet(style)
        from html import escape  # with the first red flag: not on the path to the first frame otherwise

        # one line per flag; flags that share an action show the action once
        lines, actions, full = [], [], []
        for flag in flags:
            because = "; ".join(describe(b) for b in flag.because)
            full.append(f"{URGENCY_TEXT.get(flag.urgency, flag.urgency)} {flag.label}: {because}")
            if len(because) > BECAUSE_CHARS:
                because = because[: BECAUSE_CHARS - 1].rsplit(" ", 1)[0] + " …"
            lines.append(
                f"<b style='color:{RED_FLAG}'>⚠ {URGENCY_TEXT.get(flag.urgency, flag.urgency.upper())}</b> "
                f"<b>{escape(flag.label)}</b> <span style='color:#555'>— {escape(because)}</span>"
            )
            if flag.action not in actions:
                actions.append(flag.action)
        html = "<br>".join(lines) + "".join(f"<div style='margin-top:4px'>→ {escape(a)}</div>" for a in actions)
        if html != self.label.text():  # a finding added to a flag's long reason often changes nothing shown
            self.label.setText(html)
        self.setToolTip("\n".join(full) + "\n\nShown while the finding that raised it is recorded; it cannot be dismissed.")

