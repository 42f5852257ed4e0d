"""The corpus clause a rule rests on, as a citation: the rule engine's verdicts and the rules' answers cite it."""

from __future__ import annotations

import re
from typing import Mapping, Optional

from ..models import Citation, Passage
from ..rules.schema import Pack, Rule


def rule_citation(rule: Rule, doc_passages: Mapping[str, list[Passage]], packs: Mapping[str, Pack],
                  marker: int = 1) -> Optional[tuple[Citation, str]]:
    """The corpus passage that holds a rule's source quote, as citation [marker] and the sentence that cites it.
    A quote that is only a limit (“（不超过100字）”, one per form row) is cited with the row's label before it."""
    quote = rule.source.quote
    holding = [p for p in doc_passages.get(rule.source.doc_id, []) if quote in p.text]
    if not holding:
        return None
    passage = holding[0]
    pack = next((p for p in packs.values() if p.rule(rule.id) is rule), None)
    labels = pack.fields[rule.field].labels if pack and rule.field and rule.field in pack.fields else []
    for label in sorted(labels, key=len, reverse=True):
        row = re.compile(re.escape(label) + r"\s*" + re.escape(quote))
        hit = next(((p, m) for p in holding for m in [row.search(p.text)] if m), None)
        if hit:
            passage, quote = hit[0], hit[1].group(0)
            break
    citation = Citation(marker=marker, doc_id=passage.doc_id, doc_title=passage.doc_title, clause=passage.clause,
                        quote=quote, passage_id=passage.id, passage_text=passage.text)
    return citation, f"依据《{passage.doc_title}》（{passage.clause}）：“{quote}”[{marker}]。"
