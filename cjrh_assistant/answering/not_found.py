"""The answers that say the corpus does not answer: “资料中未找到…” with the nearest clauses listed, and the wording of
“未找到确切答案，最相关的条文是…”."""

from __future__ import annotations

from ..corpus.units import with_own_heading
from ..models import Answer, Hit, RetrievedPassage

NOT_FOUND = "资料中未找到能回答该问题的条文。"
NEAREST = "未找到确切答案，最相关的条文是："


def shown(hits: list[Hit]) -> list[RetrievedPassage]:
    """Hits as an answer reports them (its own heading line included, as a citation shows a passage)."""
    return [RetrievedPassage(passage_id=h.passage.id, doc_id=h.passage.doc_id, doc_title=h.passage.doc_title,
                             clause=h.passage.clause, score=h.score, dense_score=h.dense_score,
                             keyword_score=h.keyword_score, text=with_own_heading(h.passage)) for h in hits]


def not_found(base: Answer, hits: list[Hit], why: str = "", nearest: int = 3) -> Answer:
    """“资料中未找到…”, with the nearest clauses listed [1]–[3]; the page shows the same ones (`Answer.nearest`)."""
    lines = [NOT_FOUND + why]
    if hits:
        lines.append("最接近的条文：")
        for k, h in enumerate(hits[:nearest], start=1):
            snippet = h.passage.text.replace("\n", " ")
            lines.append(f"[{k}] 《{h.passage.doc_title}》{h.passage.clause}：{snippet[:60]}{'…' if len(snippet) > 60 else ''}")
    return base.model_copy(update={"text": "\n".join(lines), "abstained": True, "outcome": "not_found",
                                   "nearest": shown(hits[:nearest])})
