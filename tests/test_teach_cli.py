"""`bodymaps quiz`: questions with answer keys as JSON, reproducible from the seed; bad arguments exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bodymaps.cli import main
from bodymaps.teach.kinds import KINDS


def run_json(capsys, *args: str) -> dict:
    assert main(["quiz", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_prints_questions_with_keys_and_explanations(capsys, kind):
    doc = run_json(capsys, "--kind", kind, "--count", "4", "--seed", "2", "--map", "foerster")
    assert doc["format"] == "bodymaps.quiz" and doc["map"] == "foerster" and len(doc["questions"]) == 4
    for q in doc["questions"]:
        assert q["kind"] == kind and q["map"] == "foerster"
        assert q["answer"] and q["explanation"] and q["source"] and q["prompt"]


def test_same_seed_same_questions(capsys):
    a = run_json(capsys, "--count", "12", "--seed", "9")
    b = run_json(capsys, "--count", "12", "--seed", "9")
    c = run_json(capsys, "--count", "12", "--seed", "10")
    assert a == b and a != c
    assert {q["kind"] for q in a["questions"]} == set(KINDS)


def test_text_output(capsys):
    assert main(["quiz", "--kind", "myotome", "--count", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. [myotome] Which root does") and "answer: roots=" in out and "source:" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--kind", "essay"], "unknown kind 'essay'"),
    (["--count", "0"], "--count must be between 1 and 500"),
    (["--count", "many"], "--count must be an integer"),
    (["--seed", "-1"], "--seed must be >= 0"),
    (["--map", "dante"], "unknown map 'dante'"),
    (["--colour"], "unrecognized arguments: --colour"),
    (["--seed"], "expected one argument"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, args, expected):
    with pytest.raises(SystemExit) as exit_info:
        code = main(["quiz", *args])
        raise SystemExit(code)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bodymaps quiz: ") and expected in lines[0]


def test_entry_point_runs_as_a_program():
    out = subprocess.run([sys.executable, "-m", "bodymaps", "quiz", "--json", "--kind", "reflex", "--count", "1"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["questions"][0]["kind"] == "reflex"
