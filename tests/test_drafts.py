"""Reading drafts: every supported format, layouts found by label, and every unreadable file refused cleanly."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from cjrh_assistant.checking import check_draft, check_file
from cjrh_assistant.draft_eval import run_draft_eval
from cjrh_assistant.drafts.readers import read_draft
from cjrh_assistant.errors import DraftError
from cjrh_assistant.rules.loader import load_packs

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "eval" / "drafts"
TEXT_DRAFT = "泉州市职业学校产教融合特色专业群项目申报表\n学校名称：泉州海洋职业学院\n专任教师总数：50\n“双师型”教师数：35\n留泉就业率：49%\n"


def _status(report, rule_id):
    return next(r for r in report.results if r.rule_id == rule_id).status


def test_sample_drafts_score_every_verdict_right():
    result = run_draft_eval(DRAFTS)
    assert result["drafts"] >= 15 and result["verdicts"] >= 250
    assert result["mismatches"] == []
    assert result["verdict_accuracy"] == 1.0
    assert result["pack_detection_accuracy"] == 1.0 and result["level_detection_accuracy"] == 1.0


def test_sample_set_covers_packs_levels_and_formats():
    rows = [json.loads(line) for line in (DRAFTS / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["pack"] for r in rows} == {"quanzhou-zyq-2023", "fujian-ltt-2024", "shahe-2020", "zibo-kjxx-2025"}
    assert {r["level"] for r in rows} == {"benke", "gaozhi", "zhongzhi"}
    assert {Path(r["file"]).suffix for r in rows} >= {".docx", ".txt", ".json", ".pdf", ".yaml", ".md", ".doc", ".odt"}
    for r in rows:
        assert (DRAFTS / r["file"]).exists(), r["file"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_drafts_in_each_encoding_read_the_same(tmp_path, encoding):
    path = tmp_path / "draft.txt"
    path.write_text(TEXT_DRAFT, encoding=encoding)
    report = check_file(path)
    assert report.pack == "quanzhou-zyq-2023" and report.level == "gaozhi" and report.level_source == "detected"
    qz008 = next(r for r in report.results if r.rule_id == "QZ008")
    assert qz008.status == "pass" and "35 ÷ 50 = 70%" in qz008.detail
    assert _status(report, "QZ018") == "fail"


def test_docx_labels_with_stray_spaces_colons_and_values_in_the_same_cell(tmp_path):
    doc = Document()
    doc.add_paragraph("泉州市职业学校产教融合特色专业群项目申报表")
    table = doc.add_table(rows=3, cols=4)
    cells = [["学 校 名 称 ：", "泉州职业中专学校", "专业群在校生数", "299"],
             ["“双师型”教师占比：72%", "", "留泉就业率（%）", "50"],
             ["生均教学科研仪器设备值", "2,999元", "", ""]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    path = tmp_path / "form.docx"
    doc.save(str(path))
    report = check_file(path)
    assert report.level == "zhongzhi"
    assert _status(report, "QZ008") == "pass"
    assert _status(report, "QZ014") == "fail"  # 299 < 300 (中职)
    assert _status(report, "QZ018") == "pass"  # 50 ≥ 50
    assert _status(report, "QZ012") == "fail"  # 2999元 < 3000元
    qz014 = next(r for r in report.results if r.rule_id == "QZ014")
    assert qz014.value == "299" and "第1行" in qz014.evidence.location


def test_docx_formatting_is_resolved_through_styles():
    draft = read_draft(DRAFTS / "fj-pass.docx")
    assert draft.formats
    assert {f.east_asia_font for f in draft.formats} == {"仿宋_GB2312"}  # set on the style, not the runs
    assert {(f.size_half_points, f.line, f.line_rule) for f in draft.formats} == {(24, 320, "exact")}


def test_level_and_pack_can_be_overridden():
    packs = load_packs()
    draft = read_draft(DRAFTS / "qz-a-gaozhi-pass.docx")
    report = check_draft(draft, packs, "quanzhou-zyq-2023", "zhongzhi")
    assert (report.level, report.level_source, report.pack_source) == ("zhongzhi", "given", "given")
    assert _status(report, "QZ019") == "not_applicable" and _status(report, "QZ022") == "missing"


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with path.open("wb") as f:
        writer.write(f)


def _image_only_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(50, 50, 200, 200, fill=1)
    c.save()


BAD_FILES = {
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip archive"), "损坏"),
    "encrypted.pdf": (_encrypted_pdf, "加密"),
    "scan.pdf": (_image_only_pdf, "没有文字层"),
    "report.exe": (lambda p: p.write_bytes(b"MZ\x90\x00"), "不支持的文件类型"),
    "renamed.docx": (lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3"), "扩展名"),
    "empty.txt": (lambda p: p.write_bytes(b""), "空的"),
    "broken.json": (lambda p: p.write_text("{\"学校名称\": ", encoding="utf-8"), "JSON"),
    "list.yaml": (lambda p: p.write_text("- 1\n- 2\n", encoding="utf-8"), "映射"),
    "not-a-word.docx": (lambda p: _zip_without_word_parts(p), "无法读取"),
    "truncated.pdf": (lambda p: p.write_bytes((DRAFTS / "qz-a-gaozhi-pass.pdf").read_bytes()[:900]), "PDF"),
}


def _zip_without_word_parts(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a Word document")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_drafts_give_one_chinese_reason(tmp_path, name):
    make, reason = BAD_FILES[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(DraftError) as err:
        read_draft(path)
    message = str(err.value)
    assert reason in message and name in message
    assert "请" in message  # one sentence that says what to do
    assert not re.search(r"[A-Z][a-z]+(?:Error|Exception)|Traceback|Expecting|line \d", message)  # no library text


def test_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(TEXT_DRAFT * 100, encoding="utf-8")
    with pytest.raises(DraftError, match="文件过大"):
        read_draft(path, max_bytes=1024)


def test_cli_exit_code_2_without_traceback_for_a_broken_draft(tmp_path):
    path = tmp_path / "corrupt.docx"
    path.write_bytes(b"PK\x03\x04 broken")
    out = subprocess.run([sys.executable, "-m", "cjrh_assistant", "check", str(path)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.startswith("错误：") and out.stderr.count("\n") == 1


def test_core_major_named_only_inside_its_part_of_the_form(tmp_path):
    """As in the corpus's 申报表: under “1.核心专业” the label is just “专业名称”, the same word that heads the
    list of the other majors; only the part of the form tells them apart."""
    doc = Document()
    doc.add_paragraph("泉州市职业学校产教融合特色专业群项目申报表")
    table = doc.add_table(rows=0, cols=6)

    def add(cells, merged=False):
        row = table.add_row()
        if merged:
            row.cells[0].merge(row.cells[5]).text = cells[0]
            return
        for i, text in enumerate(cells):
            row.cells[i].text = text

    add(["学校名称", "泉州轻工职业学院", "", "", "", ""])
    add(["1.核心专业"], merged=True)
    add(["专业名称", "机电一体化技术", "所属专业大类", "装备制造大类", "", ""])
    add(["毕业生届数", "2", "在校学生数", "210", "", ""])
    add(["2.群内其他专业"], merged=True)
    add(["序号", "专业名称", "专业代码", "开办时间", "在校生数", "已毕业学生数"])
    add(["1", "工业机器人技术", "460305", "2016", "150", "300"])
    add(["2", "数控技术", "460103", "2014", "140", "500"])
    add(["②1+X证书制度试点"], merged=True)
    add(["序号", "证书名称", "开展时间", "开展试点专业", "", ""])
    add(["1", "工业机器人操作与运维", "2020", "机电一体化技术、数控技术", "", ""])
    path = tmp_path / "corpus-form.docx"
    doc.save(str(path))
    report = check_file(path)
    results = {r.rule_id: r for r in report.results}
    assert results["QZ004"].status == "pass" and "机电一体化技术" in results["QZ004"].threshold
    assert results["QZ001"].status == "pass" and results["QZ001"].value == "3"
    assert results["QZ002"].status == "pass" and results["QZ015"].value == "210"
    assert results["QZ005"].status == "pass"


def test_cover_page_labels_spaced_out_without_colon(tmp_path):
    path = tmp_path / "cover.txt"
    path.write_text("福建省市域产教联合体推荐书\n联 合 体 名 称      泉州陶瓷工艺产教联合体\n牵 头 学 校\u3000\u3000泉州工艺美术职业学院\n"
                    "填 表 日 期      二〇二四年八月二十日\n", encoding="utf-8")
    report = check_file(path)
    results = {r.rule_id: r for r in report.results}
    assert report.pack == "fujian-ltt-2024" and report.level == "gaozhi"
    assert results["FJ001"].status == "pass"
    assert results["FJ020"].status == "fail" and results["FJ020"].value == "2024年8月20日"


@pytest.mark.parametrize("name,level", [("泉州市泉港区职业技术学校", "zhongzhi"), ("福建船政交通职业学院", "gaozhi"),
                                        ("泉州职业技术大学", "benke"), ("晋江市职业中专学校", "zhongzhi"),
                                        ("沙河市综合职教中心", "zhongzhi"), ("福建林业职业技术学院", "gaozhi")])
def test_level_from_school_name(name, level):
    from cjrh_assistant.rules.detect import level_from_name

    assert level_from_name(name) == level


def _cell_with(document, text):
    return next(c for t in document.tables for row in t.rows for c in row.cells if c.text.strip() == text)


@pytest.mark.parametrize("hide", ["vanish", "white", "tiny"])
def test_hidden_text_in_a_docx_is_never_read_as_a_value_and_is_reported(tmp_path, hide):
    from docx.oxml import OxmlElement
    from docx.shared import Pt, RGBColor

    document = Document(str(ROOT / "eval" / "drafts" / "qz-b-gaozhi-fail.docx"))
    para = _cell_with(document, "34").paragraphs[0]  # 34 of 50 专业课教师 are 双师型: 68%
    for run in list(para.runs):
        run._r.getparent().remove(run._r)
    forged = para.add_run("50")  # before the real count: read first (50 of 50 = 100%) if it were read at all
    if hide == "vanish":
        forged._r.get_or_add_rPr().append(OxmlElement("w:vanish"))
    elif hide == "white":
        forged.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    else:
        forged.font.size = Pt(1)
    para.add_run("34")
    path = tmp_path / "forged.docx"
    document.save(str(path))
    report = check_file(path)
    qz008 = next(r for r in report.results if r.rule_id == "QZ008")
    assert qz008.status == "fail" and qz008.value == "68%"
    assert [h.text for h in report.hidden_text] == ["50"] and "表格" in report.hidden_text[0].location


def test_values_inside_content_controls_and_tracked_insertions_are_read(tmp_path):
    from docx.oxml import OxmlElement

    document = Document(str(ROOT / "eval" / "drafts" / "qz-b-gaozhi-fail.docx"))
    for text, wrapper in (("34", "w:sdt"), ("50", "w:ins")):
        para = _cell_with(document, text).paragraphs[0]
        run = para.runs[0]._r
        outer = OxmlElement(wrapper)
        run.addprevious(outer)
        if wrapper == "w:sdt":  # a plain-text content control around the run
            content = OxmlElement("w:sdtContent")
            outer.append(content)
            content.append(run)
        else:
            outer.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id", "1")
            outer.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}author", "staff")
            outer.append(run)
        assert _cell_with.__name__ and para.text == ""  # python-docx's own text misses the value now
    path = tmp_path / "controls.docx"
    document.save(str(path))
    draft = read_draft(path)
    cells = [c for t in draft.tables for row in t.rows for c in row]
    assert "34" in cells and "50" in cells
    qz008 = next(r for r in check_file(path).results if r.rule_id == "QZ008")
    assert qz008.status == "fail" and qz008.value == "68%"


# ---- drafts as staff really send them (issue 10) ------------------------------------------------------------


def _result(report, rule_id):
    return next(r for r in report.results if r.rule_id == rule_id)


def test_box_table_section_is_counted_without_the_form_hint():
    """The official form's 3.特色与创新: the heading, then a one-column box (hint row, text row). 2001 characters fail
    (not 0字 -> pass); exactly 2000 in the PDF export pass, so the hint “(2000字以内)” is not counted."""
    fj016 = _result(check_file(DRAFTS / "fj-box-fail.docx"), "FJ016")
    assert (fj016.status, fj016.value) == ("fail", "2001字")
    fj016 = _result(check_file(DRAFTS / "fj-box-pass.pdf"), "FJ016")
    assert (fj016.status, fj016.value) == ("pass", "2000字")


def test_an_empty_section_is_missing_never_a_pass_by_zero_characters():
    report = check_file(DRAFTS / "fj-box-empty.docx")
    for rule_id in ("FJ016", "FJ017"):
        result = _result(report, rule_id)
        assert result.status == "missing" and "未填写" in result.detail + result.advice
    assert [w.status for w in report.word_counts if w.rule_id == "FJ016"] == ["missing"]


def test_every_school_of_a_summary_table_is_counted():
    report = check_file(DRAFTS / "qz-summary-multi.docx")
    qz021 = _result(report, "QZ021")
    assert qz021.status == "fail" and "泉州轻工职业学院" in qz021.evidence.location
    counted = [(w.count, w.location) for w in report.word_counts if w.rule_id == "QZ021"]
    assert [c for c, _ in counted] == [280, 301, 300]
    assert all(school in where for (_, where), school in zip(counted, ["泉州海洋", "泉州轻工", "黎明职业大学"]))


def test_prose_draft_lists_counts_and_ratios():
    report = check_file(DRAFTS / "qz-prose.txt")
    qz008 = _result(report, "QZ008")
    assert qz008.status == "fail" and "24 ÷ 36" in qz008.detail  # the arithmetic is shown
    assert _result(report, "QZ003").value == "11"  # “合作企业数量：十一家”
    assert _result(report, "QZ013").status == "fail"  # “虚拟仿真实训室：没有” is 0, not missing
    assert _result(report, "QZ101").detail == "260 + 120 + 150 + 90 = 620"  # students read out of the brackets


def test_pdf_tables_read_like_the_docx_and_level_comes_from_the_school_name():
    draft = read_draft(DRAFTS / "qz-zhongzhi-form.pdf")
    cells = {c for t in draft.tables for row in t.rows for c in row}
    assert {"泉州市工业职业中专学校", "机电一体化技术（460301）", "泉州一智能装备有限公司"} <= cells  # wrapped lines joined
    report = check_draft(draft, load_packs())
    assert (report.level, report.level_source) == ("zhongzhi", "detected")
    pdf = check_file(DRAFTS / "fj-fail.pdf")
    for rule_id in ("FJ021", "FJ022", "FJ023"):  # a PDF cannot prove fonts: a person looks, with the reason
        assert _result(pdf, rule_id).status == "manual" and "PDF" in _result(pdf, rule_id).detail


def test_pdf_text_keeps_full_width_punctuation_for_the_count(tmp_path):
    """NFKC would turn （），；…… into ASCII and change 字数: the PDF text is kept as written; only compatibility
    ideographs that PDF fonts emit for ordinary characters (⽉ for 月) are folded."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from cjrh_assistant.drafts.pdf_tables import fold_compat

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "punct.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(50, 800, "特色与创新：（一）校企合作，共建基地；成效显著……")
    c.save()
    text = read_draft(path).paragraphs[0].text
    assert "（一）" in text and "，" in text and "；" in text and "……" in text
    assert fold_compat("2024年8⽉") == "2024年8月" and fold_compat("（，；……）") == "（，；……）"


