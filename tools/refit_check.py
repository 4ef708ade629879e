"""Would refitting the engine's global numbers help on cases it was not fitted on? A leave-one-set-out check.

Scores every case of the reference suite and held-out sets 1-3 once (the sets already used for tuning; the blind
sets are never read here), then fits, by maximum likelihood of the published diagnosis under a softmax of the
scores with an L2 pull towards the present values:
- ``priors``: one offset per condition added to its prior;
- ``scales``: one multiplier per kind of finding (sensory, motor, reflexes, tests, history, red flags, patient,
  derived patterns, engine phrases), one set for the root conditions and one for the others.
Each fit leaves one set out and reports that set's top-1 and top-3 before and after (a tie counts for the case, so
'before' can be a case above tools/evaluate.py, which follows the engine's order). A refit that does not improve
the left-out sets is not worth taking into data/knowledge/.

Run: .venv/bin/python tools/refit_check.py [--map MAP] [--lam 0.003 0.01 0.03]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bodymaps.engine import assess  # noqa: E402
from bodymaps.exam import load_exam  # noqa: E402

SETS = ("cases", "heldout", "heldout2", "heldout3")
KINDS = ("sensory", "motor", "reflexes", "tests", "history", "red_flags", "patient", "pattern", "other")


def score_parts(map_id: str) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """(set of each case, conditions, parts[case, condition, kind + prior], expected index per case)."""
    names: list[str] = []
    rows: list[dict[str, np.ndarray]] = []
    expected: list[str] = []
    for name in SETS:
        for path in sorted((ROOT / "tests" / name).glob("*.bodymaps.json")):
            exam = load_exam(path)
            parts: dict[str, np.ndarray] = {}
            for cond in assess(exam, map_id).differential:
                v = np.zeros(len(KINDS) + 1)
                v[-1] = cond.prior
                for c in (*cond.supporting, *cond.against):
                    kind = c.section if c.section in KINDS else ("pattern" if c.finding.startswith("pattern") else "other")
                    v[KINDS.index(kind)] += c.weight
                parts[cond.condition] = v
            names.append(name)
            rows.append(parts)
            expected.append(exam.extensions["x-case"]["expected_top"])
    conditions = sorted(rows[0])
    x = np.array([[r[c] for c in conditions] for r in rows])
    y = np.array([conditions.index(e) for e in expected])
    return names, conditions, x, y


def accuracy(scores: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    mine = scores[np.arange(len(y)), y]
    rank = (scores > mine[:, None] + 1e-9).sum(1)
    return int((rank == 0).sum()), int((rank < 3).sum())


def scores_of(x: np.ndarray, offsets: np.ndarray, scales: np.ndarray, roots: np.ndarray) -> np.ndarray:
    w = np.where(roots[:, None], scales[0][None, :], scales[1][None, :])  # condition x kind
    return (x[:, :, :-1] * w[None]).sum(2) + x[:, :, -1] + offsets[None, :]


def fit(x: np.ndarray, y: np.ndarray, roots: np.ndarray, what: str, lam: float, steps: int = 400) -> tuple[np.ndarray, np.ndarray]:
    n_cond, n_kind = x.shape[1], x.shape[2] - 1
    offsets, scales = np.zeros(n_cond), np.ones((2, n_kind))

    def loss(o: np.ndarray, s: np.ndarray) -> float:
        z = scores_of(x, o, s, roots)
        z = z - z.max(1, keepdims=True)
        logp = z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))
        return float(-logp.mean() + lam * ((o**2).sum() + ((s - 1) ** 2).sum()))

    params = offsets if what == "priors" else scales
    for _ in range(steps):  # numerical gradient: a few dozen parameters, a few hundred cases
        base = loss(offsets, scales)
        grad = np.zeros_like(params)
        for idx in np.ndindex(params.shape):
            params[idx] += 1e-4
            grad[idx] = (loss(offsets, scales) - base) / 1e-4
            params[idx] -= 1e-4
        params -= 0.5 * grad
    return offsets, scales


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", default="evidence_based")
    parser.add_argument("--lam", type=float, nargs="+", default=[0.003, 0.01, 0.03])
    args = parser.parse_args()
    names, conditions, x, y = score_parts(args.map)
    roots = np.array([c.endswith("radiculopathy") for c in conditions])
    set_of = np.array(names)
    for what in ("priors", "scales"):
        for lam in args.lam:
            print(f"{what}, L2 {lam}:")
            for left_out in SETS:
                train, test = set_of != left_out, set_of == left_out
                offsets, scales = fit(x[train], y[train], roots, what, lam)
                before = accuracy(scores_of(x[test], np.zeros(len(conditions)), np.ones_like(scales), roots), y[test])
                after = accuracy(scores_of(x[test], offsets, scales, roots), y[test])
                n = int(test.sum())
                print(f"  left out {left_out:9s} n={n}: top-1 {before[0]} -> {after[0]}, top-3 {before[1]} -> {after[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
