"""Parse a flattened policy document into passages by its structure, not by size.

Input text follows the corpus convention: a table row is a run of lines that start with a TAB (one line a
cell) and a blank line ends the row. Headings (附件N, 一、, （一）, 1., ①, 第X条) give every passage its clause
path; table rows become records that name their table and columns; conversion chrome is dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..models import Passage
from ..textnorm import fold_width, join_spaced_cjk

MAX_PASSAGE_CHARS = 300
_TITLE_MAX = 40

# (level, pattern) — lower level is higher in the hierarchy.
_HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(r"^附件\s*\d+\s*$")),
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
]

# Lines that are web-page or conversion chrome, not document content.
_CHROME_LINES = {"扫一扫在手机上查看当前页面", "附件下载", "相关解读", "文字解读", "图片解读", "视频解读", "访谈解读", "媒体报道"}
_INLINE_CHROME = [
    re.compile(r"\[bookmark:[^\]]*\]"),
    re.compile(r"\[footnoteRef:\d+\]"),
    re.compile(r"\[\d+:\s*"),  # opening of an inlined footnote body; its text is kept
]
_MD_RULE = re.compile(r"^[\s|:-]+$")
_PIPES = re.compile(r"\s*\|+\s*")
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


def without_markers(text: str) -> str:
    """The text without the converter's bookmark and footnote markers ([bookmark: _GoBack], [footnoteRef:0]), for
    showing a document whole."""
    for pattern in _INLINE_CHROME[:2]:
        text = pattern.sub("", text)
    return text


def clean_line(line: str) -> str:
    """Remove conversion chrome from one line; returns '' for a line that is chrome only."""
    text = line.strip()
    if text in _CHROME_LINES or (text and _MD_RULE.match(text) and "|" in text):
        return ""
    for pattern in _INLINE_CHROME:
        text = pattern.sub("", text)
    if "|" in text:
        text = _PIPES.sub(" ", text).strip()
    if text.endswith("]") and "[" not in text:  # the closing bracket of an inlined footnote
        text = text[:-1].rstrip()
    return text.lstrip("•").strip()


def heading_level(text: str) -> int | None:
    folded = fold_width(text)
    for level, pattern in _HEADINGS:
        if pattern.match(folded):
            return level
    return None


_OPEN, _CLOSE = "（(《“[", "）)》”]"


def _first_stop(text: str, stops: str) -> int:
    """Index of the first stop character outside brackets and quotes, or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in stops:
            return i
    return -1


def heading_title(text: str) -> tuple[str, bool]:
    """The heading's own title, and whether the line carries body text after it."""
    cut = _first_stop(text[: _TITLE_MAX + 1], "。：:")
    if cut > 0:
        return text[:cut], bool(text[cut + 1 :].strip())
    if len(text) <= _TITLE_MAX:
        return text.rstrip("。"), False
    return text[:20] + "…", True


def as_heading(text: str) -> tuple[int, str, bool] | None:
    """(level, title, has_body) when the line opens a clause; None for a plain paragraph.

    A 一、/（一） item whose title reads as a sentence (it has a comma) is a list item, not a section: the
    说明 of a form numbers its notes that way, and treating them as sections would misfile the form below.
    """
    level = heading_level(text)
    if level is None:
        return None
    title, has_body = heading_title(text)
    comma = _first_stop(title, "，,")
    if comma > 0:
        if level <= 2:
            return None
        title = title[:comma]
    return level, title, has_body


@dataclass
class _Line:
    text: str  # cleaned
    start: int
    end: int
    is_cell: bool
    blank: bool


@dataclass
class _Table:
    rows: list[list[str]]
    start: int
    end: int


@dataclass
class _Builder:
    doc_id: str
    doc_title: str
    context: str = ""  # the title of the current 附件, searchable but not part of the clause path
    passages: list[Passage] = field(default_factory=list)
    _seen: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, path: list[str], text: str, start: int, end: int) -> None:
        text = text.strip()
        if not text:
            return
        # The id hashes everything that is embedded, so a change to any of it re-embeds the passage.
        key = hashlib.sha1(
            f"{self.doc_id}|{self.doc_title}|{self.context}|{'/'.join(path)}|{text}".encode()).hexdigest()[:16]
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        pid = f"{self.doc_id}:{key}" + (f"-{n}" if n > 1 else "")
        self.passages.append(
            Passage(id=pid, doc_id=self.doc_id, doc_title=self.doc_title, clause_path=list(path),
                    context=self.context, kind=kind, text=text, start=start, end=end)
        )


def _split_lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        is_cell = raw.lstrip(" \u3000").startswith("\t")
        cleaned = clean_line(raw)
        lines.append(_Line(cleaned, pos, end, is_cell, blank=not cleaned))
        pos = end + 1
    return lines


