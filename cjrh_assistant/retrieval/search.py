"""Hybrid search: Chroma dense retrieval and jieba BM25, fused by weighted normalised scores, as LlamaIndex
retrievers. Results leave this module as the project's own `Hit` records."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from ..config import RetrieverMode, Settings
from ..corpus.units import sentences, unit_id
from ..models import Hit, Passage
from .store import store_error
from .params import DEFAULT_PARAMS, RankingParams
from .keyword import BM25, SavedTokens, corpus_terms, passage_tokens, tokenize, use_vocabulary, vocabulary


class KeywordRetriever(BaseRetriever):
    """BM25 over each passage's index text (title, clause path and text)."""

    def __init__(self, passages: list[Passage], top_k: int, params: RankingParams = DEFAULT_PARAMS,
                 saved: Optional[SavedTokens] = None) -> None:
        """`saved`: the corpus terms and passage tokens the index snapshot holds; without them jieba tokenises
        every passage here (80% of start-up time at 100× the corpus, issue 15)."""
        super().__init__()
        self.passages = passages
        self.top_k = top_k
        # the tokenizer of exactly this corpus's terms, put in use: questions are cut as its passages were
        self.vocabulary = vocabulary(saved.terms if saved is not None else corpus_terms(p.text for p in passages))
        use_vocabulary(self.vocabulary)
        if saved is not None:
            tokens = [saved.tokens[p.id] for p in passages]
        else:
            tokens = [passage_tokens(p.index_text(), self.vocabulary) for p in passages]
        self.bm25 = BM25(tokens, k1=params.bm25_k1, b=params.bm25_b)
        self._terms = {p.id: frozenset(t) for p, t in zip(passages, tokens)}

    def terms(self, passage: Passage) -> frozenset[str]:
        """The passage's index tokens, computed once at load (the answer path asks for them per query)."""
        cached = self._terms.get(passage.id)
        return cached if cached is not None else frozenset(passage_tokens(passage.index_text(), self.vocabulary))

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [NodeWithScore(node=TextNode(id_=self.passages[i].id, text=self.passages[i].text), score=score)
                for i, score in self.bm25.top(tokenize(query_bundle.query_str, self.vocabulary), self.top_k)]


class SentenceRetriever(BaseRetriever):
    """Dense retrieval at sentence level: a passage scores the best cosine of the query with any of its sentences
    (embedded at index time). A long clause or a table whose one sentence answers is diluted in its passage vector."""

    def __init__(self, passages: list[Passage], unit_vectors: dict[str, Any], top_k: int) -> None:
        super().__init__()
        self.top_k = top_k
        owners, rows = [], []
        for number, passage in enumerate(passages):
            for sentence in sentences(passage):
                vector = unit_vectors.get(unit_id(passage, sentence))
                if vector is not None:
                    owners.append(number)
                    rows.append(np.asarray(vector, dtype=np.float32))
        self.passages = passages
        self.owners = np.asarray(owners, dtype=np.int64)
        matrix = np.stack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
        self.matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if not len(self.owners) or query_bundle.embedding is None:
            return []
        query = np.asarray(query_bundle.embedding, dtype=np.float32)
        similarity = self.matrix @ (query / (np.linalg.norm(query) or 1.0))
        best = np.full(len(self.passages), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owners, similarity)
        order = np.argsort(-best)[: self.top_k]
        return [NodeWithScore(node=TextNode(id_=self.passages[i].id, text=self.passages[i].text), score=float(best[i]))
                for i in order if np.isfinite(best[i])]


class StoreRetriever(BaseRetriever):
    """The dense retriever, with any failure of the vector store (a file damaged after start) turned into the
    one-line Chinese error that tells how to repair it, instead of a traceback."""

    def __init__(self, inner: BaseRetriever) -> None:
        super().__init__()
        self.inner = inner

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        try:
            return self.inner.retrieve(query_bundle)
        except Exception as exc:
            raise store_error(exc) from exc


