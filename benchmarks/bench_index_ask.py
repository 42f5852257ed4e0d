"""Index and ask timings, with a plain LlamaIndex VectorStoreIndex + Chroma baseline measured in the same run.

    .venv/bin/python benchmarks/bench_index_ask.py [--questions 60]

Prints figures and ratios; asserts nothing (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cjrh_assistant.assistant import Assistant  # noqa: E402
from cjrh_assistant.config import DEFAULT_CORPUS, Settings  # noqa: E402
from cjrh_assistant.retrieval.index import PassageIndex  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def baseline_latencies(questions: list[str], embedder) -> list[float]:
    """Plain LlamaIndex: SentenceSplitter chunks of the raw files in an in-memory Chroma collection."""
    import chromadb
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    docs = [Document(text=p.read_text(encoding="utf-8")) for p in sorted(DEFAULT_CORPUS.glob("*.txt"))]
    client = chromadb.EphemeralClient(settings=chromadb.Settings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("baseline", embedding_function=None,
                                                 configuration={"hnsw": {"space": "cosine"}})
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=embedder,
                                            transformations=[SentenceSplitter(chunk_size=256)])
    retriever = index.as_retriever(similarity_top_k=10)
    retriever.retrieve(questions[0])
    return [timed(retriever.retrieve, q) for q in questions]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()][: args.questions]

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), corpus_dir=DEFAULT_CORPUS)
        cold = timed(PassageIndex(settings).build, False, False)
        cli = [str(Path(sys.executable).parent / "cjrh"), "index", "--data-dir", tmp]
        t0 = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        nochange_cli = (time.perf_counter() - t0) * 1000

        assistant = Assistant(settings, progress=False)
        embedder = assistant.embedder
        assistant.ask(questions[0])
        ask = [timed(assistant.ask, q) for q in questions]
        embed = [timed(embedder.get_query_embedding, q) for q in questions]
        base = baseline_latencies(questions, embedder)

    e50 = statistics.median(embed)
    print(f"cold index build            {cold / 1000:8.2f} s")
    print(f"no-change `cjrh index`      {nochange_cli / 1000:8.2f} s  (whole process, incl. Python start)")
    print(f"query embedding alone       p50 {e50:7.2f} ms   p95 {pct(embed, .95):7.2f} ms")
    print(f"cjrh ask (warm)             p50 {statistics.median(ask):7.2f} ms   p95 {pct(ask, .95):7.2f} ms")
    print(f"baseline VectorStoreIndex   p50 {statistics.median(base):7.2f} ms   p95 {pct(base, .95):7.2f} ms")
    print(f"ratio ask p50 / embedding p50        {statistics.median(ask) / e50:5.2f}  (goal ≤ 2.0)")
    print(f"ratio ask p50 / baseline p50         {statistics.median(ask) / statistics.median(base):5.2f}")


if __name__ == "__main__":
    main()
