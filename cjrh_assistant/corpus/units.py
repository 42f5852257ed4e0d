"""Answer units: the sentences of a passage (a table record or a blank form is one unit). Units are what an
answer quotes, and each is embedded at index time so that a question can be matched to a sentence, not only to
the passage around it."""

from __future__ import annotations

import hashlib
import re

from ..models import Passage

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
WHOLE_KINDS = ("table_row", "form")


def sentences(passage: Passage) -> list[str]:
    """The passage's sentences in order (stripped, empty ones dropped); a table record is one sentence; a blank form
    is one sentence (a list question quotes its labels) and, when it has several lines, each line is one too: a line
    is a form row, its label with its limit (“教师教学团队获国家级奖励情况 （不超过100字）”), which a question about that
    row is answered by."""
    if passage.kind in WHOLE_KINDS:
        whole = passage.text.strip()
        rows = [line.strip() for line in whole.split("\n") if line.strip()] if passage.kind == "form" else []
        return [whole, *dict.fromkeys(r for r in rows if r != whole)]
    return [s.strip() for s in _SENTENCE.findall(passage.text) if s.strip()]


def unit_id(passage: Passage, sentence: str) -> str:
    return hashlib.sha1(f"{passage.id}\x00{sentence}".encode("utf-8")).hexdigest()[:20]


def unit_text(passage: Passage, sentence: str) -> str:
    """What the embedder sees for a sentence: its nearest heading names the topic a bare clause leaves implicit
    (“中职应达300人以上” is about 在校生 only through its heading)."""
    heading = passage.clause_path[-1] if passage.clause_path else passage.doc_title
    return f"{heading}：{sentence}"
