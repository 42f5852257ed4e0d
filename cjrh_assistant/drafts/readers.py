"""Read a draft application (.docx/.pdf/.txt/.md/.json/.yaml) into a `Draft`: paragraphs, table grids, entries
and, for .docx, the effective formatting of body text. Any failure becomes one Chinese reason (DraftError)."""

from __future__ import annotations

import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from ..corpus.readers import decode_text
from ..docx_body import W as _W
from ..docx_body import cell_paragraphs, iter_blocks, paragraph_texts, table_rows
from ..errors import CjrhError, DraftError
from ..models import Draft, DraftEntry, DraftParagraph, DraftTable, HiddenText, RunFormat
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


def accepted_types() -> str:
    """The draft types a user may upload, as every message and page names them (one list: DRAFT_SUFFIXES)."""
    return "、".join(DRAFT_SUFFIXES)


def read_draft(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: Optional[str] = None,
               limits: Optional[DraftLimits] = None) -> Draft:
    """The draft in `path`; `name` is the file name to report (an upload's temporary path has another). `limits`
    bound what reading may cost (drafts/limits.py); time and memory are bounded by the caller's worker process."""
    name = name or path.name
    limits = limits or DraftLimits()
    suffix = Path(name).suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise DraftError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 {accepted_types()} 文件（{name}）。")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DraftError(f"找不到文件：请确认文件名和位置后重新选择（{name}）") from exc
    if size == 0:
        raise DraftError(f"文件是空的：请确认保存了内容后重新上传（{name}）")
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
        raise DraftError(f"文件已损坏或不是有效的 Word 文档（.docx）：请用 Word 或 WPS 打开并另存为 .docx 后重新上传（{name}）") from exc
    except RecursionError as exc:
        raise DraftError(f"文件嵌套层次过深，无法读取：请用 Word 或 WPS 打开并另存为 .docx 后重新上传（{name}）") from exc
    except MemoryError:  # the worker's memory cap: reported as such by the worker, not as a broken file
        raise
    except Exception as exc:  # library errors of broken files: the user needs the reason, not a traceback
        raise DraftError(f"文件无法读取，可能已损坏：请用 Word 或 WPS 打开并另存为 .docx（或导出为 PDF）后重新上传（{name}）") from exc
    if not draft.all_text().strip():
        raise DraftError(f"文件中没有可读取的文字：如为扫描件或图片，请上传可复制文字的 Word 或 PDF 文件（{name}）")
    check_draft(draft, name, limits)
    return draft


def needs_conversion(path: Path, name: str) -> bool:
    """A .doc/.wps/.odt/.rtf, or a Word 97 file renamed .docx: LibreOffice turns it into a .docx first."""
    suffix = Path(name).suffix.lower()
    return suffix in CONVERTED_SUFFIXES or (suffix == ".docx" and path.read_bytes()[:8].startswith(_OLE_MAGIC))


@contextmanager
def converted_docx(path: Path, name: str) -> Iterator[Path]:
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
            raise DraftError(f"文件无法转换为 .docx，可能已损坏或加密：请用 Word 或 WPS 打开并另存为 .docx 后上传（{name}）")
        yield converted


