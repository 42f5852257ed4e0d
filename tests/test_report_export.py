"""Reports people can file: the Word report on A4 with content-sized columns, a repeated header row and status colours,
the school, the date and the documents by title, never a pack id; the same titles in Markdown and the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from cjrh_assistant.checking import STATUS_COLOURS, check_file
from cjrh_assistant.report_export import to_markdown, write_docx

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "eval" / "drafts" / "qz-b-gaozhi-fail.docx"
DOC_TITLE = "《泉州市产教融合特色专业群建设标准（试行）》"


def test_word_report_is_a4_with_fitted_columns_repeated_header_and_colours(tmp_path):
    report = check_file(DRAFT)
    path = write_docx(report, tmp_path / "r.docx")
    d = docx.Document(str(path))
    section = d.sections[0]
    assert {round(section.page_width.cm, 1), round(section.page_height.cm, 1)} == {21.0, 29.7}
    results = d.tables[0]
    header = results.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    widths = [c.width for c in results.rows[1].cells]
    assert len(set(widths)) > 3  # widths follow the content, not 9 equal columns
    assert sum(w for w in widths) <= Cm(29.7 - 3.0) + Cm(0.05)
    assert widths[0] < widths[-1]  # the rule id is narrower than the source quote
    status = [row.cells[3] for row in results.rows[1:]]
    fills = {c.text: c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in status}
    assert fills["不通过"] == STATUS_COLOURS["fail"].lstrip("#").upper()
    assert fills["通过"] == STATUS_COLOURS["pass"].lstrip("#").upper()
    text = "\n".join(p.text for p in d.paragraphs) + "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert report.school and f"学校：{report.school}" in text and f"检查日期：{report.checked_on}" in text
    assert "泉州市产教融合特色专业群项目申报表" in text and DOC_TITLE in text
    assert "《quanzhou-zyq-2023》" not in text and "quanzhou-zyq-2023" not in text


def test_markdown_and_cli_name_documents_by_title():
    report = check_file(DRAFT)
    md = to_markdown(report)
    assert DOC_TITLE in md and "quanzhou-zyq-2023" not in md and "修改建议" in md and "说明：结果——通过" in md
    run = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(DRAFT)], capture_output=True,
                         text=True, cwd=ROOT)
    assert run.returncode == 1 and DOC_TITLE in run.stdout and "quanzhou-zyq-2023" not in run.stdout
    assert f"学校：{report.school}" in run.stdout and "对照表单：泉州市产教融合特色专业群项目申报表" in run.stdout
