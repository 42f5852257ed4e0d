"""The question set is data other people score us with: it must be well-formed and honest."""

from collections import Counter

from cjrh_assistant.evaluation import gold_rank, includes_all, load_questions, summarise
from cjrh_assistant.textnorm import strip_ws

from .conftest import CORPUS_FILES, ROOT

QUESTIONS = load_questions(ROOT / "eval" / "questions.jsonl")
HOLDOUT = load_questions(*sorted((ROOT / "eval" / "holdout").glob("*/questions.jsonl")))


def test_every_gold_quote_exists_verbatim_in_one_corpus_file():
    texts = {p.name: strip_ws(p.read_text(encoding="utf-8")) for p in CORPUS_FILES}
    missing = [(q.id, g) for q in QUESTIONS + HOLDOUT for g in q.gold_quotes
               if not any(strip_ws(g) in t for t in texts.values())]
    assert missing == []


def test_the_blind_holdout_set_is_its_own_split_and_shares_no_id():
    assert len(HOLDOUT) >= 250 and {q.split for q in HOLDOUT} == {"holdout"}
    assert {q.split for q in QUESTIONS} == {"dev", "test"}
    assert not {q.id for q in HOLDOUT} & {q.id for q in QUESTIONS}
    assert sum(not q.answerable for q in HOLDOUT) >= 20


def test_question_set_covers_every_category_and_document():
    counts = Counter(q.category for q in QUESTIONS)
    assert len(QUESTIONS) >= 150
    assert counts["unanswerable"] >= 15 and counts["multi_turn"] >= 15
    assert set(counts) == {"fact", "threshold", "word_limit", "deadline", "list", "multi_turn", "unanswerable"}
    assert all(q.answerable == bool(q.gold_quotes) for q in QUESTIONS)
    assert all(q.history for q in QUESTIONS if q.category == "multi_turn")
    texts = {p.name: strip_ws(p.read_text(encoding="utf-8")) for p in CORPUS_FILES}
    covered = {name for q in QUESTIONS for g in q.gold_quotes for name, t in texts.items() if strip_ws(g) in t}
    assert covered == set(texts)
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


def test_must_include_folds_width_and_whitespace_and_accepts_alternatives():
    assert includes_all("比例达到７０％以上", ["70%"])
    assert includes_all("3～6 个专业", ["3～6"])
    assert includes_all("应在 8 月 15 日前", ["8月15日|八月十五日"])
    assert not includes_all("比例达到75%以上", ["70%"])


def test_gold_rank_and_metrics_follow_the_contract():
    assert gold_rank(["无关", "比例 达到70%以上"], ["比例达到70%以上"]) == 2
    # a quote copied from a Markdown table line of a corpus file matches the passage its parser made of that line
    assert gold_rank(["发文日期: 2025-05-28 发布机构: 高青县教育和体育局"], ["发文日期: | 2025-05-28"]) == 1
    assert gold_rank(["无关"], ["比例达到70%以上"]) is None
    rows = [
        {"answerable": True, "retrieved_hit_rank": 1, "answer_ok": True, "citation_ok": True, "abstained": False,
         "latency_ms": 10.0},
        {"answerable": True, "retrieved_hit_rank": 4, "answer_ok": False, "citation_ok": True, "abstained": False,
         "latency_ms": 30.0},
        {"answerable": True, "retrieved_hit_rank": None, "answer_ok": False, "citation_ok": False, "abstained": True,
         "latency_ms": 20.0},
        {"answerable": False, "retrieved_hit_rank": None, "answer_ok": None, "citation_ok": None, "abstained": True,
         "latency_ms": 5.0},
    ]
    r = summarise(rows, {"embedder": "x", "retriever": "hybrid", "llm": None})
    assert (r["questions"], r["answerable"]) == (4, 3)
    assert r["recall_at_1"] == round(1 / 3, 4) and r["recall_at_3"] == round(1 / 3, 4)
    assert r["recall_at_5"] == round(2 / 3, 4)
    assert r["mrr"] == round((1 + 0.25) / 3, 4)
    assert r["answer_accuracy"] == round(1 / 3, 4) and r["citation_accuracy"] == round(2 / 3, 4)
    assert r["abstention_accuracy"] == 1.0 and r["false_abstention_rate"] == round(1 / 3, 4)
    assert r["latency_ms_p50"] == 15.0
