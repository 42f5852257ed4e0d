"""How the chat states a rule's requirement: the number with the unit the rule counts in (“≥ 500人”, not “≥ 500”),
the plain-language requirement first and the rule id after it, named as such (“（规则编号 QZ014）”), for staff who do
not know rule ids. Real index, real rule engine."""

from __future__ import annotations

from pathlib import Path

from cjrh_assistant.checking import check_file
from cjrh_assistant.rules.describe import threshold_text
from cjrh_assistant.rules.loader import load_packs

DRAFTS = Path(__file__).resolve().parents[1] / "eval" / "drafts"


def test_a_rule_answer_states_the_unit_and_puts_the_id_last(assistant):
    answer = assistant.ask("高职专业群在校生要多少人？")
    assert answer.rule_id == "QZ014"
    assert "要求 ≥ 500人（规则编号 QZ014）。" in answer.text and "（规则 QZ" not in answer.text


def test_a_verdict_on_the_askers_own_number_states_the_unit_and_puts_the_id_after_the_verdict(assistant):
    answer = assistant.ask("我们是中职，专业群在校生280人够吗？")
    assert answer.rule_id == "QZ014" and answer.answer_type == "verdict"
    text = answer.text
    assert "要求 ≥ 300人（含本数）" in text and "还差 20人" in text
    assert text.index("未达到要求") < text.index("（规则编号 QZ014）") and "（规则 QZ" not in text


def test_count_thresholds_carry_the_unit_of_the_rules_own_wording_in_reports_and_the_rule_library():
    packs = load_packs()
    pack = packs["quanzhou-zyq-2023"]
    assert threshold_text(pack, pack.rule("QZ014")) == "职业本科、高职 ≥ 500人；中职 ≥ 300人"
    assert threshold_text(pack, pack.rule("QZ003")) == "≥ 10家"
    assert threshold_text(packs["shahe-2020"], packs["shahe-2020"].rule("SH002")) == "≥ 2个；≥ 2000平方米"
    report = check_file(DRAFTS / "qz-b-gaozhi-fail.docx")
    thresholds = {r.rule_id: r.threshold for r in report.results}
    assert thresholds["QZ003"] == "≥ 10家" and thresholds["QZ014"] == "≥ 500人" and thresholds["QZ008"] == "≥ 70%"
    # a unit already carried by the number kind is not added twice; months per row keep theirs once
    zibo = packs["zibo-kjxx-2025"]
    assert threshold_text(zibo, zibo.rule("ZB001")) == "≥ 6个月"


def test_the_rule_library_states_what_a_check_without_a_number_requires_from_the_packs_own_data():
    """The rule library said “总数与分项之和相等” for QZ101 (and “属于规定名单”, “名单包含”, “格式一致”… for the other
    checks without a numeric threshold): the requirement is now stated from the pack's labels, names and dates, as the
    check report states it. A relabelled field changes the text, so it is the pack's data, not prose per rule id."""
    packs = load_packs()
    qz, fj = packs["quanzhou-zyq-2023"], packs["fujian-ltt-2024"]
    assert threshold_text(qz, qz.rule("QZ101")) == "专业群在校生数 = 核心专业在校生数与群内其他专业在校生数之和"
    report = check_file(DRAFTS / "qz-b-gaozhi-fail.docx")
    reported = next(r.threshold for r in report.results if r.rule_id == "QZ101")
    assert reported.startswith("= 核心专业在校生数与群内其他专业在校生数之和")  # the report's words for the same sum
    assert threshold_text(qz, qz.rule("QZ102")).startswith("核心专业在校生数 ≤ 专业群在校生数；“双师型”教师数 ≤ 专任教师总数")
    assert threshold_text(qz, qz.rule("QZ004")) == "1+X证书制度试点的“开展试点专业”包含核心专业"
    assert threshold_text(qz, qz.rule("QZ007")) == "校企共建课程每一行都填写“合作企业”"
    assert threshold_text(qz, qz.rule("QZ020")).startswith("对接产业类别属于以下 12 项之一：电子信息、")
    assert threshold_text(fj, fj.rule("FJ020")) == "填表日期 ≤ 2024年8月15日"
    assert [threshold_text(fj, fj.rule(i)) for i in ("FJ021", "FJ022", "FJ023")] == [
        "正文字体：仿宋_GB2312", "正文字号：12磅", "正文行距：固定值16磅"]
    generic = {"属于规定名单", "名单包含", "每行都填写", "不晚于期限", "总数与分项之和相等", "分项不大于总数", "格式一致", "—"}
    shown = {rule.id: threshold_text(pack, rule) for pack in packs.values() for rule in pack.rules}
    assert not {i: t for i, t in shown.items() if t in generic}
    relabelled = qz.model_copy(update={"fields": {**qz.fields, "group_students": qz.fields["group_students"].model_copy(
        update={"labels": ["全群在校生人数"]})}})
    assert threshold_text(relabelled, qz.rule("QZ101")).startswith("全群在校生人数 = ")
