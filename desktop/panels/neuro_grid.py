"""Reflexes and muscle strength as one right/left grid, like an ISNCSCI worksheet."""

from __future__ import annotations

from bodymaps.vocabulary import vocabulary
from desktop.panels.grid import FindingGridModel, FindingGridView, FindingRow

REFLEXES = ("patellar", "medial_hamstring", "achilles", "babinski")
MOTOR = (
    "hip_flexion", "hip_adduction", "hip_abduction", "hip_extension", "knee_extension", "knee_flexion",
    "ankle_dorsiflexion", "great_toe_extension", "ankle_inversion", "ankle_eversion", "ankle_plantarflexion",
)  # fmt: skip


def neuro_rows() -> list[FindingRow]:
    """The grid's rows; beside each item its main roots from the anatomy tables, as in the chart summary (a reminder
    for the examiner; the plantar response is an upper motor neuron sign)."""
    from bodymaps.engine.anatomy import item_roots

    voc = vocabulary()
    rows = [FindingRow("", "", "Reflexes (0–4)")]
    for item in REFLEXES:
        kind = "plantar" if item == "babinski" else "grade"
        rows.append(FindingRow("reflexes", item, voc.label("reflex", item), kind, True,
                               item_roots("reflexes", item) or ("UMN" if item == "babinski" else "")))
    rows.append(FindingRow("", "", "Strength (MRC 0–5)"))
    for item in MOTOR:
        rows.append(FindingRow("motor", item, voc.label("motor", item), "mrc", True, item_roots("motor", item)))
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