class WeightedFusionRetriever(BaseRetriever):
    """Weighted relative-score fusion: each retriever's scores are min-max normalised over its own candidates,
    then summed with weights. On eval/questions.jsonl it beat weighted reciprocal-rank fusion at rank 1
    (0.763 vs 0.746) with the same recall@5 (0.953); see README for the measurement."""

    def __init__(self, retrievers: list[tuple[BaseRetriever, float]], top_k: int) -> None:
        super().__init__()
        self.retrievers = retrievers
        self.top_k = top_k

    def fuse(self, query_bundle: QueryBundle) -> tuple[list[NodeWithScore], list[list[NodeWithScore]]]:
        """The fused ranking and each retriever's own results (their raw scores feed the abstention check)."""
        runs = [retriever.retrieve(query_bundle) for retriever, _ in self.retrievers]
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for results, (_, weight) in zip(runs, self.retrievers):
            if not results:
                continue
            values = [float(item.score or 0.0) for item in results]
            low, high = min(values), max(values)
            for item, value in zip(results, values):
                nid = item.node.node_id
                fused[nid] = fused.get(nid, 0.0) + weight * ((value - low) / (high - low) if high > low else 1.0)
                nodes.setdefault(nid, item)
        order = sorted(fused, key=lambda nid: -fused[nid])[: self.top_k]
        return [NodeWithScore(node=nodes[nid].node, score=fused[nid]) for nid in order], runs

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.fuse(query_bundle)[0]


class Searcher:
    """Runs one query through the configured retriever and returns `Hit`s with both raw scores attached."""

    def __init__(self, settings: Settings, passages: list[Passage], vector_store: Any, embed_model: Any,
                 params: RankingParams = DEFAULT_PARAMS, saved: Optional[SavedTokens] = None,
                 unit_vectors: Optional[dict[str, Any]] = None) -> None:
        self.settings = settings
        # Blank-form labels (“留泉就业率”, “双师型”教师占比) repeat a question's words without holding the rule.
        self.kind_prior = {"form": params.form_prior, "heading": params.form_prior}
        self.passages = {p.id: p for p in passages}
        self.embed_model = embed_model
        depth = settings.candidates
        self.keyword = KeywordRetriever(passages, depth, params, saved)
        index = VectorStoreIndex.from_vector_store(vector_store, embed_model=embed_model)
        self.dense = StoreRetriever(index.as_retriever(similarity_top_k=depth))
        self.sentence = SentenceRetriever(passages, unit_vectors or {}, depth)
        self.fusion = WeightedFusionRetriever(
            [(self.dense, settings.dense_weight), (self.keyword, settings.keyword_weight),
             (self.sentence, settings.sentence_weight)], depth)

    def search(self, query: str, top_k: int = 10, mode: Optional[RetrieverMode] = None) -> list[Hit]:
        return self.search_with_vector(query, top_k, mode)[0]

    def search_with_vector(self, query: str, top_k: int = 10,
                           mode: Optional[RetrieverMode] = None) -> tuple[list[Hit], np.ndarray]:
        """Hits, and the query's embedding (the answer layer compares it with sentence embeddings)."""
        mode = mode or self.settings.retriever
        bundle = QueryBundle(query_str=query)
        # Embed once; the dense retriever reuses the embedding carried by the bundle.
        bundle.embedding = self.embed_model.get_query_embedding(query)
        if mode == "hybrid":
            ranked, (dense, keyword, _) = self.fusion.fuse(bundle)
        elif mode == "dense":
            dense, keyword = self.dense.retrieve(bundle), []
            ranked = dense
        else:
            dense, keyword = [], self.keyword.retrieve(bundle)
            ranked = keyword
        dense_scores = {n.node.node_id: float(n.score or 0.0) for n in dense}
        keyword_scores = {n.node.node_id: float(n.score or 0.0) for n in keyword}
        hits = []
        for item in ranked:
            nid = item.node.node_id
            passage = self.passages.get(nid)
            if passage is None:  # an embedding whose passage left the corpus and is not yet deleted
                continue
            score = float(item.score or 0.0) * self.kind_prior.get(passage.kind, 1.0)
            hits.append(Hit(passage=passage, score=score, dense_score=dense_scores.get(nid),
                            keyword_score=keyword_scores.get(nid)))
        hits.sort(key=lambda h: -h.score)
        return hits[:top_k], np.asarray(bundle.embedding, dtype=np.float32)
