"""The sentence-level dense retriever: a passage scores by its best sentence, not by its average."""

import numpy as np
from llama_index.core.schema import QueryBundle

from cjrh_assistant.corpus.units import sentences, unit_id
from cjrh_assistant.models import Passage
from cjrh_assistant.retrieval.search import SentenceRetriever


def _passage(pid: str, text: str) -> Passage:
    return Passage(id=pid, doc_id="d", doc_title="文件", clause_path=[], text=text, kind="clause", start=0,
                   end=len(text))


def test_a_passage_ranks_by_its_best_sentence():
    long = _passage("long", "第一句讲别的事。第二句正好回答。")
    even = _passage("even", "一句话都沾一点边。")
    first, second = sentences(long)
    vectors = {unit_id(long, first): [0.0, 1.0], unit_id(long, second): [1.0, 0.0],
               unit_id(even, sentences(even)[0]): [0.7, 0.7]}
    retriever = SentenceRetriever([long, even], vectors, top_k=5)
    got = retriever.retrieve(QueryBundle(query_str="问", embedding=[2.0, 0.0]))
    assert [n.node.node_id for n in got] == ["long", "even"]
    assert np.isclose(got[0].score, 1.0) and np.isclose(got[1].score, np.sqrt(0.5))


def test_passages_without_sentence_vectors_are_not_returned():
    a, b = _passage("a", "有向量的句子。"), _passage("b", "没有向量的句子。")
    retriever = SentenceRetriever([a, b], {unit_id(a, sentences(a)[0]): [1.0, 0.0]}, top_k=5)
    assert [n.node.node_id for n in retriever.retrieve(QueryBundle(query_str="问", embedding=[0.0, 1.0]))] == ["a"]


def test_the_assistant_fuses_the_sentence_retriever(assistant):
    weights = [w for _, w in assistant.searcher.fusion.retrievers]
    assert len(weights) == 3 and weights[2] > 0
    assert len(assistant.searcher.sentence.owners) > len(assistant.snapshot.passages)


def test_a_retrieved_passage_shows_its_own_heading_as_a_citation_does(assistant):
    from cjrh_assistant.corpus.units import own_heading

    answer = assistant.ask("沙河要联办几个产业学院？")
    headed = [r for r in answer.retrieved if own_heading(assistant.searcher.passages[r.passage_id])]
    assert headed, "the question should retrieve a clause whose numbered heading states the count"
    for r in headed:
        passage = assistant.searcher.passages[r.passage_id]
        assert r.text == f"{passage.clause_path[-1].strip()}\n{passage.text}"
    assert any("联办1个产业学院" in r.text for r in answer.retrieved[:5])
