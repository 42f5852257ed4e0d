"""Questions with the asker's own numbers are decided by the rule engine, exactly, with the rule's clause cited."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from cjrh_assistant.answering.own_numbers import OwnNumbers
from cjrh_assistant.rules.loader import DEFAULT_RULES_DIR, load_packs
from cjrh_assistant.rules.stated import stated_values

PACKS = load_packs(DEFAULT_RULES_DIR)
OWN = OwnNumbers(PACKS)


def test_ratio_from_the_askers_counts_meets_the_bound_inclusively(assistant) -> None:
    answer = assistant.ask("我们学校双师型教师35人，专业课教师一共50人，达标吗？")
    assert answer.rule_id == "QZ008" and [r.status for r in answer.judged] == ["pass"]
    assert "35 ÷ 50 = 70%" in answer.text and "含本数" in answer.text and "达到要求" in answer.text
    assert answer.citations[0].quote == "“双师型”教师占专业课教师总数的比例达到70%以上"


def test_one_short_says_how_many_more(assistant) -> None:
    answer = assistant.ask("双师型教师34人，专业课教师50人，够不够？")
    assert answer.judged[0].status == "fail"
    assert "34 ÷ 50 = 68%" in answer.text and "再有 1 名双师型教师" in answer.text


def test_a_label_shortened_by_leaving_words_out_is_still_the_label() -> None:
    # staff write 生均设备值 for 生均教学科研仪器设备值 and 双师型占比 for the 双师型教师 share (browser trial 4)
    found = OWN.answer("我们高职专业群生均设备值4800元，够不够？")
    assert found is not None and found.rule.id == "QZ012"
    assert found.stated[0].label == "生均设备值" and next(iter(found.results.values())).status == "fail"
    found = OWN.answer("我们双师型占比68%行吗？")
    assert found is not None and found.rule.id == "QZ008" and next(iter(found.results.values())).status == "fail"
    # the order of the label's characters is kept: 设备生均值 is no abbreviation of it
    assert OWN.answer("我们高职专业群设备生均值4800元，够不够？") is None


def test_bound_computed_from_the_askers_students(assistant) -> None:
    answer = assistant.ask("我们是高职，专业群在校生600人，一年培训人次至少要多少？")
    assert answer.rule_id == "QZ019"
    assert "≥ 1200" in answer.text and "2 × 600" in answer.text


def test_level_that_decides_the_verdict_is_asked_back(assistant) -> None:
    answer = assistant.ask("专业群在校生400人，够吗？")
    assert answer.rule_id == "QZ014"
    assert {r.status for r in answer.judged} == {"pass", "fail"}  # 中职 ≥ 300 passes, 高职 ≥ 500 does not
    assert "请告诉我贵校的办学层次" in answer.text
    stated_level = assistant.ask("我们是中职，专业群在校生400人，够吗？")
    assert [r.status for r in stated_level.judged] == ["pass"] and "≥ 300" in stated_level.text


def test_word_count_the_asker_states(assistant) -> None:
    answer = assistant.ask("特色与创新我们写了2300字，要删吗？")
    assert answer.rule_id == "FJ016" and answer.judged[0].status == "fail"
    assert "需删减 300 字" in answer.text


def test_area_read_by_its_unit_beside_the_count(assistant) -> None:
    answer = assistant.ask("我们两个众创空间加起来1800平米，面积够沙河方案的要求吗？")
    assert answer.rule_id == "SH002" and answer.judged[0].status == "fail"
    assert "还差 200平方米" in answer.text


def test_no_verdict_for_a_question_about_the_limit_or_a_statistic() -> None:
    assert OWN.answer("特色与创新限2000字吗") is None  # asks about the limit
    assert OWN.answer("泉州职校毕业生就业率有没有过95%？") is None  # compares a statistic
    assert OWN.answer("我们市高校合作企业有800多家，泉州一共有多少家？") is None  # 800多: not a value
    assert OWN.answer("有个老师暑假去合作企业实践了3周，算达到要求了吗？") is None  # 3周: not 3 企业


def test_qualified_values_are_not_read() -> None:
    assert OWN.answer("双师型教师占比70%以上，够吗") is None
    assert OWN.answer("合作企业10家左右，够吗") is None


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 300), st.integers(1, 300))
def test_the_verdict_is_the_exact_comparison(double: int, total: int) -> None:
    found = OWN.answer(f"我们双师型教师{double}人，专业课教师{total}人，达标吗？")
    assert found is not None and found.rule.id == "QZ008"
    status = next(iter(found.results.values())).status
    assert status == ("pass" if double * 100 >= 70 * total else "fail")  # 达到70%以上: inclusive


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5000))
def test_stated_word_counts_are_read_whole(words: int) -> None:
    stated = stated_values(f"建设规划我们写了{words}字，超了吗？", PACKS["fujian-ltt-2024"])
    assert stated["plan"].value == f"{words}字"


def test_each_rule_the_askers_values_are_for_gets_its_own_verdict(assistant) -> None:
    # staff trial 5: only the 96% was judged, and the page said 达到要求 although the 65% fails QZ017
    answer = assistant.ask("我们专业群毕业生就业率96%，对口就业率65%，达标吗？")
    assert sorted(r.status for r in answer.judged) == ["fail", "pass"]
    assert answer.text.startswith("您给出的数值涉及 2 项要求：1 项达到，1 项未达到。")
    assert [c.marker for c in answer.citations] == [1, 2] and "还差 5个百分点" in answer.text
    assert "70%以上" in answer.citations[1].quote  # each verdict cites its own rule's clause, in the question's order
    # one value read by two rules is judged once, by the better-matched rule
    assert len(OWN.answers("我们学校双师型教师35人，专业课教师一共50人，达标吗？")) == 1


def test_a_label_written_in_quotation_marks_is_still_the_label() -> None:
    # staff trial 6: “我们推荐书'建设规划'部分写了1200字，会不会超？” got no verdict; without the quotes it did
    for question in ("我们推荐书'建设规划'部分写了1200字，会不会超？", "我们推荐书“建设规划”部分写了1200字，超字数了吗？"):
        found = OWN.answer(question)
        assert found is not None and found.rule.id == "FJ017" and found.results and \
            next(iter(found.results.values())).status == "fail"
    found = OWN.answer("我们学校'双师型'教师占专业课教师的65%，申报特色专业群够不够？")
    assert found is not None and found.rule.id == "QZ008"
