"""Use case “ask”: question (+ history) -> cited Answer, or an abstention when the corpus does not answer."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Union

import numpy as np

from .answering.extractive import Candidate, candidates, choose, compose, other_document_answer
from .answering.question import QuestionAnalysis, analyse_turn, normalise
from .answering.followup import Resolved, core, resolve
from .answering.homophones import HomophoneFixer
from .answering.synonyms import SynonymReader
from .answering.grounding import answer_problem, guard_answer
from .answering.llm import LLMClient, LLMError
from .answering.own_numbers import OwnNumbers, OwnNumbersAnswer, verdict_count
from .answering.report_questions import ReportQuestions, ReportReply, covers, repeats_summary, summary_reply
from .answering.rule_answers import RuleAnswer, RuleMatcher
from .answering.not_found import NEAREST, not_found, shown
from .answering.rule_citation import rule_citation
from .answering.scope import DocumentScope
from .answering.table_counts import count_rows
from .config import RetrieverMode, Settings
from .corpus.rows import table_headers
from .errors import CjrhError, InputError
from .models import Answer, Citation, Hit, Passage, Report, RuleResult, Turn
from .retrieval.index import PassageIndex, Snapshot
from .retrieval.evidence import Decision, EvidenceScorer
from .retrieval.keyword import query_terms, tokenize, use_vocabulary
from .retrieval.params import DEFAULT_PARAMS
from .rules.loader import DEFAULT_RULES_DIR, load_packs
from .rules.schema import Rule
from .textnorm import levels, years

log = logging.getLogger("cjrh.guard")
RETRIEVED_FOR_EVAL = 10
LLM_PASSAGES = 5


# A question is a sentence or two; past this it is pasted text, or an attack on the tokenizer and the embedder, whose
# cost grows with its length (a 5,000-digit “number” kept the embedder busy for minutes).
MAX_QUESTION_CHARS = 1000

class Assistant:
    def __init__(self, settings: Settings, progress: bool = True, rules_dir: Path = DEFAULT_RULES_DIR) -> None:
        from .retrieval.embedders import make_embedder
        from .retrieval.search import Searcher

        self.settings = settings
        self.index = PassageIndex(settings)
        snapshot = self.index.load_snapshot()
        if snapshot is None or not self.index.is_current(snapshot):
            if progress:
                print("首次使用或资料有变化，正在建立索引…", file=sys.stderr)
            self.index.build(progress=progress)
            snapshot = self.index.load_snapshot()
        assert snapshot is not None
        self.snapshot: Snapshot = snapshot
        self.doc_scope = {d.doc_id: f"{d.title} {d.issuer or ''}" for d in snapshot.documents}
        self.packs = load_packs(rules_dir)
        # What each rule states (wording and source quote): the numbers an answer about that rule may use. An
        # answer about no rule may use none of them (a 3000元 of one rule supports no 3000平方米 elsewhere).
        self.rule_texts = {r.id: ([*r.wording.values()] if isinstance(r.wording, dict) else [r.wording or ""])
                           + [r.source.quote] + [a.wording for a in r.all_of]
                           for pack in self.packs.values() for r in pack.rules}
        self.llm = LLMClient(settings) if settings.llm_base_url else None
        self.embedder = make_embedder(settings)
        self.params = DEFAULT_PARAMS
        self.searcher = Searcher(settings, snapshot.passages, self.index.vector_store(), self.embedder, self.params,
                                 saved=snapshot.keyword, unit_vectors=(unit_vectors := self.index.unit_vectors()))
        # the Searcher put its corpus's vocabulary in use: the rule matcher and every question are cut by it
        self.vocabulary = self.searcher.keyword.vocabulary
        self.rule_matcher = RuleMatcher(self.packs)
        self.own_numbers = OwnNumbers(self.packs)
        self.scorer = EvidenceScorer(self.searcher.keyword, unit_vectors)
        jieba = self.vocabulary.tokenizer
        self.homophones = HomophoneFixer((p.text for p in snapshot.passages), lambda w: jieba.FREQ.get(w, 0) > 0,
                                         jieba.lcut)
        # the rule packs' words (字数, 汇总表) are the product's own: a question using them needs no synonym
        pack_text = "".join(pack.model_dump_json() for pack in self.packs.values())
        self.synonyms = SynonymReader(lambda w: w in self.homophones.text or w in pack_text, self.scorer.passages_using,
                                      jieba.lcut, self._word_similarity)
        self.decision = Decision.load()
        if settings.abstain_threshold is not None:  # an operator's override of the calibrated cut-off
            self.params = self.params.model_copy(update={"answer_at": settings.abstain_threshold})
        self.threshold = self.params.answer_at
        self.table_headers = table_headers(snapshot.passages)  # to state a table record in words
        self.doc_passages: dict[str, list[Passage]] = {}  # document -> its passages in snapshot order
        for x in snapshot.passages:
            self.doc_passages.setdefault(x.doc_id, []).append(x)
        self.scope = DocumentScope(self.doc_passages, self.doc_scope, [d.title for d in snapshot.documents])

    def ask(self, question: str, history: Optional[list[Turn]] = None,
            mode: Optional[RetrieverMode] = None) -> Answer:
        """The final answer (the model's, if one is configured and its answer passes the guards)."""
        answer = None
        for event in self.ask_stream(question, history, mode):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Optional[list[Turn]] = None,
                   mode: Optional[RetrieverMode] = None) -> Iterator[Union[str, Answer]]:
        """Text chunks while a model writes, then the final Answer. The final text may differ from the chunks:
        an answer that fails a guard is replaced by the extractive one, with a notice saying why."""
        if not question or not question.strip():
            raise InputError("问题不能为空。")
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"问题过长（{len(question)} 字），请精简到 {MAX_QUESTION_CHARS} 字以内再问。")
        use_vocabulary(self.vocabulary)  # another Assistant of this process may have put its corpus's in use
        asked = self._normalise(question)
        said = [Turn(role=t.role, content=self._normalise(t.content)) for t in history or []]
        resolved = self._resolve(asked, said)
        ranking = self._rank(resolved, mode)
        if said:  # a short question may continue the earlier topic without saying so: read it both ways
            other = self._resolve_as_followup(resolved, asked, said)
            if other is not None:
                alternative = self._rank(other, mode)
                if alternative.probability > ranking.probability + self.params.followup_margin:
                    ranking, resolved = alternative, other
        analysis, hits, named, dated = ranking.analysis, ranking.hits, ranking.named, ranking.dated
        answer_hits, ranked, nearest, unpriced = ranking.answer_hits, ranking.ranked, ranking.nearest, ranking.unpriced
        features, probability = ranking.features, ranking.probability
        base = Answer(question=question, resolved_question=resolved.question, text="", retrieved=shown(hits),
                      evidence=probability, answer_type=analysis.answer_type,
                      features={k: round(v, 4) for k, v in features.items()})
        uncovered = self.scope.places_not_covered(resolved.question)
        if dated is not None and not named:
            uncovered = [*uncovered, *(f"{y}年" for y in sorted(analysis.asked_years()))]
        gaps = [f"现有资料不涉及{'、'.join(uncovered)}。"] if uncovered else []
        gaps += [f"现有资料未收录《{t}》" + ("，只在其他文件中提到它。" if self.scope.mentioning(t) else "。")
                 for t in self.scope.not_held(resolved.question)]
        if gaps:  # a place, year or document the corpus does not cover: no rule or passage speaks for it
            yield not_found(base, hits, "".join(gaps))
            return
        own = self.own_numbers.answers(resolved.question, named or None)
        if own:
            judged = self._own_numbers_answer(base, own)
            if judged is not None:
                yield judged
                return
        rule = self.rule_matcher.match(resolved.question)
        if rule is not None and (not named or rule.rule.source.doc_id in named):
            ruled = self._rule_answer(base, rule)
            if ruled is not None:
                yield ruled if named else self._with_other_document(ruled, rule, ranked, answer_hits)
                return
        counted = count_rows(resolved.question, analysis, answer_hits, self.doc_passages, self.table_headers,
                             {t for t in query_terms(resolved.question) if len(t) > 1})
        if counted is not None:
            yield base.model_copy(update={"text": counted.text, "citations": counted.citations})
            return
        outcome = self.decision.outcome(probability, self.params) if answer_hits and ranked else "not_found"
        if nearest and outcome == "answer":
            outcome = "nearest"
        if not features["coverage"] or unpriced:  # no word of the question in any top passage: nothing to answer from
            outcome = "not_found"
        if outcome == "not_found":
            yield not_found(base, answer_hits or hits, "现有条文中没有写明这项金额。" if unpriced else "")
            return
        if outcome == "nearest":
            _, citations = compose(nearest or ranked[:1], answer_hits, False, headers=self.table_headers)
            c = citations[0]
            text = f"{NEAREST}《{c.doc_title}》（{c.clause}）：“{c.quote}”[1]。请核对该条文是否回答了您的问题。"
            yield base.model_copy(update={"text": text, "citations": citations, "abstained": True,
                                          "outcome": outcome})
            return
        chosen, several = choose(ranked, answer_hits, bool(named), self.params,
                                 wants_list=analysis.answer_type == "list")
        text, citations = compose(chosen, answer_hits, several, headers=self.table_headers)
        extractive = base.model_copy(update={"text": text, "citations": citations, "abstained": not citations})
        if self.llm is None or not citations:
            yield extractive
            return
        yield from self._generate(resolved.question, answer_hits[:LLM_PASSAGES], extractive)

    def _rank(self, resolved: Resolved, mode: Optional[RetrieverMode]) -> "_Ranking":
        """Retrieval, the candidate quotes and the evidence the decision is made on, for one reading of the question."""
        analysis = analyse_turn(resolved.question, resolved.focus, self.scorer.is_light)
        pool, query_vector = self.searcher.search_with_vector(
            resolved.question, top_k=max(RETRIEVED_FOR_EVAL, self.params.answer_depth), mode=mode)
        hits = self._focus_first(pool[:RETRIEVED_FOR_EVAL], resolved.focus)
        pool = hits + pool[RETRIEVED_FOR_EVAL:]  # the lower passages are read only for a stated date or figure
        named = self.scope.named(resolved.question)
        dated = self.scope.of_years(analysis)
        if dated is not None:  # the years asked about narrow the documents further (none left: not covered)
            named = (named & dated) if named else set(dated)
        # the question says where to look: answer from those documents, or not at all
        answer_hits = [h for h in pool if h.passage.doc_id in named] if named else pool
        judged = len([h for h in hits if h.passage.doc_id in named]) if named else len(hits)
        ranked = candidates(resolved.question, resolved.focus, answer_hits, self.scorer, query_vector, self.doc_scope,
                            self.params, analysis)
        # Quotes that cannot answer (another year or level; no amount for a money question) are left out; when none
        # can, or when the best quote is about another year or level, that quote is shown as the nearest clause.
        usable = [c for c in ranked if c.answers(analysis)]
        nearest = ranked[:1] if ranked and (not usable or ranked[0].contradicted) else []
        unpriced = bool(ranked) and not usable and analysis.unit == "元"  # a sum no quote states: none is the nearest
        ranked = usable or ranked
        features = self.features(resolved, answer_hits[:judged], ranked, analysis)
        probability = self.decision.probability(features)
        return _Ranking(analysis, hits, named, dated, answer_hits, ranked, nearest, unpriced, features, probability)

    # ---- the draft checked in this conversation --------------------------------------------------------------------
    def report_summary(self, report: Report) -> Answer:
        """The chat's reply to an attached draft: headline, counts, failures with their gaps and clauses."""
        return self._report_answer(f"检查草稿《{report.file}》", summary_reply(report))

    def about_report(self, question: str, report: Report, history: Optional[list[Turn]] = None,
                     after_summary: bool = False) -> Optional[Answer]:
        """A question about the session's checked draft, answered from its report and the rules' clauses; None when
        the question is not about it (the caller then asks the corpus). A question that only names a rule goes to
        the report when the named results speak of every topic word it has, and it is not a follow-up of the
        conversation (“那中职呢？” continues the last question's topic). After the summary (a question sent with the
        draft), None too for a listing that only repeats the summary's list."""
        if not question or not question.strip():
            raise InputError("问题不能为空。")
        use_vocabulary(self.vocabulary)
        asked = self._normalise(question)
        reply = ReportQuestions(report, self.packs.get(report.pack)).answer(asked)
        if reply is None or (after_summary and repeats_summary(reply, report)):
            return None
        if not reply.direct:
            # a follow-up continues a rule topic; “有哪些问题要改” names none, it asks about the whole draft
            if history and reply.named and self._resolve(asked, [Turn(role=t.role, content=self._normalise(t.content))
                                                                 for t in history]).question != asked:
                return None
            if not covers(reply, {t for t in query_terms(asked) if len(t) > 1 and self.scorer.known(t)}):
                return None
        return self._report_answer(question, reply)

    def _report_answer(self, question: str, reply: ReportReply) -> Answer:
        citations = [self._result_citation(r, k) for k, r in enumerate(reply.cited, start=1)]
        return Answer(question=question, resolved_question=question, text=reply.text, citations=citations,
                      rule_id=reply.cited[0].rule_id if len(reply.cited) == 1 else None, answer_type="report")

    def _result_citation(self, result: RuleResult, marker: int) -> Citation:
        """The corpus passage of a result's source quote as citation [marker] (the quote alone if not indexed)."""
        pack = self.packs.get(next((p for p, pk in self.packs.items() if pk.rule(result.rule_id)), ""))
        rule = pack.rule(result.rule_id) if pack else None
        cited = self._rule_citation(rule) if rule else None
        if cited is not None:
            return cited[0].model_copy(update={"marker": marker})
        s = result.source
        return Citation(marker=marker, doc_id=s.doc, doc_title=s.doc_title or s.doc, clause=s.clause, quote=s.quote,
                        passage_id="", passage_text=s.quote)

    def full_text(self, doc_id: str) -> Optional[str]:
        """The whole text of an indexed document, as it was parsed (passage offsets point into it)."""
        from .corpus.parsing import without_markers
        from .corpus.readers import read_policy_file

        info = next((d for d in self.snapshot.documents if d.doc_id == doc_id), None)
        if info is None:
            return None
        try:
            return without_markers(read_policy_file(self.settings.corpus_dir / info.file))
        except (OSError, CjrhError):
            return None

    def _with_other_document(self, ruled: Answer, rule: RuleAnswer, ranked: list[Candidate],
                             hits: list[Hit]) -> Answer:
        """The rule's answer, plus the quote of another document that answers the same question (cited [2])."""
        other = other_document_answer(ranked, hits, rule.rule.source.doc_id, self.params)
        if other is None:
            return ruled
        more, cited = compose([other], hits, True, first_marker=2, headers=self.table_headers)
        return ruled.model_copy(update={"text": f"{ruled.text}另，{more.split('：', 1)[1]}",
                                        "citations": [*ruled.citations, *cited]})

    def _topic_words(self, text: str) -> set[str]:
        """The words of `text` that the corpus uses, not everywhere (light words) and not single characters (率, 人)."""
        return {t for t in query_terms(text)
                if len(t) > 1 and self.scorer.known(t) and not self.scorer.is_light(t)}

    @lru_cache(maxsize=4096)
    def _word_vector(self, word: str) -> np.ndarray:
        vector = np.asarray(self.embedder.get_query_embedding(word), dtype=np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)

    def _word_similarity(self, a: str, b: str) -> float:
        return float(self._word_vector(a) @ self._word_vector(b))

    def _normalise(self, text: str) -> str:
        """Simplified characters, half-width digits, homophone typos and synonyms read as the words the corpus
        writes."""
        return self.synonyms.read(self.homophones.correct(normalise(text)))

    def features(self, resolved: Resolved, hits: list[Hit], ranked: list[Candidate],
                 analysis: QuestionAnalysis) -> dict[str, float]:
        """The evidence the decision to answer is made on (names: retrieval/evidence.py FEATURES)."""
        cover = self.scorer.coverage(resolved.question, hits)
        if resolved.focus:  # a follow-up is answered when the words it adds are found
            cover = max(cover, self.scorer.coverage(resolved.focus, hits))
        best = ranked[0] if ranked else None
        return {"coverage": cover,
                "top_dense": max((h.dense_score or 0.0 for h in hits), default=0.0), "best_sentence_dense": max((c.dense for c in ranked[:10]), default=0.0),
                "best_fit": best.fit if best else 0.0,
                "keyword_share": self.scorer.keyword_share(resolved.question, hits),
                # the best quotes state what the interrogative asks about (1.0 when the question names nothing)
                "best_asked": max((c.asked for c in ranked[:3]), default=0.0) if analysis.asked else 1.0}

    def _resolve(self, question: str, history: list[Turn], as_followup: bool = False) -> Resolved:
        resolved = resolve(question, history, [sorted(self.scope.place_documents)], self._topic_words,
                           lambda text: any(self.scorer.known(t) for t in query_terms(text)), as_followup)
        if self.llm is None or not history:
            return resolved
        try:  # the model rewrites the follow-up; the rule-based resolver stays the fallback
            rewritten = self.llm.rewrite(question, history)
        except LLMError as exc:
            log.warning("follow-up rewrite failed, using the resolver: %s", exc)
            return resolved
        # The rewrite may phrase, never move the question: a level or year other than the resolver's would let the
        # model choose which rule's number is answered (“那中职呢？” rewritten as a 高职 question).
        if levels(rewritten) != levels(resolved.question) or years(rewritten) != years(resolved.question):
            log.warning("follow-up rewrite changed the level or year, using the resolver: %r", rewritten[:200])
            return resolved
        return Resolved(rewritten, resolved.focus)

    def _resolve_as_followup(self, resolved: Resolved, question: str, history: list[Turn]) -> Optional[Resolved]:
        """A short question read as standalone, read instead as continuing the conversation (“交给哪个部门？” after
        a 推荐书 question); None when it was already read so, or is long enough to say what it is about, or a
        configured model rewrites follow-ups (its reading is the conversation's)."""
        if self.llm is not None or resolved.focus or len(core(question)) > self.params.followup_chars:
            return None
        other = self._resolve(question, history, as_followup=True)
        return other if other.question != resolved.question else None

    def _generate(self, question: str, hits: list[Hit], extractive: Answer) -> Iterator[Union[str, Answer]]:
        assert self.llm is not None
        chunks: list[str] = []
        try:
            for delta in self.llm.stream_answer(question, hits):
                chunks.append(delta)
                yield delta
        except LLMError as exc:
            yield extractive.model_copy(update={"notice": f"{exc}，以下为摘录回答。"})
            return
        problem = answer_problem("".join(chunks), self.settings.llm_max_reply_chars)
        if problem:
            yield extractive.model_copy(update={"notice": f"{problem}，以下为摘录回答。"})
            return
        sources = [f"《{h.passage.doc_title}》{h.passage.clause}：{h.passage.text}" for h in hits]
        report = guard_answer("".join(chunks), sources, self.rule_texts.get(extractive.rule_id or "", []),
                              verdict_allowed=extractive.answer_type == "verdict")
        guard = {"removed_markers": report.removed_markers, "unsupported_numbers": report.unsupported_numbers,
                 "problems": report.problems}
        if not report.passed:
            why = report.reason()
            log.warning("guard fired: %s; model text: %r", why, "".join(chunks)[:300])
            yield extractive.model_copy(update={"notice": f"{why}，已改用摘录回答。", "guard": guard})
            return
        citations = []
        for n in report.cited:
            p = hits[n - 1].passage
            snippet = next((c.text for c in candidates(question, "", [hits[n - 1]], self.scorer, None)), p.text)
            citations.append(Citation(marker=n, doc_id=p.doc_id, doc_title=p.doc_title, clause=p.clause,
                                      quote=snippet.rstrip("，,、；;"), passage_id=p.id, passage_text=p.text))
        yield extractive.model_copy(update={"text": report.text.strip(), "citations": citations, "llm_used": True,
                                            "guard": guard})

    def _rule_answer(self, base: Answer, rule: RuleAnswer) -> Optional[Answer]:
        """The rule's threshold and its source clause, cited from the corpus passage that holds the quote."""
        cited = self._rule_citation(rule.rule)
        if cited is None:  # the corpus in use does not hold this rule's source: answer from passages instead
            return None
        citation, source = cited
        return base.model_copy(update={"text": f"{rule.sentence()}{source}", "citations": [citation],
                                       "rule_id": rule.rule.id})

    def _own_numbers_answer(self, base: Answer, own: list[OwnNumbersAnswer]) -> Optional[Answer]:
        """The engine's verdict on the question's own values, with the rule's source clause: one verdict per rule
        the values are for, in the order the question gives them (the rule id of the best-matched one first)."""
        parts, citations = [], []
        for one in sorted(own, key=lambda o: o.stated[0].at):
            cited = self._rule_citation(one.rule, marker=len(citations) + 1)
            if cited is not None:
                parts.append(f"{one.sentence()}{cited[1]}")
                citations.append(cited[0])
        if not citations:
            return None
        if len(parts) > 1:  # the count first: a reader who stops at the first verdict still learns one failed
            parts.insert(0, verdict_count([one.status() for one in own]))
        return base.model_copy(update={"text": "\n".join(parts), "citations": citations, "rule_id": own[0].rule.id,
                                       "judged": [r for one in own for r in one.results.values()],
                                       "answer_type": "verdict"})

    def _rule_citation(self, rule: Rule, marker: int = 1) -> Optional[tuple[Citation, str]]:
        return rule_citation(rule, self.doc_passages, self.packs, marker)

    def _focus_first(self, hits: list[Hit], focus: str) -> list[Hit]:
        """For a follow-up, passages that contain the words the user just added go first (order otherwise kept)."""
        terms = set(tokenize(focus))
        if not terms:
            return hits
        return sorted(hits, key=lambda h: not terms <= self.scorer.terms(h.passage))


@dataclass
class _Ranking:
    """Retrieval, candidate quotes and decision evidence for one reading of a question."""
    analysis: QuestionAnalysis
    hits: list[Hit]  # the top retrieved passages, as reported
    named: set[str]  # the documents the question names by a place or a year (empty: any)
    dated: Optional[frozenset[str]]
    answer_hits: list[Hit]  # where the answer is looked for
    ranked: list[Candidate]
    nearest: list[Candidate]
    unpriced: bool
    features: dict[str, float]
    probability: float
