"""Metric floors on the `test` split of eval/questions.jsonl (never tuned on): a lost signal or a broken ranking
fails here. The floors sit about 0.01 below the figures measured when they were set (README, 评测)."""

import pytest

from cjrh_assistant.evaluation import load_questions, run_eval

from .conftest import ROOT

# Set in stop 26 at R@5 0.959, answer 0.835, citation 0.891, abstention 0.306, false abstention 0.039. Abstention is
# over 49 questions: one question moves it by 0.020, and Chroma's approximate search can change a retrieved list
# between runs, so its floor leaves one question of slack.
FLOORS = {"recall_at_5": 0.95, "answer_accuracy": 0.825, "citation_accuracy": 0.88, "abstention_accuracy": 0.28}
CEILINGS = {"false_abstention_rate": 0.05}


@pytest.mark.slow
def test_test_split_holds_its_floors(assistant):
    test = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q.split == "test"]
    result = run_eval(assistant, test, progress=False)
    low = {k: result[k] for k, floor in FLOORS.items() if result[k] < floor}
    high = {k: result[k] for k, ceiling in CEILINGS.items() if result[k] > ceiling}
    assert (low, high) == ({}, {})
