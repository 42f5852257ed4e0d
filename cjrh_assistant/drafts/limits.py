"""What reading one draft may cost, and the checks that hold a file to it before and after its parser runs.

A draft is untrusted: a 20 MB upload can unzip to gigabytes, nest XML ten thousand levels deep, or carry a
10,000-row table. Each limit below is named (env `CJRH_DRAFT_LIMITS__<NAME>`, e.g. `CJRH_DRAFT_LIMITS__PDF_PAGES=500`)
and generous for any real 申报书 (a 100-page form stays far inside every one). Past a limit the draft is refused
with one Chinese sentence that names the limit, the file's figure and what to do.

`check_package` runs on the raw file before any parser sees it (zip central directory, a streaming scan of every
XML part with entities, DTDs and network off, the PDF's page tree, digit runs in structured files);
`check_draft` runs on what the reader produced. The wall-clock and memory caps (`seconds`, `memory_mb`) are
enforced by the worker process that runs the reading (`cjrh_assistant.isolation`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..errors import DraftError
from ..models import Draft


class DraftLimits(BaseModel):
    total_mb: int = Field(200, ge=1, description="压缩包（.docx/.odt）解压后的总大小（MB）")
    member_mb: int = Field(50, ge=1, description="压缩包中单个部件解压后的大小（MB）")
    members: int = Field(1000, ge=1, description="压缩包中的部件数")
    compression_ratio: int = Field(200, ge=1, description="单个部件的压缩比（解压后 ÷ 压缩后）")
    xml_depth: int = Field(64, ge=8, description="XML 嵌套层数")
    xml_elements: int = Field(1_000_000, ge=1, description="XML 元素总数")
    paragraphs: int = Field(20_000, ge=1, description="段落数（含表格内段落、文本行、字段）")
    table_rows: int = Field(2_000, ge=1, description="一个表格的行数")
    table_columns: int = Field(64, ge=1, description="一个表格行的列数（Word 最多 63 列）")
    grid_span: int = Field(64, ge=1, description="一个单元格横跨的列数（gridSpan）")
    pdf_pages: int = Field(300, ge=1, description="PDF 页数")
    pdf_objects: int = Field(500_000, ge=1, description="PDF 对象数")
    text_chars: int = Field(1_000_000, ge=1, description="全文字数（字符）")
    number_digits: int = Field(30, ge=1, description="一个数值的位数")
    seconds: float = Field(30.0, gt=0, description="读取并检查一份草稿的时间（秒）")
    memory_mb: int = Field(1024, ge=256, description="读取并检查一份草稿的进程内存上限（MB，RLIMIT_AS）")


# How each limit is said to a user: what is counted, and its unit.
_SAID = {
    "total_mb": ("解压后的总大小", "MB"), "member_mb": ("其中一个部件解压后的大小", "MB"),
    "members": ("压缩包中的部件数", "个"), "compression_ratio": ("其中一个部件的压缩比", "倍"),
    "xml_depth": ("XML 嵌套层数", "层"), "xml_elements": ("XML 元素数", "个"), "paragraphs": ("段落数", "段"),
    "table_rows": ("一个表格的行数", "行"), "table_columns": ("一个表格行的列数", "列"),
    "grid_span": ("一个单元格横跨的列数", "列"), "pdf_pages": ("PDF 页数", "页"), "pdf_objects": ("PDF 对象数", "个"),
    "text_chars": ("全文字数", "字"), "number_digits": ("一个数值的位数", "位"),
    "seconds": ("读取和检查所用时间", "秒"), "memory_mb": ("读取和检查所需内存", "MB"),
}


def exceeded(limits: DraftLimits, key: str, name: str, actual: Any = None) -> DraftError:
    """The one sentence for a draft past `key`: the limit, the file's figure when known, and what to do."""
    what, unit = _SAID[key]
    limit = getattr(limits, key)
    figure = f"本文件{'超过' if actual is None else '为'} {_figure(actual if actual is not None else limit)} {unit}"
    return DraftError(f"草稿超出读取上限：{what}最多 {_figure(limit)} {unit}，{figure}；请删减或拆分后再上传，"
                      f"确需更大时请管理员调高设置 CJRH_DRAFT_LIMITS__{key.upper()}（{name}）。")


