"""The web page's handlers called directly (no browser): the UI holds no logic of its own, so these check that it
passes the library's results through, keeps sessions apart, and never keeps an uploaded draft."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import gradio as gr
import pytest

from cjrh_assistant.ui import WebApp, build_app

DRAFTS = Path(__file__).resolve().parents[1] / "eval" / "drafts"


@pytest.fixture(scope="module")
def web(assistant, full_settings):
    app = WebApp(full_settings)
    app._assistant = assistant  # the session's already-loaded index
    return app


def _turn(web, message, chat, turns, session=None):
    """The last state the streaming chat handler yields: chat, turns, sources, box, session."""
    *_, last = web.respond(message, chat, turns, session or {})
    return last


def _upload(tmp_path: Path, name: str) -> str:
    target = tmp_path / "upload" / name
    target.parent.mkdir()
    shutil.copy(DRAFTS / name, target)
    return str(target)


def test_chat_turn_shows_answer_and_highlighted_source(web):
    chat, turns, sources, box, _ = _turn(web, "“双师型”教师比例要达到多少？", [], [])
    assert box is None and len(chat) == 2 and "70%" in chat[1]["content"] and "[1]" in chat[1]["content"]
    assert "<mark>" in sources and "3.加强“双师型”教师队伍建设" in sources
    # the follow-up uses this session's turns only
    _, turns2, _, _, _ = _turn(web, "那中职呢？", chat, turns)
    assert len(turns2) == 4 and "中职" in turns2[2]["content"]


def test_sessions_do_not_share_conversations(web):
    _, turns_a, _, _, _ = _turn(web, "高职的生均教学科研仪器设备值要求多少？", [], [])
    chat_b, turns_b, _, _, _ = _turn(web, "推荐书什么时候之前报送？", [], [])
    assert len(turns_a) == 2 and len(turns_b) == 2 and "8月15日" in chat_b[1]["content"]
    assert web.clear() == ([], [], "", None, {})


def test_abstention_is_shown_as_such(web):
    chat, _, sources, _, _ = _turn(web, "今天的天气怎么样？明天会下雨吗？", [], [])
    assert chat[1]["content"].startswith("**资料中未找到")
    assert "未作为依据" in sources


def test_check_renders_failures_first_offers_three_downloads_and_deletes_the_upload(web, tmp_path):
    upload = _upload(tmp_path, "qz-b-gaozhi-fail.docx")
    draft = web.take_upload(upload)
    assert not Path(upload).exists()  # read into the session's state, then deleted
    report, chosen, summary, rows, words, dl_json, dl_md, dl_docx = web.check(draft, "auto", "auto")
    assert "泉州市产教融合特色专业群项目申报表" in chosen and "从草稿识别" in chosen and "高职" in chosen
    assert "不通过 8" in summary and "不通过 8 条（硬性 6 条必须改，提醒 2 条建议改）" in summary
    assert [r[3] for r in rows[:8]] == ["不通过"] * 8 and rows[0][0] == "QZ003"
    assert any(w[0] == "专业群主要建设成效" and w[1] == "301" for w in words)
    saved = json.loads(Path(dl_json).read_text(encoding="utf-8"))
    assert saved["summary"]["fail"] == 8 and Path(dl_md).read_text(encoding="utf-8").startswith("# 申报书检查报告")
    from docx import Document

    assert "QZ008" in "\n".join(c.text for t in Document(dl_docx).tables for row in t.rows for c in row.cells)
    only_failed = web.filter_results(report, "fail")
    assert len(only_failed) == 8 and {r[3] for r in only_failed} == {"不通过"}


def test_check_choice_of_pack_and_level_is_honoured_and_a_level_change_rechecks_the_same_draft(web, tmp_path):
    draft = web.take_upload(_upload(tmp_path, "qz-a-gaozhi-pass.docx"))
    first, *_ = web.check(draft, "auto", "auto")
    report, chosen, *_ = web.check(draft, "quanzhou-zyq-2023", "zhongzhi")  # no second upload: the session's bytes
    assert first["level"] == "gaozhi" and first["level_source"] == "detected"
    assert report["level"] == "zhongzhi" and report["level_source"] == "given" and "由用户指定" in chosen


def test_unreadable_or_oversized_upload_is_a_chinese_message(web, tmp_path):
    """Shown in the status line, which the next run overwrites (no pile of error pop-ups), with empty results."""
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    draft = web.take_upload(str(bad))
    assert not bad.exists()
    report, chosen, summary, rows, words, *files = web.check(draft, "auto", "auto")
    assert report is None and chosen.startswith("**无法检查：**") and "损坏" in chosen
    assert (summary, rows, words, files) == ("", [], [], [None, None, None])
    small = WebApp(web.settings, max_upload_bytes=1024)
    assert "文件过大" in small.check(web.take_upload(_upload(tmp_path, "fj-pass.docx")), "auto", "auto")[1]
    assert "请先上传" in web.check(None, "auto", "auto")[1]
    with pytest.raises(gr.Error, match="损坏"):  # the API raises: a script needs the failure as such
        (tmp_path / "again.docx").write_bytes(b"PK\x03\x04 not a zip")
        web.api_check(str(tmp_path / "again.docx"))


def test_rules_and_library_tables(web):
    assert len(web.rules_rows()) == 52
    found = web.rules_rows("QZ008")
    assert len(found) == 1 and found[0][4] == "≥ 70%" and "达到70%以上" in found[0][7]
    assert web.rules_rows("QZ101")[0][4] == "专业群在校生数 = 核心专业在校生数与群内其他专业在校生数之和"
    assert web.rules_rows("QZ014")[0][4] == "职业本科、高职 ≥ 500人；中职 ≥ 300人"
    assert {r[0] for r in web.rules_rows("字以内")} >= {"QZ021", "FJ016", "FJ017"}
    # FJ001's 20 allowed names made the first row ~600 px tall: the cell names 3 and the count; a search for any name
    # still finds the rule, and the chat's rule answer keeps the whole list
    fj001 = web.rules_rows("FJ001")[0][4]
    assert fj001.startswith("联合体名称属于以下 20 项之一：福州经济技术开发区物联网产教联合体、") and "等 20 项" in fj001
    assert len(fj001) < 120 and "宁德新能源汽车产业产教联合体" not in fj001
    assert [r[0] for r in web.rules_rows("宁德新能源汽车产业产教联合体")] == ["FJ001"]
    assert web.rules_rows("QZ020")[0][4].endswith("、文旅经济")  # 12 short names fit: listed in full
    docs = web.documents_rows()
    assert len(docs) == 5 and all(int(d[4]) > 0 for d in docs)


def test_reindex_is_for_administrators_only(web, full_settings):
    guarded = WebApp(full_settings, admins={"admin"})
    guarded._assistant = web._assistant

    class Req:
        username = "staff"

    with pytest.raises(gr.Error, match="管理员"):
        guarded.reindex(Req())


def test_a_page_open_to_the_network_without_a_login_cannot_reindex(web, full_settings):
    from cjrh_assistant import webguard

    assert webguard.reindex_admins("127.0.0.1", None) is None  # this machine only: its user may
    assert webguard.reindex_admins("0.0.0.0", ("admin", "pw")) == {"admin"}
    open_page = WebApp(full_settings, admins=webguard.reindex_admins("0.0.0.0", None))
    open_page._assistant = web._assistant

    class Req:
        username = None

    with pytest.raises(gr.Error, match="cjrh index"):
        open_page.reindex(Req())


def test_app_builds_with_named_endpoints(web):
    app = build_app(web)
    names = {d.api_name for d in app.fns.values()}
    assert {"ask", "chat", "check"} <= names


def test_the_chats_own_trash_icon_forgets_the_conversation(web):
    app = build_app(web)
    cleared = {app.blocks[block].elem_id for d in app.fns.values() if d.fn is not None and d.fn.__name__ == "clear"
               for block, event in d.targets if event == "clear"}
    assert cleared == {"chat"}  # the Chatbot's clear event resets the turns and the checked draft, not only the display
    assert web.clear() == ([], [], "", None, {})


def test_an_abstention_bolds_its_headline_only_and_names_documents_in_the_panel(web):
    chat, _, sources, _, _ = _turn(web, "今天的天气怎么样？明天会下雨吗？", [], [])
    headline, _, rest = chat[1]["content"].partition("\n\n")
    assert headline == "**资料中未找到能回答该问题的条文。**" and "**" not in rest and "- [1] 《" in rest
    titles = {"福建省2024年省级市域产教联合体遴选工作方案", "泉州市产教融合特色专业群建设标准（试行）",
              "关于市政协十三届一次会议第20222223号提案的答复", "沙河市教育局职业教育产教融合实施方案",
              "淄博科学技术学校产教融合发展实施方案"}
    assert any(f"《{t}》" in sources for t in titles) and "《附件" not in sources


def test_a_draft_attached_in_the_chat_is_checked_and_later_questions_are_answered_from_its_report(web, tmp_path):
    upload = _upload(tmp_path, "qz-b-gaozhi-fail.docx")
    chat, turns, sources, _, session = _turn(web, {"text": "", "files": [upload]}, [], [])
    assert not Path(upload).exists()  # read, then deleted, as on the check tab
    reply = chat[-1]["content"]
    assert chat[-2]["content"] == "【附上草稿】qz-b-gaozhi-fail.docx" and "**结论：不通过 8 条（硬性 6 条必须改" in reply
    assert reply.index("不通过（8 条）") < reply.index("另有需人工核对") and "还差 1家合作企业" in reply
    assert "[8]" in reply and "[8] 《泉州市产教融合特色专业群建设标准（试行）》" in sources
    assert "查看全文（定位到本条）" in sources and "class='here'" in sources
    chat, turns, sources, _, session = _turn(web, "双师型那条为什么不通过？", chat, turns, session)
    assert "QZ008" in chat[-1]["content"] and "再有 1 名双师型教师" in chat[-1]["content"]
    assert "达到70%以上" in sources
    chat, turns, _, _, session = _turn(web, "还差几家企业？", chat, turns, session)
    assert "还差 1家合作企业" in chat[-1]["content"] and len(turns) == 6
    # the full table and the downloads sit under the conversation
    panel, summary, rows, annotated, report_docx = web.chat_report_panel(session)
    assert panel["visible"] and "不通过 8" in summary and rows[0][0] == "QZ003"
    from docx import Document

    assert len(Document(annotated).comments) == 8 and Path(report_docx).exists()
    # a question that is not about the draft still goes to the corpus, and so does its follow-up
    chat, turns, *_ = _turn(web, "推荐书什么时候之前报送？", chat, turns, session)
    assert "8月15日" in chat[-1]["content"]
    chat, *_ = _turn(web, "那中职呢？", chat, turns, session)
    assert "QZ022" not in chat[-1]["content"] and "您上传的草稿" not in chat[-1]["content"]


def test_a_question_sent_with_a_draft_continues_the_reports_citation_numbers(web, tmp_path):
    """The summary cites [1]–[6] and the answer to “字数超了多少” three clauses: one message, so one numbering, and the
    panel shows every [n] of it with the clause that [n] stood for in the summary."""
    import html
    import re

    from cjrh_assistant.checking import check_file

    report = check_file(DRAFTS / "fj-fail.pdf")
    summary, follow = web.assistant().report_summary(report), web.assistant().about_report("字数超了多少", report)
    chat, _, sources, _, _ = _turn(web, {"text": "字数超了多少", "files": [_upload(tmp_path, "fj-fail.pdf")]}, [], [])
    reply = chat[-1]["content"]
    assert "需删减 1 字" in reply.partition("\n\n---\n\n")[2] and len(summary.citations) == 6
    shown = [int(n) for n in re.findall(r"<b>\[(\d+)\] 《", sources)]
    assert sorted(shown) == sorted(set(shown))  # each [n] once in the panel …
    assert {int(n) for n in re.findall(r"\[(\d+)\]", reply)} == set(shown)  # … and every [n] of the message in it
    for c in summary.citations:  # the summary's [n] still points at its own clause
        assert f"<b>[{c.marker}] 《{html.escape(c.doc_title)}》</b><br><small>{html.escape(c.clause)}</small>" in sources
    clauses = {(c.doc_title, c.clause, c.quote) for c in summary.citations + follow.citations}
    assert len(shown) == len(clauses)  # the answer's clauses are in the panel too, each once


def test_a_question_about_all_problems_sent_with_the_draft_lists_the_failures_once(web, tmp_path):
    """“帮我看看这份申报书有什么问题” + file printed the summary's 8 failures, then “…中‘不通过’的共 8 条” again."""
    message = {"text": "帮我看看这份申报书有什么问题", "files": [_upload(tmp_path, "qz-b-gaozhi-fail.docx")]}
    reply = _turn(web, message, [], [])[0][-1]["content"]
    assert "不通过（8 条）" in reply and "共 8 条" not in reply and reply.count("QZ003") == 1


