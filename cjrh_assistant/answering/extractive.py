"""Compose a short answer from the retrieved passages' own sentences, each with its [n] citation.

Candidate sentences (and comma-clause runs of long ones) of the top passages are scored by four signals:
dense similarity of the question and the sentence (embedded at index time), idf-weighted lexical coverage, the
fit of the sentence to the type of answer asked for, and the retrieval score of its passage. The weights live in
`retrieval/params.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Optional

import numpy as np

from ..corpus.rows import TableKey, row_in_words
from ..corpus.units import own_heading, sentences, with_own_heading
from ..textnorm import join_spaced_cjk, levels, periods, years
from ..models import Citation, Hit
from ..retrieval.evidence import EvidenceScorer
from ..retrieval.keyword import coverage, terms_in, token_set
from ..retrieval.params import DEFAULT_PARAMS, RankingParams
from .question import QuestionAnalysis, analyse, section_words

_CLAUSE = re.compile(r"[^，,]+[，,]?")


@dataclass
class Candidate:
    text: str
    hit_index: int
    dense: float
    lexical: float
    fit: float
    passage: float
    asked: float = 0.0  # idf share of the words the interrogative governs that the quote itself states
    period: float = 0.5  # 1: names the quarter/month the question names; 0: only another one of that kind
    contradicted: bool = False  # its passage names only other years or levels than the question (see _Specifics)
    score: float = 0.0

    def answers(self, analysis: QuestionAnalysis) -> bool:
        """Whether the quote can be the answer at all: it is about the year and level asked, and an amount of money
        asked for is answered only by a quote that states one and names that kind of money (补贴, 经费)."""
        heads = analysis.money_heads()
        return not self.contradicted and (analysis.unit != "元" or self.fit >= 1.0) \
            and (not heads or any(h in self.text for h in heads))


def _windows(sentence: str, params: RankingParams) -> list[str]:
    """The sentence itself, or for a long one every run of up to `max_window_clauses` of its comma clauses."""
    if len(sentence) <= params.max_snippet_chars:
        return [sentence]
    parts = _CLAUSE.findall(sentence)
    return ["".join(parts[i:j]) for i in range(len(parts))
            for j in range(i + 1, min(i + params.max_window_clauses, len(parts)) + 1)]


# The genres of official documents (公文文种) that answer a letter or a proposal: they report facts and plans, they
# set no requirement, so “规定” would misstate them.
_REPLY_GENRES = re.compile(r"(?:答复|复函|回复)$")


def several_header(titles: list[str]) -> str:
    """The words before the answers of several documents: 规定 only when every one of them sets rules."""
    return "不同文件分别提到：" if any(_REPLY_GENRES.search(t) for t in titles) else "不同文件分别规定："


# The asker speaking of themselves (first-person pronouns): what follows is their own value, not the question's scope.
_FIRST_PERSON = re.compile(r"我们|我校|我院|咱们|咱|本校")
# Single characters set apart by single spaces (推 荐 地 市): one word laid out wide, not cells of a row.
_LETTER_SPACED = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff]){2,}(?![\u4e00-\u9fff])")
_LINE_LABEL = re.compile(r"[^：:。；;，,\n]{1,10}[：:]")


def _line_label(text: str, sentence: str) -> str:
    """The label opening the line a sentence sits in, when the sentence is a later item of that line (“第三季度：…；
    完成实训室建设。” -> “第三季度：”); empty otherwise."""
    at = text.find(sentence)
    if at < 0:
        return ""
    start = text.rfind("\n", 0, at) + 1
    label = _LINE_LABEL.match(text, start)
    return label.group() if label and label.end() <= at else ""


def label_span(text: str, label: str, sentence: str) -> str:
    """The passage text from the line's label to the end of the sentence, verbatim."""
    at = text.find(sentence)
    start = text.rfind(label, 0, at + 1)
    return text[start:at + len(sentence)] if at >= 0 and start >= 0 else ""


def _novel_chars(window: str, covered: list[str]) -> int:
    rest = window
    for t in sorted(covered, key=len, reverse=True):
        rest = rest.replace(t, "")
    return len(re.findall(r"[\w\u4e00-\u9fff]", rest))


