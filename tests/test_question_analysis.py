"""Question analysis, the decision model and the corpus-derived vocabulary: pure pieces a bug would break."""

from cjrh_assistant.answering.followup import resolve
from cjrh_assistant.answering.question import analyse, analyse_turn, answer_type_fit, normalise
from cjrh_assistant.evaluation import calibration_curve, with_splits
from cjrh_assistant.models import Turn
from cjrh_assistant.retrieval.evidence import FEATURES, Decision, fit_decision
from cjrh_assistant.retrieval.keyword import STOPWORDS, corpus_terms, tokenize, vocabulary
from cjrh_assistant.retrieval.params import DEFAULT_PARAMS


def test_traditional_and_full_width_questions_are_normalised():
    assert normalise("專業群至少要與幾家企業合作？") == "专业群至少要与几家企业合作？"
    assert normalise("比例达到７０％以上") == "比例达到70%以上"


def test_answer_type_and_unit_follow_the_interrogative():
    assert (analyse("要和几家企业合作").answer_type, analyse("要和几家企业合作").unit) == ("number", "家")
    assert analyse("推荐书啥时候交").answer_type == "date"
    assert analyse("材料交到哪里").answer_type == "place"
    assert analyse("由哪个部门负责").answer_type == "body"
    assert analyse("建设指标包括哪些").answer_type == "list"
    # whether the asker's own date is late is answered by the date it is checked against
    assert analyse("我们打算7月才报，会不会晚？").answer_type == "date"
    assert analyse("推荐书要盖章吗？").answer_type == "yesno"
    # “有啥规定/有什么要求” asks what is required, which one sentence may state; 都有啥 and 哪些 enumerate
    assert analyse("对老师下企业实践有啥规定？").answer_type == "general"
    assert analyse("专业群都有啥建设任务").answer_type == "list"
    assert analyse("能不能用复印件").answer_type == "yesno"
    assert (analyse("泉州有哪几个联合体").answer_type, analyse("泉州有哪几个联合体").unit) == ("list", None)
    assert analyse("校外实训基地哪个季度建成").answer_type == "date"
    assert analyse("对接会的进度安排包括哪几项").answer_type == "list"  # 进度 beside 哪几 names what is listed
    assert analyse("第四季度要做什么？").answer_type != "yesno"  # 什么？ is no question particle 么
    assert analyse("能用复印件么？").answer_type == "yesno"
    assert analyse("那部分字数限制是多少").unit == "字"
    assert analyse("每年拨多少万元经费").unit == "元"  # 万 is a magnitude of 元
    # 几月 is a month of the calendar (“which month”); 几个月 is a span, a number of months
    assert (analyse("推荐书几月几号前要报送").answer_type, analyse("推荐书几月几号前要报送").unit) == ("date", None)
    assert analyse("对接会计划在几月召开").answer_type == "date"
    # why / on what basis: the answer is the clause a causal or basis connective opens
    assert analyse("为啥要开计算机网络技术专业？").answer_type == "reason"
    assert analyse("这个方案依据的法律是哪部？").answer_type == "reason"
    assert answer_type_fit("reason", None, "但基于目前的市场需求，应增加计算机网络技术方面的人才") == 1.0
    assert answer_type_fit("reason", None, "应增加计算机网络技术方面的人才") == 0.0
    # after a verb the interrogative governs, the verb's object is asked too (理事长, not only 担任)
    assert analyse("由谁担任理事长").asked == ("担任", "理事长")
    assert (analyse("顶岗实习要几个月").answer_type, analyse("顶岗实习要几个月").unit) == ("number", "个月")


def test_a_deadline_asked_for_is_a_date_set_as_a_limit_not_any_date():
    # staff trial 6: “申报材料截止日期是哪天？” was answered by “发布日期：2023年1月”
    deadline = analyse("申报材料截止日期是哪天？")
    assert deadline.fit("发布日期：2023年1月") < 1.0 and deadline.fit("各地市于8月15日前将推荐书报送") == 1.0
    assert analyse("推荐书哪天发布的？").fit("发布日期：2023年1月") == 1.0  # a date, when no deadline is asked