def test_page_numbers_in_the_margin_are_not_counted():
    """fj-box-pass.pdf holds exactly 2000 and 1000 characters across pages numbered “第 N 页” in the footer."""
    from cjrh_assistant.drafts.pdf_tables import is_page_number

    footer = {"text": "第 2 页", "top": 741, "bottom": 752}
    assert is_page_number(footer, 792) and is_page_number(dict(footer, text="- 12 -"), 792)
    assert not is_page_number(dict(footer, top=400, bottom=411), 792)  # a “2” in the body is text
    assert not is_page_number(dict(footer, text="第2页共有3处"), 792)
    report = check_file(DRAFTS / "fj-box-pass.pdf")
    assert [(r.status, r.value) for r in report.results if r.rule_id in ("FJ016", "FJ017")] == [
        ("pass", "2000字"), ("pass", "1000字")]


def _w(tag, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), v)
    return el


def _run(text, tag="w:t"):
    r = _w("w:r")
    t = _w(tag)
    t.text = text
    r.append(t)
    return r


def test_docx_hyperlinks_fields_smart_tags_and_text_boxes_are_read_once(tmp_path):
    """Each wrapper Word uses around text: python-docx's Paragraph.text misses them; deleted text and field codes
    are not text; a text box counts once although Word stores a DrawingML copy and a VML fallback."""
    doc = Document()
    doc.add_paragraph("泉州市职业学校产教融合特色专业群项目申报表")
    p = doc.add_paragraph("学校名称：")._p
    link = _w("w:hyperlink", **{"w:anchor": "a"})
    link.append(_run("泉州海洋"))
    p.append(link)
    tag = _w("w:smartTag", **{"w:uri": "urn:x", "w:element": "place"})
    tag.append(_run("职业学院"))
    p.append(tag)
    p = doc.add_paragraph("专任教师总数：")._p
    for piece in (_w("w:fldChar", **{"w:fldCharType": "begin"}),):
        r = _w("w:r")
        r.append(piece)
        p.append(r)
    p.append(_run(" = 25*2 ", "w:instrText"))
    for kind in ("separate",):
        r = _w("w:r")
        r.append(_w("w:fldChar", **{"w:fldCharType": kind}))
        p.append(r)
    p.append(_run("50"))
    r = _w("w:r")
    r.append(_w("w:fldChar", **{"w:fldCharType": "end"}))
    p.append(r)
    deleted = _w("w:del", **{"w:id": "9", "w:author": "x"})
    deleted.append(_run("99", "w:delText"))
    p.append(deleted)
    host = doc.add_paragraph("见文本框")._p
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    from lxml import etree

    alternate = etree.SubElement(_w("w:r"), f"{{{mc}}}AlternateContent")
    host.append(alternate.getparent())
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alternate, f"{{{mc}}}{branch}")
        box = _w("w:txbxContent")
        inner = _w("w:p")
        inner.append(_run("“双师型”教师数：35"))
        box.append(inner)
        holder.append(box)
    path = tmp_path / "wrappers.docx"
    doc.save(str(path))
    draft = read_draft(path)
    texts = [p.text for p in draft.paragraphs]
    assert "学校名称：泉州海洋职业学院" in texts and "专任教师总数：50" in texts
    assert texts.count("“双师型”教师数：35") == 1 and "见文本框" in texts
    report = check_file(path)
    assert report.level == "gaozhi" and report.level_source == "detected"
    qz008 = _result(report, "QZ008")
    assert qz008.status == "pass" and "35 ÷ 50" in qz008.detail


