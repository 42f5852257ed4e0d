#!/usr/bin/env python3
"""Validate question-set files (interfaces.md §1 plus this project's added fields) against the corpus.

Usage: python3 eval/check_questions.py FILE.jsonl [FILE.jsonl ...]    (stdlib only; exit 1 on any problem)

Checks, per line: valid JSON with the required fields; a known category; `answerable` agrees with
`gold_quotes`; every gold quote lies inside ONE line (or a line and its wrapped continuation) of ONE corpus file (whitespace deleted on both sides), so
it falls inside one passage (one sentence, list item or table cell); every `must_include` item (any of its
`a|b` alternatives) occurs somewhere in the corpus; multi_turn questions carry a history; ids are unique.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = {"fact", "threshold", "word_limit", "deadline", "list", "multi_turn", "unanswerable"}
REGISTERS = {"formal", "colloquial", "indirect", "abbreviated", "typo", "traditional", "with_doc", "own_numbers"}
_FULL = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_FULL)


def corpus_lines() -> dict[str, list[str]]:
    out = {}
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines = [norm(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        # a table cell that wraps continues on the next line; the parser re-joins such pairs
        out[path.stem] = lines + [a + b for a, b in zip(lines, lines[1:])]
    return out


def check(paths: list[Path]) -> list[str]:
    lines_by_doc = corpus_lines()
    whole = "".join("".join(v) for v in lines_by_doc.values())
    problems, seen = [], set()
    for path in paths:
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                q = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc})")
                continue
            for key in ("id", "category", "question", "gold_quotes", "must_include", "answerable", "group", "docs"):
                if key not in q:
                    problems.append(f"{where}: missing field {key}")
            if q.get("id") in seen:
                problems.append(f"{where}: duplicate id {q.get('id')}")
            seen.add(q.get("id"))
            if q.get("category") not in CATEGORIES:
                problems.append(f"{where}: unknown category {q.get('category')}")
            if q.get("register") is not None and q["register"] not in REGISTERS:
                problems.append(f"{where}: unknown register {q.get('register')}")
            golds, answerable = q.get("gold_quotes", []), q.get("answerable")
            if answerable != bool(golds):
                problems.append(f"{where}: answerable={answerable} but {len(golds)} gold quotes")
            if q.get("category") == "unanswerable" and answerable:
                problems.append(f"{where}: category unanswerable but answerable=true")
            if q.get("category") == "multi_turn" and not q.get("history"):
                problems.append(f"{where}: multi_turn without history")
            for turn in q.get("history", []):
                if turn.get("role") not in ("user", "assistant") or not isinstance(turn.get("content"), str):
                    problems.append(f"{where}: bad history turn {turn}")
            for doc in q.get("docs", []):
                if doc not in lines_by_doc:
                    problems.append(f"{where}: unknown doc {doc}")
            for gold in golds:
                g = norm(gold)
                if not any(g in line for lines in lines_by_doc.values() for line in lines):
                    problems.append(f"{where}: gold quote not inside one corpus line: {gold}")
            for item in q.get("must_include", []):
                if not any(norm(alt) in whole for alt in item.split("|")):
                    problems.append(f"{where}: must_include item found nowhere in the corpus: {item}")
    return problems


if __name__ == "__main__":
    files = [Path(a) for a in sys.argv[1:]]
    if not files:
        sys.exit(__doc__)
    found = check(files)
    print("\n".join(found) if found else f"OK: {sum(1 for f in files for l in f.read_text(encoding='utf-8').splitlines() if l.strip())} questions")
    sys.exit(1 if found else 0)