def _figure(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value < 1e6 else f"{value:.3g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


# ---- before parsing -------------------------------------------------------------------------------------------

_STRUCTURED = (".json", ".yaml", ".yml")
_TEXT = (".txt", ".md")
_MB = 1024 * 1024
# Small parts may compress absurdly well (a run of zeros) without costing anything; only big ones are judged.
_RATIO_FROM_BYTES = _MB


def check_package(path: Path, suffix: str, name: str, limits: DraftLimits) -> None:
    """Refuse a file whose structure is past a limit, before any parser opens it."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        _check_zip(path, name, limits)
    elif suffix == ".pdf":
        _check_pdf(path, name, limits)
    elif suffix in _STRUCTURED or suffix in _TEXT:
        data = path.read_bytes()
        if data.count(b"\n") > 3 * limits.paragraphs:  # blank lines between paragraphs: the exact count comes after
            raise exceeded(limits, "paragraphs", name, data.count(b"\n"))
        if suffix in _STRUCTURED:  # json/yaml turn a digit run into an int (Python refuses past 4,300 digits)
            run = max((len(m) for m in re.findall(rb"\d{%d,}" % (limits.number_digits + 1), data)), default=0)
            if run:
                raise exceeded(limits, "number_digits", name, run)


def _check_zip(path: Path, name: str, limits: DraftLimits) -> None:
    """The central directory is read without extracting anything: sizes, count, ratio; then each XML part is
    streamed through a parser that resolves no entity, loads no DTD and opens no network connection."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > limits.members:
            raise exceeded(limits, "members", name, len(members))
        total = 0
        for info in members:
            total += info.file_size
            if info.file_size > limits.member_mb * _MB:
                raise exceeded(limits, "member_mb", name, round(info.file_size / _MB, 1))
            if info.file_size >= _RATIO_FROM_BYTES:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.compression_ratio:
                    raise exceeded(limits, "compression_ratio", name, round(ratio))
        if total > limits.total_mb * _MB:
            raise exceeded(limits, "total_mb", name, round(total / _MB, 1))
        scan = _XmlScan(name, limits)
        for info in members:
            if info.filename.lower().endswith((".xml", ".rels")):
                with archive.open(info) as stream:
                    if info.filename in _BODY_PARTS:
                        scan.part(stream)
                    else:  # styles, settings, relationships: a DTD is refused; their size is bounded above and
                        _prolog(stream, name)  # their depth by libxml2's own limit (256) when python-docx parses them


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The parts that hold a document's text, scanned element by element (Word, OpenDocument).
_BODY_PARTS = ("word/document.xml", "content.xml")


def _prolog(stream: Any, name: str) -> None:
    """Parse up to the root element only: enough to see a DTD, which must come before it."""
    from lxml import etree

    try:
        for _, element in etree.iterparse(stream, events=("start",), resolve_entities=False, no_network=True,
                                          load_dtd=False, huge_tree=False):
            _refuse_dtd(element, name)
            return
    except etree.XMLSyntaxError as exc:
        raise DraftError(f"文件中的 XML 已损坏，无法读取：{name}") from exc


class _XmlScan:
    """Counts over all XML parts of one package: elements, depth, and for WordprocessingML paragraphs, table rows,
    columns per row, gridSpan and text length. Elements are freed as they end, so memory stays flat."""

    def __init__(self, name: str, limits: DraftLimits) -> None:
        self.name, self.limits = name, limits
        self.elements = self.paragraphs = self.chars = 0

    def part(self, stream: Any) -> None:
        from lxml import etree

        limits, name = self.limits, self.name
        depth = 0
        rows: list[int] = []  # rows so far of each open table (nested tables stack)
        columns: list[int] = []  # columns so far of each open row
        events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False, remove_comments=True)
        try:
            for event, element in events:
                if event == "start":
                    if self.elements == 0 or depth == 0:
                        _refuse_dtd(element, name)
                    depth += 1
                    self.elements += 1
                    if depth > limits.xml_depth:
                        raise exceeded(limits, "xml_depth", name)
                    if self.elements > limits.xml_elements:
                        raise exceeded(limits, "xml_elements", name)
                    tag = element.tag
                    if tag == f"{_W}p":
                        self.paragraphs += 1
                        if self.paragraphs > limits.paragraphs:
                            raise exceeded(limits, "paragraphs", name)
                    elif tag == f"{_W}tbl":
                        rows.append(0)
                    elif tag == f"{_W}tr" and rows:
                        rows[-1] += 1
                        columns.append(0)
                        if rows[-1] > limits.table_rows:
                            raise exceeded(limits, "table_rows", name)
                    elif tag == f"{_W}tc" and columns:
                        columns[-1] += 1
                    elif tag == f"{_W}gridSpan":
                        span = element.get(f"{_W}val", "1")
                        if not span.isdigit() or len(span) > 6 or int(span) > limits.grid_span:
                            raise exceeded(limits, "grid_span", name, int(span) if span.isdigit() and
                                           len(span) <= 6 else None)
                        if columns:
                            columns[-1] += int(span) - 1
                    if columns and columns[-1] > limits.table_columns:
                        raise exceeded(limits, "table_columns", name)
                else:
                    depth -= 1
                    tag = element.tag
                    if element.text and tag == f"{_W}t":
                        self.chars += len(element.text)
                        if self.chars > limits.text_chars:
                            raise exceeded(limits, "text_chars", name)
                    if tag == f"{_W}tbl" and rows:
                        rows.pop()
                    elif tag == f"{_W}tr" and columns:
                        columns.pop()
                    element.clear(keep_tail=True)
        except etree.XMLSyntaxError as exc:
            raise DraftError(f"文件中的 XML 已损坏或含有超长内容，无法读取：{name}") from exc


