"""Use case “ask”: question (+ history) -> cited Answer, or an abstention when the corpus does not answer."""

from __future__ import annotations

import sys
from typing import Optional

from .answering.extractive import compose
from .answering.followup import resolve
from .config import RetrieverMode, Settings
from .errors import InputError
from .models import Answer, Hit, RetrievedPassage, Turn
from .retrieval.index import PassageIndex, Snapshot
from .retrieval.keyword import coverage, known_terms, tokenize

RETRIEVED_FOR_EVAL = 10
NOT_FOUND = "资料中未找到能回答该问题的条文。"
# Calibrated with `cjrh eval` on eval/questions.jsonl (README, “评测 / Evaluation”).
DEFAULT_ABSTAIN_THRESHOLD = 0.6


class Assistant:
    def __init__(self, settings: Settings, progress: bool = True) -> None:
        from .retrieval.embedders import make_embedder
        from .retrieval.search import Searcher

        self.settings = settings
        self.index = PassageIndex(settings)
        snapshot = self.index.load_snapshot()
        if snapshot is None or not self.index.is_current(snapshot):
            if progress:
                print("首次使用或资料有变化，正在建立索引…", file=sys.stderr)
            self.index.build(progress=progress)
            snapshot = self.index.load_snapshot()
        assert snapshot is not None
        self.snapshot: Snapshot = snapshot
        self.doc_scope = {d.doc_id: f"{d.title} {d.issuer or ''}" for d in snapshot.documents}
        self.embedder = make_embedder(settings)
        self.searcher = Searcher(settings, snapshot.passages, self.index.vector_store(), self.embedder)
        self.threshold = (settings.abstain_threshold if settings.abstain_threshold is not None
                          else DEFAULT_ABSTAIN_THRESHOLD)

    def ask(self, question: str, history: Optional[list[Turn]] = None,
            mode: Optional[RetrieverMode] = None) -> Answer:
        if not question or not question.strip():
            raise InputError("问题不能为空。")
        resolved = resolve(question, history)
        hits = self.searcher.search(resolved.question, top_k=RETRIEVED_FOR_EVAL, mode=mode)
        hits = self._focus_first(hits, resolved.focus)
        weight = self.searcher.keyword.bm25.weight
        evidence = self.evidence(resolved.question, hits)
        if resolved.focus:  # a follow-up is answered when the words it adds are found
            evidence = max(evidence, self.evidence(resolved.focus, hits))
        retrieved = [RetrievedPassage(passage_id=h.passage.id, doc_id=h.passage.doc_id, clause=h.passage.clause,
                                      score=h.score, dense_score=h.dense_score, keyword_score=h.keyword_score,
                                      text=h.passage.text) for h in hits]
        if not hits or evidence < self.threshold:
            return Answer(question=question, resolved_question=resolved.question, text=_not_found(hits),
                          retrieved=retrieved, abstained=True, evidence=evidence)
        text, citations = compose(resolved.question, resolved.focus, hits, weight, self.doc_scope)
        return Answer(question=question, resolved_question=resolved.question, text=text, citations=citations,
                      retrieved=retrieved, abstained=not citations, evidence=evidence)

    def evidence(self, question: str, hits: list[Hit], depth: int = 3) -> float:
        """How much of the question (idf-weighted terms) the best of the top passages contains."""
        terms = known_terms(set(tokenize(question)), self.searcher.keyword.bm25.known)
        if not terms or not hits:
            return 0.0
        weights = {t: self.searcher.keyword.bm25.weight(t) for t in terms}
        return max(coverage(weights, self.searcher.keyword.terms(hit.passage)) for hit in hits[:depth])

    def _focus_first(self, hits: list[Hit], focus: str) -> list[Hit]:
        """For a follow-up, passages that contain the words the user just added go first (order otherwise kept)."""
        terms = set(tokenize(focus))
        if not terms:
            return hits
        return sorted(hits, key=lambda h: not terms <= self.searcher.keyword.terms(h.passage))


def _not_found(hits: list[Hit], nearest: int = 3) -> str:
    lines = [NOT_FOUND]
    if hits:
        lines.append("最接近的条文：")
        for k, h in enumerate(hits[:nearest], start=1):
            snippet = h.passage.text.replace("\n", " ")
            lines.append(f"[{k}] 《{h.passage.doc_title}》{h.passage.clause}：{snippet[:60]}{'…' if len(snippet) > 60 else ''}")
    return "\n".join(lines)