def _read_table(lines: list[_Line], i: int) -> tuple[_Table, int]:
    """Read table rows from line i; returns the table and the index of the first line after it."""
    rows: list[list[str]] = []
    row: list[str] = []
    start, end, n = lines[i].start, lines[i].end, len(lines)
    while i < n:
        line = lines[i]
        if line.is_cell:
            row.append(line.text)
            end = line.end
            i += 1
            continue
        if line.blank:
            if row:
                rows.append(row)
                row = []
            j = i
            while j < n and lines[j].blank and not lines[j].is_cell:
                j += 1
            if j >= n:
                break
            if lines[j].is_cell:
                i = j
                continue
            # A lone text line between blank-separated cells is the rest of a cell that wrapped in the source.
            after = j + 1
            resumes = after < n and (
                lines[after].is_cell or (lines[after].blank and after + 1 < n and lines[after + 1].is_cell)
            )
            if j - i == 1 and rows and resumes:
                row = rows.pop()
                row[-1] += lines[j].text
                end = lines[j].end
                i = j + 1
                continue
            break
        # Text right under a cell, with no blank line between, continues that cell.
        if row:
            row[-1] += line.text
            end = line.end
            i += 1
            continue
        break
    if row:
        rows.append(row)
    return _Table(rows, start, end), i


_CAPTION_WORDS = ("表", "目录", "名单", "清单", "指标", "一览")
_NOT_CAPTION = re.compile(r"^[\s年月日]*$|盖章|签字|公章|。$")
_CIRCLED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")
# Cells of a blank form that only hold a unit or a length instruction.
_PLACEHOLDER = re.compile(r"^([（(]?(不超过\d+字|\d+字以内)[）)]?|个|人|人次|人月|人日|课时数|㎡|％|%)$")


def _caption(candidates: list[str]) -> str | None:
    """The line above a table that names it: one that says 表/目录/名单…, else the nearest line."""
    usable = [c for c in candidates if len(c) <= _TITLE_MAX and not _NOT_CAPTION.search(c) and as_heading(c) is None]
    named = [c for c in usable if any(w in c for w in _CAPTION_WORDS)]
    if named:
        return named[-1]
    return usable[-1] if usable else None


def _is_header_row(row: list[str]) -> bool:
    return len(row) >= 2 and all(0 < len(c) <= 25 for c in row)


def _segments(rows: list[list[str]], caption: str | None) -> list[tuple[str | None, list[list[str]]]]:
    """Split a run of rows at one-cell caption rows (①合作企业名单, ③…工作成效): the converter glued those tables."""
    if all(len(r) == 1 for r in rows):  # a list laid out as a table, not glued tables
        return [(caption, rows)]
    out: list[tuple[str | None, list[list[str]]]] = []
    current: list[list[str]] = []
    for row in rows:
        text = row[0] if len(row) == 1 else ""
        if text and (_CIRCLED.match(text) or (len(text) <= 20 and text[0] not in "（(")):
            if current or out or caption:
                out.append((caption, current))
            caption, current = text, []
            continue
        current.append(row)
    out.append((caption, current))
    return [(c, r) for c, r in out if r or c]


def _table_passages(b: _Builder, table: _Table, path: list[str], caption: str | None) -> int:
    """Add the table's passages; returns how many were added."""
    before = len(b.passages)
    rows = [r for r in table.rows if any(c for c in r)]
    for seg_caption, seg_rows in _segments(rows, caption):
        tpath = path + [seg_caption] if seg_caption and (not path or seg_caption != path[-1]) else list(path)
        if not seg_rows:
            b.add("heading", tpath, seg_caption or "", table.start, table.end)
            continue
        _segment_passages(b, seg_rows, tpath, table)
    return len(b.passages) - before


def _filled_columns(header: list[str], data: list[list[str]]) -> int:
    """Columns that hold real values (not units or length notes) in at least a quarter of the rows."""
    rows = [r for r in data if len(r) == len(header)]
    count = 0
    for k in range(len(header)):
        real = sum(1 for r in rows if r[k] and not _PLACEHOLDER.match(r[k]))
        count += real >= max(1, 0.25 * len(rows))
    return count


def _segment_passages(b: _Builder, rows: list[list[str]], tpath: list[str], table: _Table) -> None:
    header, data = rows[0], rows[1:]
    same_width = [r for r in data if len(r) == len(header)]
    if _is_header_row(header) and data and len(same_width) >= 0.6 * len(data):
        records = _records(header, data) if _filled_columns(header, data) >= 2 else []
        if records:
            # The columns themselves, so “表里要填哪些栏目” finds the table, then one passage per record.
            b.add("form", tpath, "｜".join(header), table.start, table.end)
            for text in records:
                b.add("table_row", tpath, text, table.start, table.end)
            return
        if not any(any(c for c in r[1:]) for r in same_width):
            # A blank form with a header row: what matters is which columns it asks for.
            b.add("form", tpath, "｜".join(header), table.start, table.end)
            return
    _add_chunked(b, "form", tpath, [" ".join(c for c in r if c) for r in rows], table.start, table.end)


