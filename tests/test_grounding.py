"""The guards on generated answers, fed crafted model outputs (no model needed): a hallucinated 80%, a wrong
year, a marker [7] of 3 passages, numbers in the wrong unit or from another rule, verdicts, forged sources and
markup; and correct answers that must pass untouched."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cjrh_assistant.answering.grounding import check_markers, guard_answer, quantities

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
    assert guard_answer("应于2025年8月15日前报送[2]。", PASSAGES, []).unsupported_numbers == ["2025年"]
    assert guard_answer("应于2024年8月15日前报送[2]。", PASSAGES, []).passed


def test_number_must_come_from_a_cited_passage_not_any_passage():
    report = guard_answer("高职生均设备值不低于5000元[1]。", PASSAGES, [])  # 5000 is in passage 3, not 1
    assert report.unsupported_numbers == ["5000元"]
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
    assert guard_answer("至少要有十二家合作企业[1]。", PASSAGES, []).unsupported_numbers == ["十二家"]
    assert guard_answer("比例达到百分之七十以上[1]。", PASSAGES, []).passed
    assert quantities("统一标准、一体化推进、“十四五”时期") == []  # words, not quantities


def test_check_markers_keeps_order_of_first_use():
    text, cited, removed = check_markers("甲[2]乙[1]丙[2]丁[0]", 3)
    assert cited == [2, 1] and removed == [0] and text == "甲[2]乙[1]丙[2]丁"


def test_texts_that_are_not_answers_are_named():
    from cjrh_assistant.answering.grounding import answer_problem

    assert "为空" in answer_problem("  ")
    assert "重复了提示" in answer_problem("资料：\n[1] 《某文件》……\n问题：……")
    assert "过长" in answer_problem("甲" * 700)
    assert answer_problem("比例应达到70%以上[1]。") is None


# ---- numbers with their units, against what the answer cites (issues 12 and 14) -------------------------------

SHAHE = ("《沙河市产教融合试点工作方案》二、工作目标：市综合职教中心要与2家企业共同建设2个实训基地，围绕产教融合专业，"
         "创建2个众创空间，总面积不少于2000平方米；学生专业实践课程占总课时的50%以上；鼓励专业教师到企业实践，"
         "每年不少于50人次，每人每年不少于1个月；新聘企业兼职教师30人以上；出台1项产教融合支持政策。")
# What every rule of every pack states (QZ012's 3000元 among them): a reply about none of them may use none.
OTHER_RULES = ["不低于5000元", "不低于3000元", "6月15日前", "15%", "3000字", "500人以上"]


def test_issue_12_area_is_not_supported_by_another_rules_money():
    reply = "沙河要求创建2个众创空间，总面积不少于3000平方米[1]。"
    report = guard_answer(reply, [SHAHE], OTHER_RULES)
    assert not report.passed and report.unsupported_numbers == ["3000平方米"]
    assert guard_answer(reply.replace("3000", "2000"), [SHAHE], []).passed


@pytest.mark.parametrize("reply,cited,unsupported", [
    ("总面积不少于3000平方米[1]。", ["《甲》：生均设备值中职不低于3000元。"], ["3000平方米"]),
    ("设备值中职不低于3000元[1]。", ["《甲》：总面积不少于3000平方米。"], ["3000元"]),
    ("应于8月15日前报送[1]。", ["《甲》：兼职教师达15%以上，8月前报送。"], ["15日"]),
    ("兼职教师达15%以上[1]。", ["《甲》：于8月15日前报送。"], ["15%"]),
    ("每人每年实践不少于1个月[1]。", ["《甲》：于1月报送。"], ["1个月"]),
    ("每年不少于50人次[1]。", ["《甲》：实践课程占50%以上。"], ["50人次"]),
    ("不超过300字[1]。", ["《甲》：在校生达300人以上。"], ["300字"]),
])
def test_same_digits_in_another_unit_are_no_support(reply, cited, unsupported):
    assert guard_answer(reply, cited).unsupported_numbers == unsupported


def test_one_unit_family_spelled_several_ways_is_support():
    cited = ["《甲》：高职不低于5000元，在校生500人以上，合作企业5家，兼职教师达25%以上，2024年8月15日前报送，"
             "正文不超过5000字，3个工作日内反馈。"]
    for reply in ["高职不低于0.5万元[1]。", "在校生五百名以上[1]。", "合作企业五个[1]。", "兼职教师达百分之二十五以上[1]。",
                  "二〇二四年捌月拾伍日前报送[1]。", "正文不超过零点五万字[1]。", "三天内反馈[1]。", "25%以上[1]。"]:
        report = guard_answer(reply, cited)
        assert report.passed, (reply, report)


def test_the_rule_the_answer_is_about_supports_its_numbers():
    assert guard_answer("推荐书应于6月15日前报送[1]。", [SHAHE], ["6月15日前"]).passed
    assert not guard_answer("推荐书应于6月15日前报送[1]。", [SHAHE], []).passed


# Issue 14's crafted replies (each was shown with llm_used=true), against the passage the question retrieves.
FUJIAN = ("《福建省2024年省级市域产教联合体遴选工作方案》二、组织实施 › （三）材料报送：各地市于8月15日前将"
          "《福建省市域产教联合体推荐书》（见附件3）纸质版、电子版报送我厅职成处。")
QUANZHOU = ("《泉州市产教融合特色专业群建设标准（试行）》附件1 › 二、行业企业深度参与 › 3.加强“双师型”教师队伍建设："
            "“双师型”教师占专业课教师总数的比例达到70%以上，行业企业兼职教师达25%以上。")
HOSTILE = [
    ("沙河要求创建2个众创空间，总面积不少于3000平方米[1]。", SHAHE),  # issue 12: QZ012's 3000元 is no support
    ("推荐书应于6月15日前报送[1]。", FUJIAN),  # digits some rule of another pack states
    ("推荐书应于捌月叁拾日前报送[1]。", FUJIAN),
    ("材料应在三天内报送[1]。", FUJIAN),
    ("材料应在两周内报送[1]。", FUJIAN),
    ("“双师型”教师应占八成[1]。", QUANZHOU),
    ("“双师型”教师应占三分之二[1]。", QUANZHOU),
    ("推荐书正文不超过零点五万字[1]。", FUJIAN),
    ("The ratio must reach seventy percent[1].", QUANZHOU),
    ("推荐书应于8月十五日前报送[1]，twenty copies。", FUJIAN),
    ("经核对，您的申报书已全部通过[1]。", QUANZHOU),
    ("“双师型”教师比例达到70%以上[1]，您的申报书符合要求。", QUANZHOU),
    ("比例已达标[1]。", QUANZHOU),
    ("该申报书不通过[1]。", QUANZHOU),
    ("比例应达到70%以上[1]。\n来源：《泉州市产教融合特色专业群建设标准（试行）》附件1", QUANZHOU),
    ("比例应达到70%以上[1]。\n[1] 《国务院关于深化产教融合的若干意见》", QUANZHOU),
    ("据《国务院关于深化产教融合的若干意见》，比例应达到70%以上[1]。", QUANZHOU),
    ("文件原文为“双师型教师比例达到70%以上即视为通过”[1]。", QUANZHOU),
    ("比例应达到70%以上[1]。<script>alert(document.cookie)</script>", QUANZHOU),
    ("比例应达到<b>70%</b>以上[1]。", QUANZHOU),
    ("比例应达到70%以上[1]。![x](http://evil.example/x.png)", QUANZHOU),
    ("“双师型”教师应占一半以上[1]。", QUANZHOU),  # a half in words, where the passage says 70%
    ("“双师型”教师应过半[1]。", QUANZHOU),
    ("比例达到70%以上[1]，您的申报书没有问题，可以提交。", QUANZHOU),  # a verdict in plain speech
    ("推荐书分第Ⅱ批报送[1]。", FUJIAN),  # a Roman heading label is a number like any other
    ("“双师型”教师比例达到70%以上[1]，属于III类专业群。", QUANZHOU),
    ("各地市至少推荐一个联合体[1]。", FUJIAN),  # 至少 counts: not the article 一个
]


@pytest.mark.parametrize("reply,passage", HOSTILE)
def test_every_crafted_reply_is_rejected(reply, passage):
    report = guard_answer(reply, [passage], OTHER_RULES[:2])
    assert not report.passed, reply
    assert report.reason()  # a Chinese notice names why


def test_the_reasons_name_what_was_wrong():
    assert "结论" in guard_answer("您的申报书已全部通过[1]。", [QUANZHOU]).reason()
    assert "来源" in guard_answer("比例达到70%以上[1]。\n来源：《某文件》", [QUANZHOU]).reason()
    assert "标记" in guard_answer("<script>x</script>比例达到70%以上[1]。", [QUANZHOU]).reason()
    assert "“八成”" in guard_answer("比例应占八成[1]。", [QUANZHOU]).reason()


def test_a_verdict_is_allowed_when_the_answer_is_the_rule_engines_verdict():
    assert guard_answer("按规则，该比例符合要求[1]。", [QUANZHOU], verdict_allowed=True).passed


CORRECT = [
    "“双师型”教师占专业课教师总数的比例应达到70%以上[1]。",
    "“双师型”教师比例应符合70%以上的要求[1]，行业企业兼职教师须达到25%以上[1]。",
    "根据《泉州市产教融合特色专业群建设标准（试行）》，“双师型”教师比例要达到百分之七十以上[1]。",
    "“双师型”教师须达到专业课教师的70%以上[1]；兼职教师应达25%以上[1]。",
    "各地市应于2024年8月15日前报送《福建省市域产教联合体推荐书》[2]。",
    "推荐书须在八月十五日前报送职成处[2]，“双师型”教师比例不低于七成[1]。",
    "推荐书纸质版、电子版均应报送职成处[2]，电子版可以在8月15日前提交给职成处[2]。",
    "这是一个重要指标：“双师型”教师占专业课教师总数的比例应达到70%以上[1]。",  # 一个: the article, no figure
    "学校应建立一个工作机制，确保行业企业兼职教师达25%以上[1]。",
    "I think 推荐书应于8月15日前报送职成处[2]。",  # an English word made of a Roman letter is no numeral
]


@pytest.mark.parametrize("reply", CORRECT)
def test_correct_replies_that_cite_properly_pass(reply):
    report = guard_answer(reply, [QUANZHOU, FUJIAN])
    assert report.passed, report


def test_quantities_read_units_and_ranges_exactly():
    found = [(q.raw, q.unit, q.value) for q in quantities("3～6个、3-5万元、七至八成、三分之二、第三条、5个工作日、6个月、6月")]
    assert found == [("3", "个", 3), ("6个", "个", 6), ("3", "元", 30000), ("5万元", "元", 50000),
                     ("七", "%", Fraction(7, 10)), ("八成", "%", Fraction(4, 5)),
                     ("三分之二", "%", Fraction(2, 3)),  # exactly, never 0.667
                     ("第三", "第", 3), ("5个工作日", "天", 5), ("6个月", "个月", 6), ("6月", "月", 6)]
    assert [q.value for q in quantities("一二十人")] == [None]  # read as no one number: never supported
    assert [q.raw for q in quantities("٣٠٠٠平方米")] == ["3000平方米"]  # digits of any script
    assert [(q.unit, q.value) for q in quantities("一半的教师、过半")] == [("%", Fraction(1, 2)), ("%", None)]
    assert guard_answer("兼职教师应占一半[1]。", ["兼职教师占比达50%。"]).passed  # 50% supports 一半


# ---- control characters and terminal escape codes -------------------------------------------------------------

ESCAPED = ("比例\x1b]52;c;cm0gLXJmIH4=\x07达到\x1b[2J\x1b[31m70%\x1b[0m以上\x9b1m[1]\x00。\u202e\n"
           "第二行\x1b]8;;http://x\x1b\\链接\x1b]8;;\x1b\\\x7f\x85")


def test_escape_codes_and_control_characters_are_removed_whole():
    from cjrh_assistant.answering.sanitize import strip_controls

    assert strip_controls(ESCAPED) == "比例达到70%以上[1]。\n第二行链接"


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8])
def test_a_stream_split_inside_an_escape_sequence_shows_none_of_it(size):
    from cjrh_assistant.answering.sanitize import StreamCleaner

    cleaner = StreamCleaner()
    shown = [cleaner.feed(ESCAPED[i:i + size]) for i in range(0, len(ESCAPED), size)]
    assert "".join(shown) == "比例达到70%以上[1]。\n第二行链接"
    assert not any("52;c" in s or "[31m" in s for s in shown)


def test_list_labels_are_no_quantities_but_numbers_inside_sentences_are():
    reply = "要求如下：\n1. 比例应达到70%以上[1]；\n（2）兼职教师达25%以上[1]。\n③第一，报送[2]。"
    assert guard_answer(reply, PASSAGES).passed
    assert guard_answer("比例达到⑦⓪%以上[1]。", PASSAGES).passed  # shows 70%: read as 70%
    assert guard_answer("比例达到⑧⓪%以上[1]。", PASSAGES).unsupported_numbers == ["80%"]
    assert guard_answer("高职不低于5千元[3]。", PASSAGES).passed and not guard_answer("高职不低于5千元[1]。", PASSAGES).passed


@pytest.mark.parametrize("reply", ["您的申報書已全部通過[1]。", "您的申报书 已 全 部 通 过[1]。", "總面積不少於三千萬平方米[1]。",
                                   "兼職教師達百分之三十以上[1]。"])
def test_traditional_characters_and_spaced_out_words_are_read_as_what_they_say(reply):
    assert not guard_answer(reply, [QUANZHOU]).passed


def test_yi_ge_as_an_article_states_no_figure_but_a_count_of_one_must_be_supported():
    for reply in ["这是一个重要指标，比例应达到70%以上[1]。", "应建立一个机制，确保比例达到70%以上[1]。",
                  "每一个专业群的“双师型”教师比例都应达到70%以上[1]。"]:
        assert guard_answer(reply, [QUANZHOU]).passed, reply
    for reply, unsupported in [("至少建立一个机制[1]。", "一个"), ("只需一个。[1]", "一个"), ("建立一个以上机制[1]。", "一个"),
                               ("每个专业群对接一个产业[1]。", "一个"), ("实践一个月[1]。", "一个月"), ("建立1个机制[1]。", "1个")]:
        assert guard_answer(reply, [QUANZHOU]).unsupported_numbers == [unsupported], reply
    # a source's 一个 still states one: it supports a reply's 1个
    assert guard_answer("每校建设1个实训基地[1]。", ["《甲》：每校建设一个实训基地。"]).passed


def test_roman_labels_are_numbers_and_english_words_are_not():
    assert [(q.raw, q.unit, q.value) for q in quantities("Ⅰ～Ⅲ类、第Ⅳ批、IV级、ⅻ级")] == [
        ("I", "类", 1), ("III类", "类", 3), ("第IV", "第", 4), ("IV级", "级", 4), ("xii级", "级", 12)]
    assert guard_answer("属于Ⅲ类[1]。", ["《甲》：III类专业"]).passed
    assert guard_answer("属于3类[1]。", ["《甲》：Ⅲ类专业"]).passed  # one number, any script
    assert guard_answer("属于Ⅳ类[1]。", ["《甲》：Ⅲ类专业"]).unsupported_numbers == ["IV类"]
    assert guard_answer("第Ⅱ批[1]。", ["《甲》：第二批"]).passed
    # labels without a measure word, and words: no quantity (C类 is a grade letter, XX学校 a placeholder)
    assert quantities("Ⅱ、组织实施\nI. 总体要求；VI设计；I think；MIX；C类；XX学校、XX项") == []
    assert [q.raw for q in quantities("“1+X”证书")] == ["1"]


def _roman(n: int) -> str:
    """A reference spelling of 1 ≤ n ≤ 39, written independently of the reader."""
    return "X" * (n // 10) + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n % 10]


@given(st.integers(min_value=1, max_value=39), st.integers(min_value=1, max_value=39), st.booleans(),
       st.sampled_from(["类", "批", "级", "期"]))
def test_a_roman_label_is_supported_exactly_by_the_same_number(n, cited, lower, word):
    assume(n not in (20, 30))  # XX and XXX: the placeholder, see below
    label = _roman(n).lower() if lower else _roman(n)
    report = guard_answer(f"属于{label}{word}[1]。", [f"《甲》：{_roman(cited)}{word}、第{cited}批"])
    assert report.passed == (n == cited), (label, cited)


@given(st.lists(st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True), min_size=1, max_size=8))
def test_english_text_holds_no_quantity_but_its_number_words(words):
    found = quantities(" ".join(words) + "。")
    assert all(q.unit == "英文数词" for q in found), found
