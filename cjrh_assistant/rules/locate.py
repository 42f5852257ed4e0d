"""Find a form's fields, sections and lists in a read draft, by their labels, wherever the layout put them.

Label/value cells side by side or stacked, “字段：值” lines, JSON/YAML keys, headed sections, header-row
tables inside a bigger form table: the reader keeps the layout as it is, and this module looks for labels,
never for positions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from ..models import Draft, DraftTable
from .numbers import read_number
from .schema import ListSpec

_DROP = re.compile(r"[\s“”\"'‘’「」『』*＊:：]")
_PARENS = re.compile(r"[（(][^（()）]*[)）]")
# (?<!\d): a digit run is tried from its first digit only; from every digit it was quadratic in the run's length
# (a 20,000-digit value took 30 s).
_LIMIT_NOTE = re.compile(r"[,，;；]?(?:不超过|限)?(?<!\d)\d+字(?:以内|以下)?$")
# A line that opens a new part of a form: 一、 / （一） / 1. / ① / 3.特色与创新
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)|[①-⑳]|#+\s)")
# The form's own length hint over a box to write in: “(2000字以内)”, “（不超过200字）”. Not part of what was written.
_LIMIT_HINT = re.compile(r"^\s*[（(]\s*(?:字数)?\s*(?:不超过|不多于|不得超过|限|限于|控制在)?\s*\d+\s*字"
                         r"(?:以内|以下|之内)?\s*[)）]\s*")
# A count word a label may end with, left out when staff name the thing counted (双师型教师 for 双师型教师数).
_COUNT_SUFFIX = re.compile(r"(?:届数|人数|数量|总数|数)$")
# Items of a list written in one line: 跨境电子商务（在校生120人）、现代物流管理（在校生150人）
_ITEM_SPLIT = re.compile(r"[、，,；;/／\n]+")
_ITEM_NOTE = re.compile(r"^(.*?)\s*[（(]([^（()）]*)[)）]\s*$")
_CODE_NOTE = re.compile(r"[0-9A-Za-z]+")
# A number with a counting word (家, 门, 个 …): a line that states how many, not what
_COUNTED = re.compile(r"[\d０-９零〇一二两三四五六七八九十百千]+\s*[余多]?\s*[家门个项名人所届]")
# “无”, “没有”, “0”: a list or a count stated to be empty is zero, not missing. (“暂无” stays unread: it may mean
# “no figure yet” as well as “none yet”.)
NONE_WORDS = {"无", "没有", "零", "0"}


SCOPE = "›"


def norm_label(text: str) -> str:
    """Label as compared: NFKC, no spaces, quotes, colons, parenthesised notes (“（不超过200字）”, “(%)”) or
    trailing length notes (“，300字以内”)."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _PARENS.sub("", text)
    text = _LIMIT_NOTE.sub("", _DROP.sub("", text))
    return text.lower()


def strip_numbering(text: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)]|\d+[.、](?!\d)|[①-⑳])", "",
                  norm_label(text))


@dataclass(frozen=True)
class Found:
    value: object
    location: str
    text: str  # the label and value as they appear, for the report's evidence


@dataclass(frozen=True)
class FoundList:
    rows: list[dict[str, str]]
    location: str
    stated: Optional[str] = None  # a count written instead of the list (“合作企业数量：十一家”); rows are then empty


def _matches(cell: str, aliases: list[str]) -> bool:
    label = strip_numbering(cell)
    return bool(label) and any(label == a or (label.startswith(a) and len(label) - len(a) <= 2) or
                               _variant(label, a) for a in aliases)


def _variant(label: str, alias: str) -> bool:
    """A label as staff write it: the pack's alias, its count word left out or not (双师型教师 for 双师型教师数), with
    at most two characters written into it (核心专业已有毕业生 for 核心专业毕业生届数). First and last characters must
    agree, so 对口就业率 is never 就业率 and 双师型教师占比 never 双师型教师数."""
    for core in {alias, _COUNT_SUFFIX.sub("", alias)}:
        if len(core) < 3 or not 0 <= len(label) - len(core) <= 2 or label[0] != core[0] or label[-1] != core[-1]:
            continue
        rest = iter(label)
        if all(ch in rest for ch in core):  # the alias's characters in order, with the additions between them
            return True
    return False


