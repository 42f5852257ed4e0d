#!/usr/bin/env python3
"""Merge question files into eval/questions.jsonl and give every question its split.

A split is chosen per `group` (the fact a question asks about, or a multi-turn chain), never per question, so that
two phrasings of one fact never sit on both sides. Questions of this project's first set (q001–q187, written and
tuned on by the first sessions) are all `dev`; for the others, sha1(group) decides: even first byte → `test`.
Usage: python3 eval/assign_splits.py eval/new/*.jsonl      (rewrites eval/questions.jsonl, keeps its lines first)
"""

import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "questions.jsonl"


def split_of(question: dict) -> str:
    if question["id"].startswith("q") and question["id"][1:].isdigit():
        return "dev"
    return "test" if hashlib.sha1(question["group"].encode("utf-8")).digest()[0] % 2 == 0 else "dev"


def main(paths: list[str]) -> None:
    rows = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = {r["id"] for r in rows}
    for path in paths:
        rows += [r for r in (json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
                             if line.strip()) if r["id"] not in known]
    corpus = {f.stem: "".join(f.read_text(encoding="utf-8").split()) for f in OUT.parent.parent.glob("corpus/*.txt")}
    for r in rows:
        r.setdefault("group", r["id"])
        if not r.get("docs"):  # the documents that hold a gold quote (leave-one-document-out needs them)
            r["docs"] = sorted({d for g in r["gold_quotes"] for d, text in corpus.items() if "".join(g.split()) in text})
        r["split"] = split_of(r)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} questions: dev {sum(r['split'] == 'dev' for r in rows)}, "
          f"test {sum(r['split'] == 'test' for r in rows)}")


if __name__ == "__main__":
    main(sys.argv[1:])