def test_format_resolver_uses_table_styles_and_theme_fonts():
    """fj-fail's table cells have no spacing of their own: Table Grid's single spacing applies, not the document
    default's 1.15; their East-Asian font comes from the theme (minorEastAsia -> the theme's Hans font)."""
    draft = read_draft(DRAFTS / "fj-fail.docx")
    in_tables = [f for f in draft.formats if f.location.startswith("表格")]
    assert in_tables and {(f.line, f.line_rule) for f in in_tables} == {(240, "auto")}
    assert {f.east_asia_font for f in in_tables} == {"宋体"}
    fj023 = _result(check_file(DRAFTS / "fj-fail.docx"), "FJ023")
    assert fj023.status == "fail" and "1.15倍行距" not in (fj023.value or "")


def test_draft_eval_accepts_a_pack_without_levels(tmp_path):
    shutil.copy(DRAFTS / "sh-pass.txt", tmp_path / "sh-pass.txt")
    (tmp_path / "expected.jsonl").write_text(json.dumps(
        {"file": "sh-pass.txt", "pack": "shahe-2020", "level": None, "expected": {"SH001": "pass"}}) + "\n",
        encoding="utf-8")
    result = run_draft_eval(tmp_path)
    assert result["verdict_accuracy"] == 1.0 and result["level_detection_accuracy"] == 1.0