def _records(header: list[str], data: list[list[str]]) -> list[str]:
    """One text per filled data row, with merged (empty) leading cells filled down from the row above."""
    out, previous = [], [""] * len(header)
    for row in data:
        if len(row) != len(header):
            text = " ".join(c for c in row if c)
            if text:
                out.append(text)
            continue
        first = next((k for k, c in enumerate(row) if c), len(row))
        if first == len(row) or not any(row[1:]):
            continue  # an unfilled line of a blank form (at most a row number)
        filled = previous[:first] + row[first:]
        previous = filled
        out.append(" ".join(f"{h} {v}" for h, v in zip(header, filled) if v))
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s]


def _add_chunked(b: _Builder, kind: str, path: list[str], paragraphs: list[str], start: int, end: int,
                 sep: str = "\n") -> None:
    """Pack paragraphs into passages of at most MAX_PASSAGE_CHARS, splitting long ones at sentence ends."""
    pieces: list[str] = []
    for para in paragraphs:
        if len(para) <= MAX_PASSAGE_CHARS:
            pieces.append(para)
            continue
        chunk = ""
        for sentence in _sentences(para):
            if chunk and len(chunk) + len(sentence) > MAX_PASSAGE_CHARS:
                pieces.append(chunk)
                chunk = ""
            chunk += sentence
        if chunk:
            pieces.append(chunk)
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) + 1 > MAX_PASSAGE_CHARS:
            b.add(kind, path, current, start, end)
            current = ""
        current = f"{current}{sep}{piece}" if current else piece
    if current:
        b.add(kind, path, current, start, end)


@dataclass
class _Paragraphs:
    """Consecutive paragraphs under one clause path, waiting to be packed into passages."""

    path: list[str]
    texts: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def flush(self, b: _Builder) -> None:
        if self.texts:
            _add_chunked(b, "clause", self.path, self.texts, self.start, self.end)
        self.texts = []


def parse_text(text: str, doc_id: str, doc_title: str) -> list[Passage]:
    """Parse one document's text into passages (offsets refer to `text`)."""
    b = _Builder(doc_id, doc_title)
    lines = _split_lines(text)
    stack: list[tuple[int, str, bool]] = []  # (level, title, has_content)
    pending = _Paragraphs([])
    recent: list[tuple[int, str]] = []  # the last paragraph lines (index, text), for table captions
    annex_title: list[str] | None = None  # lines right under 附件N, while they are being read

    def path() -> list[str]:
        return [title for _, title, _ in stack]

    def mark_content() -> None:
        for k, (lvl, t, _) in enumerate(stack):
            stack[k] = (lvl, t, True)

    def push_heading(level: int, title: str, start: int, end: int) -> None:
        while stack and stack[-1][0] >= level:
            lvl, t, has = stack.pop()
            if not has:  # a heading with nothing under it still belongs to the corpus
                b.add("heading", path() + [t], t, start, end)
        stack.append((level, title, False))

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.is_cell:
            annex_title = None
            pending.flush(b)
            first = i
            table, i = _read_table(lines, i)
            if _table_passages(b, table, path(), _caption([t for k, t in recent if k >= first - 4])):
                mark_content()
            recent = []
            continue
        i += 1
        if line.blank:
            continue
        if _PAGE_NUMBER.match(line.text) and _isolated(lines, i - 1):
            continue
        heading = as_heading(line.text)
        if heading is not None:
            level, title, has_body = heading
            annex_title = [] if level == 0 else None
            pending.flush(b)
            if level == 0:
                b.context = ""
            push_heading(level, title, line.start, line.end)
            if has_body:
                pending = _Paragraphs(path(), [line.text], line.start, line.end)
                mark_content()
            else:
                pending = _Paragraphs(path())
            recent = [(i - 1, line.text)]
            continue
        if annex_title is not None:
            if len(annex_title) < 3 and len(line.text) <= _TITLE_MAX and not re.search("[：:]", line.text):
                annex_title.append(join_spaced_cjk(line.text))
                b.context = "".join(annex_title)
            else:
                annex_title = None
        if pending.path != path():
            pending.flush(b)
            pending = _Paragraphs(path())
        if not pending.texts:
            pending.start = line.start
        pending.texts.append(line.text)
        pending.end = line.end
        mark_content()
        recent = (recent + [(i - 1, line.text)])[-3:]
    pending.flush(b)
    while stack:
        lvl, t, has = stack.pop()
        if not has:
            b.add("heading", path() + [t], t, len(text), len(text))
    return b.passages


def _isolated(lines: list[_Line], k: int) -> bool:
    """A page number stands alone between blank lines."""
    before = k == 0 or lines[k - 1].blank
    after = k + 1 >= len(lines) or lines[k + 1].blank
    return before and after