def _read_converted(path: Path, name: str) -> Draft:
    with converted_docx(path, name) as converted:
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
    """Lines and table grids (pdf_tables), read like a .docx; the text as written, never NFKC-normalised."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from .pdf_tables import read_pdf_layout

    try:
        reader = PdfReader(str(path))
    except PdfReadError as exc:
        raise DraftError(f"PDF 文件已损坏，无法打开：请重新导出 PDF，或上传 Word 文件（.docx）：{name}") from exc
    if reader.is_encrypted:
        raise DraftError(f"PDF 已加密（设有密码）：请上传未加密的版本或 Word 文件（.docx）：{name}")
    paragraphs, tables = read_pdf_layout(path)
    if not paragraphs and not any(cell.strip() for t in tables for row in t.rows for cell in row):
        raise DraftError(f"PDF 中没有文字层（可能是扫描件或图片）：请上传可复制文字的 PDF 或 Word 文件（.docx）：{name}")
    title = next((p.text for p in paragraphs), "") or (tables[0].rows[0][0] if tables and tables[0].rows else "")
    return Draft(file=name, file_type="pdf", title=title, paragraphs=paragraphs, tables=tables)


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
        raise DraftError(f"文件嵌套层次过深，无法读取：请把字段整理为“字段: 值”的形式后重试（{name}）") from exc
    except json.JSONDecodeError as exc:
        raise DraftError(f"JSON 格式有误（第 {exc.lineno} 行第 {exc.colno} 列附近）：请改正后重新上传（{name}）") from exc
    except ValueError as exc:
        raise DraftError(f"{'JSON' if suffix == '.json' else 'YAML'} 格式有误：请改正后重新上传（{name}）") from exc
    except Exception as exc:
        raise DraftError(f"YAML 格式有误：请检查缩进和冒号后重新上传（{name}）") from exc
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "空内容" if data is None else "单个值"
        raise DraftError(f"文件应为“字段: 值”的映射（对象），而不是{kind}：请按“字段: 值”的形式整理后重新上传（{name}）")
    entries: list[DraftEntry] = []
    _flatten(data, "", entries)
    title = str(next((data[k] for k in ("标题", "title", "表名", "名称") if k in data), ""))
    return Draft(file=name, file_type=suffix[1:], title=title, entries=entries)


# A form is a few levels deep; past this a file is nested to exhaust the reader, not to hold a draft.
MAX_NESTING = 20


def _flatten(data: Any, prefix: str, out: list[DraftEntry], depth: int = 0) -> None:
    if depth > MAX_NESTING:
        raise DraftError(f"文件嵌套超过 {MAX_NESTING} 层，不像申报书草稿，未读取：请把字段整理为“字段: 值”的形式后重试")
    for key, value in data.items():
        where = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{where} / ", out, depth + 1)
        else:
            out.append(DraftEntry(label=str(key), value=value, location=f"字段“{where}”"))


# ---- .docx -----------------------------------------------------------------------------------------------


def _read_docx(path: Path, name: str) -> Draft:
    """Paragraphs and table grids in reading order (docx_body walks the body as Word shows it), each table placed
    among the paragraphs, and the effective format of every body paragraph."""
    import docx
    from docx.table import Table

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

    for child in iter_blocks(document.element.body):
        if child.tag == f"{_W}p":
            where = f"第{len(paragraphs) + 1}段"
            visible, invisible = paragraph_texts(child)
            seen_hidden(invisible, where)
            text = visible.strip()
            if not text:
                continue
            heading = styles.is_heading(child)
            paragraphs.append(DraftParagraph(text=text, location=where, heading=heading))
            if not heading and len(text) >= _BODY_MIN_CHARS:
                formats.append(styles.effective(child, where))
            last_text = text
        else:
            number = len(tables) + 1
            grid = []
            for r, cells in enumerate(table_rows(Table(child, document))):
                row = []
                for c, cell in enumerate(cells):
                    where = f"表格{number} 第{r + 1}行第{c + 1}列"
                    paras = cell_paragraphs(cell)
                    texts = [paragraph_texts(p) for p in paras]
                    seen_hidden("".join(t[1] for t in texts), where)
                    row.append("\n".join(t[0] for t in texts).strip())
                    for p, (visible, _) in zip(paras, texts):
                        if len(visible.strip()) >= _BODY_MIN_CHARS:
                            formats.append(styles.effective(p, where, child))
                grid.append(row)
            caption = last_text if 0 < len(last_text) <= 40 else ""
            tables.append(DraftTable(caption=caption, location=f"表格{number}", rows=grid, position=len(paragraphs)))
            last_text = ""
    title = next((p.text for p in paragraphs), "") or (tables[0].rows[0][0] if tables and tables[0].rows else "")
    return Draft(file=name, file_type="docx", title=title, paragraphs=paragraphs, tables=tables,
                 formats=_dedupe(formats), hidden=hidden)


def _dedupe(formats: list[RunFormat]) -> list[RunFormat]:
    """A merged cell repeats its paragraphs in every row it spans; judge each paragraph once."""
    seen, out = set(), []
    for f in formats:
        key = (f.text, f.east_asia_font, f.size_half_points, f.line, f.line_rule)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


class _StyleResolver:
    """Effective run and paragraph properties in the order Word applies them (the first that sets a property wins):
    direct formatting; the run's character style; the paragraph style and its bases; for a paragraph in a table,
    the table's style and its bases (Table Grid sets single line spacing); the document defaults. East-Asian fonts
    given as theme fonts (w:eastAsiaTheme="minorEastAsia") are looked up in the document's theme."""

    def __init__(self, document: Any) -> None:
        styles_el = document.styles.element
        defaults = styles_el.find(f"{_W}docDefaults")
        self.default_rpr = defaults.find(f"{_W}rPrDefault/{_W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{_W}pPrDefault/{_W}pPr") if defaults is not None else None
        self.by_id = {el.get(f"{_W}styleId"): el for el in styles_el.findall(f"{_W}style")}
        self.default_id = {el.get(f"{_W}type"): el.get(f"{_W}styleId") for el in styles_el.findall(f"{_W}style")
                           if el.get(f"{_W}default") in ("1", "true", "on")}
        self.theme_fonts = _theme_fonts(document)

    def chain(self, style_id: Optional[str], kind: str) -> list[Any]:
        """The style and its bases (w:basedOn); the kind's default style when none is named."""
        out: list[Any] = []
        style_id = style_id or self.default_id.get(kind)
        while style_id in self.by_id and len(out) < 20:
            el = self.by_id[style_id]
            if any(el is o for o in out):
                break
            out.append(el)
            based = el.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None
        return out

    @staticmethod
    def _style_id(props: Any, tag: str) -> Optional[str]:
        found = props.find(f"{_W}{tag}") if props is not None else None
        return found.get(f"{_W}val") if found is not None else None

    def is_heading(self, p: Any) -> bool:
        chain = self.chain(self._style_id(p.find(f"{_W}pPr"), "pStyle"), "paragraph")
        name_el = chain[0].find(f"{_W}name") if chain else None
        name = (name_el.get(f"{_W}val") if name_el is not None else "") or ""
        return name.lower().startswith(("heading", "title")) or name.startswith(("标题", "题目"))

    @staticmethod
    def _first(elements: list[Any], path: str, attr: str) -> Optional[str]:
        for el in elements:
            if el is None:
                continue
            found = el.find(path)
            if found is not None and found.get(f"{_W}{attr}") is not None:
                return found.get(f"{_W}{attr}")
        return None

    def _font(self, rprs: list[Any]) -> Optional[str]:
        for el in rprs:
            fonts = el.find(f"{_W}rFonts") if el is not None else None
            if fonts is None:
                continue
            theme = fonts.get(f"{_W}eastAsiaTheme")
            if theme is not None:  # a theme font outranks the explicit name on the same element, as in Word
                return self.theme_fonts.get("major" if theme.startswith("major") else "minor",
                                            fonts.get(f"{_W}eastAsia"))
            if fonts.get(f"{_W}eastAsia") is not None:
                return fonts.get(f"{_W}eastAsia")
        return None

    def effective(self, p: Any, where: str, table: Any = None) -> RunFormat:
        runs = [r for r in p.iter(f"{_W}r") if "".join(t.text or "" for t in r.findall(f"{_W}t")).strip()]
        run_rpr = runs[0].find(f"{_W}rPr") if runs else None
        run_style = self._style_id(run_rpr, "rStyle")
        run_chain = self.chain(run_style, "character") if run_style else []
        para_chain = self.chain(self._style_id(p.find(f"{_W}pPr"), "pStyle"), "paragraph")
        table_chain = (self.chain(self._style_id(table.find(f"{_W}tblPr"), "tblStyle"), "table")
                       if table is not None else [])
        rprs = [run_rpr] + [s.find(f"{_W}rPr") for s in run_chain + para_chain + table_chain] + [self.default_rpr]
        pprs = [p.find(f"{_W}pPr")] + [s.find(f"{_W}pPr") for s in para_chain + table_chain] + [self.default_ppr]
        size = self._first(rprs, f"{_W}sz", "val")
        line = self._first(pprs, f"{_W}spacing", "line")
        rule = self._first(pprs, f"{_W}spacing", "lineRule")
        return RunFormat(location=where, text=paragraph_texts(p)[0].strip()[:40], east_asia_font=self._font(rprs),
                         size_half_points=int(size) if size and size.isdigit() else None,
                         line=int(line) if line and line.lstrip("-").isdigit() else None,
                         line_rule=rule or ("auto" if line else None))


def _theme_fonts(document: Any) -> dict[str, str]:
    """The theme's East-Asian major and minor fonts (a:ea, else the a:font for simplified Chinese, script Hans)."""
    from lxml import etree

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/theme"):
            continue
        root = etree.fromstring(rel.target_part.blob)
        for kind in ("major", "minor"):
            font = root.find(f".//{a}fontScheme/{a}{kind}Font")
            if font is None:
                continue
            ea = font.find(f"{a}ea")
            hans = next((f.get("typeface") for f in font.findall(f"{a}font") if f.get("script") == "Hans"), None)
            name = (ea.get("typeface") if ea is not None else "") or hans or ""
            if name:
                out[kind] = name
    return out
