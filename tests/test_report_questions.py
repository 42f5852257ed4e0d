"""Questions about the draft checked in the conversation, answered from its report: matched by the pack's own rule
names and labels, rule ids and the status words; the corpus keeps the questions that only touch a rule's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjrh_assistant.answering.report_questions import ReportQuestions, summary_reply
from cjrh_assistant.checking import check_file
from cjrh_assistant.rules.loader import load_packs

DRAFTS = Path(__file__).resolve().parents[1] / "eval" / "drafts"


@pytest.fixture(scope="module")
def failing():
    report = check_file(DRAFTS / "qz-b-gaozhi-fail.docx")
    return report, ReportQuestions(report, load_packs()[report.pack])


def test_a_rule_named_by_its_own_words_is_explained_with_value_gap_and_clause(failing):
    _, questions = failing
    reply = questions.answer("双师型那条为什么不通过？")
    assert [r.rule_id for r in reply.cited] == ["QZ008"] and reply.direct
    for part in ["不通过", "读取值 68%", "要求 ≥ 70%", "34 ÷ 50 = 68%", "再有 1 名双师型教师", "[1]",
                 "《泉州市产教融合特色专业群建设标准（试行）》", "达到70%以上"]:
        assert part in reply.text


def test_how_many_more_and_how_far_over_pick_the_counted_rule(failing):
    _, questions = failing
    companies = questions.answer("还差几家企业？")
    assert [r.rule_id for r in companies.cited] == ["QZ003"] and "还差 1家合作企业" in companies.text
    words = questions.answer("字数超了多少？")
    assert [r.rule_id for r in words.cited] == ["QZ021"] and "需删减 1 字" in words.text and "301字" in words.text
    by_id = questions.answer("QZ012为什么不通过")
    assert [r.rule_id for r in by_id.cited] == ["QZ012"] and "还差 1元" in by_id.text


def test_a_kind_of_rule_many_rules_share_is_answered_with_its_failures():
    """“字数” names most of the 福建 form's rules, so no one of them is named; the question's unit (字) still says
    which kind is meant, and the failing 字数 rules are explained (a corpus answer would ignore the draft)."""
    report = check_file(DRAFTS / "fj-fail.docx")
    questions = ReportQuestions(report, load_packs()[report.pack])
    failing_lengths = [r.rule_id for r in report.results if r.status == "fail" and "字数" in r.title]
    assert len(failing_lengths) >= 2
    reply = questions.answer("字数超了多少？")
    assert reply is not None and [r.rule_id for r in reply.cited] == failing_lengths[:3]
    assert "需删减 1 字" in reply.text and "201字" in reply.text


def test_status_questions_list_every_result_with_that_status():
    report = check_file(DRAFTS / "qz-c-zhongzhi-missing.docx")
    questions = ReportQuestions(report, load_packs()[report.pack])
    reply = questions.answer("哪些缺少数据？")
    missing = [r.rule_id for r in report.results if r.status == "missing"]
    assert [r.rule_id for r in reply.cited] == missing and f"共 {len(missing)} 条" in reply.text
    none = questions.answer("哪些硬性要求不通过？")
    assert none.cited == [] and "没有“硬性”“不通过”的结果" in none.text


def test_a_listing_heading_names_only_the_statuses_it_lists(failing):
    """“有哪些要改” asks for failures and missing values; a draft with none missing is not told “‘缺少数据’的共 8 条”."""
    report, questions = failing
    assert not [r for r in report.results if r.status == "missing"]
    reply = questions.answer("这份材料还要改哪些地方")
    assert "中“不通过”的共 8 条：" in reply.text and "缺少数据" not in reply.text.splitlines()[0]
    missing = check_file(DRAFTS / "qz-c-zhongzhi-missing.docx")
    statuses = {r.status for r in missing.results}
    assert {"missing"} <= statuses and "fail" not in statuses  # a draft with values missing and none failing
    heading = ReportQuestions(missing, load_packs()[missing.pack]).answer("有哪些问题要改？").text.splitlines()[0]
    assert "“缺少数据”的共" in heading and "不通过" not in heading


def test_questions_with_own_numbers_or_about_other_things_are_not_taken(failing):
    report, questions = failing
    assert questions.answer("我们学校双师型教师35人，专业课教师一共50人，达标吗？") is None
    assert questions.answer("今天天气怎么样？") is None
    assert not questions.answer("推荐书什么时候之前报送？").direct  # it names 推荐汇总表 in passing only
    assert "没有规则 FJ020" in questions.answer("FJ020为什么不通过").text


def test_the_summary_puts_failures_first_with_their_gaps_and_counts_the_rest(failing):
    report, _ = failing
    reply = summary_reply(report)
    assert reply.text.index("不通过（8 条）") < reply.text.index("另有需人工核对 2 条")
    assert "**结论：不通过 8 条（硬性 6 条必须改，提醒 2 条建议改）；2 条需人工核对。**" in reply.text
    assert len(reply.cited) == 8 and "[8]" in reply.text and "还差 1家合作企业" in reply.text


# Questions asking which items failed, worded as staff word them: a negated verb of meeting a requirement (没通过,
# 不合格, 未达到, 不符合) or asking what is wrong or to change (问题, 修改, 要改).
WHICH_FAILED = ["有哪几项不合格？", "不合格的是哪些条目", "哪些条目没有通过？", "还有什么问题需要改？", "哪几条没达标",
                "未通过的是哪几条？", "哪些地方不符合要求", "需要修改哪些内容？", "有哪些没能达到要求的"]


def test_which_failed_lists_exactly_the_failing_results_however_the_negation_is_worded():
    report = check_file(DRAFTS / "fj-fail.docx")
    questions = ReportQuestions(report, load_packs()[report.pack])
    failing = [r.rule_id for r in report.results if r.status in ("fail", "missing")]
    passing = [r.rule_id for r in report.results if r.status == "pass"]
    assert len(failing) >= 5 and len(passing) >= 5
    for question in WHICH_FAILED:
        reply = questions.answer(question)
        assert reply is not None, question
        assert [r.rule_id for r in reply.cited] == failing, question
        assert f"共 {len(failing)} 条" in reply.text and not [p for p in passing if p in reply.text], question


def test_a_negated_pass_asks_for_failures_and_what_to_fix_also_for_missing_values():
    report = check_file(DRAFTS / "qz-c-zhongzhi-missing.docx")
    questions = ReportQuestions(report, load_packs()[report.pack])
    failed = [r.rule_id for r in report.results if r.status == "fail"]
    missing = [r.rule_id for r in report.results if r.status == "missing"]
    assert missing
    assert [r.rule_id for r in questions.answer("哪些没通过？").cited] == failed
    to_fix = questions.answer("有哪些问题要改？")
    assert sorted(r.rule_id for r in to_fix.cited) == sorted(failed + missing) and not to_fix.direct
    assert questions.answer("哪些通过了？").cited == []  # no negation: still the passing ones (listed, not cited)
