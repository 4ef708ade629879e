"""`bodymaps quiz`: teaching questions with their answer keys and explanations (reproducible from --seed)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

MAX_COUNT = 500


def _fail(message: str) -> int:
    print(f"bodymaps quiz: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


class _OneLineParser(argparse.ArgumentParser):
    """Bad arguments: exit 2 with one line on stderr, not argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        _fail(message)
        raise SystemExit(2)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def add_parser(sub: argparse._SubParsersAction) -> None:
    from bodymaps.teach.kinds import KINDS  # cheap: the parser is built for every sub-command

    p = sub.add_parser(
        "quiz",
        help="print teaching questions with answer keys and explanations",
        description="Teaching questions generated from the atlas, the teaching banks (data/teach) and the engine. "
        f"Kinds: {', '.join(KINDS)}. The same --seed gives the same questions.",
    )
    p.__class__ = _OneLineParser  # add_parser() takes no parser class in Python 3.11
    p.add_argument("--json", action="store_true", help="print the questions as JSON")
    p.add_argument("--kind", help=f"one kind of question ({', '.join(KINDS)}); default: every kind in turn")
    p.add_argument("--count", default="10", help=f"how many questions (1-{MAX_COUNT}, default 10)")
    p.add_argument("--seed", default="0", help="integer seed (default 0)")
    p.add_argument("--map", default="evidence_based", help="dermatome map (default evidence_based)")
    p.set_defaults(run=run)


def _int(text: str, name: str, lo: int, hi: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"--{name} must be an integer, not {text!r}") from None
    if value < lo or (hi is not None and value > hi):
        raise ValueError(f"--{name} must be between {lo} and {hi}" if hi else f"--{name} must be >= {lo}")
    return value


def run(args: argparse.Namespace) -> int:
    from bodymaps.atlas import load_atlas
    from bodymaps.resources import DataError
    from bodymaps.teach.bank import load_bank
    from bodymaps.teach.cases import CaseGenerationError
    from bodymaps.teach.kinds import KINDS
    from bodymaps.teach.questions import generate

    try:
        count = _int(args.count, "count", 1, MAX_COUNT)
        seed = _int(args.seed, "seed", 0, None)
    except ValueError as exc:
        return _fail(str(exc))
    if args.kind is not None and args.kind not in KINDS:
        return _fail(f"unknown kind {args.kind!r}; allowed: {', '.join(KINDS)}")
    try:
        atlas = load_atlas()
        bank = load_bank()
    except DataError as exc:
        return _fail(f"teaching data is broken: {exc}")
    if args.map not in atlas.maps:
        return _fail(f"unknown map {args.map!r}; allowed: {', '.join(atlas.maps)}")
    try:
        questions = generate(args.kind, count, seed, args.map, atlas, bank)
    except CaseGenerationError as exc:
        return _fail(str(exc))
    if args.json:
        doc = {"format": "bodymaps.quiz", "version": 1, "kind": args.kind, "count": count, "seed": seed,
               "map": args.map, "questions": [q.to_dict() for q in questions]}
        print(json.dumps(doc, indent=1, ensure_ascii=False))
        return 0
    for i, q in enumerate(questions, 1):
        print(f"{i}. [{q.kind}] {q.prompt}")
        if q.choices:
            print(f"   choices: {', '.join(q.choices)}")
        key = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in q.answer.items())
        print(f"   answer: {key}")
        print(f"   why: {q.explanation}")
        print(f"   source: {q.source}")
    return 0