def test_answer_type_fit_needs_the_asked_kind_of_content():
    assert answer_type_fit("number", "家", "与10家以上企业合作") == 1.0
    assert answer_type_fit("number", "家", "比例达到70%以上") == 0.5  # a figure, but not a count of 家
    assert answer_type_fit("number", None, "加强校企合作") == 0.0
    assert answer_type_fit("date", None, "各地市于8月15日前报送") == 1.0
    assert answer_type_fit("date", None, "A4纸双面打印，左侧装订") == 0.0
    assert answer_type_fit("place", None, "依托武夷山生态工业园") == 1.0
    assert answer_type_fit("body", None, "联 系 人:黄洺鋆") == 1.0  # a person named after a role label
    assert answer_type_fit("number", "%", "比例达到70%以上") == 1.0 and answer_type_fit("number", "%", "占三成") == 1.0
    assert answer_type_fit("number", "%", "共建成2") == 0.5  # a figure at the end of the text is no share
    assert answer_type_fit("body", None, "加强师资队伍建设") == 0.0
    # a magnitude alone is the unit of a blank to fill (“经费来源（万元）”), not an amount
    assert answer_type_fit("number", "元", "2024年拟投入运行经费来源（万元） 牵头单位负担") < 1.0
    assert answer_type_fit("number", "元", "投入不少于500万元") == 1.0 and answer_type_fit("number", "个", "建成十个") == 1.0


def test_pronoun_follow_up_carries_the_earlier_topic():
    history = [Turn(role="user", content="南平茶产业产教联合体在哪个城市？"), Turn(role="assistant", content="南平。")]
    resolved = resolve("它依托哪个园区？", history)
    assert "南平茶产业产教联合体" in resolved.question and resolved.focus


def test_decision_learns_the_direction_of_its_features():
    rows = [{n: 0.0 for n in FEATURES} | {"coverage": c / 10} for c in range(11)]
    labels = [int(c >= 5) for c in range(11)]
    decision = fit_decision(rows, labels)
    low, high = (decision.probability(rows[0]), decision.probability(rows[-1]))
    assert low < 0.2 < 0.8 < high
    assert decision.outcome(high, DEFAULT_PARAMS) == "answer"
    assert decision.outcome(low, DEFAULT_PARAMS) in ("nearest", "not_found")


def test_shipped_decision_file_loads_and_orders_answerable_above_not():
    decision = Decision.load()
    strong = {n: 0.0 for n in FEATURES} | {"coverage": 1.0, "top_dense": 0.93, "best_sentence_dense": 0.93,
                                           "best_fit": 1.0, "keyword_share": 0.8}
    weak = {n: 0.0 for n in FEATURES} | {"coverage": 0.1, "top_dense": 0.8, "best_sentence_dense": 0.8,
                                         "keyword_share": 0.05}
    assert decision.probability(strong) > DEFAULT_PARAMS.answer_at > decision.probability(weak)


def test_stopwords_come_from_function_word_classes_not_topics():
    assert {"的", "什么", "吗", "我们", "和"} <= STOPWORDS
    assert not {"企业", "教师", "比例", "专业"} & STOPWORDS


def test_corpus_terms_are_repeated_free_standing_strings_and_quoted_terms():
    texts = ["推进“八个一”工程。", "留泉就业率达50%以上。", "填报留泉就业率。", "其中留泉就业率为70%。"]
    terms = corpus_terms(texts)
    assert "八个一" in terms and "留泉就业率" in terms
    assert "泉就业" not in terms  # a fragment always inside the longer term
    assert "留泉就业率" in tokenize("留泉就业率要多少", vocabulary(terms))


def test_eval_reports_each_split_and_the_gap():
    rows = [{"answerable": True, "split": s, "retrieved_hit_rank": 1, "answer_ok": ok, "citation_ok": ok,
             "abstained": False, "latency_ms": 1.0, "evidence": 0.9} for s, ok in
            [("dev", True), ("dev", True), ("test", True), ("test", False)]]
    from cjrh_assistant.evaluation import summarise

    result = with_splits(summarise(rows, {"embedder": "x", "retriever": "hybrid", "llm": None}))
    assert result["splits"]["dev"]["answer_accuracy"] == 1.0 and result["splits"]["test"]["answer_accuracy"] == 0.5
    assert result["gap"]["answer_accuracy"] == -0.5
    assert calibration_curve(rows) == [{"from": 0.9, "to": 1.0, "questions": 4, "answerable_share": 1.0}]


