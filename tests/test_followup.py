from cjrh_assistant.answering.followup import is_followup, resolve
from cjrh_assistant.models import Turn


def _history(*questions):
    turns = []
    for q in questions:
        turns += [Turn(role="user", content=q), Turn(role="assistant", content="……")]
    return turns


def test_level_follow_up_replaces_the_earlier_level():
    r = resolve("那中职呢？", _history("高职专业群在校生要达到多少人？"))
    assert r.question.startswith("中职专业群在校生要达到多少人")
    assert r.focus == "中职"


def test_topic_follow_up_is_appended_and_becomes_the_focus():
    r = resolve("建设规划呢？", _history("推荐书特色与创新部分限多少字？"))
    assert "特色与创新部分限多少字" in r.question and r.question.endswith("建设规划")
    assert r.focus == "建设规划"


def test_chained_follow_ups_resolve_against_resolved_turns():
    r = resolve("那中职呢？", _history("高职核心专业要多少人？", "那职业本科呢？"))
    assert r.question.startswith("中职核心专业要多少人")


def test_standalone_questions_are_left_alone():
    assert not is_followup("留泉就业率要达到多少？")
    r = resolve("留泉就业率要达到多少？", _history("双师型比例是多少？"))
    assert r.question == "留泉就业率要达到多少？" and r.focus == ""


def test_place_follow_up_replaces_the_earlier_place_when_places_are_given():
    places = [("沙河", "泉州", "淄博", "福建")]
    r = resolve("那沙河呢？", _history("泉州特色专业群对行业企业兼职教师比例有要求吗？"), places)
    assert r.question.startswith("沙河特色专业群对行业企业兼职教师比例") and "泉州" not in r.question
    # without the places the follow-up is only appended
    assert "泉州" in resolve("那沙河呢？", _history("泉州特色专业群对兼职教师有要求吗？")).question


def test_follow_up_with_a_topic_of_its_own_keeps_only_the_earlier_place_and_level():
    topics = lambda text: {w for w in ("众创空间", "面积", "对口") if w in text}  # noqa: E731
    places = [("沙河", "泉州")]
    r = resolve("那众创空间的面积呢？", _history("沙河高职要新聘多少企业兼职教师？"), places, topics)
    assert r.question == "高职 沙河 众创空间的面积" and "兼职" not in r.question
    # one topic word of its own (“对口率”) is a follow-up on the earlier topic
    assert "就业率" in resolve("那对口率呢？", _history("专业群毕业生就业率要达到多少？"), places, topics).question
    # a pronoun points back: the earlier topic stays
    assert "兼职教师" in resolve("它的众创空间面积呢？", _history("沙河要新聘多少企业兼职教师？"), places, topics).question


def test_a_question_naming_nothing_the_corpus_speaks_of_continues_the_earlier_topic():
    corpus_words = {"企业实践", "双师型", "比例"}
    names_anything = lambda text: any(w in text for w in corpus_words)  # noqa: E731
    history = _history("老师下企业实践每年要多少人次？")
    r = resolve("每人要多长时间？", history, names_anything=names_anything)
    assert r.question.startswith("老师下企业实践") and r.question.endswith("每人要多长时间")
    assert resolve("双师型比例要多少？", history, names_anything=names_anything).question == "双师型比例要多少？"
    assert resolve("每人要多长时间？", history).question == "每人要多长时间？"  # without the corpus: standalone


def test_a_demonstrative_inside_the_question_points_back_to_the_earlier_topic():
    r = resolve("中职有这个要求吗？", _history("高职专业群一年要搞多少培训人次？"))
    assert r.question.startswith("中职专业群一年要搞多少培训人次")
    assert not is_followup("中职专业群在校生要多少人？")


def test_a_place_follow_up_replaces_the_whole_name_the_earlier_place_begins():
    places = [["沙河", "泉州", "淄博"]]
    resolved = resolve("沙河的呢？", _history("淄博科学技术学校用哪个专业群做试点？"), places)
    assert resolved.question == "沙河用哪个专业群做试点？"  # not “沙河科学技术学校”, a school that does not exist
    assert resolve("那泉州呢？", _history("沙河市的专业群要建几个？"), places).question == "泉州的专业群要建几个？"


def test_a_short_question_opening_with_a_modal_verb_continues_the_earlier_topic():
    # no subject of its own: Chinese leaves out the topic under discussion
    r = resolve("要盖章吗？", _history("联合体推荐书什么时候交？"))
    assert "联合体推荐书" in r.question and r.focus == "要盖章吗"
    assert resolve("需要盖章吗？", []).question == "需要盖章吗？"  # no conversation: nothing to continue
    # so does the agent of a passive (staff trial 6: “由谁负责管理？” after a 实训基地 question)
    assert "实训基地" in resolve("由谁负责管理？", _history("沙河职教中心跟哪两家企业合资建实训基地？")).question


def test_a_question_can_be_read_as_a_follow_up_on_request():
    history = _history("淄博科学技术学校的双师型教师怎么培养？")
    assert resolve("多久去一次企业？", history).focus == ""  # nothing in it marks a follow-up
    read = resolve("多久去一次企业？", history, as_followup=True)
    assert read.question.startswith("淄博科学技术学校") and read.focus == "多久去一次企业？".rstrip("？")


def test_a_follow_up_naming_an_item_replaces_the_item_the_earlier_question_quoted():
    # staff trial 6: “特色与创新呢？” after a 字数 question on another quoted section repeated that section's 500字
    r = resolve("特色与创新呢？", _history("推荐书里“联合体所在地制定支持职业教育政策及落实情况”限多少字？"))
    assert r.question == "推荐书里“特色与创新”限多少字？" and r.focus == "特色与创新"
    # a follow-up asking something of its own is not put in place of the item
    assert "“联合体所在地" in resolve("那要盖章吗？", _history("推荐书里“联合体所在地制定支持职业教育政策及落实情况”限多少字？")).question
