#!/usr/bin/env python3
"""Fit the decision to answer (cjrh_assistant/retrieval/decision.json) on the `dev` split only.

Runs every dev question through the assistant, takes the evidence features of each answer, and fits an
L2-regularised logistic regression of “the corpus answers this question” (the question's `answerable`) on them.
Prints the fitted weights and the calibration of the fitted model on dev. The `test` split is never read here.

Usage: .venv/bin/python eval/fit_decision.py [--questions eval/questions.jsonl] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjrh_assistant.assistant import Assistant  # noqa: E402
from cjrh_assistant.config import Settings  # noqa: E402
from cjrh_assistant.evaluation import load_questions  # noqa: E402
from cjrh_assistant.retrieval.evidence import FEATURES, fit_decision, save_decision, set_operating_point  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--max-false-abstention", type=float, default=0.04)
    ap.add_argument("--dry-run", action="store_true", help="print, do not write decision.json")
    args = ap.parse_args()
    dev = [q for q in load_questions(Path(args.questions)) if q.split == "dev"]
    assistant = Assistant(Settings(), progress=False)
    rows, labels = [], []
    for q in dev:
        answer = assistant.ask(q.question, q.history)
        if answer.rule_id:  # answered from a rule pack: the decision is not consulted
            continue
        rows.append(answer.features)
        labels.append(int(q.answerable))
    decision = fit_decision(rows, labels, l2=args.l2)
    print(f"dev questions used: {len(rows)} (answerable {sum(labels)})")
    for name in FEATURES:
        print(f"  {name:<22}{decision.weights[name]:+.3f}   mean {decision.mean[name]:.3f}  sd {decision.scale[name]:.3f}")
    # The operating point: the highest cut-off at which at most `--max-false-abstention` of the answerable dev
    # questions would be refused; the bias is shifted so that this cut-off becomes probability 0.5.
    set_operating_point(decision, rows, labels, args.max_false_abstention)
    probs = [decision.probability(r) for r in rows]
    refused = sum(p < 0.5 for p, y in zip(probs, labels) if not y) / max(1, labels.count(0))
    wrongly = sum(p < 0.5 for p, y in zip(probs, labels) if y) / max(1, labels.count(1))
    print(f"operating point: dev abstention {refused:.3f}, dev false abstention {wrongly:.3f}")
    print("calibration on dev (probability band: questions, share answerable):")
    for k in range(10):
        band = [y for p, y in zip(probs, labels) if k / 10 <= p < (k + 1) / 10 or (k == 9 and p == 1.0)]
        if band:
            print(f"  {k / 10:.1f}–{(k + 1) / 10:.1f}: {len(band):>4}  {sum(band) / len(band):.2f}")
    if not args.dry_run:
        save_decision(decision, note=f"fit by eval/fit_decision.py on the dev split ({len(rows)} questions, "
                                     f"l2={args.l2}); target: the question is answerable; bias shifted so that 0.5 refuses "
                                     f"{args.max_false_abstention:.0%} of answerable dev questions")
        print("written: cjrh_assistant/retrieval/decision.json")


if __name__ == "__main__":
    main()