def test_asked_words_are_what_the_interrogative_governs():
    assert analyse("推荐书正文用什么字体？").asked == ("字体",)  # not 推荐书/正文: the topic, not the asked thing
    assert analyse("专业群至少要和几家企业建立紧密合作关系？").asked == ("企业",)
    assert analyse("国家级专业群建设的补助资金是多少？").asked == ("补助", "资金")  # nothing after: the words before
    assert "时候" not in analyse("支持政策什么时候完成发布？").asked  # 什么时候 is one interrogative
    # a light word after the interrogative (one the corpus uses everywhere) brings the words before it too
    light = analyse("推荐书的字号有什么要求？", is_light=lambda t: t == "要求").asked
    assert light[0] == "要求" and "字号" in light
    assert analyse("推荐书的字号有什么要求？").asked == ("要求",)
    # a noun phrase after the interrogative is asked whole, up to its head (Chinese noun phrases are head-final)
    assert analyse("认定需要几年企业工作经历？").asked[:3] == ("企业", "工作", "经历")
    assert analyse("专业群至少要和几家企业建立紧密合作关系？").asked == ("企业",)  # a verb ends the phrase
    # a verb with no object after it asks about its subject (课时费怎么算), not about the verb alone
    assert "课时费" in analyse("聘请企业员工来上专业课，课时费怎么算？").asked
    assert analyse("谁负责审核推荐书？").asked == ("负责", "审核")  # the verb's object is there: the subject is not


def test_money_questions_want_a_figure_in_yuan():
    a = analyse("顶岗实习补贴每月多少钱？")
    assert (a.answer_type, a.unit) == ("number", "元")
    assert a.fit("每月补贴800元") == 1.0 and a.fit("每年不少于50人次") == 0.5


def test_a_bare_year_fits_a_when_question_less_than_a_date_or_deadline():
    assert answer_type_fit("date", None, "福建省2024年省级市域产教联合体遴选工作方案") == 0.3
    assert answer_type_fit("date", None, "2024年8月15日前报送") == 1.0
    assert answer_type_fit("date", None, "加强宣传引导") == 0.0


def test_period_numerals_are_folded_the_same_in_prose_and_tables():
    from cjrh_assistant.textnorm import fold_period_numerals

    assert fold_period_numerals("第三季度：优化师资配置") == "3季度：优化师资配置"
    assert fold_period_numerals("三季度还要干嘛") == "3季度还要干嘛"
    assert fold_period_numerals("十二月底前") == "12月底前"
    assert tokenize("第四季度") == tokenize("4季度")


def test_periods_are_read_in_words_and_digits():
    from cjrh_assistant.textnorm import periods

    assert periods("支持政策出台以后，三季度还要干嘛") == {(3, "季度")}
    assert periods("序号 4 目标任务 出台至少一项支持政策 季度 3季度 形象进度（8 月）") == {(3, "季度"), (8, "月")}
    assert periods("第四季度：进行专业核心课程建设") == {(4, "季度")} and periods("加强宣传") == set()


def test_years_and_levels_a_text_names():
    from cjrh_assistant.textnorm import levels, years

    assert years("2023年数据为汇总数据，到2025年建成") == {2023, 2025} and years("近3年内") == set()
    assert levels("职业本科和高职专业群年度面向社会") == {"benke", "gaozhi"}
    assert levels("中等职业学校") == {"zhongzhi"} and levels("专业群与企业合作") == set()


def test_a_quote_about_another_year_or_level_only_is_contradicted():
    from cjrh_assistant.answering.extractive import _Specifics

    asked = _Specifics({2025}, {"zhongzhi"})
    assert asked.contradicted_by("福建省2024年省级市域产教联合体遴选工作方案 各地市于8月15日前报送")
    assert asked.contradicted_by("职业本科和高职专业群年度培训人次达在校生总数的2倍以上")
    assert not asked.contradicted_by("高职专业群3～6个专业，中职专业群3～5个专业")  # names the asked level too
    assert not asked.contradicted_by("专业群与10家以上企业建立紧密合作关系")  # names no year or level: open
    assert not _Specifics(set(), set()).contradicted_by("2024年 高职")


