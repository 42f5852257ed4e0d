"""A check report as Markdown and as a Word document (staff pass reports around as .docx files)."""

from __future__ import annotations

from pathlib import Path

from .checking import SEVERITY_NAMES, hidden_text_lines, level_line, ordered_results, summary_line, verdict_line
from .models import STATUS_NAMES, Report, RuleResult

RESULT_HEADERS = ["规则", "名称", "级别", "结果", "读取值", "要求", "修改建议", "位置", "依据原文"]
WORD_HEADERS = ["部分", "字数", "字符数(不计空格)", "上限", "结果", "位置"]


def result_row(r: RuleResult) -> list[str]:
    return [r.rule_id, r.title, SEVERITY_NAMES[r.severity], STATUS_NAMES[r.status], r.value or "—",
            r.threshold or "—", r.advice or "—", r.evidence.location or "—", f"《{r.source.doc}》{r.source.clause}：{r.source.quote}"]


def word_rows(report: Report) -> list[list[str]]:
    return [[w.section, "—" if w.count is None else str(w.count),
             "—" if w.chars_no_spaces is None else str(w.chars_no_spaces), str(w.limit), STATUS_NAMES[w.status],
             w.location or "—"] for w in report.word_counts]


def header_lines(report: Report) -> list[str]:
    return [f"规则包：{report.pack}（{'从草稿识别' if report.pack_source == 'detected' else '由用户指定'}）",
            f"办学层次：{level_line(report)}", f"结论：{verdict_line(report)}",
            f"结果：{summary_line(report)}", *hidden_text_lines(report)]


def to_markdown(report: Report) -> str:
    def table(headers: list[str], rows: list[list[str]]) -> list[str]:
        clean = [[c.replace("|", "｜").replace("\n", " ") for c in row] for row in rows]
        return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + \
            ["| " + " | ".join(row) + " |" for row in clean]

    lines = [f"# 申报书检查报告：{report.file}", ""] + [f"- {h}" for h in header_lines(report)] + [""]
    lines += table(RESULT_HEADERS, [result_row(r) for r in ordered_results(report)])
    if report.word_counts:
        lines += ["", "## 字数", ""] + table(WORD_HEADERS, word_rows(report))
    return "\n".join(lines) + "\n"


def write_docx(report: Report, path: Path) -> Path:
    """The report as a Word file: heading, summary lines, the results (failures first) and the word counts."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.add_heading(f"申报书检查报告：{report.file}", level=1)
    for line in header_lines(report):
        document.add_paragraph(line)

    def table(headers: list[str], rows: list[list[str]]) -> None:
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers):
            cell.text = text
        for row in rows:
            for cell, text in zip(t.add_row().cells, row):
                cell.text = text

    document.add_heading("逐条结果", level=2)
    table(RESULT_HEADERS, [result_row(r) for r in ordered_results(report)])
    if report.word_counts:
        document.add_heading("字数", level=2)
        table(WORD_HEADERS, word_rows(report))
    document.save(str(path))
    return path
