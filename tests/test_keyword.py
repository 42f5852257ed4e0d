"""The keyword layer's term handling: what counts as a question's topic, and what a passage's wording implies."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from cjrh_assistant.retrieval.keyword import known_terms, passage_tokens, tokenize
from tests.conftest import ROOT


def test_unknown_compound_of_a_known_word_is_dropped_with_its_fragments():
    known = {"课程", "分解", "共建"}.__contains__
    assert known_terms({"课程表", "课程", "共建"}, known) == {"课程", "共建"}
    assert known_terms({"分解表", "分解", "解表"}, known) == {"分解"}


def test_unknown_words_standing_alone_stay_as_the_missing_topic():
    known = {"证书", "考试"}.__contains__
    # 报名费 and its part 报名 are both unknown: the corpus lacks the topic, and the terms must say so
    assert known_terms({"报名费", "报名", "证书"}, known) == {"报名费", "报名", "证书"}


def test_limit_wording_implies_the_question_words_for_limits():
    tokens = passage_tokens("(2000字以内)")
    assert "上限" in tokens and "字数" in tokens
    assert "下限" in passage_tokens("留泉就业率达50%以上")
    assert "上限" not in passage_tokens("留泉就业率达50%以上")


def test_question_words_and_function_words_are_not_terms():
    tokens = tokenize("申报表要填报哪些内容？")
    assert "申报表" in tokens and "内容" in tokens  # a topic noun stays: no list says otherwise
    assert not {"哪些", "要"} & set(tokens)


def test_a_dictionary_word_inside_a_longer_cut_is_a_token_too():
    # jieba may cut “企业兼职教师” as one word; a question writing “兼职教师” alone must still match it
    from cjrh_assistant.retrieval.keyword import _with_long_subwords

    dictionary = {"兼职教师": 5, "企业兼职教师": 1, "兼职": 9}
    assert list(_with_long_subwords(["企业兼职教师", "兼职"], dictionary, 6)) == ["兼职教师", "企业兼职教师", "兼职"]
    assert "兼职教师" in tokenize("新聘企业兼职教师30人以上")


def _plain_bm25(docs: list[list[str]], k1: float, b: float):
    """The scoring formula as it was before the inverted index: every document scanned, terms in set order."""
    import math
    from collections import Counter

    tfs = [Counter(d) for d in docs]
    lengths = [sum(tf.values()) for tf in tfs]
    avg = sum(lengths) / len(lengths)
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    idf = {t: math.log(1 + (len(tfs) - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(query: list[str]) -> list[float]:
        out = []
        for tf, length in zip(tfs, lengths):
            s, norm = 0.0, k1 * (1 - b + b * length / avg)
            for t in set(query):
                f = tf.get(t)
                if f:
                    s += idf[t] * f * (k1 + 1) / (f + norm)
            out.append(s)
        return out

    return scores


def test_the_inverted_index_ranks_every_eval_question_exactly_as_the_plain_formula():
    import json

    from cjrh_assistant.config import DEFAULT_CORPUS
    from cjrh_assistant.retrieval.index import read_corpus
    from cjrh_assistant.retrieval.keyword import BM25, save_tokens, vocabulary
    from cjrh_assistant.retrieval.params import DEFAULT_PARAMS
    from tests.conftest import ROOT

    _, _, passages = read_corpus(DEFAULT_CORPUS)
    saved = save_tokens(passages)
    docs = [saved.tokens[p.id] for p in passages]
    k1, b = DEFAULT_PARAMS.bm25_k1, DEFAULT_PARAMS.bm25_b
    bm25, plain = BM25(docs, k1=k1, b=b), _plain_bm25(docs, k1, b)
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    assert len(questions) > 1000
    corpus_words = vocabulary(saved.terms)  # the one a search over this index cuts questions with
    for question in questions:
        query = tokenize(question, corpus_words)
        expected = plain(query)
        # the old ranking: a stable sort of all documents, best 30, zero scores dropped
        top = [(i, expected[i]) for i in sorted(range(len(docs)), key=lambda i: -expected[i])[:30] if expected[i] > 0]
        assert bm25.top(query, 30) == top, question  # same documents, same order, bit-identical scores
        assert bm25.scores(query) == expected, question


def test_administrative_places_are_cities_and_provinces_not_other_place_class_words():
    from cjrh_assistant.retrieval.keyword import administrative_places

    assert administrative_places("广东省和厦门的联合体怎么遴选") == {"广东", "厦门"}
    assert administrative_places("专业之间要共享哪些东西") == set()  # 东西 is in jieba's place class
    assert administrative_places("目标里市综合职教中心要建几个基地") == set()  # 里市: a cut, not a city


def test_terms_in_is_the_token_set_of_the_text_among_the_terms():
    from cjrh_assistant.retrieval.keyword import terms_in, token_set

    texts = ["“双师型”教师占专业课教师总数的比例达到70%以上；", "ＡＢＣ企业兼职教师达25%以上", "申报材料于3月15日前报送",
             "推荐书正文（2000字以内）", ""]
    for text in texts:
        tokens = frozenset(tokenize(text))
        assert token_set(text) == tokens
        for terms in ({"教师", "兼职教师", "比例"}, {"abc", "企业"}, {"师型", "双师"}, {"报送", "3月"}, {"字数"}, set()):
            assert terms_in(text, terms) == tokens & terms, (text, terms)
    # a term inside the text that the tokenizer does not cut out is not a token of it
    assert "师总" in "教师总数" and terms_in("教师总数", {"师总"}) == frozenset()


def test_remembered_tokens_follow_a_change_of_the_dictionary():
    # in its own process: putting a vocabulary in use changes how this process cuts everything after
    import subprocess
    import sys

    code = ("from cjrh_assistant.retrieval.keyword import token_set, tokenize, use_vocabulary, vocabulary\n"
            "text = '企业实践基地共享平台'\n"
            "before = token_set(text)\n"
            "use_vocabulary(vocabulary({'践基地共'}))\n"
            "after = token_set(text)\n"
            "assert '践基地共' not in before and '践基地共' in after and after == frozenset(tokenize(text)), after\n"
            "use_vocabulary(vocabulary(set()))\n"
            "assert token_set(text) == before\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def _one_document_corpus(root: Path, name: str) -> Path:
    from cjrh_assistant.config import DEFAULT_CORPUS

    corpus = root / name.removesuffix(".txt")
    corpus.mkdir()
    shutil.copy(DEFAULT_CORPUS / name, corpus / name)
    return corpus


def _fresh_process(data: Path, corpus: Path, texts: list[str]) -> list[list[str]]:
    """How a process that has only ever loaded this corpus (its Assistant builds the index in `data`) cuts `texts`."""
    code = ("import json, sys; from pathlib import Path; from cjrh_assistant.config import Settings;"
            "from cjrh_assistant.assistant import Assistant; from cjrh_assistant.retrieval.keyword import tokenize;"
            f"Assistant(Settings(data_dir=Path({str(data)!r}), corpus_dir=Path({str(corpus)!r})), progress=False);"
            "print(json.dumps([tokenize(t) for t in json.load(sys.stdin)], ensure_ascii=False))")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_process_that_loads_a_second_corpus_cuts_text_as_one_that_loaded_only_that_corpus(tmp_path):
    # `cjrh serve` rebuilding its index after the corpus changed, or two Assistants in one process: jieba keeps
    # every word it was taught, and the terms of the corpus loaded first cut the second one's passages and questions
    from cjrh_assistant.assistant import Assistant
    from cjrh_assistant.config import Settings
    from cjrh_assistant.retrieval.index import PassageIndex

    first = _one_document_corpus(tmp_path, "zibo-kjxx-2025.txt")
    second = _one_document_corpus(tmp_path, "quanzhou-tian-2022.txt")
    settings_a = Settings(data_dir=tmp_path / "a", corpus_dir=first)
    settings_b = Settings(data_dir=tmp_path / "b", corpus_dir=second)
    assistant_a = Assistant(settings_a, progress=False)
    PassageIndex(settings_b).build(progress=False)  # as the web page's 重建索引 does, in the serving process
    assistant_b = Assistant(settings_b, progress=False)

    terms_a, terms_b = set(assistant_a.snapshot.keyword.terms), set(assistant_b.snapshot.keyword.terms)
    assert len(terms_a - terms_b) >= 5 and len(terms_b - terms_a) >= 5  # two vocabularies that differ
    texts = sorted(terms_a ^ terms_b) + [p.text for p in assistant_a.snapshot.passages + assistant_b.snapshot.passages]
    fresh_b = _fresh_process(tmp_path / "fresh-b", second, texts)
    # the second index's saved tokens and the questions after it: as in a process that never saw the first corpus
    saved = PassageIndex(Settings(data_dir=tmp_path / "fresh-b", corpus_dir=second)).load_snapshot().keyword
    assert assistant_b.snapshot.keyword.terms == saved.terms
    assert assistant_b.snapshot.keyword.tokens == saved.tokens
    assert [tokenize(t) for t in texts] == fresh_b
    # the first Assistant, still in use, asks with its own corpus's terms again
    fresh_a = _fresh_process(tmp_path / "fresh-a", first, texts)
    assert fresh_a != fresh_b
    assistant_a.ask("学校的产教融合实践模式是什么？")
    assert [tokenize(t) for t in texts] == fresh_a


def test_coverage_does_not_depend_on_the_order_of_the_terms():
    # a set's order changes with the hash seed; a last-bit difference had decided ties between quotes across runs
    from cjrh_assistant.retrieval.keyword import coverage

    forward = {"甲": 0.1, "乙": 0.2, "丙": 0.3, "丁": 0.7}
    backward = dict(reversed(list(forward.items())))
    assert coverage(forward, {"甲", "乙", "丙"}) == coverage(backward, {"甲", "乙", "丙"})