def _refuse_dtd(element: Any, name: str) -> None:
    """A Word or OpenDocument part never declares a DTD; one that does is built to expand entities (XXE, billion
    laughs), so it is refused before python-docx or LibreOffice parse it."""
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise DraftError(f"文件中含有文档类型声明（DTD/实体），正常的 Word 文档不会包含，为安全起见不予读取：{name}")


def _check_pdf(path: Path, name: str, limits: DraftLimits) -> None:
    """Page and object counts from the trailer and page tree (pypdf reads them lazily, without page contents). A file
    pypdf cannot open is left to the reader, which says why."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        objects = int(reader.trailer.get("/Size", 0))
        encrypted = reader.is_encrypted
        pages = None if encrypted else len(reader.pages)
    except DraftError:
        raise
    except Exception:  # noqa: BLE001 - broken files are the reader's to explain
        return
    if objects > limits.pdf_objects:
        raise exceeded(limits, "pdf_objects", name, objects)
    if pages is not None and pages > limits.pdf_pages:
        raise exceeded(limits, "pdf_pages", name, pages)


# ---- after parsing --------------------------------------------------------------------------------------------


def check_draft(draft: Draft, name: str, limits: DraftLimits) -> None:
    """What the reader produced: paragraphs, tables, text length and structured numbers, exactly."""
    paragraphs = len(draft.paragraphs) + len(draft.entries)
    if paragraphs > limits.paragraphs:
        raise exceeded(limits, "paragraphs", name, paragraphs)
    chars = sum(len(p.text) for p in draft.paragraphs)
    for table in draft.tables:
        if len(table.rows) > limits.table_rows:
            raise exceeded(limits, "table_rows", name, len(table.rows))
        for row in table.rows:
            if len(row) > limits.table_columns:
                raise exceeded(limits, "table_columns", name, len(row))
            chars += sum(len(cell) for cell in row)
    for entry in draft.entries:
        value = entry.value
        if isinstance(value, int) and not isinstance(value, bool):
            if value.bit_length() > limits.number_digits * 3.33:  # the digit count, without int -> str
                raise exceeded(limits, "number_digits", name)
        chars += len(str(value)) if isinstance(value, str) else 0
    if chars > limits.text_chars:
        raise exceeded(limits, "text_chars", name, chars)