def _has_tracked_deletions(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return b"<w:del " in z.read("word/document.xml")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FORMAT_RULES = {"FJ021", "FJ022", "FJ023"}


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; setup.sh installs it")
def test_libreoffice_oracle_every_sample_docx_as_doc_odt_and_pdf(tmp_path):
    """Each sample .docx saved by LibreOffice as .doc, .odt and .pdf gets the original's verdicts, pack and level;
    a PDF the same except FJ021–FJ023, which are `manual` (a PDF cannot prove fonts). A draft with tracked
    deletions is not compared as PDF: LibreOffice prints the deleted text struck out, and struck-out text in a PDF
    is text like any other (the .doc and .odt keep the deletion as a deletion and are compared)."""
    samples = sorted(DRAFTS.glob("*.docx"))
    assert len(samples) >= 10
    for target in ("doc", "odt", "pdf"):
        subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", target, "--outdir", str(tmp_path / target), *map(str, samples)],
                       check=True, capture_output=True, timeout=600)
    packs = load_packs()
    for sample in samples:
        original = check_draft(read_draft(sample), packs)
        want = {r.rule_id: r.status for r in original.results}
        for target in ("doc", "odt", "pdf"):
            if target == "pdf" and _has_tracked_deletions(sample):
                continue
            converted = check_draft(read_draft(tmp_path / target / f"{sample.stem}.{target}"), packs)
            got = {r.rule_id: r.status for r in converted.results}
            expected = {k: ("manual" if target == "pdf" and k in FORMAT_RULES else v) for k, v in want.items()}
            assert (converted.pack, converted.level) == (original.pack, original.level), (sample.name, target)
            assert got == expected, (sample.name, target, {k: (expected[k], got[k]) for k in got if got[k] != expected[k]})


