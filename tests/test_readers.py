import re
import pytest

from cjrh_assistant.corpus.loading import list_corpus_files, load_manifest, read_document
from cjrh_assistant.corpus.parsing import parse_text
from cjrh_assistant.corpus.readers import read_policy_file
from cjrh_assistant.errors import CorpusError


def test_gb18030_and_bom_text_files_are_decoded(tmp_path):
    gb = tmp_path / "a.txt"
    gb.write_bytes("一、总则\n专业群应达500人以上。".encode("gb18030"))
    bom = tmp_path / "b.md"
    bom.write_bytes("\ufeff# 标题\n内容".encode("utf-8"))
    assert "500人以上" in read_policy_file(gb)
    assert read_policy_file(bom).startswith("# 标题")


def test_empty_and_broken_files_give_chinese_reasons(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(CorpusError, match="没有可读取的文字"):
        read_policy_file(empty)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CorpusError, match="无法读取") as caught:
        read_policy_file(broken)
    assert "重新另存" in str(caught.value) and not re.search(r"[A-Za-z]{4,}Error", str(caught.value))


def test_docx_paragraphs_and_tables_are_parsed(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("某市专业群建设办法")
    d.add_paragraph("一、基本要求")
    d.add_paragraph("1.师资。“双师型”教师比例达到60%以上。")
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("专业名称", "在校生数"), ("机电技术", "320"), ("电子商务", "210")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    path = tmp_path / "policy.docx"
    d.save(path)
    passages = parse_text(read_policy_file(path), "p", "T")
    assert any(p.clause_path[-1:] == ["1.师资"] and "60%以上" in p.text for p in passages)
    assert any(p.kind == "table_row" and p.text == "专业名称 机电技术 在校生数 320" for p in passages)


def test_unlisted_file_takes_its_title_from_its_first_heading(tmp_path):
    (tmp_path / "my policy.txt").write_text("\n某县职业教育实施意见\n一、目标\n建成2个实训基地。\n", encoding="utf-8")
    [f] = list_corpus_files(tmp_path)
    info, passages = read_document(f, load_manifest(tmp_path))
    assert info.title == "某县职业教育实施意见"
    assert info.doc_id == "my-policy"
    assert passages[0].kind == "meta"


def test_missing_corpus_dir_is_reported(tmp_path):
    with pytest.raises(CorpusError, match="资料目录不存在"):
        list_corpus_files(tmp_path / "nope")


def test_metadata_passage_id_follows_its_content(tmp_path):
    from cjrh_assistant.corpus.loading import metadata_passage
    from cjrh_assistant.models import DocumentInfo

    info = DocumentInfo(doc_id="d", title="某方案", issuer="某局", date="2022-07-14", file="d.txt")
    first = metadata_passage(info)
    assert "发布日期：2022年7月14日" in first.text
    second = metadata_passage(info.model_copy(update={"doc_number": "某教〔2022〕1号"}))
    assert second.id != first.id and "文号：某教〔2022〕1号" in second.text


def test_yaml_aliases_and_deep_nesting_are_refused_in_chinese_not_expanded(tmp_path):
    import pytest

    from cjrh_assistant.drafts.readers import read_draft
    from cjrh_assistant.errors import DraftError

    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    with pytest.raises(DraftError, match="别名"):
        read_draft(tmp_path / "bomb.yaml")
    (tmp_path / "deep.json").write_text('{"k":' * 200 + "1" + "}" * 200, encoding="utf-8")
    with pytest.raises(DraftError, match="嵌套"):
        read_draft(tmp_path / "deep.json")


def _soffice_convert(source, target_ext, out_dir):
    import subprocess

    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out_dir}/profile", "--convert-to",
                    target_ext, "--outdir", str(out_dir), str(source)], capture_output=True, timeout=120, check=True)
    return out_dir / f"{source.stem}.{target_ext}"


def test_doc_odt_and_a_doc_renamed_docx_are_read_through_libreoffice(tmp_path, monkeypatch):
    import tempfile
    from pathlib import Path

    from cjrh_assistant.checking import check_file
    from cjrh_assistant.drafts.readers import read_draft

    # a private temporary folder: other processes converting at the same time must not fail this test
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))

    source = Path(__file__).resolve().parents[1] / "eval" / "drafts" / "qz-b-gaozhi-fail.docx"
    original = {r.rule_id: r.status for r in check_file(source).results}
    odt = _soffice_convert(source, "odt", tmp_path)
    assert {r.rule_id: r.status for r in check_file(odt).results} == original
    doc = _soffice_convert(source, "doc", tmp_path)
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(doc.read_bytes())  # a Word 97 file saved with the new extension
    for path in (doc, renamed):
        report = check_file(path)
        qz008 = next(r for r in report.results if r.rule_id == "QZ008")
        assert report.pack == "quanzhou-zyq-2023" and qz008.status == "fail" and qz008.value == "68%"
    assert read_draft(doc).file_type == "doc"
    assert not list(private_tmp.glob("cjrh-convert-*"))  # the converted copy is not kept


def test_corpus_docx_reads_text_the_way_drafts_do(tmp_path):
    """One body walker (docx_body) for corpus and drafts: a clause inside a content control, a tracked insertion and a
    hyperlink is read; deleted text is not."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("某市专业群建设办法")
    p = d.add_paragraph("1.师资。")._p
    for tag, text in (("w:ins", "“双师型”教师比例达到"), ("w:hyperlink", "60%以上"), ("w:del", "90%")):
        wrapper = OxmlElement(tag)
        if tag != "w:hyperlink":
            wrapper.set(qn("w:id"), "1")
            wrapper.set(qn("w:author"), "x")
        run = OxmlElement("w:r")
        t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
        t.text = text
        run.append(t)
        wrapper.append(run)
        p.append(wrapper)
    block = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    block.append(content)
    inner = d.add_paragraph("2.经费。每年投入不少于50万元。")._p
    inner.addprevious(block)
    content.append(inner)
    path = tmp_path / "policy.docx"
    d.save(path)
    text = read_policy_file(path)
    assert "1.师资。“双师型”教师比例达到60%以上" in text and "90%" not in text
    assert "2.经费。每年投入不少于50万元。" in text
