"""Validate the fresh held-out question set against the corpus.

Checks, for every question of eval/holdout/a/questions.jsonl:
- the fields of the question-set contract (docs/shared spec section 1) and the ids fr001… in order;
- every gold quote is a substring of the corpus text of one of its `docs` (whitespace deleted on both sides);
- every gold quote occurs in no other corpus document, and once in its own (a repeat is only a warning:
  some source documents repeat a paragraph verbatim);
- every `must_include` item has an alternative ("a|b") that occurs in at least one gold quote, after deleting
  whitespace and folding full-width digits/letters/％ to half-width; the first alternative must be one of them;
- unanswerable questions have no gold quotes and no must_include.

Usage: python eval/holdout/a/validate.py [QUESTIONS] [CORPUS_DIR]; exits 1 when a check fails.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CATEGORIES = {"fact", "threshold", "word_limit", "deadline", "list", "multi_turn", "unanswerable"}


def squash(text: str) -> str:
    """Delete all whitespace (the corpus is flattened from Word, so spacing is not meaningful)."""
    return re.sub(r"\s+", "", text)


def fold(text: str) -> str:
    """Whitespace deleted, full-width digits/letters/％ folded to half-width."""
    out = []
    for ch in squash(text):
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A or ch == "％":
            ch = chr(code - 0xFEE0)
        out.append(ch)
    return "".join(out)


def main(argv):
    qpath = Path(argv[1]) if len(argv) > 1 else ROOT / "eval/holdout/a/questions.jsonl"
    cdir = Path(argv[2]) if len(argv) > 2 else ROOT / "corpus"
    corpus = {p.stem: squash(p.read_text(encoding="utf-8")) for p in sorted(cdir.glob("*.txt"))}
    errors, warnings = [], []
    rows = [json.loads(line) for line in qpath.read_text(encoding="utf-8").splitlines() if line.strip()]
    for n, q in enumerate(rows, 1):
        qid = q.get("id", f"line {n}")
        err = lambda msg: errors.append(f"{qid}: {msg}")  # noqa: E731
        if qid != f"fr{n:03d}":
            err(f"id should be fr{n:03d}")
        if q.get("split") != "holdout" or q.get("group") != qid:
            err("split must be 'holdout' and group must equal the id")
        if q.get("category") not in CATEGORIES:
            err(f"unknown category {q.get('category')!r}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            err("empty question")
        for turn in q.get("history") or []:
            if turn.get("role") not in ("user", "assistant") or not turn.get("content"):
                err("bad history turn")
        gold, must = q.get("gold_quotes"), q.get("must_include")
        if not isinstance(gold, list) or not isinstance(must, list):
            err("gold_quotes and must_include must be lists")
            continue
        if q.get("answerable") is False:
            if gold or must or q.get("category") != "unanswerable":
                err("unanswerable: gold_quotes/must_include must be empty and category 'unanswerable'")
            continue
        if q.get("answerable") is not True:
            err("answerable must be true or false")
        if q.get("category") == "unanswerable":
            err("answerable question with category 'unanswerable'")
        if q.get("category") == "multi_turn" and not q.get("history"):
            err("multi_turn without history")
        docs = q.get("docs") or []
        if not docs or any(d not in corpus for d in docs):
            err(f"docs {docs} not all in corpus {sorted(corpus)}")
            continue
        if not 1 <= len(gold) <= 3 or not must:
            err("need 1-3 gold quotes and at least one must_include")
        for quote in gold:
            s = squash(quote)
            own = sum(corpus[d].count(s) for d in docs)
            if own == 0:
                err(f"gold quote not in {docs}: {quote}")
            elif own > 1:
                warnings.append(f"{qid}: gold quote occurs {own}x in {docs}: {quote}")
            others = [d for d in corpus if d not in docs and s in corpus[d]]
            if others:
                err(f"gold quote also occurs in {others}: {quote}")
        folded_gold = [fold(g) for g in gold]
        for item in must:
            alts = [fold(a) for a in item.split("|")]
            if not any(a in g for a in alts for g in folded_gold):
                err(f"must_include {item!r} in no gold quote")
            elif not any(alts[0] in g for g in folded_gold):
                err(f"must_include {item!r}: first alternative not in a gold quote")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    cats, per_doc = {}, {}
    for q in rows:
        cats[q.get("category")] = cats.get(q.get("category"), 0) + 1
        for d in q.get("docs") or q.get("near_docs") or ["(none)"]:
            key = d + ("" if q.get("answerable") else " (unanswerable)")
            per_doc[key] = per_doc.get(key, 0) + 1
    print(f"{len(rows)} questions, {sum(1 for q in rows if q.get('answerable'))} answerable")
    print("per category:", json.dumps(cats, ensure_ascii=False, sort_keys=True))
    print("per document:", json.dumps(per_doc, ensure_ascii=False, sort_keys=True))
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
