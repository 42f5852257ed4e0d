"""The user's own .docx with a Word comment at each failing or missing field: the verdict, what to change and the
clause it rests on. The document's text and layout are left as they are; only comment anchors and the comments part
are added, so staff fix the draft where they write it.

Where a comment goes: the place the engine read the value from (the reader's own “第N段” / “表格N 第r行第c列”
locations, found again by walking the document the way the reader does); for a value not found, the first paragraph
or cell that carries one of the field's form labels; failing both, the document's first paragraph (the comment says
so)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, Optional

from .answering.own_numbers import rule_inputs
from .checking import SEVERITY_NAMES, source_line
from .docx_body import iter_blocks, paragraph_texts
from .drafts.readers import CONVERTED_SUFFIXES, converted_docx, needs_conversion
from .errors import DraftError, InputError
from .models import STATUS_NAMES, Report, RuleResult
from .rules.locate import norm_label, strip_numbering
from .rules.schema import Pack

AUTHOR = "产教融合政策助手"
INITIALS = "CJRH"
ANNOTATED = ("fail", "missing")
_PARAGRAPH = re.compile(r"第(\d+)段")
_CELL = re.compile(r"表格(\d+)\s*第(\d+)行第(\d+)列")
_TABLE_ROW = re.compile(r"表格(\d+)\s*第(\d+)行")
_TABLE = re.compile(r"表格(\d+)")


class _Places:
    """The document's paragraphs, numbered as the draft reader numbers them, and its tables."""

    def __init__(self, document: Any) -> None:
        from docx.table import Table

        self.document = document
        self.paragraphs: list[Any] = []  # body paragraphs with visible text, in reading order (第N段 is N-1)
        self.tables: list[Any] = []
        for child in iter_blocks(document.element.body):
            if child.tag.endswith("}p"):
                if paragraph_texts(child)[0].strip():
                    self.paragraphs.append(child)
            else:
                self.tables.append(Table(child, document))

    def at(self, location: str) -> list[Any]:
        """The w:p elements a reader location names (a cell's paragraphs; a row's first cell; a table's first cell)."""
        m = _CELL.search(location)
        if m:
            cell = self._cell(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return [p._p for p in cell.paragraphs] if cell is not None else []
        m = _TABLE_ROW.search(location) or _TABLE.search(location)
        if m:
            row = int(m.group(2)) if m.lastindex and m.lastindex >= 2 else 1
            cell = self._cell(int(m.group(1)), row, 1)
            return [p._p for p in cell.paragraphs] if cell is not None else []
        m = _PARAGRAPH.search(location)
        if m and 0 < int(m.group(1)) <= len(self.paragraphs):
            return [self.paragraphs[int(m.group(1)) - 1]]
        return []

    def _cell(self, table: int, row: int, column: int) -> Optional[Any]:
        if not 0 < table <= len(self.tables):
            return None
        rows = self.tables[table - 1].rows
        if not 0 < row <= len(rows):
            return None
        cells = rows[row - 1].cells
        return cells[column - 1] if 0 < column <= len(cells) else None

    def all_paragraphs(self) -> Iterator[Any]:
        """Body paragraphs and every table cell's paragraphs (nested tables too), in document order."""
        for p in self.document.element.body.iter(_w("p")):
            if any(a.tag == _w("txbxContent") for a in p.iterancestors()):
                continue
            yield p


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _runs(p: Any, document: Any) -> list[Any]:
    """The runs of a paragraph that carry visible text (runs inside content controls and insertions count)."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    parent = Paragraph(p, document._body)
    runs = []
    for r in p.iter(_w("r")):
        if any(a.tag in (_w("del"), _w("moveFrom"), _w("txbxContent")) for a in r.iterancestors()):
            continue
        if any(node.tag == _w("t") and node.text for node in r):
            runs.append(Run(r, parent))
    return runs


def comment_text(result: RuleResult, placed: bool = True) -> str:
    """Verdict, value against the bound, what to change and the clause, one item a line."""
    lines = [f"【{STATUS_NAMES[result.status]}·{SEVERITY_NAMES[result.severity]}】{result.rule_id} {result.title}"]
    if result.value is not None or result.threshold:
        lines.append(f"读取值：{result.value or '—'}；要求：{result.threshold or '—'}")
    if result.detail:
        lines.append(f"说明：{result.detail}")
    if result.advice:
        lines.append(f"建议：{result.advice}")
    lines.append(f"依据：{source_line(result)}")
    if not placed:
        lines.append("（未在草稿中找到该项的位置，批注于文首。）")
    return "\n".join(lines)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_place(places: _Places, text: str) -> Optional[Any]:
    """The first paragraph holding the evidence text (its first 30 characters: a long section is quoted cut)."""
    wanted = _squeeze(text.rstrip("…"))[:30]
    if len(wanted) < 4:
        return None
    return next((p for p in places.all_paragraphs() if wanted in _squeeze(paragraph_texts(p)[0])), None)


def _label_place(places: _Places, labels: list[str]) -> Optional[Any]:
    """The first paragraph whose text is the first of the labels found (numbering, quotes and notes ignored)."""
    texts = [(p, strip_numbering(paragraph_texts(p)[0])) for p in places.all_paragraphs()]
    for label in labels:
        wanted = norm_label(label.split("›")[-1])
        if not wanted:
            continue
        found = next((p for p, text in texts if text == wanted or (text.startswith(wanted) and
                                                                   len(text) - len(wanted) <= 2)), None)
        if found is not None:
            return found
    return None


def _value_cell_end(label: Any, evidence: str) -> Any:
    """For a label in a table cell, the last paragraph of the cell that holds the value read (the evidence text is
    “label value”): a later cell of the same row, else the cell below (a stacked form); else the label itself."""
    cell = next((a for a in label.iterancestors() if a.tag == _w("tc")), None)
    if cell is None:
        return label
    squeezed = _squeeze(norm_label(evidence))
    row = cell.getparent()
    column = list(row.iterchildren(_w("tc"))).index(cell)
    below = next(row.itersiblings(_w("tr")), None)
    under = list(below.iterchildren(_w("tc")))[column:column + 1] if below is not None else []
    for candidate in [*cell.itersiblings(_w("tc")), *under]:
        paragraphs = [p for p in candidate.iter(_w("p")) if paragraph_texts(p)[0].strip()]
        text = _squeeze(norm_label("".join(paragraph_texts(p)[0] for p in paragraphs)))
        if text and text in squeezed:
            return paragraphs[-1]
    return label


def _labels(pack: Optional[Pack], rule_id: str) -> list[str]:
    rule = pack.rule(rule_id) if pack else None
    if rule is None or pack is None:
        return []
    labels: list[str] = []
    for name in rule_inputs(rule):
        if name in pack.fields:
            labels += pack.fields[name].labels
        elif name in pack.lists:
            labels += pack.lists[name].labels
    return labels


def _anchor(places: _Places, result: RuleResult, labels: list[str]) -> tuple[Optional[Any], Optional[Any]]:
    """Where a result's comment starts and ends: the reader's location, else the paragraph quoting the evidence,
    else the field's label (the labels the evidence names first) through the cell holding the value."""
    located = places.at(result.evidence.location) if result.evidence.location else []
    located = [p for p in located if paragraph_texts(p)[0].strip()]
    if located:
        return located[0], located[-1]
    if result.evidence.text:
        quoted = _text_place(places, result.evidence.text)
        if quoted is not None:
            return quoted, quoted
    evidence = norm_label(result.evidence.text)
    ordered = sorted(labels, key=lambda a: norm_label(a.split("›")[-1]) not in evidence)
    label = _label_place(places, ordered) if ordered else None
    if label is None:
        return None, None
    return label, _value_cell_end(label, result.evidence.text) if result.evidence.text else label


def annotate_docx(source: Path, report: Report, out: Path, pack: Optional[Pack] = None) -> tuple[Path, int]:
    """Write `source` with one comment per failing or missing result to `out`; returns the path and the count."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(source))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DraftError("只能为 Word 文档（.docx，或可转换为 .docx 的文件）添加批注。") from exc
    places = _Places(document)
    first = next((p for p in places.paragraphs if _runs(p, document)), None)
    count = 0
    for result in [r for r in report.results if r.status in ANNOTATED]:
        start, end = _anchor(places, result, _labels(pack, result.rule_id))
        runs = _runs(start, document) + (_runs(end, document) if end is not start else []) if start is not None else []
        placed = bool(runs)
        if not placed:
            runs = _runs(first, document) if first is not None else []
        if not runs:  # a document without any text: nothing to anchor a comment to
            continue
        document.add_comment([runs[0], runs[-1]], text=comment_text(result, placed), author=AUTHOR, initials=INITIALS)
        count += 1
    try:
        document.save(str(out))
    except OSError as exc:
        raise DraftError(f"无法写入批注文件：{out}（{exc.strerror}）") from exc
    return out, count


def annotate_file(draft: Path, report: Report, out: Path, pack: Optional[Pack] = None,
                  name: Optional[str] = None) -> tuple[Path, int]:
    """The draft (a .docx, or a .doc/.wps/.odt/.rtf through LibreOffice) with its comments, written to `out`."""
    name = name or draft.name
    if Path(name).suffix.lower() not in (".docx", *CONVERTED_SUFFIXES):
        raise InputError(f"只能为 Word 文档（.docx、.doc、.wps、.odt、.rtf）添加批注：{name}")
    if needs_conversion(draft, name):
        with converted_docx(draft, name) as converted:
            return annotate_docx(converted, report, out, pack)
    return annotate_docx(draft, report, out, pack)
