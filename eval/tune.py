#!/usr/bin/env python3
"""Grid-search the sentence-scoring weights of retrieval/params.py on the `dev` split only.

Each setting answers every dev question with the decision switched off (always answer), so the figure is the
quality of the chosen quote alone: the share of answerable dev questions whose answer holds every must_include
item. The `test` split is never read here.

Usage: .venv/bin/python eval/tune.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjrh_assistant.assistant import Assistant  # noqa: E402
from cjrh_assistant.config import Settings  # noqa: E402
from cjrh_assistant.evaluation import includes_all, load_questions  # noqa: E402


def main() -> None:
    dev = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q.split == "dev" and q.answerable]
    assistant = Assistant(Settings(), progress=False)
    base = assistant.params.model_copy(update={"answer_at": 0.0, "nearest_at": 0.0})
    results = []
    for w_dense, w_lexical, w_fit in itertools.product((0.2, 0.35, 0.5), (0.2, 0.35, 0.5), (0.1, 0.2, 0.3)):
        assistant.params = base.model_copy(update={"w_dense": w_dense, "w_lexical": w_lexical, "w_fit": w_fit})
        right = sum(includes_all(assistant.ask(q.question, q.history).text, q.must_include) for q in dev)
        results.append((right / len(dev), w_dense, w_lexical, w_fit))
        print(f"w_dense {w_dense:.2f}  w_lexical {w_lexical:.2f}  w_fit {w_fit:.2f}  answer {right / len(dev):.3f}",
              flush=True)
    best = max(results)
    print(f"best: answer {best[0]:.3f} with w_dense {best[1]}, w_lexical {best[2]}, w_fit {best[3]}")


if __name__ == "__main__":
    main()
