"""Read a draft application (.docx/.pdf/.txt/.md/.json/.yaml) into a `Draft`: paragraphs, table grids, entries
and, for .docx, the effective formatting of body text. Any failure becomes one Chinese reason (DraftError)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any, Optional

from ..corpus.readers import decode_text
from ..errors import CjrhError, DraftError
from ..models import Draft, DraftEntry, DraftParagraph, DraftTable, HiddenText, RunFormat
from ..textnorm import nfkc
from .limits import DraftLimits, check_draft, check_package

# Word 97 (.doc, as official templates are often issued), WPS, OpenDocument and RTF are converted to .docx by
# LibreOffice (headless) and then read like any .docx.
CONVERTED_SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
DRAFT_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".json", ".yaml", ".yml", *CONVERTED_SUFFIXES)
CONVERT_TIMEOUT_SECONDS = 60
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # a Word 97/WPS compound file
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_BODY_MIN_CHARS = 20  # paragraphs shorter than this are labels and titles, not the body text FJ021–FJ023 judge


def read_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: Optional[str] = None,
               limits: Optional[DraftLimits] = None) -> Draft:
    """The draft in `path`; `name` is the file name to report (an upload's temporary path has another). `limits`
    bound what reading may cost (drafts/limits.py); time and memory are bounded by the caller's worker process."""
    name = name or path.name
    limits = limits or DraftLimits()
    suffix = Path(name).suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise DraftError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .docx、.doc、.wps、.odt、.pdf、.txt、.md、.json "
                         f"或 .yaml 文件（{name}）。")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DraftError(f"找不到文件：{name}") from exc
    if size == 0:
        raise DraftError(f"文件是空的：{name}")
    if size > max_bytes:
        raise DraftError(f"文件过大（{size / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB：{name}")
    head = path.read_bytes()[:8]
    if suffix == ".docx" and head.startswith(b"%PDF"):
        raise DraftError(f"文件内容是 PDF，但扩展名是 .docx，请改正扩展名后再上传：{name}")
    if suffix == ".pdf" and head.startswith(b"PK"):
        raise DraftError(f"文件内容是 Word/压缩包，但扩展名是 .pdf，请改正扩展名后再上传：{name}")
    try:
        check_package(path, suffix, name, limits)
        if suffix in CONVERTED_SUFFIXES or (suffix == ".docx" and head.startswith(_OLE_MAGIC)):
            draft = _read_converted(path, name)
        elif suffix == ".docx":
            draft = _read_docx(path, name)
        elif suffix == ".pdf":
            draft = _read_pdf(path, name)
        elif suffix in (".json", ".yaml", ".yml"):
            draft = _read_structured(path, name, suffix)
        else:
            draft = _read_text(decode_text(path.read_bytes(), name), name, suffix[1:])
    except CjrhError as exc:
        raise DraftError(str(exc)) from exc
    except zipfile.BadZipFile as exc:
        raise DraftError(f"文件已损坏或不是有效的 Word 文档（.docx）：{name}") from exc
    except RecursionError as exc:
        raise DraftError(f"文件嵌套层次过深，无法读取：{name}") from exc
    except MemoryError:  # the worker's memory cap: reported as such by the worker, not as a broken file
        raise
    except Exception as exc:  # library errors of broken files: the user needs the reason, not a traceback
        raise DraftError(f"文件无法读取，可能已损坏：{name}") from exc
    if not draft.all_text().strip():
        raise DraftError(f"文件中没有可读取的文字：{name}")
    check_draft(draft, name, limits)
    return draft


