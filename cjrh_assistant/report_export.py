"""A check report as terminal text (`cjrh check`), as Markdown and as a Word document that staff can file: A4, the school, the date of the check, the
form and the policy documents by their titles, the results with failures first, coloured by status."""

from __future__ import annotations

from pathlib import Path

from .checking import (SEVERITY_NAMES, STATUS_COLOURS, hidden_text_lines, legend_line, level_line, ordered_results,
                       pack_line, source_line, summary_line, verdict_line)
from .models import STATUS_NAMES, Report, RuleResult

RESULT_HEADERS = ["规则", "名称", "级别", "结果", "读取值", "要求", "修改建议", "位置", "依据原文"]
WORD_HEADERS = ["部分", "字数", "字符数(不计空格)", "上限", "结果", "位置"]
# Word table geometry: A4 landscape, 1.5 cm margins -> 26.7 cm of text width; columns sized by their content.
_A4_CM = (29.7, 21.0)
_MARGIN_CM = 1.5
_CHAR_CM = 0.33  # one Chinese character at 9 pt
_PAD_CM = 0.4  # a cell's left and right margins
_SHORT_CHARS, _MAX_CHARS = 6, 40  # a column this narrow is never squeezed; none is wider than the cap


def result_row(r: RuleResult) -> list[str]:
    return [r.rule_id, r.title, SEVERITY_NAMES[r.severity], STATUS_NAMES[r.status], r.value or "—",
            r.threshold or "—", r.advice or "—", r.evidence.location or "—", source_line(r)]


def word_rows(report: Report) -> list[list[str]]:
    return [[w.section, "—" if w.count is None else str(w.count),
             "—" if w.chars_no_spaces is None else str(w.chars_no_spaces), str(w.limit), STATUS_NAMES[w.status],
             w.location or "—"] for w in report.word_counts]


def documents_line(report: Report) -> str:
    """The policy documents the rules rest on, by title, in the order the results cite them."""
    titles = dict.fromkeys(f"《{r.source.doc_title or r.source.doc}》" for r in report.results)
    return "、".join(titles)


def header_lines(report: Report) -> list[str]:
    lines = [f"学校：{report.school}"] if report.school else []
    lines += [f"检查日期：{report.checked_on}"] if report.checked_on else []
    lines += [f"对照表单：{pack_line(report)}", f"依据文件：{documents_line(report)}",
              f"办学层次：{level_line(report)}", f"结论：{verdict_line(report)}", f"结果：{summary_line(report)}",
              *hidden_text_lines(report)]
    return lines


def to_text(report: Report, show_passes: bool = False) -> str:
    """The report as `cjrh check` prints it: the headline, then each result that needs attention (all with
    `show_passes`) with its value, requirement, advice, location and source, then the counted sections."""
    school = f"    学校：{report.school}" if report.school else ""
    lines = [f"文件：{report.file}{school}    检查日期：{report.checked_on}",
             f"对照表单：{pack_line(report)}    办学层次：{level_line(report)}",
             f"依据文件：{documents_line(report)}", f"结论：{verdict_line(report)}", f"结果：{summary_line(report)}\n",
             *hidden_text_lines(report)]
    marks = {"fail": "✗", "missing": "?", "manual": "…", "pass": "✓", "not_applicable": "-"}
    for r in ordered_results(report):
        if r.status == "pass" and not show_passes:
            continue
        lines.append(f"{marks[r.status]} {r.rule_id} {r.title}【{STATUS_NAMES[r.status]}】")
        if r.value is not None or r.threshold:
            lines.append(f"    读取值：{r.value or '—'}    要求：{r.threshold or '—'}")
        if r.detail:
            lines.append(f"    说明：{r.detail}")
        if r.advice:
            lines.append(f"    建议：{r.advice}")
        if r.evidence.location:
            lines.append(f"    位置：{r.evidence.location}    原文：{r.evidence.text}")
        lines.append(f"    依据：{source_line(r)}")
    if report.word_counts:
        lines.append("\n字数：")
        for w in report.word_counts:
            count = "未找到" if w.count is None else f"{w.count} 字（字符数不计空格 {w.chars_no_spaces}）"
            lines.append(f"  {w.rule_id} {w.section}：{count}，上限 {w.limit}【{STATUS_NAMES[w.status]}】")
    if not show_passes:
        lines.append(f"\n（通过的 {report.summary['pass']} 条未列出；加 --all 显示全部）")
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    def table(headers: list[str], rows: list[list[str]]) -> list[str]:
        clean = [[c.replace("|", "｜").replace("\n", " ") for c in row] for row in rows]
        return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + \
            ["| " + " | ".join(row) + " |" for row in clean]

    lines = [f"# 申报书检查报告：{report.file}", ""] + [f"- {h}" for h in header_lines(report)] + [""]
    lines += table(RESULT_HEADERS, [result_row(r) for r in ordered_results(report)])
    lines += ["", f"说明：{legend_line()}"]
    if report.word_counts:
        lines += ["", "## 字数", ""] + table(WORD_HEADERS, word_rows(report))
    return "\n".join(lines) + "\n"


