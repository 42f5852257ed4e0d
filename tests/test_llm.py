"""The optional model path through real LlamaIndex OpenAILike HTTP calls to a fake server: answers that pass the
guards are used, anything else falls back to the extractive answer with a notice, never a traceback or a hang."""

from __future__ import annotations

import logging
import time

import pytest

from cjrh_assistant.models import Turn

from .fake_llm import FakeLLM

QUESTION = "“双师型”教师队伍建设有什么要求？"  # not a threshold question: answered from passages


@pytest.fixture(scope="module")
def fake():
    server = FakeLLM()
    yield server
    server.close()


@pytest.fixture(scope="module")
def llm_assistant(full_settings, assistant, fake):
    from cjrh_assistant.assistant import Assistant

    settings = full_settings.model_copy(update={"llm_base_url": fake.url, "llm_model": "fake", "llm_timeout": 1.0,
                                                "llm_max_retries": 0})
    return Assistant(settings, progress=False)


def test_grounded_model_answer_is_used_with_its_citations(llm_assistant, fake):
    fake.mode = "ok"
    hits = llm_assistant.searcher.search(QUESTION, top_k=5)
    n = next(k for k, h in enumerate(hits, start=1) if "比例达到70%以上" in h.passage.text)
    fake.answer = f"“双师型”教师占专业课教师总数的比例要达到70%以上[{n}]，并建立校企双向交流机制[{n}]。"
    events = list(llm_assistant.ask_stream(QUESTION))
    answer = events[-1]
    assert "".join(e for e in events if isinstance(e, str)) == fake.answer  # streamed chunk by chunk
    assert answer.llm_used and answer.notice is None and answer.text == fake.answer
    assert [c.marker for c in answer.citations] == [n] and "70%" in answer.citations[0].passage_text
    assert "[1]" in fake.requests[-1]["messages"][-1]["content"]  # the prompt numbers the passages


def test_invented_number_falls_back_with_notice_and_log(llm_assistant, fake):
    fake.mode = "ok"
    fake.answer = "“双师型”教师比例应达到80%以上[1]。"
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("cjrh.guard").addHandler(handler)
    try:
        answer = llm_assistant.ask(QUESTION)
    finally:
        logging.getLogger("cjrh.guard").removeHandler(handler)
    assert not answer.llm_used and "80%" in answer.notice and answer.guard["unsupported_numbers"] == ["80%"]
    assert answer.text == llm_assistant_extractive(llm_assistant)
    assert any("80%" in r.getMessage() for r in records)


def test_marker_beyond_the_passages_is_removed(llm_assistant, fake):
    fake.mode = "ok"
    hits = llm_assistant.searcher.search(QUESTION, top_k=5)
    n = next(k for k, h in enumerate(hits, start=1) if "比例达到70%以上" in h.passage.text)
    fake.answer = f"比例要达到70%以上[{n}][7]。"
    answer = llm_assistant.ask(QUESTION)
    assert answer.llm_used and "[7]" not in answer.text and answer.guard["removed_markers"] == [7]


@pytest.mark.parametrize("mode,reason", [("error500", "HTTP 500"), ("malformed", "无法使用"), ("slow", "超时")])
def test_server_failures_fall_back_within_the_timeout(llm_assistant, fake, mode, reason):
    fake.mode = mode
    start = time.perf_counter()
    answer = llm_assistant.ask(QUESTION)
    assert time.perf_counter() - start < 5
    assert not answer.llm_used and reason in answer.notice and answer.citations
    assert answer.text == llm_assistant_extractive(llm_assistant)


def test_unreachable_endpoint_falls_back(full_settings, assistant):
    from cjrh_assistant.assistant import Assistant

    settings = full_settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "x",
                                                "llm_timeout": 1.0, "llm_max_retries": 0})
    answer = Assistant(settings, progress=False).ask(QUESTION)
    assert not answer.llm_used and "无法连接" in answer.notice


