"""Answer units: the sentences of a passage (a table record or a blank form is one unit). Units are what an
answer quotes, and each is embedded at index time so that a question can be matched to a sentence, not only to
the passage around it."""

from __future__ import annotations

import hashlib
import re

from ..models import Passage
from ..textnorm import strip_ws

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
WHOLE_KINDS = ("table_row", "form")
# A heading's enumerator (“3.”, “６.”, “（三）”, “二、”, “①”) orders the outline; it is no part of what the heading says.
_ENUMERATOR = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.．、](?![0-9０-９])|[（(][一二三四五六七八九十0-9０-９]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
                         r"|[\u2460-\u2473])\s*")


def sentences(passage: Passage) -> list[str]:
    """The passage's sentences in order (stripped, empty ones dropped); a table record is one sentence; a blank form
    is one sentence (a list question quotes its labels) and, when it has several lines, each line is one too: a line
    is a form row, its label with its limit (“教师教学团队获国家级奖励情况 （不超过100字）”), which a question about that
    row is answered by."""
    if passage.kind in WHOLE_KINDS:
        whole = passage.text.strip()
        rows = [line.strip() for line in whole.split("\n") if line.strip()] if passage.kind == "form" else []
        return [whole, *dict.fromkeys(r for r in rows if r != whole)]
    body = [s.strip() for s in _SENTENCE.findall(passage.text) if s.strip()]
    own = own_heading(passage)
    return [own, *body] if own else body


def own_heading(passage: Passage) -> str:
    """The clause's own heading when the passage text does not repeat it. Numbered headings of these documents state
    content (“3.联办1个产业学院（责任部门：市综合职教中心）”: how many, which department), so a heading is a sentence
    an answer can quote."""
    if passage.kind != "clause" or not passage.clause_path:
        return ""
    own = _ENUMERATOR.sub("", passage.clause_path[-1]).strip()
    return own if strip_ws(own) not in strip_ws(passage.text) else ""


def with_own_heading(passage: Passage) -> str:
    """The passage text a citation of its heading shows: the heading line as written, then the text."""
    return f"{passage.clause_path[-1].strip()}\n{passage.text}" if own_heading(passage) else passage.text


def unit_id(passage: Passage, sentence: str) -> str:
    return hashlib.sha1(f"{passage.id}\x00{sentence}".encode("utf-8")).hexdigest()[:20]


def unit_text(passage: Passage, sentence: str) -> str:
    """What the embedder sees for a sentence: its nearest heading names the topic a bare clause leaves implicit
    (“中职应达300人以上” is about 在校生 only through its heading)."""
    path = passage.clause_path[:-1] if sentence == own_heading(passage) else passage.clause_path
    heading = path[-1] if path else passage.doc_title
    return f"{heading}：{sentence}"