def _display_width(text: str) -> float:
    """Width in Chinese characters of the longest line: ASCII letters and digits are half as wide."""
    return max((sum(0.62 if ord(ch) < 0x2E80 else 1.0 for ch in line) for line in text.split("\n")), default=0.0)


def column_widths_cm(headers: list[str], rows: list[list[str]], usable_cm: float) -> list[float]:
    """Each column as wide as its content asks for, capped: short columns (ids, statuses) get their whole width, and
    when the page is too narrow for all, the long ones (quotes, advice) give up the difference, in proportion."""
    need = [min(max([_display_width(h)] + [_display_width(row[k]) for row in rows]), _MAX_CHARS)
            for k, h in enumerate(headers)]
    floor = [min(n, _SHORT_CHARS) for n in need]
    extra = usable_cm - sum(f * _CHAR_CM + _PAD_CM for f in floor)
    wanted = sum(n - f for n, f in zip(need, floor)) * _CHAR_CM
    share = min(1.0, extra / wanted) if wanted > 0 else 0.0
    return [f * _CHAR_CM + _PAD_CM + (n - f) * _CHAR_CM * share for n, f in zip(need, floor)]


def write_docx(report: Report, path: Path) -> Path:
    """The report as a Word file on A4 (landscape, for the wide results table)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(_A4_CM[0]), Cm(_A4_CM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(_MARGIN_CM))
    usable = _A4_CM[0] - 2 * _MARGIN_CM
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.core_properties.title = f"申报书检查报告：{report.file}"
    document.add_heading(f"申报书检查报告：{report.file}", level=1)
    for line in header_lines(report):
        document.add_paragraph(line)

    def shade(cell, colour: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), colour)
        cell._tc.get_or_add_tcPr().append(shd)

    def table(headers: list[str], rows: list[list[str]], status_column: int) -> None:
        widths = [Cm(w) for w in column_widths_cm(headers, rows, usable)]
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.autofit = False
        header = t.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
        for cell, text in zip(header.cells, headers):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            shade(cell, "E8EAED")
        for row in rows:
            cells = t.add_row().cells
            for k, (cell, text) in enumerate(zip(cells, row)):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
                if k == status_column:
                    key = next((s for s, name in STATUS_NAMES.items() if name == text), None)
                    if key:
                        run = cell.paragraphs[0].runs[0]
                        run.bold = True
                        run.font.color.rgb = RGBColor.from_string("FFFFFF")
                        shade(cell, STATUS_COLOURS[key].lstrip("#").upper())
        for column, width in zip(t.columns, widths):  # the grid (LibreOffice lays out by it) and each cell (Word)
            column.width = width
        for row in t.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width

    document.add_heading("逐条结果（不通过在前）", level=2)
    table(RESULT_HEADERS, [result_row(r) for r in ordered_results(report)], RESULT_HEADERS.index("结果"))
    document.add_paragraph(f"说明：{legend_line()}")
    if report.word_counts:
        document.add_heading("字数", level=2)
        table(WORD_HEADERS, word_rows(report), WORD_HEADERS.index("结果"))
    document.save(str(path))
    return path

