"""Special tests: positive / negative / not tested on each side; unsided tests (SI provocation) once."""

from __future__ import annotations

from bodymaps.vocabulary import vocabulary
from desktop.panels.grid import FindingGridModel, FindingGridView, FindingRow


def special_test_rows() -> list[FindingRow]:
    voc = vocabulary()
    rows = []
    for test_id in voc.ids("test"):
        term = voc.term("test", test_id)
        rows.append(FindingRow("tests", test_id, term.label, "result", term.laterality == "sided"))
    return rows


class TestsModel(FindingGridModel):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(controller, special_test_rows(), asymmetry=False, parent=parent)


class TestsView(FindingGridView):
    """P or + positive, N or − negative, Delete not tested; the cursor moves on after each result."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(TestsModel(controller), parent)
        self.setObjectName("testsGrid")
        self.setAccessibleName("Special tests")
