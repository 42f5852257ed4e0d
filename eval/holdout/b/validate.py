"""Check eval/holdout/b/questions.jsonl against the corpus (stdlib only).

Checks: ids unique and in the hbNNN form; required fields and categories; every gold quote is a
substring of one of its docs' corpus text after deleting whitespace; every must_include item has an
alternative ("a|b") that occurs in some gold quote after folding (whitespace deleted, full-width
digits/letters/％ folded to half-width); unanswerable items have empty gold_quotes/must_include/docs
and a non-empty near_docs. Prints OK or the list of problems (exit code 1).

Usage: python3 eval/holdout/b/validate.py [questions.jsonl] [corpus_dir]
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = HERE / "questions.jsonl"
DEFAULT_CORPUS = HERE.parents[2] / "corpus"
CATEGORIES = {"fact", "threshold", "word_limit", "deadline", "list", "multi_turn", "unanswerable"}
WHITESPACE = re.compile(r"\s+")
# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; only digits, letters and ％ are folded.
FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
FOLD[0xFF05] = ord("%")


def squash(text: str) -> str:
    return WHITESPACE.sub("", text)


def fold(text: str) -> str:
    return squash(text).translate(FOLD)


def validate(questions_path: Path, corpus_dir: Path) -> list[str]:
    corpus = {p.stem: squash(p.read_text(encoding="utf-8")) for p in corpus_dir.glob("*.txt")}
    problems: list[str] = []
    seen: set[str] = set()
    lines = questions_path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        qid = q.get("id", f"line{lineno}")

        def bad(msg: str) -> None:
            problems.append(f"{qid}: {msg}")

        if not re.fullmatch(r"hb\d{3}", str(qid)):
            bad("id is not of the form hbNNN")
        if qid in seen:
            bad("duplicate id")
        seen.add(qid)
        for field in ("split", "group", "category", "question", "gold_quotes", "must_include", "answerable", "docs"):
            if field not in q:
                bad(f"missing field {field}")
        if problems and problems[-1].startswith(f"{qid}: missing"):
            continue
        if q["split"] != "holdout":
            bad("split is not 'holdout'")
        if q["group"] != qid:
            bad("group differs from id")
        if q["category"] not in CATEGORIES:
            bad(f"unknown category {q['category']!r}")
        if not str(q["question"]).strip():
            bad("empty question")
        history = q.get("history", [])
        if not isinstance(history, list) or any(
                not isinstance(t, dict) or t.get("role") not in ("user", "assistant") or not t.get("content")
                for t in history):
            bad("malformed history")
        if (q["category"] == "multi_turn") != bool(history):
            bad("multi_turn category and non-empty history must go together")

        if q["answerable"] is False:
            if q["category"] != "unanswerable":
                bad("unanswerable question with another category")
            if q["gold_quotes"] or q["must_include"] or q["docs"]:
                bad("unanswerable question must have empty gold_quotes, must_include and docs")
            near = q.get("near_docs")
            if not near or any(d not in corpus for d in near):
                bad(f"near_docs missing or unknown: {near!r}")
            continue
        if q["answerable"] is not True:
            bad("answerable must be true or false")
            continue
        if q["category"] == "unanswerable":
            bad("answerable question with category unanswerable")
        docs = q["docs"]
        if not docs or any(d not in corpus for d in docs):
            bad(f"docs missing or unknown: {docs!r}")
            continue
        if not 1 <= len(q["gold_quotes"]) <= 3:
            bad("needs 1-3 gold quotes")
        for quote in q["gold_quotes"]:
            if not any(squash(quote) in corpus[d] for d in docs):
                bad(f"gold quote not in its docs: {quote!r}")
        if not q["must_include"]:
            bad("empty must_include")
        folded_quotes = [fold(quote) for quote in q["gold_quotes"]]
        for item in q["must_include"]:
            alternatives = [fold(a) for a in item.split("|") if a.strip()]
            if not any(a in fq for a in alternatives for fq in folded_quotes):
                bad(f"must_include item not in any gold quote: {item!r}")
    return problems


def main() -> int:
    questions = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_QUESTIONS
    corpus_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_CORPUS
    problems = validate(questions, corpus_dir)
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
