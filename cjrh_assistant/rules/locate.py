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
from .schema import ListSpec

_DROP = re.compile(r"[\s“”\"'‘’「」『』*＊:：]")
_PARENS = re.compile(r"[（(][^（()）]*[)）]")
# (?<!\d): a digit run is tried from its first digit only; from every digit it was quadratic in the run's length
# (a 20,000-digit value took 30 s).
_LIMIT_NOTE = re.compile(r"[,，;；]?(?:不超过|限)?(?<!\d)\d+字(?:以内|以下)?$")
# A line that opens a new part of a form: 一、 / （一） / 1. / ① / 3.特色与创新
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)|[①-⑳]|#+\s)")


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


def _matches(cell: str, aliases: list[str]) -> bool:
    label = strip_numbering(cell)
    return bool(label) and any(label == a or (label.startswith(a) and len(label) - len(a) <= 2) for a in aliases)


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
        for r, row in enumerate(table.rows):
            if self._is_list_header(row):  # “专业名称 / 在校生数” heading a list name its rows, not one value
                continue
            if width > 1 and len(set(row)) == 1 and row[0].strip():
                title = row[0]  # a merged title row (“1.核心专业”) opens a part of the form
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
                if not self._is_label_row(row):
                    for v in (v for v in row[c + 1:] if v.strip()):
                        if self._is_label(v):
                            break
                        values.append(v)
                        if not every_cell:
                            break
                if not values:  # stacked layout: the value sits under its label
                    below = table.rows[r + 1][c] if r + 1 < len(table.rows) and c < len(table.rows[r + 1]) else ""
                    if below.strip() and not self._is_label(below):
                        values = [below]
                        where = f"{_table_name(table)} / 第{r + 2}行"
                for v in values:
                    out.append(Found(v.strip(), where, f"{cell.strip()} {v.strip()}"))
        return out

    def _is_list_header(self, row: list[str]) -> bool:
        cells = [strip_numbering(c) for c in row if c.strip()]
        return bool(cells) and (cells[0] == "序号" or sum(c in self.list_columns for c in cells) >= 2)

    def _is_label_row(self, row: list[str]) -> bool:
        """A row of labels whose values are in the row below (stacked layout): most of its cells are labels."""
        filled = [c for c in row if c.strip()]
        return len(filled) >= 2 and sum(self._is_label(c) for c in filled) * 2 > len(filled)

    # ---- sections (long text under a heading or in a labelled cell) ---------------------------------
    def sections(self, labels: list[str]) -> list[Found]:
        found = self.fields(labels, every_cell=True)
        if found:
            return found
        aliases = _norm_aliases(labels)
        paras = self.draft.paragraphs
        for i, p in enumerate(paras):
            if not _matches(p.text, aliases) or len(norm_label(p.text)) > 60:
                continue
            body = []
            for q in paras[i + 1:]:
                if q.heading or _HEADING.match(q.text) or self._is_label(q.text):
                    break
                body.append(q.text)
            return [Found("\n".join(body), p.location, p.text.strip())]
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
