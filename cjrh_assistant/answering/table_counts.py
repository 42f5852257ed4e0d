"""How many records of a table a question asks about (“目录里泉州一共有几个联合体？”): counted from the table's rows,
not read from a sentence, because no sentence states the count. Deterministic; the rows themselves are cited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Optional

from ..corpus.rows import ROW_NUMBER, TableKey, row_in_words
from ..models import Citation, Hit, Passage
from .question import QuestionAnalysis

# The general nouns for a list document or a table (目录, 名单, 一览表…): the question must name the table it counts in,
# so that a count asked of the prose (“每年遴选几家”) is never answered with the number of a table's rows.
_TABLE_NOUN = re.compile(r"目录|名单|清单|名录|一览|表")
_COUNT_UNITS = ("个", "家", "所", "项", "条")
_MAX_CITED = 10


@dataclass
class RowCount:
    text: str
    citations: list[Citation]


def count_rows(question: str, analysis: QuestionAnalysis, hits: list[Hit], doc_passages: Mapping[str, list[Passage]],
               headers: Mapping[TableKey, tuple[str, ...]], words: set[str]) -> Optional[RowCount]:
    """The count of the rows of the top-ranked table that hold every question word (`words`) some of its rows hold
    and others do not (泉州 among the 推荐地市), or of all its rows. None unless the question asks a count in a
    measure word of things and names a table its top table-row hit belongs to."""
    if analysis.answer_type != "number" or analysis.unit not in _COUNT_UNITS or not _TABLE_NOUN.search(question):
        return None
    top = next((h.passage for h in hits[:3] if h.passage.kind == "table_row"), None)
    if top is None or (top.doc_id, top.clause) not in headers or not _TABLE_NOUN.search(top.clause):
        return None
    header = headers[(top.doc_id, top.clause)]
    lead = next((h for h in header if h and not ROW_NUMBER.fullmatch(h)), "")
    if not any(w in lead for w in analysis.asked):  # what is counted names the records (联合体 in 联合体名称)
        return None
    rows = [p for p in doc_passages.get(top.doc_id, []) if p.kind == "table_row" and p.clause == top.clause]
    said = [(p, row_in_words(p.text, header)) for p in rows]
    said = [(p, s) for p, s in said if s]
    if len(said) < 2:
        return None
    filters = sorted(w for w in words if 0 < sum(w in p.text for p, _ in said) < len(said))
    chosen, seen = [], set()
    for p, s in said:  # one record per name: a task the table lists once per quarter is one task
        name = s.split("：", 1)[0]
        if all(w in p.text for w in filters) and name not in seen:
            seen.add(name)
            chosen.append((p, s))
    if not chosen:
        return None
    cited = chosen[:_MAX_CITED]
    names = "、".join(s.split("：", 1)[0] + (f"[{k}]" if k <= len(cited) else "")
                     for k, (_, s) in enumerate(chosen, start=1))
    scope = f"涉及{'、'.join(filters)}的" if filters else ""
    text = f"根据《{top.doc_title}》（{top.clause}），{scope}共有 {len(chosen)} {analysis.unit}：{names}。"
    citations = [Citation(marker=k, doc_id=p.doc_id, doc_title=p.doc_title, clause=p.clause, quote=p.text,
                          passage_id=p.id, passage_text=p.text) for k, (p, _) in enumerate(cited, start=1)]
    return RowCount(text, citations)
