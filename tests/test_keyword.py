"""The keyword layer's term handling: what counts as a question's topic, and what a passage's wording implies."""

from cjrh_assistant.retrieval.keyword import known_terms, passage_tokens, tokenize


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
    assert list(_with_long_subwords(["企业兼职教师", "兼职"], dictionary)) == ["兼职教师", "企业兼职教师", "兼职"]
    assert "兼职教师" in tokenize("新聘企业兼职教师30人以上")
