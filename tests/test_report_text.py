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
from cjrh_assistant.rules.loader import load_packs
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


QUANZHOU_DIRECTORY = ["泉州陶瓷工艺产教联合体", "晋江市域产教联合体", "泉州石油化工产业产教联合体", "泉州现代物流业产教联合体"]


def _fj001(report):
    return next(r for r in report.results if r.rule_id == "FJ001")


def test_a_name_outside_the_directory_is_offered_the_entries_of_its_own_park_and_city_once():
    """fj-fail (推荐地市 泉州, 依托园区 德化陶瓷产业园区) was offered six 福州/厦门 names, in both 要求 and 建议."""
    fj001 = _fj001(check_file(DRAFTS / "fj-fail.docx"))
    assert fj001.status == "fail"
    advice = fj001.advice
    assert [advice.index(n) for n in QUANZHOU_DIRECTORY] == sorted(advice.index(n) for n in QUANZHOU_DIRECTORY)
    assert "依托园区为“德化陶瓷产业园区”的：泉州陶瓷工艺产教联合体" in advice and "推荐地市为“泉州”的还有" in advice
    assert "福州" not in advice and "厦门" not in advice
    assert "产教联合体" not in fj001.threshold  # the names once, in the advice


def test_the_drafts_city_and_park_only_choose_the_suggestions_never_the_verdict(tmp_path):
    """The same draft under other 推荐地市/依托园区 values, or none: the same verdicts for every rule; FJ001's advice
    follows the stated city, and without one falls back to the list's first names."""
    base = (DRAFTS / "fj-boundary.md").read_text(encoding="utf-8").replace(
        "联合体名称：三明市现代农业(种业)产教联合体", "联合体名称：某某智能产教联合体")
    variants = {"福州": base.replace("推荐地市：泉州", "推荐地市：福州市").replace("依托园区：德化陶瓷产业园区\n", ""),
                "泉州": base, "none": base.replace("推荐地市：泉州\n", "").replace("依托园区：德化陶瓷产业园区\n", "")}
    reports = {}
    for key, text in variants.items():
        (tmp_path / f"{key}.md").write_text(text, encoding="utf-8")
        reports[key] = check_file(tmp_path / f"{key}.md")
    verdicts = {key: [(r.rule_id, r.status) for r in rep.results] for key, rep in reports.items()}
    assert verdicts["福州"] == verdicts["泉州"] == verdicts["none"] and _fj001(reports["none"]).status == "fail"
    assert "推荐地市为“福州市”的：福州经济技术开发区物联网产教联合体、福州新区电子信息产业产教联合体" in _fj001(reports["福州"]).advice
    assert "泉州陶瓷工艺产教联合体" in _fj001(reports["泉州"]).advice
    assert _fj001(reports["none"]).advice.startswith("请改为其中之一：福州经济技术开发区物联网产教联合体")


def test_the_packs_directory_is_the_corpus_table():
    """FJ001's directory columns are 附件1's rows as the corpus parser rebuilds them, entry for entry."""
    from cjrh_assistant.corpus.parsing import parse_text
    from cjrh_assistant.rules.context import name_key

    text = (ROOT / "corpus" / "fujian-ltt-2024.txt").read_text(encoding="utf-8")
    records = [re.fullmatch(r"序号 \d+ 联合体名称 (.+) 推荐地市 (\S+) 依托园区 (.+)", p.text)
               for p in parse_text(text, "fujian-ltt-2024", "")]
    table = [m.groups() for m in records if m]
    rule = load_packs()["fujian-ltt-2024"].rule("FJ001")
    assert rule.directory.fields == ["park", "city"] and len(table) == len(rule.directory.rows) == 20
    for name, (park, city) in rule.directory.rows.items():
        row = next(r for r in table if name_key(r[0]).startswith(name_key(name)))
        assert row[1] == city and name_key(row[2]).startswith(name_key(park)), name


def test_an_equal_sum_requirement_says_what_is_summed_not_a_bare_number():
    """QZ101 read “读取值 600，要求 = 620”, as if 620 students were required; 620 is the sum of the listed majors, and
    the requirement now names it in the form's own labels, in every view."""
    report = check_file(DRAFTS / "qz-b-gaozhi-fail.docx")
    result = next(r for r in report.results if r.rule_id == "QZ101")
    assert result.status == "fail" and result.value == "600"
    assert result.threshold == "= 核心专业在校生数与群内其他专业在校生数之和 620"
    for view in [to_text(report), to_markdown(report), summary_reply(report).text, explain(result, 1)]:
        assert "之和 620" in view and not re.search(r"要求[：\s]*= 620", view)


@pytest.mark.parametrize("name", ["fj-fail.docx", "fj-fail.pdf"])
def test_a_word_limit_per_year_names_each_years_column(name):
    """FJ013 read “第3行 150字；第3行 201字”: one row named twice, no year. Each cell is now named by its column's
    heading in the form, in the detail, the evidence and the word-count table."""
    report = check_file(DRAFTS / name)
    result = next(r for r in report.results if r.rule_id == "FJ013")
    assert result.status == "fail" and "第3行（2022年栏） 150字" in result.detail
    assert "第3行（2023年栏） 201字" in result.detail and result.evidence.location.endswith("第3行（2023年栏）")
    places = [w.location for w in report.word_counts if w.rule_id == "FJ013"]
    assert len(places) == len(set(places)) == 2