def candidates(question: str, focus: str, hits: list[Hit], scorer: EvidenceScorer,
               query_vector: Optional[np.ndarray], doc_scope: Optional[Mapping[str, str]] = None,
               params: RankingParams = DEFAULT_PARAMS, analysis: Optional[QuestionAnalysis] = None) -> list[Candidate]:
    """Candidate quotes from the top passages, best first.

    A candidate is judged with its passage's clause path as context (the path often names the topic, the sentence
    holds the answer), and without the words of its document's scope (title, issuer: `doc_scope`), which questions
    repeat to say where to look (“泉州…”), not what they ask. Words the user added in a follow-up weigh double.
    """
    analysis = analysis or analyse(question)
    weights = scorer.question_weights(question)
    focus_terms = set(scorer.question_weights(focus)) if focus else set()
    section = set(section_words(question))  # the part of the form asked about (实训基地部分) weighs like a follow-up's words
    weights = {t: w * (2.0 if t in focus_terms or t in section else 1.0) for t, w in weights.items()}
    asked = {t: scorer.weight(t) for t in analysis.asked}
    # the quarter or month a question names scopes it (“第四季度要做什么”), except when it is the asker's own, said of
    # themselves (我们…) in a question that checks it (“我们打算7月才报，会不会晚？”) or asks a date against it
    # (“我们到三季度末才建成1个，最晚啥时候得建成2个？”)
    own = analysis.answer_type in ("yesno", "date") and bool(_FIRST_PERSON.search(question))
    wanted = set() if own else periods(question)
    named = _Specifics(analysis.asked_years(), levels(question))
    top = max((h.score for h in hits), default=0.0) or 1.0
    out: list[Candidate] = []

    def collect(rank: int, out: list[Candidate]) -> None:
        hit = hits[rank]
        p = hit.passage
        scope = token_set((doc_scope or {}).get(p.doc_id, p.doc_title))
        in_scope = {t: w for t, w in weights.items() if t not in scope} or weights
        path_terms = token_set(" ".join(p.clause_path + [p.context]))
        heading_words = [p.doc_title, p.context, *p.clause_path]
        heading = " ".join(heading_words)
        units = sentences(p)
        own = own_heading(p)
        if p.kind == "form" and analysis.answer_type == "list":
            units = units[:1]  # the form's labels together are the list; one of its rows is not
        for sentence in units:
            dense = scorer.sentence_similarity(query_vector, p, sentence)
            whole = p.kind in ("table_row", "form")
            windows = [sentence] if whole else _windows(sentence, params)
            label = _line_label(p.text, sentence)
            if label and analysis.fit(label) > max(analysis.fit(w) for w in windows):
                # the line's label (“第三季度：a；b；c。”) scopes every item of its line: quote from it to the item
                windows += [s for s in [label_span(p.text, label, sentence)] if s and len(s) <= params.max_snippet_chars]
            for window in windows:
                window = window.strip()
                context = [h for h in heading_words if h != own] if sentence == own else heading_words
                if not window or _novel_chars(window, list(weights) + context) < params.min_novel_chars:
                    continue
                lexical = coverage(in_scope, terms_in(window, in_scope.keys() - path_terms) | path_terms)
                out.append(Candidate(window, rank, dense, lexical, analysis.fit(window), hit.score / top,
                                     coverage(asked, join_spaced_cjk(window)), _period_agreement(wanted, window),
                                     contradicted=named.contradicted_by(f"{heading} {window}")))

    read = _candidate_ranks(hits, params.candidate_passages)
    for rank in read:
        collect(rank, out)
    # A date or figure that no top passage states next to the asked words may sit in a lower-ranked passage: the
    # clause that states a deadline often shares fewer of the question's words than the form it is about
    # (推荐书截止日期: the 材料报送 clause, not the 推荐书's own notes). Only quotes that state both are taken from there.
    if (analysis.answer_type in ("date", "number") and analysis.asked
            and not any(_states_asked(c, analysis) for c in out)):
        further: list[Candidate] = []
        for rank in sorted(set(range(len(hits))) - set(read)):
            collect(rank, further)
        out.extend(c for c in further if _states_asked(c, analysis))
    if not out:
        return out
    lo, hi = min(c.dense for c in out), max(c.dense for c in out)
    for c in out:
        dense = (c.dense - lo) / (hi - lo) if hi > lo else 1.0
        c.score = (params.w_dense * dense + params.w_lexical * c.lexical + params.w_fit * c.fit
                   + params.w_passage * c.passage + params.w_asked * c.asked + params.w_period * c.period
                   - 0.0005 * len(c.text))  # the shorter of two equal quotes
    out.sort(key=lambda c: -c.score)
    return out


