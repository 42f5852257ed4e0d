"""The guards on generated answers, fed crafted model outputs (no model needed): a hallucinated 80%, a wrong
year, a marker [7] of 3 passages, and a correct answer that must pass untouched."""

from cjrh_assistant.answering.grounding import check_markers, guard_answer, numbers_in

PASSAGES = [
    "《泉州市产教融合特色专业群建设标准（试行）》附件1 › 二、行业企业深度参与 › 3.加强“双师型”教师队伍建设："
    "“双师型”教师占专业课教师总数的比例达到70%以上，行业企业兼职教师达25%以上。",
    "《福建省2024年省级市域产教联合体遴选工作方案》二、组织实施 › （三）材料报送：各地市于8月15日前将《福建省市域产教联合体推荐书》报送我厅职成处。",
    "《泉州市产教融合特色专业群建设标准（试行）》附件1 › 二、行业企业深度参与 › 4.共建共享实训基地：专业生均教学科研仪器设备值原则上职业本科和高职不低于5000元、中职不低于3000元。",
]


def test_correct_answer_passes_untouched():
    text = "“双师型”教师占专业课教师总数的比例应达到70%以上[1]，行业企业兼职教师达25%以上[1]。"
    report = guard_answer(text, PASSAGES, [])
    assert report.passed and report.text == text and report.cited == [1]
    assert report.removed_markers == [] and report.unsupported_numbers == []


def test_hallucinated_percentage_is_caught():
    report = guard_answer("“双师型”教师比例应达到80%以上[1]。", PASSAGES, [])
    assert not report.passed and report.unsupported_numbers == ["80%"]


def test_list_of_invented_percentages_is_caught():
    report = guard_answer("比例可以是10%、30%、70%或100%[1]。", PASSAGES, [])
    assert report.unsupported_numbers == ["10%", "30%", "100%"]


def test_wrong_year_is_caught_and_right_date_passes():
    assert guard_answer("应于2025年8月15日前报送[2]。", PASSAGES, []).unsupported_numbers == ["2025"]
    assert guard_answer("应于2024年8月15日前报送[2]。", PASSAGES, []).passed


def test_number_must_come_from_a_cited_passage_not_any_passage():
    report = guard_answer("高职生均设备值不低于5000元[1]。", PASSAGES, [])  # 5000 is in passage 3, not 1
    assert report.unsupported_numbers == ["5000"]
    assert guard_answer("高职生均设备值不低于0.5万元[3]。", PASSAGES, []).passed  # 0.5万 = 5000


def test_marker_without_a_passage_is_removed_and_reported():
    report = guard_answer("应达到70%以上[1][7]。", PASSAGES, [])
    assert report.text == "应达到70%以上[1]。" and report.removed_markers == [7] and report.passed


def test_answer_without_any_valid_marker_does_not_pass():
    report = guard_answer("应达到70%以上[9]。", PASSAGES, [])
    assert report.cited == [] and not report.passed


def test_rule_thresholds_are_allowed_numbers():
    report = guard_answer("中职专业群在校生应达300人以上[1]。", PASSAGES, ["中职应达300人以上"])
    assert report.passed


def test_chinese_numerals_are_numbers_too():
    assert guard_answer("至少要有十二家合作企业[1]。", PASSAGES, []).unsupported_numbers == ["十二"]
    assert guard_answer("比例达到百分之七十以上[1]。", PASSAGES, []).passed
    assert [raw for raw, _ in numbers_in("统一标准、一体化推进")] == []  # words, not quantities


def test_check_markers_keeps_order_of_first_use():
    text, cited, removed = check_markers("甲[2]乙[1]丙[2]丁[0]", 3)
    assert cited == [2, 1] and removed == [0] and text == "甲[2]乙[1]丙[2]丁"


def test_texts_that_are_not_answers_are_named():
    from cjrh_assistant.answering.grounding import answer_problem

    assert "为空" in answer_problem("  ")
    assert "重复了提示" in answer_problem("资料：\n[1] 《某文件》……\n问题：……")
    assert "过长" in answer_problem("甲" * 700)
    assert answer_problem("比例应达到70%以上[1]。") is None