def strip_limit_hint(text: str) -> str:
    """A section's text without the form's hint “(2000字以内)” opening it or standing on lines of its own."""
    lines = [_LIMIT_HINT.sub("", line, count=1) for line in str(text).split("\n")]
    return "\n".join(line for line in lines if line.strip())


def is_limit_hint(text: str) -> bool:
    return bool(text.strip()) and not strip_limit_hint(text).strip()


def _norm_aliases(labels: Iterable[str]) -> list[str]:
    return [norm_label(a) for a in labels]


def _inline_value(cell: str, aliases: list[str]) -> Optional[str]:
    """“专任教师总数：50” in one cell or one line: the value after the colon; or, as on a form's cover page,
    after a gap of spaces (“联 合 体 名 称      泉州陶瓷工艺产教联合体”)."""
    for separator in (r"[：:]", r"\s{2,}|\u3000+"):
        parts = re.split(separator, cell.strip(), maxsplit=1)
        if len(parts) == 2 and parts[1].strip() and _matches(parts[0], aliases):
            return parts[1].strip()
    return None


def _table_name(table: DraftTable) -> str:
    return table.caption or table.location


class Scoped:
    """A field's labels, some of them valid only under a part of the form (“核心专业›专业名称”)."""

    def __init__(self, labels: list[str]) -> None:
        self.plain = [norm_label(a) for a in labels if SCOPE not in a]
        self.scoped = [(norm_label(a.split(SCOPE)[0]), norm_label(a.split(SCOPE)[1])) for a in labels if SCOPE in a]

    def under(self, context: str) -> list[str]:
        where = norm_label(context)
        return self.plain + [label for scope, label in self.scoped if scope and scope in where]


