"""Two answers shown as one chat message (a draft's summary, then the answer to the question sent with it): one
citation list, so that every [n] of the message points at the clause the sources panel shows under [n]."""

from __future__ import annotations

import re

from ..models import Answer, Citation

_MARKER = re.compile(r"\[(\d+)\]")


def _same_clause(a: Citation, b: Citation) -> bool:
    return (a.doc_id, a.passage_id, a.clause, a.quote) == (b.doc_id, b.passage_id, b.clause, b.quote)


def join_answers(first: Answer, second: Answer, separator: str = "\n\n---\n\n") -> Answer:
    """`first` then `second` in one text. The second's markers continue after the first's; a clause the first already
    cites keeps the first's marker (both parts then name it alike). The record is the second's (its question, rule,
    answer type), with the merged citations, as the caller answered the question."""
    citations = list(first.citations)
    renumber: dict[int, int] = {}
    for c in second.citations:
        known = next((k for k in citations if _same_clause(k, c)), None)
        if known is None:
            known = c.model_copy(update={"marker": max((k.marker for k in citations), default=0) + 1})
            citations.append(known)
        renumber[c.marker] = known.marker

    def moved(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{renumber[n]}]" if n in renumber else m.group(0)

    return second.model_copy(update={"text": f"{first.text}{separator}{_MARKER.sub(moved, second.text)}",
                                     "citations": citations})