def test_chat_endpoint_returns_the_answer_and_with_a_draft_the_report(web, tmp_path):
    answer = web.api_chat("“双师型”教师比例要达到多少？", None, None)
    assert "70%" in answer["text"] and "report" not in answer
    with_draft = web.api_chat("字数超了多少？", _upload(tmp_path, "qz-b-gaozhi-fail.docx"), None)
    assert with_draft["report"]["summary"]["fail"] == 8 and "需删减 1 字" in with_draft["text"]
    assert with_draft["citations"][0]["doc_title"] == "泉州市产教融合特色专业群建设标准（试行）"


def test_a_file_of_another_type_attached_in_the_chat_gets_a_chinese_message_and_is_deleted(web, tmp_path):
    assert all(not getattr(c, "file_types", None) for c in build_app(web).blocks.values()
               if type(c).__name__ == "MultimodalTextbox")  # Gradio's own type check answers in English
    upload = tmp_path / "upload" / "数据表.xlsx"
    upload.parent.mkdir()
    upload.write_bytes(b"PK\x03\x04 not a draft")
    chat, _, _, _, session = _turn(web, {"text": "帮我看看", "files": [str(upload)]}, [], [])
    assert "草稿未能检查：不支持的文件类型“.xlsx”" in chat[-1]["content"] and not session.get("report")
    assert not upload.exists()
    # the chat names the same types as the check tab, every one the reader takes (it named 9 of the tab's 11)
    from cjrh_assistant.drafts.readers import DRAFT_SUFFIXES

    listed = "、".join(DRAFT_SUFFIXES)
    tab = [c.value for c in build_app(web).blocks.values() if type(c).__name__ == "Markdown"
           and "上传申报书草稿" in str(c.value)]
    assert len(tab) == 1 and f"（{listed}，" in tab[0] and f"请上传 {listed} 文件" in chat[-1]["content"]