class Locator:
    """Looks up labels in one draft. `known_labels` are every label of the pack: a cell that is itself a
    label is never taken as another label's value."""

    def __init__(self, draft: Draft, known_labels: Iterable[str], list_columns: Iterable[str] = ()) -> None:
        self.draft = draft
        self.list_columns = set(_norm_aliases(list_columns))
        self.known = set(_norm_aliases(a.split(SCOPE)[-1] for a in known_labels)) | self.list_columns

    def _is_label(self, cell: str) -> bool:
        label = strip_numbering(cell)
        return bool(label) and label in self.known

    # ---- single values -------------------------------------------------------------------------------
    def field(self, labels: list[str]) -> Optional[Found]:
        found = self.fields(labels)
        return found[0] if found else None

    def fields(self, labels: list[str], every_cell: bool = False) -> list[Found]:
        """Every value the draft gives for these labels, in reading order: entries, lines, table cells.
        With `every_cell`, a label followed by several value cells (one per year) yields each of them.
        A label written “核心专业›专业名称” only counts under a title, heading or key naming 核心专业."""
        scoped = Scoped(labels)
        out: list[Found] = []
        for e in self.draft.entries:
            if _matches(e.label, scoped.under(e.location)) and e.value not in (None, ""):
                out.append(Found(e.value, e.location, f"{e.label}：{e.value}"))
        heading = ""
        for p in self.draft.paragraphs:
            value = _inline_value(p.text, scoped.under(heading))
            if value is not None:
                out.append(Found(value, p.location, p.text.strip()))
            elif p.heading or len(p.text) <= 40:
                heading = p.text
        for table in self.draft.tables:
            out.extend(self._in_table(table, scoped, every_cell))
        return out

    def _in_table(self, table: DraftTable, scoped: "Scoped", every_cell: bool) -> list[Found]:
        out = []
        title = table.caption
        width = max((len(row) for row in table.rows), default=0)
        head = 0  # the first row of the current part of the form: its column headings, if it has any
        for r, row in enumerate(table.rows):
            if self._is_list_header(row) and not self._names_fields(row, scoped.under(title)):
                continue  # “专业名称 / 在校生数” heading a list name its rows, not one value
            if width > 1 and len(set(row)) == 1 and row[0].strip():
                title = row[0]  # a merged title row (“1.核心专业”) opens a part of the form
                head = r + 1
                continue
            aliases = scoped.under(title)
            for c, cell in enumerate(row):
                where = f"{_table_name(table)} / 第{r + 1}行"
                inline = _inline_value(cell, aliases)
                if inline is not None:
                    out.append(Found(inline, where, cell.strip()))
                    continue
                if not _matches(cell, aliases):
                    continue
                values: list[str] = []
                columns: list[int] = []
                if not self._is_label_row(row):
                    for j, v in ((j, v) for j, v in enumerate(row) if j > c and v.strip()):
                        if self._is_label(v):
                            break
                        values.append(v)
                        columns.append(j)
                        if not every_cell:
                            break
                if len(values) > 1:  # one cell a year: each value is named by its column's heading (“2023年栏”)
                    for j, v in zip(columns, values):
                        out.append(Found(v.strip(), where + self._column_name(table, head, r, j), f"{cell.strip()} {v.strip()}"))
                    continue
                if not values and every_cell and self._is_label_row(row):
                    out.extend(self._column_below(table, r, c))  # a 汇总表: one value a row, one row a school
                    continue
                if not values:  # stacked layout: the value sits under its label (under the form's hint, if any)
                    k = r + 1
                    while k < len(table.rows) and c < len(table.rows[k]) and is_limit_hint(table.rows[k][c]):
                        k += 1
                    below = table.rows[k][c] if k < len(table.rows) and c < len(table.rows[k]) else ""
                    heading_below = _single_cell(table.rows[k]) == below and bool(_HEADING.match(below)) \
                        if k < len(table.rows) else False  # the next part's heading is no value
                    if below.strip() and not self._is_label(below) and not heading_below:
                        values = [below]
                        where = f"{_table_name(table)} / 第{k + 1}行"
                for v in values:
                    out.append(Found(v.strip(), where, f"{cell.strip()} {v.strip()}"))
        return out

    def _column_name(self, table: DraftTable, head: int, row: int, column: int) -> str:
        """“（2023年栏）”: the heading of a value's column, from the first row of its part of the form, when that row is
        above the value's and is a row of headings (项目名称 / 2022年 / 2023年), not a label with its values."""
        if head >= row or column >= len(table.rows[head]) or self._is_label(table.rows[head][0]):
            return ""
        heading = table.rows[head][column].strip()
        return f"（{heading}栏）" if heading and not is_limit_hint(heading) else ""

    def _column_below(self, table: DraftTable, header: int, column: int) -> list[Found]:
        """Every data row's cell under a header label, empty ones included (a school that left its summary blank
        is told so); the location names the row by its first cell that is not a serial number (the school)."""
        out = []
        for r in range(header + 1, len(table.rows)):
            row = table.rows[r]
            if self._is_label_row(row) or self._is_list_header(row) or (len(row) > 1 and len(set(row)) == 1):
                break
            value = row[column].strip() if column < len(row) else ""
            if value and self._is_label(value):
                break
            name = next((cell.strip() for k, cell in enumerate(row)
                         if k != column and cell.strip() and not cell.strip().isdigit()), "")
            if not name and not value:
                continue
            where = f"{_table_name(table)} / 第{r + 1}行" + (f"（{name[:30]}）" if name else "")
            out.append(Found(value, where, value[:60]))
        return out

    def _names_fields(self, row: list[str], aliases: list[str]) -> bool:
        """A 序号-headed row whose labels are the form's own fields, not list columns (a 汇总表: 序号, 学校, …)."""
        return any(_matches(cell, aliases) and strip_numbering(cell) not in self.list_columns for cell in row)

    def _is_list_header(self, row: list[str]) -> bool:
        cells = [strip_numbering(c) for c in row if c.strip()]
        return bool(cells) and (cells[0] == "序号" or sum(c in self.list_columns for c in cells) >= 2)

    def _is_label_row(self, row: list[str]) -> bool:
        """A row of labels whose values are in the row below (stacked layout): most of its cells are labels."""
        filled = [c for c in row if c.strip()]
        return len(filled) >= 2 and sum(self._is_label(c) for c in filled) * 2 > len(filled)

    # ---- sections (long text under a heading or in a labelled cell) ---------------------------------
    def sections(self, labels: list[str]) -> list[Found]:
        """Each place the section's text is written, the form's hint “(2000字以内)” left out. A section whose label is
        there but whose text is not comes back with an empty value: the engine reports it 未填写, never 0字."""
        found = self.fields(labels, every_cell=True)
        if not found:
            found = self._headed_sections(_norm_aliases(labels))
        return [Found(strip_limit_hint(str(f.value)), f.location, f.text) for f in found]

    def _headed_sections(self, aliases: list[str]) -> list[Found]:
        """A heading (“3.特色与创新”) over its body: the paragraphs after it, and any box table between it and the next
        heading (the official form's one-column box: first row the hint, second row the text)."""
        paras = self.draft.paragraphs
        for i, p in enumerate(paras):
            if not _matches(p.text, aliases) or len(norm_label(p.text)) > 60:
                continue
            end = i + 1
            while end < len(paras) and not (paras[end].heading or _HEADING.match(paras[end].text) or
                                            self._is_label(paras[end].text)):
                end += 1
            parts: list[tuple[int, str]] = [(k, paras[k].text) for k in range(i + 1, end)]
            for table in self.draft.tables:
                if table.position is not None and i + 1 <= table.position <= end and _is_box(table):
                    parts.append((table.position - 1, "\n".join(_box_cells(table))))  # before paragraph `position`
            parts.sort(key=lambda part: part[0])
            return [Found("\n".join(text for _, text in parts), p.location, p.text.strip())]
        for table in self.draft.tables:  # the heading as a full-width row of a table, the box in the rows under it
            for r, row in enumerate(table.rows):
                title = _single_cell(row)
                if title is None or not _matches(title, aliases) or len(norm_label(title)) > 60:
                    continue
                body = []
                for below in table.rows[r + 1:]:
                    cell = _single_cell(below)
                    if cell is None or _HEADING.match(cell) or self._is_label(cell):
                        break
                    if not is_limit_hint(cell):
                        body.append(cell)
                return [Found("\n".join(body), f"{_table_name(table)} / 第{r + 1}行", title.strip())]
        return []

    # ---- header-row lists ------------------------------------------------------------------------------
    def list_rows(self, spec: ListSpec) -> Optional[FoundList]:
        """Rows of a header-row table: JSON/YAML lists of records, or a table whose header row names the
        list's columns (anywhere in the table: the 申报表 puts several lists in one big table)."""
        aliases = _norm_aliases(spec.labels)
        columns = {name: _norm_aliases(labels) for name, labels in spec.columns.items()}
        key = next(iter(columns))
        for e in self.draft.entries:
            if _matches(e.label, aliases) and isinstance(e.value, list):
                rows = []
                for item in e.value:
                    if isinstance(item, dict):
                        rows.append({name: str(next((v for k, v in item.items() if _matches(str(k), labels)), "")
                                               or "") for name, labels in columns.items()})
                    elif item not in (None, ""):
                        rows.append({key: str(item)})
                return FoundList([r for r in rows if r.get(key, "").strip()], e.location)
        for table in self.draft.tables:
            for r, row in enumerate(table.rows):
                index = {name: next((c for c, cell in enumerate(row) if _matches(cell, labels)), None)
                         for name, labels in columns.items()}
                if index[key] is None or sum(v is not None for v in index.values()) < min(2, len(columns)):
                    continue
                if not self._list_title_fits(table, r, aliases):
                    continue
                rows = []
                for data in table.rows[r + 1:]:
                    if len(set(data)) == 1 or any(self._is_label(cell) for cell in data):
                        break  # a merged title row or the next labelled part of the form
                    rec = {name: (data[c].strip() if c is not None and c < len(data) else "")
                           for name, c in index.items()}
                    if rec[key]:
                        rows.append(rec)
                return FoundList(rows, f"{_table_name(table)} / 第{r + 1}行起")
        return self._written_list(spec, columns)

    def _written_list(self, spec: ListSpec, columns: dict[str, list[str]]) -> Optional[FoundList]:
        """A list written in one line under its label (“校企共建课程：网店运营（甲公司）；直播营销（乙公司）”), or a count
        given instead of it (“合作企业数量：十一家”, “无”)."""
        for found in self.fields(spec.labels):
            if isinstance(found.value, (list, dict)):
                continue
            value = str(found.value).strip()
            if unicodedata.normalize("NFKC", value) in NONE_WORDS:
                return FoundList([], found.location, stated="0")
            items = split_items(value)
            if len(items) == 1 and (read_number(value, "count") is not None or _COUNTED.search(value)):
                # a count, readable or not (“十一家”, “与十余家企业合作”): never a list of one item
                return FoundList([], found.location, stated=value)
            return FoundList([_item_record(item, columns) for item in items], found.location)
        return None

    def _list_title_fits(self, table: DraftTable, header_row: int, aliases: list[str]) -> bool:
        """Two lists may share column names (专业名称): the caption or the title row above decides."""
        title_cells = table.rows[header_row - 1] if header_row > 0 else []
        titles = [table.caption, *title_cells]
        named = [t for t in titles if t.strip()]
        if not named:
            return True
        return any(_matches(t, aliases) or any(a in norm_label(t) for a in aliases) for t in named) or \
            not any(self._is_label(t) for t in named)