def test_a_figure_asked_of_a_money_noun_must_be_an_amount_in_yuan():
    assert analyse("进修期间每月有多少津贴？").unit == "元"  # …贴: an allowance
    assert analyse("每个项目给多少建设资金？").unit == "元"  # …金 after the interrogative
    assert analyse("培训费是多少？").unit == "元"
    assert analyse("兼职教师要多少？").unit is None and analyse("合作企业至少几家？").unit == "家"


def test_a_date_questions_cue_words_are_not_what_it_asks_about():
    analysis = analyse("推荐书什么时候截止？")
    assert analysis.answer_type == "date" and "截止" not in analysis.asked
    assert analysis.is_type_cue("截止") and not analyse("截止时间有几个？").is_type_cue("推荐书")


def test_an_iso_date_answers_a_when_question():
    assert answer_type_fit("date", None, "发文日期: 2025-05-28 发布机构: 高青县教育和体育局") == 1.0


def test_a_forms_labels_set_apart_by_spaces_fit_a_list_question():
    assert answer_type_fit("list", None, "专任教师总数 市级以上学科（专业）带头人数量 “双师型”教师占比 行业企业兼职教师占比") == 1.0
    assert answer_type_fit("list", None, "加强宣传引导，营造良好氛围") == 0.0
    assert answer_type_fit("list", None, "校内实训基地数 生均教学科研仪器设备值\n校外实训基地数 虚拟仿真实训室数") == 1.0


def test_a_sentence_two_passages_both_hold_is_quoted_once():
    from cjrh_assistant.answering.extractive import Candidate, choose
    from cjrh_assistant.models import Hit, Passage

    hits = [Hit(passage=Passage(id=f"p{k}", doc_id="shahe-2020", doc_title="沙河", text="…", start=0, end=1), score=1.0)
            for k in range(3)]
    ranked = [Candidate("与佳泰科技有限公司合资建设电商实训基地。", 0, 0.9, 1, 1, 1, score=1.0),
              Candidate("与佳泰科技有限公司合资建设电商实训基地", 1, 0.9, 1, 1, 1, score=0.99),
              Candidate("建成后投入运营。", 2, 0.9, 1, 1, 1, score=0.95)]
    chosen, _ = choose(ranked, hits, scoped=True)
    assert [c.hit_index for c in chosen] == [0, 2]


def test_a_date_question_asks_about_what_the_date_is_of():
    # the cue words (截止, 日期, 时间) and times are looked past: the deadline's own object is what a quote must state
    assert analyse("推荐书截止日期是哪天").asked == ("推荐书",)
    assert analyse("推荐书什么时候截止？").asked == ("推荐书",)
    assert "时间" not in analyse("表格报送的截至时间是哪天？").asked
    assert analyse("沙河任务分解一览表的上报时间是？").answer_type == "date"  # …时间是？ asks for the time
    assert analyse("多长时间？").answer_type == "number"  # a span, not a date


def test_numerals_and_measure_words_are_never_asked_words():
    asked = analyse("专业课老师下企业实践是按几年一个周期累计算的？").asked
    assert "一个" not in asked and "周期" in asked


def test_which_ones_is_a_list_not_a_place():
    assert analyse("工作协调机制要在哪些方面形成政策合力？").answer_type == "list"
    assert analyse("推荐书要送到哪里？").answer_type == "place"


def test_a_figure_fits_only_when_it_counts_the_asked_unit():
    assert answer_type_fit("number", "分", "近3年内发生重大违法违规事件的，酌情扣分") == 0.5  # 3年, not N分
    assert answer_type_fit("number", "元", "投入运行经费3000万元") == 1.0  # 万 between the figure and 元
    assert answer_type_fit("number", "家", "与10余家企业合作") == 1.0


def test_years_and_calendar_days_are_no_amount():
    assert answer_type_fit("number", None, "已确定的2024年省级市域产教联合体不再报送") == 0.3
    assert answer_type_fit("number", None, "年度数据截止时间为每年12月31日") == 0.3
    assert answer_type_fit("number", None, "2024年新增2个专业") == 1.0


def test_a_share_is_answered_by_a_percentage_or_a_fraction():
    assert analyse("兼职教师比例要达到多少？").unit == "%"
    assert answer_type_fit("number", "%", "行业企业兼职教师达25%以上") == 1.0
    assert answer_type_fit("number", "%", "兼职教师不少于30人") == 0.5
    assert answer_type_fit("number", "%", "企业员工占三成") == 1.0


