"""Any invalid document given to `bodymaps assess` is refused with one line naming the field: never a traceback."""

import json

from hypothesis import HealthCheck, given, settings

from bodymaps.batch.text import for_terminal
from bodymaps.cli import main
from tests.strategies import invalid_exam_dicts, valid_exam_dicts


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=invalid_exam_dicts())
def test_invalid_document_exits_2_with_one_line_naming_the_field(tmp_path, capsys, case):
    doc, field_path = case
    path = tmp_path / "exam.bodymaps.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    # the one-line message folds white space, also inside an odd key such as "\r", and shows control and
    # bidi characters escaped (a terminal would interpret them); long messages are cut
    assert for_terminal(" ".join(field_path.split()), limit=10**6)[:60] in lines[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=valid_exam_dicts())
def test_valid_document_assesses_as_json(tmp_path, capsys, doc):
    path = tmp_path / "exam.bodymaps.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["assess", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["differential"]) == 19
    assert result["map"] == "evidence_based"
