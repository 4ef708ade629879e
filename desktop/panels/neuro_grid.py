"""Reflexes and muscle strength as one right/left grid, like an ISNCSCI worksheet."""

from __future__ import annotations

from bodymaps.vocabulary import vocabulary
from desktop.panels.grid import FindingGridModel, FindingGridView, FindingRow

REFLEXES = ("patellar", "medial_hamstring", "achilles", "babinski")
MOTOR = (
    "hip_flexion", "hip_adduction", "hip_abduction", "hip_extension", "knee_extension", "knee_flexion",
    "ankle_dorsiflexion", "great_toe_extension", "ankle_inversion", "ankle_eversion", "ankle_plantarflexion",
)  # fmt: skip
# the main roots, as printed beside each action on a worksheet (a reminder, not used by the engine)
KEY_ROOTS = {
    "patellar": "L3–4", "medial_hamstring": "L5", "achilles": "S1", "babinski": "UMN",
    "hip_flexion": "L2–3", "hip_adduction": "L2–4", "hip_abduction": "L5", "hip_extension": "S1",
    "knee_extension": "L3–4", "knee_flexion": "L5–S1", "ankle_dorsiflexion": "L4–5",
    "great_toe_extension": "L5", "ankle_inversion": "L5", "ankle_eversion": "L5–S1", "ankle_plantarflexion": "S1",
}  # fmt: skip


def neuro_rows() -> list[FindingRow]:
    voc = vocabulary()
    rows = [FindingRow("", "", "Reflexes (0–4)")]
    for item in REFLEXES:
        kind = "plantar" if item == "babinski" else "grade"
        rows.append(FindingRow("reflexes", item, voc.label("reflex", item), kind, True, KEY_ROOTS[item]))
    rows.append(FindingRow("", "", "Strength (MRC 0–5)"))
    for item in MOTOR:
        rows.append(FindingRow("motor", item, voc.label("motor", item), "mrc", True, KEY_ROOTS[item]))
    return rows


class NeuroGridModel(FindingGridModel):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(controller, neuro_rows(), asymmetry=True, parent=parent)


class NeuroGridView(FindingGridView):
    """Digits set grades, U/D the plantar response; Delete or N,T = not tested; the cursor moves on."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(NeuroGridModel(controller), parent)
        self.setObjectName("neuroGrid")
        self.setAccessibleName("Reflexes and strength")
