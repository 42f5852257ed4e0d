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


def test_chat_page_streams_model_text_then_shows_the_guarded_answer(llm_assistant, fake, full_settings):
    from cjrh_assistant.ui import WebApp

    web = WebApp(full_settings)
    web._assistant = llm_assistant
    fake.mode = "ok"
    fake.answer = "“双师型”教师比例应达到80%以上[1]。"
    states = list(web.respond(QUESTION, [], []))
    streamed = [s[0][-1]["content"] for s in states[:-1]]
    assert len(streamed) >= 3 and streamed[-1] == fake.answer  # the model's text appeared as it came
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