def test_section_heading_as_a_full_width_row_of_the_form_table(tmp_path):
    """“3.特色与创新” as a merged row of the big form table, the hint and the text in merged rows under it."""
    doc = Document()
    doc.add_paragraph("福建省市域产教联合体推荐书")
    doc.add_paragraph("联合体名称：泉州陶瓷工艺产教联合体")
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for text in ["3.特色与创新", "(2000字以内)", "联合体依托产业园区，整合资源。" * 134, "4.建设规划", "(1000字以内)", ""]:
        row = table.add_row()
        row.cells[0].merge(row.cells[2]).text = text
    doc.add_paragraph()
    path = tmp_path / "rows.docx"
    doc.save(str(path))
    report = check_file(path)
    assert (_result(report, "FJ016").status, _result(report, "FJ016").value) == ("fail", "2010字")
    assert _result(report, "FJ017").status == "missing"


@pytest.mark.parametrize("hint", ["(2000字以内)", "（不超过2000字）", "（字数控制在2000字以内）", "（限2000字）"])
def test_the_forms_length_hint_is_not_counted(tmp_path, hint):
    """The hint on its own line under the heading, or opening the text: never part of the 2000 characters."""
    body = "联合体依托产业园区，整合资源。" * 133 + "共建基地。"  # 1995 + 5 = 2000 characters
    for where in ("line", "inline"):
        text = "# 福建省市域产教联合体推荐书\n\n## 3.特色与创新\n\n" + (
            f"{hint}\n\n{body}\n" if where == "line" else f"{hint}{body}\n")
        path = tmp_path / f"{where}.md"
        path.write_text(text, encoding="utf-8")
        fj016 = _result(check_file(path), "FJ016")
        assert (fj016.status, fj016.value) == ("pass", "2000字"), (hint, where)


@pytest.mark.parametrize("line,status,value", [
    ("合作企业数量：十一家", "pass", "11"),  # a count given instead of the list
    ("合作企业：无", "fail", "0"),  # “无” is zero, not missing
    ("合作企业：甲公司、乙公司；丙公司", "fail", "3"),  # a list written in one line
    ("合作企业：与十余家企业建立了紧密合作关系", "missing", None),  # a count that cannot be read: never a list of one
])
def test_a_list_written_in_a_line(line, status, value):
    from cjrh_assistant.models import Draft, DraftParagraph
    from cjrh_assistant.rules.engine import evaluate

    draft = Draft(file="x.txt", file_type="txt", paragraphs=[DraftParagraph(text=line, location="第1行")])
    qz003 = next(r for r in evaluate(load_packs()["quanzhou-zyq-2023"], draft, "gaozhi")[0] if r.rule_id == "QZ003")
    assert qz003.status == status and (value is None or qz003.value == value)