def test_every_example_question_stands_on_its_own(web):
    """The empty chat offered “那中职呢？”, a follow-up with nothing to follow: each example must make sense as the
    first question of a conversation, and the one that replaced it gets the engine's verdict there."""
    from cjrh_assistant.answering.followup import is_followup
    from cjrh_assistant.ui import EXAMPLES

    assert not [q for q in EXAMPLES if is_followup(q)]
    chat, *_ = _turn(web, "我们是中职，专业群在校生280人够吗？", [], [])
    assert "我们是中职，专业群在校生280人够吗？" in EXAMPLES and "还差 20人" in chat[1]["content"]


def _form_labels() -> set[str]:
    """Every label of the rule packs' forms (fields, lists and their columns), normalised as the reader matches them."""
    from cjrh_assistant.rules.loader import load_packs
    from cjrh_assistant.rules.locate import norm_label

    labels = set()
    for pack in load_packs().values():
        labels |= {norm_label(a) for f in pack.fields.values() for a in f.labels}
        labels |= {norm_label(a) for s in pack.lists.values()
                   for a in [*s.labels, *(c for names in s.columns.values() for c in names)]}
    return labels


def _is_header(quote: str, labels: set[str]) -> bool:
    """A quote that is a form's or a table's header, not a clause: “序号｜课程名称｜合作企业”, or mostly the forms' own
    labels side by side (“专任教师总数 市级以上学科（专业）带头人数量；“双师型”教师占比 …”)."""
    import re

    from cjrh_assistant.rules.locate import norm_label

    pieces = [p for p in re.split(r"[｜|；;\s]+", quote) if p.strip("。，、")]
    if quote.count("｜") >= 2 and all(len(p) <= 10 for p in pieces):
        return True
    return sum(norm_label(p) in labels for p in pieces) * 2 > len(pieces)