def test_follow_up_is_rewritten_by_the_model(llm_assistant, fake):
    fake.mode = "ok"
    fake.rewrite = "中职专业群的生均教学科研仪器设备值要求多少？"
    history = [Turn(role="user", content="高职的生均教学科研仪器设备值要求多少？"),
               Turn(role="assistant", content="不低于5000元[1]。")]
    answer = llm_assistant.ask("那中职呢？", history)
    assert answer.resolved_question == fake.rewrite
    assert answer.rule_id == "QZ012" and "3000元" in answer.text  # the rule states the number, not the model


def test_threshold_question_is_answered_by_the_rule_even_with_a_model(llm_assistant, fake):
    fake.mode = "ok"
    fake.answer = "比例应达到80%以上[1]。"
    before = len(fake.requests)
    answer = llm_assistant.ask("“双师型”教师比例要达到多少？")
    assert answer.rule_id == "QZ008" and "≥ 70%" in answer.text and not answer.llm_used
    assert len(fake.requests) == before  # the model was not asked to phrase a number


def llm_assistant_extractive(llm_assistant) -> str:
    """The extractive answer to QUESTION, from the same index without a model."""
    saved, llm_assistant.llm = llm_assistant.llm, None
    try:
        return llm_assistant.ask(QUESTION).text
    finally:
        llm_assistant.llm = saved


def test_chat_page_never_shows_model_text_before_the_guard_judged_it(llm_assistant, fake, full_settings):
    from cjrh_assistant.ui import WebApp

    web = WebApp(full_settings)
    web._assistant = llm_assistant
    fake.mode = "ok"
    fake.answer = "“双师型”教师比例应达到80%以上[1]。"
    states = list(web.respond(QUESTION, [], []))
    streamed = [s[0][-1]["content"] for s in states[:-1]]
    assert len(streamed) >= 3 and "正在组织回答" in streamed[-1]  # progress while the model writes
    assert not any("80%" in shown for shown in streamed)  # the unsupported number never reached the page
    final = states[-1][0][-1]["content"]
    assert final.startswith("> 大模型回答中的数字“80%”") and "80%以上[1]" not in final.split("\n\n", 1)[1]


def test_a_rewrite_that_moves_the_level_is_rejected_for_the_resolvers(llm_assistant, fake):
    fake.mode = "ok"
    fake.rewrite = "高职专业群的生均教学科研仪器设备值要求多少？"  # hostile: the user asked about 中职
    history = [Turn(role="user", content="高职的生均教学科研仪器设备值要求多少？"),
               Turn(role="assistant", content="不低于5000元[1]。")]
    answer = llm_assistant.ask("那中职呢？", history)
    assert answer.resolved_question.startswith("中职")
    assert answer.rule_id == "QZ012" and "（中职）：要求 ≥ 3000元" in answer.text


# ---- hostile endpoint (issues 12 and 14) -----------------------------------------------------------------------

def _marker_of(llm_assistant, question: str, text: str) -> int:
    """The [n] that the prompt gives the passage holding `text` (the same search the assistant makes)."""
    hits = llm_assistant.searcher.search(question, top_k=5)
    return next(k for k, h in enumerate(hits, start=1) if text in h.passage.text)


def test_issue_12_an_area_supported_only_by_another_rules_money_is_rejected(llm_assistant, fake):
    question = "沙河的众创空间总面积有什么要求？"
    n = _marker_of(llm_assistant, question, "2000平方米")
    fake.mode = "ok"
    fake.answer = f"沙河要求创建2个众创空间，总面积不少于3000平方米[{n}]。"  # QZ012 states 3000元
    answer = llm_assistant.ask(question)
    assert not answer.llm_used and "3000平方米" in answer.notice and "2000平方米" in answer.text
    fake.answer = f"沙河要求创建2个众创空间，总面积不少于2000平方米[{n}]。"
    answer = llm_assistant.ask(question)
    assert answer.llm_used and answer.text == fake.answer  # the correct reply is still used


@pytest.mark.parametrize("template,why", [
    ("“双师型”教师比例应占三分之二[{n}]。", "三分之二"),
    ("经核对，您的申报书已全部通过[{n}]。", "结论"),
    ("比例达到70%以上[{n}]。\n来源：《国务院关于深化产教融合的若干意见》", "来源"),
])
def test_crafted_replies_fall_back_with_a_chinese_notice(llm_assistant, fake, template, why):
    n = _marker_of(llm_assistant, QUESTION, "比例达到70%以上")
    fake.mode = "ok"
    fake.answer = template.format(n=n)
    answer = llm_assistant.ask(QUESTION)
    assert not answer.llm_used and why in answer.notice
    assert answer.guard["problems"] or answer.guard["unsupported_numbers"]
    assert answer.text == llm_assistant_extractive(llm_assistant)


