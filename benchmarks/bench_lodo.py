"""Leave-one-document-out: fit the decision to answer on the questions of four documents, report on the fifth.

    .venv/bin/python benchmarks/bench_lodo.py

Every question is asked once with the decision switched off (always answer), which records its evidence features
and whether its answer would be right; each held-out document's figures are then computed offline with a
decision fit on the other documents' questions (dev and test alike: no tuning happens here besides the fit).
Prints per held-out document: questions, answer accuracy, abstention accuracy, false abstention.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjrh_assistant.assistant import Assistant  # noqa: E402
from cjrh_assistant.config import Settings  # noqa: E402
from cjrh_assistant.evaluation import includes_all, load_questions  # noqa: E402
from cjrh_assistant.retrieval.evidence import fit_decision, set_operating_point  # noqa: E402
from cjrh_assistant.retrieval.params import DEFAULT_PARAMS  # noqa: E402


MAX_FALSE_ABSTENTION = 0.04  # the operating point of the shipped decision (eval/fit_decision.py's default)


def main() -> None:
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    assistant = Assistant(Settings(), progress=False)
    assistant.params = assistant.params.model_copy(update={"answer_at": 0.0, "nearest_at": 0.0})
    rows = []
    for q in questions:
        a = assistant.ask(q.question, q.history)
        rows.append({"docs": set(q.docs), "answerable": q.answerable, "rule": bool(a.rule_id),
                     "features": a.features, "right": q.answerable and includes_all(a.text, q.must_include)})
    docs = sorted({d for r in rows for d in r["docs"]})
    print(f"{'held-out document':<22}{'n':>5}{'answer':>8}{'abstain':>9}{'false abst.':>12}")
    for held in docs:
        train = [r for r in rows if held not in r["docs"] and not r["rule"]]
        features, labels = [r["features"] for r in train], [int(r["answerable"]) for r in train]
        decision = fit_decision(features, labels)
        set_operating_point(decision, features, labels, MAX_FALSE_ABSTENTION)  # as eval/fit_decision.py does
        test = [r for r in rows if held in r["docs"]]
        answered = [r["rule"] or decision.probability(r["features"]) >= DEFAULT_PARAMS.answer_at for r in test]
        pos = [(r, a) for r, a in zip(test, answered) if r["answerable"]]
        neg = [(r, a) for r, a in zip(test, answered) if not r["answerable"]]
        acc = sum(r["right"] and a for r, a in pos) / len(pos) if pos else 0.0
        abst = sum(not a for _, a in neg) / len(neg) if neg else 0.0
        false = sum(not a for _, a in pos) / len(pos) if pos else 0.0
        print(f"{held:<22}{len(test):>5}{acc:>8.3f}{abst:>9.3f}{false:>12.3f}")


if __name__ == "__main__":
    main()
