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


@pytest.fixture(scope="module")
def qz_fail():
    return check_file(DRAFTS / "qz-b-gaozhi-fail.docx")


def test_asking_what_needs_checking_by_hand_lists_the_headlines_manual_results(assistant):
    """“哪些要人工核对？” answered “共 1 条：FJ030” (the one rule of severity 人工) under a headline of 4 条需人工核对:
    the question asks for the status 需人工核对, the same set and count as the headline."""
    report = check_file(DRAFTS / "fj-fail.pdf")
    manual = [r.rule_id for r in report.results if r.status == "manual"]
    assert manual == ["FJ021", "FJ022", "FJ023", "FJ030"] and "4 条需人工核对" in assistant.report_summary(report).text
    for question in ["哪些要人工核对？", "哪几条需人工核对", "需要人工核查的有哪些"]:
        answer = assistant.about_report(question, report)
        assert answer is not None and f"共 {len(manual)} 条" in answer.text, question
        assert all(m in answer.text for m in manual) and "FJ001" not in answer.text, question


def test_must_change_lists_the_hard_failures_and_advised_the_warnings(assistant, qz_fail):
    """The headline says “硬性 6 条必须改，提醒 2 条建议改”; “哪几条是必须改的？” listed all 8 不通过."""
    hard = [r.rule_id for r in qz_fail.results if r.status == "fail" and r.severity == "error"]
    soft = [r.rule_id for r in qz_fail.results if r.status == "fail" and r.severity == "warning"]
    assert len(hard) == 6 and len(soft) == 2
    for question, wanted, other in [("哪几条是必须改的？", hard, soft), ("硬性的有哪些？", hard, soft),
                                    ("哪些是必须修改的", hard, soft), ("哪些建议改？", soft, hard)]:
        answer = assistant.about_report(question, qz_fail)
        assert answer is not None and f"共 {len(wanted)} 条" in answer.text, question
        assert all(w in answer.text for w in wanted) and not [o for o in other if o in answer.text], question
    everything = assistant.about_report("哪些没通过？", qz_fail)
    assert "共 8 条" in everything.text and all(r in everything.text for r in hard + soft)


@pytest.mark.parametrize("question", ["双师型教师还差几个人才够？", "双师型教师够不够？", "合作企业还差几家"])
def test_a_gap_question_naming_a_failing_rule_is_answered_from_the_draft(assistant, qz_fail, question):
    """“双师型教师还差几个人才够？” was answered from the policy texts although the report knows 34/50 = 68% and the gap;
    also mid-conversation, after other questions about the draft."""
    summary = assistant.report_summary(qz_fail)
    history = [Turn(role="user", content=f"附件：{qz_fail.file}"), Turn(role="assistant", content=summary.text),
               Turn(role="user", content="哪几条是必须改的？"),
               Turn(role="assistant", content=assistant.about_report("哪几条是必须改的？", qz_fail).text)]
    for turns in (None, history):
        answer = assistant.about_report(question, qz_fail, turns)
        assert answer is not None and answer.answer_type == "report", question
        if "双师型" in question:
            assert answer.rule_id == "QZ008" and "68%" in answer.text and "再有 1 名双师型教师（共 35 名）" in answer.text
        else:
            assert answer.rule_id == "QZ003" and "还差 1家合作企业" in answer.text


def test_a_question_sent_with_the_draft_does_not_repeat_the_summarys_list(assistant, qz_fail):
    """Sent with the file, “有什么问题” was answered by the summary and then the same 8 failures again; a narrower
    question (“哪些必须改”) still gets its own answer after the summary."""
    question = "帮我看看这份申报书有什么问题"
    assert assistant.about_report(question, qz_fail) is not None  # asked later in the chat, it lists the failures
    assert assistant.about_report(question, qz_fail, after_summary=True) is None
    narrower = assistant.about_report("哪几条是必须改的？", qz_fail, after_summary=True)
    assert narrower is not None and "共 6 条" in narrower.text
