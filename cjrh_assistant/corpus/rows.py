"""A table record stated in words: “泉州现代物流业产教联合体：推荐地市为泉州，依托园区为丰泽经济开发区”, not the
header/value run “序号 12 联合体名称 泉州现代物流业产教联合体 推荐地市 泉州 依托园区 丰泽经济开发区” it is indexed as.

The parser (corpus/parsing.py) writes each record as “header value” pairs and puts the table's header row, joined by
“｜”, in a form passage of the same clause just before the records; the headers are read back from there.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..models import Passage

TableKey = tuple[str, str]  # (document, clause path) of a table's passages
# A column that only numbers the rows says nothing about the record.
ROW_NUMBER = re.compile(r"序号|编号|序")
# A value short enough to read as “header为value”; a longer one (a sentence) follows a colon.
_SHORT_VALUE = 16


def table_headers(passages: Iterable[Passage]) -> dict[TableKey, tuple[str, ...]]:
    """The header row of every table whose records are passages: the form passage that precedes them."""
    headers: dict[TableKey, tuple[str, ...]] = {}
    last_form: Optional[Passage] = None
    for p in passages:
        if p.kind == "form":
            last_form = p
        elif p.kind == "table_row" and last_form is not None and "｜" in last_form.text \
                and (last_form.doc_id, last_form.clause) == (p.doc_id, p.clause):
            headers[(p.doc_id, p.clause)] = tuple(h.strip() for h in last_form.text.split("｜"))
    return headers


def row_in_words(text: str, headers: tuple[str, ...]) -> Optional[str]:
    """The record with its row number dropped, led by its first value and the others as “header为value”; None
    when the text is not a record of these headers (a row of another width is written without them)."""
    cells = _cells(text.strip(), headers)
    if cells is None:
        return None
    cells = [(h, v) for h, v in cells if not (ROW_NUMBER.fullmatch(h) and v.isdigit())]
    if len(cells) < 2:
        return None
    (_, lead), rest = cells[0], cells[1:]
    said = "，".join(f"{h}为{v}" if len(v) <= _SHORT_VALUE and not re.search(r"[。；;]", v) else f"{h}：{v}"
                    for h, v in rest)
    return f"{lead}：{said}"


def _cells(text: str, headers: tuple[str, ...]) -> Optional[list[tuple[str, str]]]:
    """Split “h1 v1 h2 v2 …” (empty cells left out) back into pairs, the headers in their order."""
    found: list[tuple[str, int, int]] = []  # header, where it starts, where its value starts
    pos = 0
    for h in headers:
        if not h:
            continue
        m = re.compile(rf"(?:^| ){re.escape(h)} ").search(text, pos)
        if m is None:
            continue
        start = m.start() + (m.group().startswith(" "))
        found.append((h, start, m.end()))
        pos = m.end()
    if not found or found[0][1] != 0:
        return None
    pairs = []
    for k, (h, _, value_start) in enumerate(found):
        value_end = found[k + 1][1] - 1 if k + 1 < len(found) else len(text)
        value = text[value_start:value_end].strip()
        if not value:
            return None
        pairs.append((h, value))
    return pairs