def _source(hit: Hit) -> tuple[str, str]:
    """What a passage is a part of: the rows of one table are one source, any other passage is its own."""
    p = hit.passage
    return (p.doc_id, p.clause) if p.kind == "table_row" else ("", p.id)


def _candidate_ranks(hits: list[Hit], wanted: int) -> list[int]:
    """The top hits of the first `wanted` sources, at most `wanted` of each: a table of many similar rows (a
    directory of 联合体) takes one place among the candidate sources, not all of them, so the clause that states the
    figure (每年遴选3-5家) is read too."""
    counts: dict[tuple[str, str], int] = {}
    ranks = []
    for rank, hit in enumerate(hits):
        source = _source(hit)
        if source not in counts and len(counts) == wanted:
            break
        if counts.get(source, 0) < wanted:
            counts[source] = counts.get(source, 0) + 1
            ranks.append(rank)
    return ranks


def _states_asked(candidate: Candidate, analysis: QuestionAnalysis) -> bool:
    """The quote has the asked kind of content (a date; a figure with the asked unit) and states what is asked."""
    return candidate.fit >= 1.0 and not candidate.contradicted and candidate.asked >= 0.5


def other_document_answer(ranked: list[Candidate], hits: list[Hit], doc_id: str,
                          params: RankingParams = DEFAULT_PARAMS) -> Optional[Candidate]:
    """The best quote of another document that states the asked kind of content, covers the question's words as
    well as the best quote of `doc_id` does and scores nearly as well: that document answers the same question too
    (兼职教师: 泉州 25%, 沙河 30人)."""
    own = next((c for c in ranked if hits[c.hit_index].passage.doc_id == doc_id), None)
    if own is None:
        return None
    return next((c for c in ranked if hits[c.hit_index].passage.doc_id != doc_id and c.fit >= 1.0
                 and c.lexical >= own.lexical and c.score >= params.other_document_ratio * own.score), None)


@dataclass(frozen=True)
class _Specifics:
    """The year and school level a question is about. A quote whose passage names only other years (levels)
    states another year's (level's) figure: it does not answer (2025年 asked, the 2024 scheme's date; 中职 asked, a
    clause on 高职 and 职业本科)."""

    years: set[int]
    levels: set[str]

    def contradicted_by(self, text: str) -> bool:
        for wanted, named in ((self.years, years(text)), (self.levels, levels(text))):
            if wanted and named and not wanted & named:
                return True
        return False


def _period_agreement(wanted: set[tuple[int, str]], text: str) -> float:
    """A question about “3季度” is answered by the quote about 3季度, not by the one about 4季度."""
    if not wanted:
        return 0.5
    named = periods(text)
    if named & wanted:
        return 1.0
    return 0.0 if {u for _, u in named} & {u for _, u in wanted} else 0.5


def choose(ranked: list[Candidate], hits: list[Hit], scoped: bool, params: RankingParams = DEFAULT_PARAMS,
           max_quotes: int = 2, wants_list: bool = False) -> tuple[list[Candidate], bool]:
    """The quotes to give: the best, a close second that does not overlap it (another passage, or another sentence
    of the same clause), and — when the question names no
    document — the best of another document that answers as well (documents that disagree are both cited).
    A list question answered by table rows gets every row of that table that scores as well (“哪些联合体”).
    Returns the quotes and whether they come from several documents."""
    if wants_list and ranked and hits[ranked[0].hit_index].passage.kind == "table_row":
        max_quotes = params.max_list_rows
    chosen: list[Candidate] = []
    for cand in ranked:
        if len(chosen) >= max_quotes:
            break
        if chosen and (cand.score < params.second_quote_ratio * chosen[0].score
                       or any(_overlaps(cand, c, hits) or _same_quote(cand, c, hits) for c in chosen)):
            continue
        chosen.append(cand)
    docs = {hits[c.hit_index].passage.doc_id for c in chosen}
    if chosen and not scoped:
        best = chosen[0]
        other = next((c for c in ranked if hits[c.hit_index].passage.doc_id not in docs
                      and c.fit >= best.fit and c.score >= params.other_document_ratio * best.score), None)
        if other is not None:
            chosen.append(other)
            docs.add(hits[other.hit_index].passage.doc_id)
    return chosen, len(docs) > 1


