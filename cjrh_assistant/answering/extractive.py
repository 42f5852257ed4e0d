"""Compose a short answer from the retrieved passages' own sentences, each with its [n] citation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from ..models import Citation, Hit
from ..retrieval.keyword import coverage, query_terms, tokenize

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_CLAUSE = re.compile(r"[^，,]+[，,]?")
# Questions that ask for a figure, a limit or a date: sentences with digits answer them.
_ASKS_FIGURE = re.compile(r"多少|几|比例|占比|百分|字数|多少字|限|不超过|以上|以内|不低于|门槛|标准|何时|什么时候|截止|期限|日期|时间|哪天|几月|哪年")
# The noun right after 什么/哪个/哪些 names what is asked for (“用什么字体” asks for a 字体).
_ASKED_NOUN = re.compile(r"(?:什么|哪个|哪些|哪家|哪种|何种|哪一)([\u4e00-\u9fff]{1,4})")
_HAS_FIGURE = re.compile(r"[0-9０-９一二三四五六七八九十百千万]+\s*[多余]?\s*(%|％|个|家|门|名|人|元|字|月|日|年|倍|项|所|届|次|平方米|磅)")
# Questions about what a form asks for: the form's own rows answer them, not the clause that mentions it.
_ASKS_FORM = re.compile(r"填|栏目|表格|表里|表中|表要|表的")
_ASKS_LIST = re.compile(r"哪些|哪几|包括什么|有什么")
_PROSE = re.compile(r"[，。；,;]")
_MAX_SNIPPET = 90
_RANK_PRIOR = (0.12, 0.06, 0.03, 0.015)


@dataclass
class Snippet:
    text: str
    hit_index: int
    score: float


def _windows(sentence: str) -> list[str]:
    """The sentence itself, or for a long one every run of up to three of its comma clauses."""
    if len(sentence) <= _MAX_SNIPPET:
        return [sentence]
    parts = _CLAUSE.findall(sentence)
    out = []
    for i in range(len(parts)):
        for j in range(i + 1, min(i + 3, len(parts)) + 1):
            out.append("".join(parts[i:j]))
    return out


def _novel_chars(window: str, covered: list[str]) -> int:
    rest = window
    for t in sorted(covered, key=len, reverse=True):
        rest = rest.replace(t, "")
    return len(re.findall(r"[\w\u4e00-\u9fff]", rest))


def best_snippets(question: str, focus: str, hits: list[Hit], weight: Callable[[str], float],
                  doc_scope: Optional[Mapping[str, str]] = None, depth: int = 5) -> list[Snippet]:
    """Candidate snippets from the top passages, best first.

    A snippet is judged with its passage's clause path as context (the path often names the topic, the
    sentence holds the answer), and without the words of its document's scope (title, issuer: `doc_scope`),
    which questions repeat to say where to look (“泉州…”), not what they ask.
    """
    terms = query_terms(question)
    focus_terms = query_terms(focus)
    wants_form = bool(_ASKS_FORM.search(question))
    asked = {t for m in _ASKED_NOUN.findall(question) for t in query_terms(m)}
    if wants_form:
        # “要填哪些数据/指标” asks for a form's rows: its noun is generic and would match any sentence using it.
        terms, asked = (terms - asked) or terms, set()
    wants_figure = bool(_ASKS_FIGURE.search(question))
    wants_list = bool(_ASKS_LIST.search(question))
    out: list[Snippet] = []
    for rank, hit in enumerate(hits[:depth]):
        title_terms = set(tokenize((doc_scope or {}).get(hit.passage.doc_id, hit.passage.doc_title)))
        in_scope = (terms - title_terms) or terms
        weights = {t: weight(t) * (3.0 if t in focus_terms else 2.0 if t in asked else 1.0) for t in in_scope}
        path_terms = set(tokenize(" ".join(hit.passage.clause_path + [hit.passage.context])))
        heading_words = [hit.passage.doc_title, hit.passage.context, *hit.passage.clause_path]
        prior = _RANK_PRIOR[rank] if rank < len(_RANK_PRIOR) else 0.0
        # A table record, or the rows of a blank form, is one answer: its cells are not sentences to split.
        whole = hit.passage.kind in ("table_row", "form")
        sentences = [hit.passage.text] if whole else _SENTENCE.findall(hit.passage.text)
        for sentence in sentences:
            for window in ([sentence.strip()] if whole else _windows(sentence.strip())):
                if not window:
                    continue
                present = set(tokenize(window))
                score = 0.4 * coverage(weights, present) + 0.6 * coverage(weights, present | path_terms) + prior
                if wants_figure and _HAS_FIGURE.search(window):
                    score += 0.15
                if wants_list and window.count("、") >= 2:
                    score += 0.1  # “哪些…” asks for an enumeration, and a long one is the whole answer
                if wants_form and hit.passage.kind in ("form", "table_row"):
                    # the form's own field labels answer “要填哪些”, its prose prompts (“（简述…。）”) less so
                    score += 0.15 if _PROSE.search(window) else 0.25
                if _novel_chars(window, list(terms) + heading_words) < 4:
                    score -= 0.3  # a line that only repeats the question, the title or its heading answers nothing
                score -= 0.0005 * len(window)  # prefer the shorter of two equally good quotes
                out.append(Snippet(window, rank, score))
    out.sort(key=lambda s: -s.score)
    return out


def compose(question: str, focus: str, hits: list[Hit], weight: Callable[[str], float],
            doc_scope: Optional[Mapping[str, str]] = None, max_quotes: int = 2) -> tuple[str, list[Citation]]:
    """Answer text with [n] markers, and the citations they point at."""
    chosen: list[Snippet] = []
    for snip in best_snippets(question, focus, hits, weight, doc_scope):
        if len(chosen) >= max_quotes:
            break
        if chosen and (snip.score < 0.85 * chosen[0].score
                       or any(snip.hit_index == c.hit_index for c in chosen)):
            continue
        chosen.append(snip)
    citations: list[Citation] = []
    parts: list[str] = []
    for marker, snip in enumerate(chosen, start=1):  # one quote per passage, so one marker per quote
        p = hits[snip.hit_index].passage
        citations.append(Citation(marker=marker, doc_id=p.doc_id, doc_title=p.doc_title, clause=p.clause,
                                  quote=snip.text.rstrip('，,、；;'), passage_id=p.id, passage_text=p.text))
        parts.append(f"{snip.text.replace(chr(10), '；').rstrip('，,、；;。')}[{marker}]")
    if not parts:
        return "", []
    first = hits[chosen[0].hit_index].passage
    lead = f"根据《{first.doc_title}》（{first.clause}）："
    return lead + "；".join(parts) + "。", citations
