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