def _read_converted(path: Path, name: str) -> Draft:
    """A .doc/.wps/.odt/.rtf (or a .doc renamed .docx) through LibreOffice into a temporary .docx, deleted after."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DraftError(f"读取 {Path(name).suffix.lower()} 文件需要 LibreOffice（Debian：apt-get install "
                         f"libreoffice-writer-nogui），或请在 Word/WPS 中另存为 .docx 后上传：{name}")
    with tempfile.TemporaryDirectory(prefix="cjrh-convert-") as work:
        suffix = Path(name).suffix.lower()  # an upload's temporary path may carry another suffix than its name
        source = Path(work) / f"draft{suffix if suffix in CONVERTED_SUFFIXES else '.doc'}"  # .docx: a renamed .doc
        shutil.copyfile(path, source)
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", f"{work}/out", str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DraftError(f"文件转换超过 {CONVERT_TIMEOUT_SECONDS} 秒未完成，请另存为 .docx 后上传：{name}") from exc
        converted = Path(work) / "out" / "draft.docx"
        if not converted.exists():
            raise DraftError(f"文件无法转换为 .docx，可能已损坏或加密：{name}")
        draft = _read_docx(converted, name)
    return draft.model_copy(update={"file_type": Path(name).suffix.lower().lstrip(".") or "doc"})


# ---- .txt / .md ------------------------------------------------------------------------------------------


def _read_text(text: str, name: str, file_type: str) -> Draft:
    paragraphs: list[DraftParagraph] = []
    tables: list[DraftTable] = []
    rows: list[list[str]] = []
    caption = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("|") and line.count("|") >= 2:  # Markdown table row
            if not _MD_TABLE_RULE.match(line.replace("|", "", 1)):
                rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if rows:
            tables.append(DraftTable(caption=caption, location=f"表格{len(tables) + 1}", rows=rows))
            rows = []
        if not line:
            continue
        heading = bool(_MD_HEADING.match(line))
        clean = _MD_HEADING.sub("", line).strip("*").strip()
        paragraphs.append(DraftParagraph(text=clean, location=f"第{number}行", heading=heading))
        caption = clean if len(clean) <= 40 else ""
    if rows:
        tables.append(DraftTable(caption=caption, location=f"表格{len(tables) + 1}", rows=rows))
    title = paragraphs[0].text if paragraphs else ""
    return Draft(file=name, file_type=file_type, title=title, paragraphs=paragraphs, tables=tables)


# ---- .pdf ------------------------------------------------------------------------------------------------


def _read_pdf(path: Path, name: str) -> Draft:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
    except PdfReadError as exc:
        raise DraftError(f"PDF 文件已损坏，无法打开：{name}") from exc
    if reader.is_encrypted:
        raise DraftError(f"PDF 已加密（设有密码），请上传未加密的版本：{name}")
    pages = [nfkc(page.extract_text() or "") for page in reader.pages]
    if not any(p.strip() for p in pages):
        raise DraftError(f"PDF 中没有文字层（可能是扫描件或图片），请上传可复制文字的 PDF 或 Word 文件：{name}")
    paragraphs = []
    for page_no, page in enumerate(pages, start=1):
        for line_no, line in enumerate(page.split("\n"), start=1):
            if line.strip():
                paragraphs.append(DraftParagraph(text=line.strip(), location=f"第{page_no}页第{line_no}行"))
    return Draft(file=name, file_type="pdf", title=paragraphs[0].text, paragraphs=paragraphs)


# ---- .json / .yaml ---------------------------------------------------------------------------------------


def _read_structured(path: Path, name: str, suffix: str) -> Draft:
    text = decode_text(path.read_bytes(), name)
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            if any(isinstance(token, yaml.AliasToken) for token in yaml.scan(text, Loader=loader)):
                # a few lines of aliases expand to gigabytes (billion laughs); a form's fields never need them
                raise DraftError(f"YAML 中使用了别名（*名称），为安全起见不予读取；请把别名展开为实际内容后重试：{name}")
            data = yaml.load(text, Loader=loader)
    except DraftError:
        raise
    except RecursionError as exc:
        raise DraftError(f"文件嵌套层次过深，无法读取：{name}") from exc
    except json.JSONDecodeError as exc:
        raise DraftError(f"JSON 格式有误（第 {exc.lineno} 行第 {exc.colno} 列）：{name}") from exc
    except ValueError as exc:
        raise DraftError(f"{'JSON' if suffix == '.json' else 'YAML'} 格式有误：{name}") from exc
    except Exception as exc:
        raise DraftError(f"YAML 格式有误：{name}") from exc
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "空内容" if data is None else "单个值"
        raise DraftError(f"文件应为“字段: 值”的映射（对象），而不是{kind}：{name}")
    entries: list[DraftEntry] = []
    _flatten(data, "", entries)
    title = str(next((data[k] for k in ("标题", "title", "表名", "名称") if k in data), ""))
    return Draft(file=name, file_type=suffix[1:], title=title, entries=entries)


# A form is a few levels deep; past this a file is nested to exhaust the reader, not to hold a draft.
MAX_NESTING = 20


def _flatten(data: Any, prefix: str, out: list[DraftEntry], depth: int = 0) -> None:
    if depth > MAX_NESTING:
        raise DraftError(f"文件嵌套超过 {MAX_NESTING} 层，不像申报书草稿，未读取")
    for key, value in data.items():
        where = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{where} / ", out, depth + 1)
        else:
            out.append(DraftEntry(label=str(key), value=value, location=f"字段“{where}”"))


# ---- .docx -----------------------------------------------------------------------------------------------


def _read_docx(path: Path, name: str) -> Draft:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    styles = _StyleResolver(document)
    paragraphs: list[DraftParagraph] = []
    tables: list[DraftTable] = []
    formats: list[RunFormat] = []
    hidden: list[HiddenText] = []
    last_text = ""

    def seen_hidden(text: str, where: str) -> None:
        if text.strip():
            hidden.append(HiddenText(location=where, text=text.strip()[:200]))

    for child in _block_items(document.element.body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            where = f"第{len(paragraphs) + 1}段"
            visible, invisible = _run_texts(child)
            seen_hidden(invisible, where)
            text = visible.strip()
            if not text:
                continue
            heading = styles.is_heading(para)
            paragraphs.append(DraftParagraph(text=text, location=where, heading=heading))
            if not heading and len(text) >= _BODY_MIN_CHARS:
                formats.append(styles.effective(para, where))
            last_text = text
        elif tag == "tbl":
            table = Table(child, document)
            number = len(tables) + 1
            grid = []
            for r, row in enumerate(table.rows):
                seen: set[int] = set()
                cells = []
                for c, cell in enumerate(row.cells):
                    if id(cell._tc) in seen:  # a cell merged across columns is reported once per column
                        continue
                    seen.add(id(cell._tc))
                    where = f"表格{number} 第{r + 1}行第{c + 1}列"
                    texts = [_run_texts(para._p) for para in cell.paragraphs]
                    seen_hidden("".join(t[1] for t in texts), where)
                    cells.append("\n".join(t[0] for t in texts).strip())
                    for para, (visible, _) in zip(cell.paragraphs, texts):
                        if len(visible.strip()) >= _BODY_MIN_CHARS:
                            formats.append(styles.effective(para, where))
                grid.append(cells)
            caption = last_text if 0 < len(last_text) <= 40 else ""
            tables.append(DraftTable(caption=caption, location=f"表格{number}", rows=grid))
            last_text = ""
    title = next((p.text for p in paragraphs), "") or (tables[0].rows[0][0] if tables and tables[0].rows else "")
    return Draft(file=name, file_type="docx", title=title, paragraphs=paragraphs, tables=tables,
                 formats=_dedupe(formats), hidden=hidden)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = {"0", "false", "off"}
# At or below 2 pt (4 half-points) a run prints as a dot: nobody reading the page can see what it says.
_TINY_HALF_POINTS = 4


def _block_items(parent: Any) -> Any:
    """Body paragraphs and tables in order, including those inside block-level content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_items(content)
        elif child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child


