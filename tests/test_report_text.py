"""The words of a check report that staff read first: one conclusion, built in one place, that agrees with the counts
below it in every view (CLI text, Markdown, the check tab, the chat)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjrh_assistant.answering.report_questions import compact, explain, summary_reply
from cjrh_assistant.checking import check_file, verdict_line
from cjrh_assistant.report_export import to_markdown, to_text
from cjrh_assistant.textnorm import join_clauses, sentence
from cjrh_assistant.web_render import summary_html

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "eval" / "drafts"
# drafts read in-process without LibreOffice (.doc/.odt are converted, which is slow and tested elsewhere)
READABLE = sorted(p for p in DRAFTS.iterdir() if p.suffix in {".docx", ".pdf", ".json", ".yaml", ".md", ".txt"})


def test_conclusion_states_the_total_and_the_split_by_severity():
    """fj-fail has 9 failures, 4 hard and 5 reminders: the headline said “有 4 条硬性要求不通过” right above
    “不通过 9”; it now says how many fail in all and how many must / should be changed."""
    report = check_file(DRAFTS / "fj-fail.docx")
    assert report.summary["fail"] == 9 and len(report.failed_errors()) == 4
    line = "不通过 9 条（硬性 4 条必须改，提醒 5 条建议改）；1 条需人工核对。"
    assert verdict_line(report) == line
    run = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(DRAFTS / "fj-fail.docx")],
                         capture_output=True, text=True, cwd=ROOT)
    assert f"结论：{line}" in run.stdout
    for view in [to_text(report), to_markdown(report), summary_reply(report).text, summary_html(report)]:
        assert line in view and "硬性要求不通过" not in view


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_conclusion_total_is_the_summary_count(path):
    report = check_file(path)
    line = verdict_line(report)
    total = re.match(r"不通过 (\d+) 条", line)
    fails = report.summary["fail"]
    assert (int(total.group(1)) if total else 0) == fails, line
    if fails and len(report.failed_errors()) in (0, fails):  # one severity only: said simply, without a split
        assert "（" not in line.split("；")[0], line


DOUBLED = re.compile(r"[。；，][。；，]")  # “（12磅）。。依据”, “。；”: a stop joined to another stop or separator


@pytest.mark.parametrize("path", [DRAFTS / "fj-fail.docx", *READABLE], ids=lambda p: p.name)
def test_no_doubled_stop_anywhere_in_a_report(path):
    """FJ021–023's messages end with their own 。; the chat added another (“正文字号应为小四号（12磅）。。依据”).
    Every view of every readable draft, and each result's own words, are free of doubled punctuation."""
    report = check_file(path)
    views = {"text": to_text(report, show_passes=True), "markdown": to_markdown(report),
             "chat": summary_reply(report).text}
    views |= {f"explain {r.rule_id}": explain(r, 1) for r in report.results}
    views |= {f"compact {r.rule_id}": compact(r, 1) for r in report.results}
    views |= {f"{r.rule_id} {k}": getattr(r, k) for r in report.results for k in ("message", "advice", "detail")}
    doubled = {name: DOUBLED.search(text).group() for name, text in views.items() if DOUBLED.search(text)}
    assert not doubled


def test_fj_format_rules_advice_reads_as_one_sentence():
    report = check_file(DRAFTS / "fj-fail.docx")
    failed = {r.rule_id: r for r in report.results if r.status == "fail"}
    assert {"FJ021", "FJ022", "FJ023"} <= set(failed)
    assert "建议：正文字号应为小四号（12磅）。依据" in summary_reply(report).text


def test_sentence_helpers():
    assert sentence("应为小四号（12磅）。") == sentence("应为小四号（12磅）") == "应为小四号（12磅）。"
    assert sentence("够吗？") == "够吗？" and sentence("") == ""
    assert join_clauses(["还差 1 人。", "", "需删减 1 字；"], "；") == "还差 1 人；需删减 1 字"