def test_a_form_label_naming_an_address_field_is_no_address():
    assert answer_type_fit("place", None, "法人代表 联系电话 电子邮箱") == 0.0  # a blank to fill in
    assert answer_type_fit("place", None, "统一发送至电子邮箱：fjzcc@163.com") == 1.0


def test_a_follow_up_with_its_own_interrogative_asks_its_own_kind_of_answer():
    earlier_and_now = "沙河产教融合对接会定在几月开 这个会是哪个部门负责张罗"
    assert analyse(earlier_and_now).answer_type != "body"  # the earlier question's 几月 would win
    assert analyse_turn(earlier_and_now, "这个会是哪个部门负责张罗").answer_type == "body"
    # without an interrogative of its own (“那中职呢？”) the follow-up asks what the earlier question asked
    kind = analyse_turn("高职专业群在校生要多少人 中职", "中职")
    assert (kind.answer_type, kind.unit) == ("number", "人")


def test_a_word_the_corpus_never_uses_weighs_by_how_specific_it_is_in_general_chinese():
    from cjrh_assistant.retrieval.evidence import general_specificity

    assert general_specificity("之间") == 0.0 and general_specificity("东西") < 0.1  # how people talk
    assert general_specificity("有效期") == 1.0 and general_specificity("评审费") == 1.0  # what a corpus may lack
    assert 0.0 < general_specificity("工资") < 1.0


def test_a_close_second_quote_may_come_from_the_same_passage_but_never_overlaps_the_first():
    from cjrh_assistant.answering.extractive import Candidate, choose
    from cjrh_assistant.models import Hit, Passage

    text = "在泉州市职业教育工作联席会议制度的基础上，建立泉州市产教融合工作联席会议制度。其他内容。"
    hits = [Hit(passage=Passage(id="p", doc_id="quanzhou-tian-2022", doc_title="答复", text=text, start=0, end=1),
                score=1.0)]
    ranked = [Candidate("在泉州市职业教育工作联席会议制度的基础上，", 0, 0.9, 1, 1, 1, score=1.0),
              Candidate("在泉州市职业教育工作联席会议制度的基础上，建立泉州市产教融合工作联席会议制度", 0, 0.9, 1, 1, 1,
                        score=0.99),
              Candidate("建立泉州市产教融合工作联席会议制度", 0, 0.9, 1, 1, 1, score=0.95)]
    chosen, several = choose(ranked, hits, scoped=True)
    assert [c.text for c in chosen] == [ranked[0].text, ranked[2].text] and not several


def test_a_line_label_scopes_the_later_items_of_its_line():
    from cjrh_assistant.answering.extractive import _line_label, label_span

    text = "第二季度：开工建设；\n第三季度：优化师资配置；开展招生；完成实训室建设，建成校外实训基地。\n其他说明。"
    item = "完成实训室建设，建成校外实训基地。"
    assert _line_label(text, item) == "第三季度："
    assert label_span(text, "第三季度：", item) == "第三季度：优化师资配置；开展招生；完成实训室建设，建成校外实训基地。"
    assert _line_label(text, "第三季度：优化师资配置；") == ""  # the label's own item needs no span
    assert _line_label(text, "其他说明。") == ""  # a line without a label


def test_the_part_of_a_form_a_question_names_is_found():
    from cjrh_assistant.answering.question import section_words

    assert section_words("申报表的师资队伍部分要填哪些数据？") == ("师资队伍",)
    assert section_words("教材这块有啥要求") == ("教材",)
    assert section_words("写特色和建设成效的那一栏限多少字？") == ("成效",)
    assert section_words("出台至少一项支持政策") == ()  # 一项 after a numeral word counts, it names no part


def test_a_reply_letter_is_not_said_to_set_rules():
    from cjrh_assistant.answering.extractive import several_header

    assert several_header(["泉州市产教融合特色专业群建设标准（试行）", "沙河市教育局职业教育产教融合实施方案"]) == "不同文件分别规定："
    assert several_header(["泉州市产教融合特色专业群建设标准（试行）", "关于市政协十三届一次会议第20222223号提案的答复"]) \
        == "不同文件分别提到："