def _run_texts(p: Any) -> tuple[str, str]:
    """The paragraph's visible text and its hidden text. Unlike python-docx's `Paragraph.text`, runs inside content
    controls (w:sdt), tracked insertions (w:ins) and hyperlinks count; deleted runs (w:del) do not."""
    visible: list[str] = []
    hidden: list[str] = []
    for run in p.iter(f"{_W}r"):
        if any(a.tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent") for a in run.iterancestors()):
            continue
        out = hidden if _is_hidden(run) else visible
        for node in run:
            if node.tag == f"{_W}t":
                out.append(node.text or "")
            elif node.tag == f"{_W}tab":
                out.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
    return "".join(visible), "".join(hidden)


def _is_hidden(run: Any) -> bool:
    props = run.find(f"{_W}rPr")
    if props is None:
        return False
    for tag in ("vanish", "specVanish", "webHidden"):
        flag = props.find(f"{_W}{tag}")
        if flag is not None and flag.get(f"{_W}val", "true").lower() not in _OFF:
            return True
    color = props.find(f"{_W}color")
    if color is not None and color.get(f"{_W}val", "").upper() in ("FFFFFF", "WHITE"):
        return True
    size = props.find(f"{_W}sz")
    value = size.get(f"{_W}val", "") if size is not None else ""
    return value.isdigit() and int(value) <= _TINY_HALF_POINTS


def _dedupe(formats: list[RunFormat]) -> list[RunFormat]:
    """A merged cell repeats its paragraphs in every row it spans; judge each paragraph once."""
    seen, out = set(), []
    for f in formats:
        key = (f.text, f.east_asia_font, f.size_half_points, f.line, f.line_rule)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _StyleResolver:
    """Effective run and paragraph properties: direct formatting, then the paragraph style and its bases, then
    the document defaults — the order Word applies them."""

    def __init__(self, document: Any) -> None:
        self.document = document
        styles_el = document.styles.element
        defaults = styles_el.find(f"{_W}docDefaults")
        self.default_rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{_W}pPrDefault/{_W}pPr") if defaults is not None else None
        self._styles: dict[Optional[str], Any] = {}

    def style(self, para: Any) -> Any:
        """The paragraph's style, looked up once per style id (python-docx scans every style on each lookup)."""
        style_id = para._p.style
        if style_id not in self._styles:
            self._styles[style_id] = para.style
        return self._styles[style_id]

    def is_heading(self, para: Any) -> bool:
        style = self.style(para)
        name = (style.name if style is not None else "") or ""
        return name.lower().startswith(("heading", "title")) or name.startswith(("标题", "题目"))

    def _style_chain(self, para: Any) -> list[Any]:
        chain, style = [], self.style(para)
        while style is not None and len(chain) < 20:
            chain.append(style.element)
            style = style.base_style
        return chain

    def _first(self, elements: list[Any], path: str, attr: str) -> Optional[str]:
        for el in elements:
            if el is None:
                continue
            found = el.find(path)
            if found is not None and found.get(f"{_W}{attr}") is not None:
                return found.get(f"{_W}{attr}")
        return None

    def effective(self, para: Any, where: str) -> RunFormat:
        runs = [r for r in para.runs if r.text.strip()]
        run_rpr = runs[0]._r.find(f"{_W}rPr") if runs else None
        chain = self._style_chain(para)
        rprs = [run_rpr] + [s.find(f"{_W}rPr") for s in chain] + [self.default_rpr]
        pprs = [para._p.find(f"{_W}pPr")] + [s.find(f"{_W}pPr") for s in chain] + [self.default_ppr]
        font = self._first(rprs, f"{_W}rFonts", "eastAsia")
        size = self._first(rprs, f"{_W}sz", "val")
        line = self._first(pprs, f"{_W}spacing", "line")
        rule = self._first(pprs, f"{_W}spacing", "lineRule")
        return RunFormat(location=where, text=para.text.strip()[:40], east_asia_font=font,
                         size_half_points=int(size) if size and size.isdigit() else None,
                         line=int(line) if line and line.lstrip("-").isdigit() else None,
                         line_rule=rule or ("auto" if line else None))
