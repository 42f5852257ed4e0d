"""Advice on failing results: the gap it states is exactly what makes the value meet the rule, no more, no less."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from hypothesis import given, strategies as st

from cjrh_assistant.checking import check_file
from cjrh_assistant.rules.advice import ratio_gap, value_gap, words_to_cut
from cjrh_assistant.rules.wording import parse_wording

DRAFTS = Path(__file__).resolve().parent.parent / "eval" / "drafts"


def _number(text: str) -> Fraction:
    m = re.search(r"(\d+(?:\.\d+)?)", text)
    assert m, text
    return Fraction(m.group(1))


@given(st.integers(0, 40), st.sampled_from(["与10家以上企业", "建成3门以上", "超过5家", "不少于12人"]))
def test_count_gap_is_the_least_that_meets_the_bound(value: int, wording: str) -> None:
    cond = parse_wording(wording, "count")
    advice = value_gap(cond, Fraction(value), "count", "家")
    if cond.holds(Fraction(value)):
        assert advice == ""
        return
    gap = _number(advice)
    assert cond.holds(value + gap) and not cond.holds(value + gap - 1)


@given(st.integers(0, 400), st.integers(1, 400), st.sampled_from(["比例达到70%以上", "兼职教师达25%以上", "超过30%"]))
def test_ratio_gap_is_the_fewest_more_people(numerator: int, denominator: int, wording: str) -> None:
    cond = parse_wording(wording, "percent")
    advice = ratio_gap(cond, Fraction(numerator), Fraction(denominator), "双师型教师")
    if cond.holds(Fraction(numerator * 100, denominator)):
        assert advice == ""
        return
    extra = _number(advice)
    assert cond.holds((numerator + extra) * 100 / Fraction(denominator))
    assert not cond.holds((numerator + extra - 1) * 100 / Fraction(denominator))


@given(st.integers(0, 5000), st.sampled_from(["2000字以内", "不超过300字", "少于200字"]))
def test_words_to_cut_reaches_the_limit_exactly(words: int, wording: str) -> None:
    cond = parse_wording(wording)
    advice = words_to_cut(cond, words)
    if cond.holds(Fraction(words)):
        assert advice == ""
        return
    cut = _number(advice)
    assert cond.holds(words - cut) and not cond.holds(words - cut + 1)


def test_upper_bound_on_a_percentage_asks_to_lower_it() -> None:
    cond = parse_wording("不超过30%", "percent")
    assert value_gap(cond, Fraction(35), "percent", "") == "需降低 5个百分点"


def _advice(name: str) -> dict[str, str]:
    report = check_file(DRAFTS / name)
    return {r.rule_id: r.advice for r in report.results if r.status in ("fail", "missing")}


def test_every_failing_or_missing_result_of_the_samples_says_what_to_do() -> None:
    for name in ["qz-b-gaozhi-fail.docx", "fj-fail.docx", "sh-fail.json", "qz-c-zhongzhi-missing.docx",
                 "fj-missing.yaml", "zb-roster-fail.md"]:
        empty = [rule for rule, advice in _advice(name).items() if not advice]
        assert not empty, (name, empty)


def test_advice_in_the_drafts_terms() -> None:
    qz = _advice("qz-b-gaozhi-fail.docx")
    assert qz["QZ003"] == "还差 1家合作企业"  # 9 企业 listed, 10家以上 required
    assert qz["QZ008"].startswith("再有 1 名双师型教师（共 35 名）")  # 34 of 50 -> 35 of 50 = 70%
    assert qz["QZ019"] == "还差 1人次"  # 1199 against 2 × 600
    assert qz["QZ021"].startswith("需删减 1 字")
    fj = _advice("fj-fail.docx")
    assert fj["FJ020"].startswith("晚于截止日期 1 天")
    assert "仿宋" in fj["FJ021"]
    assert _advice("sh-fail.json")["SH003"] == "还差 5个百分点"
    assert "生均教学科研仪器设备值" in _advice("qz-c-zhongzhi-missing.docx")["QZ012"]
