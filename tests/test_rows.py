from hypothesis import given, strategies as st

from cjrh_assistant.corpus.rows import row_in_words, table_headers
from cjrh_assistant.models import Passage

HEADERS = ("序号", "联合体名称", "推荐地市", "依托园区")


def test_a_record_is_led_by_its_first_value_without_the_row_number():
    text = "序号 12 联合体名称 泉州现代物流业产教联合体 推荐地市 泉州 依托园区 丰泽经济开发区"
    assert row_in_words(text, HEADERS) == "泉州现代物流业产教联合体：推荐地市为泉州，依托园区为丰泽经济开发区"


def test_a_long_value_follows_a_colon_and_an_empty_cell_is_left_out():
    text = "序号 1 目标任务 实施“八个一”工程 形象进度 制定《沙河市实施“八个一”工程实施细则》（5 月）。"
    said = row_in_words(text, ("序号", "目标任务", "季度", "形象进度"))
    assert said == "实施“八个一”工程：形象进度：制定《沙河市实施“八个一”工程实施细则》（5 月）。"


def test_text_that_is_not_a_record_of_the_headers_is_left_alone():
    assert row_in_words("2季度 充分调研论证，制定支持政策（4 月）。", ("序号", "目标任务", "季度", "形象进度")) is None


def test_headers_come_from_the_form_passage_just_before_the_records():
    def passage(i, kind, text, clause="附件1"):
        return Passage(id=str(i), doc_id="d", doc_title="t", clause_path=[clause], kind=kind, text=text, start=0, end=0)
    passages = [passage(0, "form", "｜".join(HEADERS)), passage(1, "table_row", "序号 1 联合体名称 甲"),
                passage(2, "table_row", "序号 1 观测点 乙", clause="附件2")]
    assert table_headers(passages) == {("d", "附件1"): HEADERS}


_CELL = st.text(alphabet="产教联合体泉州福建园区开发一二三0123456789", min_size=1, max_size=10)


@given(st.lists(_CELL, min_size=3, max_size=3))
def test_every_value_of_a_record_is_kept_with_its_header(values):
    text = " ".join(f"{h} {v}" for h, v in zip(HEADERS[1:], values))
    assert row_in_words(text, HEADERS) == f"{values[0]}：推荐地市为{values[1]}，依托园区为{values[2]}"