def test_a_slow_stream_is_cut_at_the_total_timeout(llm_assistant, fake):
    # one character per 0.2 s: every read comes well within the 1 s timeout, the whole reply would take 10 s
    n = _marker_of(llm_assistant, QUESTION, "比例达到70%以上")
    fake.mode, fake.delay = "drip", 0.2
    fake.answer = f"“双师型”教师占专业课教师总数的比例要达到70%以上[{n}]。" * 2
    events = list(llm_assistant.ask_stream(QUESTION))
    answer = events[-1]
    assert not answer.llm_used and "超时" in answer.notice and answer.citations
    streamed = "".join(e for e in events if isinstance(e, str))
    assert len(streamed) < len(fake.answer) and fake.answer.startswith(streamed)
    assert fake.hung_up.wait(10)  # the client closed the stream instead of reading it on


def test_a_huge_stream_is_not_read_whole(llm_assistant, fake):
    fake.mode = "huge"  # 3 MB; the reply is capped at llm_max_reply_chars
    events = list(llm_assistant.ask_stream(QUESTION))
    answer = events[-1]
    limit = llm_assistant.settings.llm_max_reply_chars
    assert not answer.llm_used and "过长" in answer.notice
    assert len("".join(e for e in events if isinstance(e, str))) <= limit
    assert fake.hung_up.wait(10) and fake.sent_chars < (1 << 20)


def _cli_ask(full_settings, fake, *extra: str) -> str:
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    env = {**os.environ, "CJRH_LLM_BASE_URL": fake.url, "CJRH_LLM_MODEL": "fake", "CJRH_LLM_TIMEOUT": "5",
           "CJRH_LLM_MAX_RETRIES": "0"}
    done = subprocess.run([sys.executable, "-m", "cjrh_assistant", "ask", QUESTION, *extra,
                           "--data-dir", str(full_settings.data_dir), "--corpus", str(full_settings.corpus_dir)],
                          cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_cli_prints_no_escape_codes_of_a_model(llm_assistant, fake, full_settings):
    n = _marker_of(llm_assistant, QUESTION, "比例达到70%以上")
    fake.mode = "ok"
    # OSC 52 writes the clipboard; CSI clears the screen and colours text; split across the 4-character chunks
    fake.answer = (f"\x1b]52;c;cm0gLXJmIH4=\x07“双师型”教师比例\x1b[2J\x1b[31m要达到70%以上\x1b[0m[{n}]\x9b1m。"
                   "\x00\x07\u202e")
    out = _cli_ask(full_settings, fake)
    assert not any(ch in out for ch in "\x1b\x07\x9b\x00\u202e") and "52;c" not in out
    assert "“双师型”教师比例要达到70%以上" in out


def test_cli_json_never_carries_a_models_markup(llm_assistant, fake, full_settings):
    import json

    n = _marker_of(llm_assistant, QUESTION, "比例达到70%以上")
    fake.mode = "ok"
    fake.answer = f"<script>alert(document.cookie)</script>“双师型”教师比例要达到70%以上[{n}]。"
    out = _cli_ask(full_settings, fake, "--json")
    assert "<script" not in out.lower()
    answer = json.loads(out)
    assert not answer["llm_used"] and "标记" in answer["notice"]


def test_a_rewrite_with_markup_is_rejected_for_the_resolvers(llm_assistant, fake):
    fake.mode = "ok"
    fake.rewrite = "中职<img src=x onerror=alert(1)>的生均教学科研仪器设备值要求多少？"
    history = [Turn(role="user", content="高职的生均教学科研仪器设备值要求多少？"),
               Turn(role="assistant", content="不低于5000元[1]。")]
    answer = llm_assistant.ask("那中职呢？", history)
    assert "<" not in answer.resolved_question and answer.resolved_question.startswith("中职")