def split_items(text: str) -> list[str]:
    """Items of a list written in one line, split at 、，；/ and line breaks outside brackets (“网店运营推广（电子商务、
    跨境电子商务）” is one item)."""
    items, depth, current = [], 0, ""
    for ch in text:
        if ch in "（(【[":
            depth += 1
        elif ch in "）)】]":
            depth = max(depth - 1, 0)
        if depth == 0 and _ITEM_SPLIT.fullmatch(ch):
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _is_box(table: DraftTable) -> bool:
    """A table that is one box to write in: every row a single cell (or one cell merged across the row)."""
    return bool(table.rows) and all(len({c for c in row if c.strip()}) <= 1 for row in table.rows)


def _single_cell(row: list[str]) -> Optional[str]:
    """The text of a row that is one cell across the table (or one cell merged across it); None for a row of several
    cells. An empty row is an empty cell."""
    filled = {c for c in row if c.strip()}
    return next(iter(filled)) if len(filled) == 1 else "" if not filled else None


def _box_cells(table: DraftTable) -> list[str]:
    """The box's rows, each once, without the rows that only hold the form's length hint."""
    cells = [next((c for c in row if c.strip()), "") for row in table.rows]
    return [c for c in cells if c.strip() and not is_limit_hint(c)]


def _item_record(item: str, columns: dict[str, list[str]]) -> dict[str, str]:
    """One item of a list written in a line: the name, and what its brackets say in the column they name
    (“跨境电子商务（在校生120人）” -> 专业名称 跨境电子商务, 在校生数 120人); a bracketed code stays with the name."""
    names = list(columns)
    record = {name: "" for name in names}
    m = _ITEM_NOTE.match(item)
    main, note = (m.group(1).strip(), m.group(2).strip()) if m else (item, "")
    if not note or _CODE_NOTE.fullmatch(note) or not main:
        main, note = item, ""
    record[names[0]] = main
    if note and len(names) > 1:
        stripped = {name: _after_label(note, columns[name]) for name in names[1:]}
        target = next((name for name in names[1:] if stripped[name] != note), names[1])
        record[target] = stripped[target]
    return record


def _after_label(note: str, labels: list[str]) -> str:
    """“在校生120人” -> “120人”: the note without the column's own label (or its stem without the count word)."""
    for label in sorted(_norm_aliases(labels), key=len, reverse=True):
        for stem in (label, _COUNT_SUFFIX.sub("", label)):
            if len(stem) >= 2 and note.startswith(stem):
                return note[len(stem):].lstrip("：:").strip()
    return note
