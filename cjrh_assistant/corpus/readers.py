"""Turn a policy file (.txt/.md/.docx/.pdf) into text in the corpus convention (TAB-prefixed table cells)."""

from __future__ import annotations

from pathlib import Path

from ..errors import CorpusError
from ..textnorm import nfkc

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), then GB18030, the two encodings Chinese office files arrive in."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise CorpusError(f"无法识别文件编码（应为 UTF-8 或 GB18030）：{name}")


def _docx_text(path: Path) -> str:
    """Body text in reading order, read as the draft reader reads it (docx_body): content controls, tracked
    insertions, hyperlinks, fields and text boxes count; deleted and hidden text does not."""
    import docx  # python-docx
    from docx.table import Table

    from ..docx_body import W, cell_paragraphs, iter_blocks, paragraph_texts, table_rows

    document = docx.Document(str(path))
    lines: list[str] = []
    for child in iter_blocks(document.element.body):
        if child.tag == f"{W}p":
            lines.append(paragraph_texts(child)[0])
            continue
        for cells in table_rows(Table(child, document)):
            for cell in cells:
                text = " ".join(paragraph_texts(p)[0] for p in cell_paragraphs(cell))
                lines.append("\t" + text.replace("\n", " "))
            lines.append("")
        lines.append("")
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        raise CorpusError(f"PDF 已加密，无法读取：{path.name}")
    return nfkc("\n".join(page.extract_text() or "" for page in reader.pages))


def read_policy_file(path: Path) -> str:
    """The file's text; a CorpusError with a Chinese reason when it is empty or unreadable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"不支持的文件类型 {suffix}（支持 .txt/.md/.docx/.pdf）：{path.name}")
    try:
        if suffix == ".docx":
            text = _docx_text(path)
        elif suffix == ".pdf":
            text = _pdf_text(path)
        else:
            text = decode_text(path.read_bytes(), path.name)
    except CorpusError:
        raise
    except Exception as exc:  # a broken zip or PDF raises library-specific errors; the user needs the file name
        raise CorpusError(f"文件无法读取，可能已损坏或不是{suffix.lstrip('.').upper() or '文本'}格式，请用原软件重新另存后再放入资料目录：{path.name}") from exc
    if not text.strip():
        raise CorpusError(f"文件没有可读取的文字（可能为空或只有图片）：{path.name}")
    return text