def _overlaps(a: Candidate, b: Candidate, hits: list[Hit]) -> bool:
    """Two quotes of one passage that share text (two windows of one sentence), or of one table record or form."""
    if a.hit_index != b.hit_index:
        return False
    p = hits[a.hit_index].passage
    x, y = p.text.find(a.text), p.text.find(b.text)
    if p.kind != "clause" or x < 0 or y < 0:
        return True
    return x < y + len(b.text) and y < x + len(a.text)


def _same_quote(a: Candidate, b: Candidate, hits: list[Hit]) -> bool:
    """One sentence that two passages both hold (a clause and the task table that repeats it) is quoted once, and so
    is a statement two sentences of one document repeat before going on differently (实施“一群一行业…”实践模式,形成…;
    two documents' own wordings of one promise are each their document's answer)."""
    x, y = a.text.strip("，,、；;。 "), b.text.strip("，,、；;。 ")
    if x in y or y in x:
        return True
    if hits[a.hit_index].passage.doc_id != hits[b.hit_index].passage.doc_id:
        return False
    return bool({c for c in re.split(r"[，,；;。]", x) if len(c) >= _SHARED_CLAUSE} & set(re.split(r"[，,；;。]", y)))


_SHARED_CLAUSE = 12  # characters: a comma clause this long, said twice, is the same statement


def compose(chosen: list[Candidate], hits: list[Hit], several_documents: bool,
            first_marker: int = 1, headers: Mapping[TableKey, tuple[str, ...]] = {}) -> tuple[str, list[Citation]]:
    """Answer text with [n] markers (from `first_marker`), and the citations they point at. A table record is
    stated in words by its table's `headers` (corpus/rows.py); its citation quotes the record as indexed."""
    if not chosen:
        return "", []
    citations: list[Citation] = []
    parts: list[str] = []
    for marker, cand in enumerate(chosen, start=first_marker):  # one quote per passage, so one marker per quote
        p = hits[cand.hit_index].passage
        citations.append(Citation(marker=marker, doc_id=p.doc_id, doc_title=p.doc_title, clause=p.clause,
                                  quote=cand.text.rstrip("，,、；;"), passage_id=p.id,
                                  passage_text=p.text if cand.text in p.text else with_own_heading(p)))
        said = (row_in_words(cand.text, headers[(p.doc_id, p.clause)]) if p.kind == "table_row"
                and (p.doc_id, p.clause) in headers else None) or cand.text
        # as read, not as laid out: a form's letter-spaced labels (推 荐 地 市) and the blanks after them are closed up
        said = re.sub(r"[ \u3000]{2,}", " ", _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), said))
        quote = f"{said.replace(chr(10), '；').rstrip('，,、；;。 ')}[{marker}]"
        # a blank form's labels set nothing: said to be the form's fields, not another document's rule
        where = f"《{p.doc_title}》{'表格中的栏目' if p.kind == 'form' else ''}"
        parts.append(f"{where}：{quote}" if several_documents else quote)
    if several_documents:
        stating = [hits[c.hit_index].passage for c in chosen if hits[c.hit_index].passage.kind != "form"]
        header = several_header([p.doc_title for p in stating]) if len({p.doc_id for p in stating}) > 1 \
            else "相关文件："  # one document states, the other only has a form about it: nothing disagrees
        return header + "；".join(parts) + "。", citations
    first = hits[chosen[0].hit_index].passage
    return f"根据《{first.doc_title}》（{first.clause}）：" + "；".join(parts) + "。", citations
