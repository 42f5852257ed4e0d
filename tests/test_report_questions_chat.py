"""Follow-up questions in a chat with a draft attached, through Assistant.about_report as the UI calls it (real index,
real rule engine, a real draft): which items failed is answered from the draft's report, even after a corpus
question; a question with a topic of its own, or a follow-up of the corpus question, still goes to the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjrh_assistant.checking import check_file
from cjrh_assistant.models import Turn

DRAFTS = Path(__file__).resolve().parents[1] / "eval" / "drafts"


@pytest.fixture(scope="module")
def chat(assistant):
    report = check_file(DRAFTS / "fj-fail.docx")
    question = "高职院校双师型教师比例要求是多少？"
    history = [Turn(role="user", content=f"附件：{report.file}"),
               Turn(role="assistant", content=assistant.report_summary(report).text),
               Turn(role="user", content=question), Turn(role="assistant", content=assistant.ask(question).text)]
    return report, history


@pytest.mark.parametrize("question", ["哪些条目不合格？", "不合格的是哪几个", "哪几项没有通过？", "都有哪些问题要修改？",
                                      "有哪些需要改的地方", "哪些没达标？", "哪些不符合要求",
                                      # “还/那” makes them read as follow-ups of the corpus question before
                                      "还有哪些问题要改？", "那还有哪些地方需要修改",
                                      # pointing at the document by any name (申报书 for a 推荐书; 申报 also names
                                      # FJ030 申报承诺): the draft, not the corpus
                                      "这份申报书还有哪些问题需要修改？", "这份推荐书有哪些地方要改",
                                      "我们的材料还有什么问题", "上传的申报表哪些不合格"])
def test_which_failed_is_answered_from_the_report_with_only_the_failing_rules(assistant, chat, question):
    report, history = chat
    failing = [r.rule_id for r in report.results if r.status in ("fail", "missing")]
    passing = [r.rule_id for r in report.results if r.status == "pass"]
    for turns in (None, history[:2], history):
        answer = assistant.about_report(question, report, turns)
        assert answer is not None and answer.answer_type == "report", (question, turns and len(turns))
        assert all(f in answer.text for f in failing) and not [p for p in passing if p in answer.text], question
        assert len(answer.citations) == len(failing)


def test_corpus_follow_ups_and_questions_with_their_own_topic_still_go_to_the_corpus(assistant, chat):
    report, history = chat
    assert assistant.about_report("那中职呢？", report, history) is None
    assert assistant.about_report("产教融合存在哪些问题？", report, history) is None
    assert assistant.about_report("合格性考试的合格率是多少？", report, history) is None


def test_a_negated_requirement_with_a_topic_of_its_own_goes_to_the_corpus(assistant, chat):
    """不合格 is everyday Chinese, not the report's status word: a question about the corpus's 不合格 things is no
    question about the draft."""
    report, history = chat
    assert assistant.about_report("考核不合格的实训基地怎么处理？", report, history) is None
    assert assistant.about_report("考核不合格的实训基地怎么处理？", report) is None
