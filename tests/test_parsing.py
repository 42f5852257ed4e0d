import re

import pytest

from cjrh_assistant.corpus.loading import list_corpus_files, load_manifest, read_document
from cjrh_assistant.corpus.parsing import clean_line, parse_text
from cjrh_assistant.config import DEFAULT_CORPUS
from cjrh_assistant.textnorm import strip_ws

from .conftest import CORPUS_FILES


def _passages(name):
    files = {f.path.name: f for f in list_corpus_files(DEFAULT_CORPUS)}
    return read_document(files[name], load_manifest(DEFAULT_CORPUS))[1]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_no_clause_text_is_lost(path):
    passages = _passages(path.name)
    searchable = strip_ws("\n".join([p.text for p in passages] + [t for p in passages for t in p.clause_path]))
    lost = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        text = strip_ws(clean_line(line)).rstrip("。")
        if text.isdigit():  # row numbers of an unfilled form and page numbers are not clause text
            continue
        if text and text not in searchable:
            lost.append(line)
    assert lost == []


def test_every_document_parses_into_many_passages_with_stable_ids():
    for path in CORPUS_FILES:
        passages = _passages(path.name)
        assert len(passages) >= 10
        assert len({p.id for p in passages}) == len(passages)
        assert [p.id for p in _passages(path.name)] == [p.id for p in passages]


def test_chrome_is_dropped_and_footnotes_kept():
    assert clean_line("扫一扫在手机上查看当前页面") == ""
    assert clean_line("[bookmark: _GoBack]福建省2024年") == "福建省2024年"
    assert clean_line("---|---|---|---|") == ""
    assert clean_line("标题: | 淄博科学技术学校产教融合发展实施方案 | ||") == "标题: 淄博科学技术学校产教融合发展实施方案"
    assert clean_line("\t联合体负责人[footnoteRef:0] [0:  联合体负责人指所在产业园区管委会负责同志。") == \
        "联合体负责人 联合体负责人指所在产业园区管委会负责同志。"
    passages = _passages("quanzhou-tian-2022.txt")
    assert not any("扫一扫" in p.text or "视频解读" in p.text for p in passages)


def test_clause_path_of_the_double_teacher_rule():
    passages = _passages("quanzhou-zyq-2023.txt")
    [p] = [p for p in passages if "比例达到70%以上" in p.text]
    assert p.clause_path == ["附件1", "二、行业企业深度参与", "3.加强“双师型”教师队伍建设"]
    assert p.kind == "clause"


def test_directory_rows_become_records_naming_table_and_columns():
    passages = _passages("fujian-ltt-2024.txt")
    rows = [p for p in passages if p.kind == "table_row" and "指导目录" in p.clause]
    assert len(rows) == 20
    row13 = next(p for p in rows if "泉州陶瓷工艺产教联合体" in p.text)
    assert re.search(r"序号 13 联合体名称 泉州陶瓷工艺产教联合体 推荐地市 泉州 依托园区 德化陶瓷产业园区", row13.text)
    # A cell that wrapped onto a second line stays in its row.
    assert any("（或微电子产业产教联合体）" in p.text and "序号 7" in p.text for p in rows)


def test_merged_cells_are_filled_down():
    passages = _passages("shahe-2020.txt")
    row = next(p for p in passages if "美容美体2个新增专业" in p.text and p.kind == "table_row")
    assert "目标任务 新增一批相关专业" in row.text and "季度 2季度" in row.text
    assert "一览表" in row.clause


def test_form_rows_with_word_limits_stay_together():
    passages = _passages("fujian-ltt-2024.txt")
    assert any("产业园区主导产业情况 （不超过200字）" in p.text for p in passages)
    [plan] = [p for p in passages if p.text == "(1000字以内)"]
    assert plan.clause_path[-1] == "4.建设规划"


def test_a_changed_paragraph_changes_only_its_passage_id():
    text = (DEFAULT_CORPUS / "zibo-kjxx-2025.txt").read_text(encoding="utf-8")
    before = {p.id for p in parse_text(text, "z", "T")}
    after = {p.id for p in parse_text(text.replace("力争通过2-3年建设", "力争通过3-4年建设"), "z", "T")}
    assert len(before - after) == 1 and len(after - before) == 1


def test_spans_point_at_the_source_text():
    text = (DEFAULT_CORPUS / "quanzhou-zyq-2023.txt").read_text(encoding="utf-8")
    for p in parse_text(text, "q", "T"):
        if p.kind == "clause":
            first_line = p.text.split("\n")[0]
            assert strip_ws(first_line) in strip_ws(text[p.start : p.end])


def test_a_heading_the_passage_text_does_not_repeat_is_its_first_unit_without_its_enumerator():
    from cjrh_assistant.corpus.units import sentences, unit_text, with_own_heading
    from cjrh_assistant.models import Passage

    path = ["三、主要任务", "3.联办1个产业学院（责任部门：市综合职教中心）"]
    body = Passage(id="p", doc_id="d", doc_title="沙河", clause_path=path, text="与相关企业合作。第一季度：研究学习。",
                   start=0, end=1)
    assert sentences(body) == ["联办1个产业学院（责任部门：市综合职教中心）", "与相关企业合作。", "第一季度：研究学习。"]
    assert unit_text(body, sentences(body)[0]).startswith("三、主要任务：")  # its context is the parent heading
    assert with_own_heading(body).startswith("3.联办1个产业学院")
    inline = body.model_copy(update={"clause_path": ["1.加强宣传"], "text": "1.加强宣传：通过各种媒体大力宣传。"})
    assert sentences(inline) == ["1.加强宣传：通过各种媒体大力宣传。"] and with_own_heading(inline) == inline.text
    decimal = body.model_copy(update={"clause_path": ["1.5倍行距"]})
    assert sentences(decimal)[0] == "1.5倍行距"  # a decimal is no enumerator
