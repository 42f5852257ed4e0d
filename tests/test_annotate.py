"""`cjrh check --annotate`: the user's own .docx comes back with one Word comment per failing or missing result, at the
field it is about, and with its text otherwise unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn

from cjrh_assistant.annotate import annotate_file
from cjrh_assistant.checking import check_file
from cjrh_assistant.rules.loader import load_packs

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "eval" / "drafts"


def _body(path: Path) -> list[str]:
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    texts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return texts


def _comments(path: Path) -> list[str]:
    return [c.text for c in docx.Document(str(path)).comments]


def test_each_failure_gets_a_comment_at_its_field_and_the_text_is_unchanged(tmp_path):
    draft = DRAFTS / "qz-b-gaozhi-fail.docx"
    report = check_file(draft)
    out, count = annotate_file(draft, report, tmp_path / "out.docx", load_packs()[report.pack])
    failing = [r for r in report.results if r.status in ("fail", "missing")]
    comments = _comments(out)
    assert count == len(failing) == len(comments) == 8
    assert _body(out) == _body(draft)  # only comment anchors were added
    for r in failing:
        text = next(c for c in comments if f"{r.rule_id} {r.title}" in c)
        assert "【不通过·" in text and r.source.quote in text and (not r.advice or r.advice in text)
        assert "《泉州市产教融合特色专业群建设标准（试行）》" in text and "《quanzhou-zyq-2023》" not in text
    # the comment on the teachers' ratio runs from the label the value was read under to the cell holding it
    d = docx.Document(str(out))
    qz008 = next(c for c in d.comments if "QZ008" in c.text)

    def paragraph_text(marker: str) -> str:
        node = d.element.body.xpath(f".//w:{marker}[@w:id='{qz008.comment_id}']")[0].getparent()
        return "".join(t.text or "" for t in node.iter(qn("w:t")))

    evidence = next(r for r in failing if r.rule_id == "QZ008").evidence.text
    assert (paragraph_text("commentRangeStart"), paragraph_text("commentRangeEnd")) == ("“双师型”教师数", "34")
    assert evidence == "“双师型”教师数 34"


def test_missing_values_are_commented_at_their_label_or_the_title(tmp_path):
    draft = DRAFTS / "qz-c-zhongzhi-missing.docx"
    report = check_file(draft)
    out, count = annotate_file(draft, report, tmp_path / "out.docx", load_packs()[report.pack])
    missing = [r for r in report.results if r.status == "missing"]
    assert missing and count == len([r for r in report.results if r.status in ("fail", "missing")])
    comments = _comments(out)
    assert all(any(f"{r.rule_id} {r.title}" in c and "【缺少数据·" in c for c in comments) for r in missing)
    assert _body(out) == _body(draft)


def test_cli_annotate_writes_the_copy_and_refuses_a_non_word_draft(tmp_path):
    out = tmp_path / "批注.docx"
    run = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(DRAFTS / "fj-fail.docx"),
                          "--annotate", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "批注" in run.stdout and out.exists()
    assert len(_comments(out)) == sum(1 for line in run.stdout.splitlines() if line.startswith(("✗", "?")))
    bad = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(DRAFTS / "sh-fail.json"),
                          "--annotate", str(tmp_path / "x.docx")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "批注" in bad.stderr and "Traceback" not in bad.stderr


def test_a_word_97_draft_is_annotated_in_its_converted_docx(tmp_path):
    source = DRAFTS / "qz-b-gaozhi-fail.docx"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=120, check=True)
    doc = tmp_path / "qz-b-gaozhi-fail.doc"
    report = check_file(doc)
    out, count = annotate_file(doc, report, tmp_path / "out.docx", load_packs()[report.pack])
    assert count == 8 and len(_comments(out)) == 8
    assert any("QZ008" in c and "再有 1 名双师型教师" in c for c in _comments(out))