def test_every_example_question_is_answered_from_a_clause_and_the_near_miss_abstains(web):
    """The example “专任教师评职称有什么条件？” was answered with the 申报表's header row (the corpus says nothing of
    职称): each example is asked of the real assistant; none is answered from a header, and the near-miss one (a
    province the corpus does not cover) is told that nothing answers it."""
    from cjrh_assistant.ui import EXAMPLES

    labels = _form_labels()
    assert _is_header("序号｜课程名称｜合作企业", labels)  # the check itself tells a header …
    assert _is_header("专任教师总数 市级以上学科（专业）带头人数量；“双师型”教师占比 行业企业兼职教师占比；"
                      "市级以上教学成果数 主持市级以上教研教改课题数", labels)
    assert not _is_header("“双师型”教师占专业课教师总数的比例达到70%以上", labels)  # … from a clause
    abstained = []
    for question in EXAMPLES:
        answer = web.assistant().ask(question)
        if answer.abstained:
            abstained.append(question)
            continue
        assert answer.citations and not [c.quote for c in answer.citations if _is_header(c.quote, labels)], question
    assert abstained == ["广东省市域产教联合体推荐书几号截止？"]
    assert "资料中未找到" in web.assistant().ask(abstained[0]).text



def test_every_gradio_label_we_translate_is_still_in_gradios_frontend_and_the_page_is_chinese():
    """A Gradio upgrade that rewords a hard-coded label would leave it English without a word: each one we translate
    must still be in the installed frontend, and each translation (and the zh-CN catalogue's additions) be Chinese."""
    import re

    from cjrh_assistant import web_i18n

    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    frontend = "".join(p.read_text(encoding="utf-8", errors="replace") for p in assets.glob("*.js"))
    # some are built: `Select ${position}`, `Sorted ${direction}ending`, role + `'s message: `
    gone = [en for en in web_i18n.HARD_CODED if en not in frontend and en.split()[0] + " ${" not in frontend]
    gone += [en for en in web_i18n.HARD_CODED_PREFIXES if en.split("'")[-1] not in frontend]
    assert not gone
    for zh in [*web_i18n.HARD_CODED.values(), *web_i18n.HARD_CODED_PREFIXES.values(), *web_i18n.MISSING_KEYS.values()]:
        assert not re.search(r"[A-Za-z]{2,}", zh.replace("{position}", "").replace("{size}", "")), zh
    page = web_i18n.localize_page(b'<!doctype html>\n<html\n\tlang="en"\n\tstyle="margin: 0"\n>\n\t<head>\n'
                                  b'<title>x</title>')
    text = page.decode("utf-8")
    assert 'lang="zh-CN"' in text and text.index("<script>") < text.index("<title>")
    assert '"Copy conversation": "复制全部对话"' in text


def test_the_panel_lists_the_same_nearest_clauses_as_the_chat_with_its_numbers(web):
    # staff trial 5: the chat listed one clause as [1] and the panel three others, unnumbered
    chat, _, sources, _, _ = _turn(web, "今天的天气怎么样？明天会下雨吗？", [], [])
    said = re.findall(r"\[(\d)\] 《([^》]+)》", chat[1]["content"])
    shown = re.findall(r"\[(\d)\] 《([^》]+)》", sources)
    assert said and said == shown
    chat, _, sources, _, _ = _turn(web, "淄博科学技术学校有多少名专任教师？", [], [])
    assert chat[1]["content"].lstrip("*").startswith("未找到确切答案")  # the nearest clause: the one the chat quotes
    quote = re.search(r"：“(.+?)”\[1\]", chat[1]["content"]).group(1)
    assert f"<mark>{html.escape(quote)}</mark>" in sources and sources.count("[1] 《") == 1 and "[2]" not in sources
