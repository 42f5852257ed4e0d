"""Questions about the draft checked in this conversation (“双师型那条为什么不通过？”, “还差几家企业？”,
“哪些缺少数据？”, “字数超了多少？”), answered from the session's report and the rule's clause. Deterministic: a
question is matched to results by the words the rule pack itself uses (rule titles, the form labels of the fields and
lists a rule reads), by the rule id, and by the status and severity words every view of a report uses; nothing else.
Never a model; every figure comes from the report."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from ..checking import FAIL_ACTIONS, SEVERITY_NAMES, STATUS_ORDER, level_line, ordered_results, summary_line, verdict_line
from ..models import STATUS_NAMES, Report, RuleResult
from ..rules.advice import unit_of
from ..rules.schema import Pack
from ..textnorm import join_clauses, sentence
from .own_numbers import _BOUNDARY, rule_inputs

_RULE_ID = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{3})(?![0-9])")
# What a rule's names are compared on: letters and digits only (quotes, brackets, ›, spaces dropped).
_NOT_WORD = re.compile(r"[^\w]|_")
MAX_NAMED = 3  # results one reply explains in full; more are listed
# A negated verb of meeting a requirement asks for the failing results (“没通过”, “不合格”, “未达到”, “不符合要求”): the
# report's own 通过 and the 符合 of its legend (“不符合要求”), with the common verbs of meeting a standard; the
# negation adverbs of Chinese, longest first (“没有通过” is not read as 有通过).
_NEGATION = r"(?:没有|没能|未能|不能|无法|尚未|并未|不|没|未)"
_NEGATED_PASS = re.compile(_NEGATION + r"(?:通过|合格|符合|达标|达到|满足)")
# Asking what is wrong or what to change (“有哪些问题”, “要改什么”, “需修改哪里”): the results to fix, the same the
# summary lists. 改 only as the verb of changing (修改, 要改), not in 改革/改变.
_ASKS_FIX = re.compile(r"问题|[修整更]改|改[正进动]|(?:要|需|需要|得|该|应|应该|必须)改|改(?:哪|什么|些)")
# A question that points at the attached file (“这份申报书”, “我们的推荐书”, “上传的材料”): a demonstrative or possessive,
# then a word for a written document, by the morphemes Chinese builds such words with (…书, …表, …稿, 材料, 文件, 文档).
# Whatever the document's name, a listing asked of “this document” is asked of the draft, not of the corpus.
_THIS_DOCUMENT = re.compile(r"(?:这|此|本|该|我的|我们的|我们|咱们的|上传的|附上的|附件的)[份个篇张]?"
                            r"[\u4e00-\u9fff]{0,6}?(?:书|表|稿|材料|文件|文档)")
# The report's status words, and the headline's “需人工核对” as staff shorten it (“哪些要人工核对”, “人工核查”): they ask
# for the results whose status is 需人工核对 (the headline's count), not for the rules of severity 人工. Bare 人工 is no
# such word (人工智能).
_STATUS_WORDS = {**{name: key for key, name in STATUS_NAMES.items()},
                 **{f"人工{verb}": "manual" for verb in ("核对", "核查", "审核", "确认", "判断", "判定", "检查")}}
# The headline's actions for a failure of each severity (“硬性 6 条必须改，提醒 2 条建议改”), 修改 for 改 too: asking
# “哪些必须改” asks for the failures of that severity, the headline's count.
_ACTIONS = {action.replace("改", "修改"): key for key, action in FAIL_ACTIONS.items() if action.endswith("改")} | \
    {action: key for key, action in FAIL_ACTIONS.items() if action.endswith("改")}
# Asking how the draft stands on a rule it names (“双师型教师还差几个人才够？”, “合作企业够不够”, “达标吗”, “怎么改”): the
# wording of a gap or a verdict, which makes a question naming a rule one about the draft's result for it.
_ASKS_VERDICT = re.compile(r"还差|差[几多]|缺[几多]|超[了出过]|够不够|够吗|才够|达标[了吗没]|合格[了吗]|通过[了吗]|为什么|为啥|"
                           r"[怎如][么样何]?改|改成")
# What such a reply lists, as a question names it (“哪些地方要改”, “哪些内容需修改”): the parts of a draft, not topics.
_DRAFT_PARTS = ["地方", "内容", "方面", "部分", "条目"]


def _plain(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def _bigrams(text: str) -> set[str]:
    plain = _plain(text)
    return {plain[k:k + 2] for k in range(len(plain) - 1)}


def _spans_of(question: str, words: dict[str, str]) -> tuple[list[str], str]:
    """The keys of the words the question uses, longest word first so that 不通过 is not also read as 通过; the
    question with those words blanked out."""
    found = []
    for word, key in sorted(words.items(), key=lambda kv: -len(kv[0])):
        if word in question:
            found.append(key)
            question = question.replace(word, " ")
    return found, question


def _own_words(text: str) -> str:
    """A verdict's own words: without what it quotes from the draft or the pack (“PLC应用技术”, a list of allowed
    names after a colon), which would otherwise let any question naming one of those things reach the report."""
    text = re.sub(r"“[^”]*”|\"[^\"]*\"", "", text)
    return "。".join(part for part in re.split(r"[：:]", text) if "、" not in part)


@dataclass
class ReportReply:
    text: str  # with [n] markers, one per entry of `cited`, in order
    cited: list[RuleResult]
    named: bool  # the question named rules (else it asked by status)
    # The question says it is about the check: a rule id, a status or severity word, or a word of the named result's
    # own verdict (“还差” of “还差 1家合作企业”). Otherwise it only names a rule, and may as well ask the corpus.
    direct: bool = True
    spoken: str = ""  # the named results' names and verdicts, as compared (what the report can speak of)
    listed: tuple[RuleResult, ...] = ()  # a listing by status: every result it lists (cited or not)


def repeats_summary(reply: ReportReply, report: Report) -> bool:
    """A listing of exactly the results the summary lists in full (“这份申报书有什么问题” sent with the draft): said
    after the summary, it would print the same list twice. A narrower listing (“哪些必须改”) is not a repeat."""
    return not reply.named and {r.rule_id for r in reply.listed} == {r.rule_id for r in summary_reply(report).cited}


def covers(reply: ReportReply, words: set[str]) -> bool:
    """For a question that only names a rule: the report answers it when the results it names speak of every word of
    the question that the corpus uses (as the caller finds them). “双师型教师够吗” is about the draft's
    双师型 figure; “专任教师评职称有什么条件” asks about 职称, which no named result speaks of: the corpus answers."""
    return reply.direct or all(_plain(w) in reply.spoken for w in words)


class ReportQuestions:
    """Matches questions to the results of one report. Built per report: the word weights are the pack's own."""

    def __init__(self, report: Report, pack: Optional[Pack]) -> None:
        self.report = report
        self.names: dict[str, set[str]] = {}
        self.verdict: dict[str, set[str]] = {}
        self.spoken: dict[str, str] = {}
        self.units: dict[str, str] = {}
        for r in report.results:
            rule = pack.rule(r.rule_id) if pack else None
            labels = [r.title]
            if rule is not None and pack is not None:
                for name in rule_inputs(rule):
                    spec = pack.fields.get(name) or pack.lists.get(name)
                    labels += [a.split("›")[-1] for a in spec.labels] if spec else []
                wordings = [rule.wording_for(report.level) or ""] + [w.wording for w in rule.all_of]
                kind = pack.fields[rule.field].type if rule.field in pack.fields else "count"
                self.units[r.rule_id] = next((u for w in wordings if (u := unit_of(w, kind))), "")  # type: ignore[arg-type]
            self.names[r.rule_id] = set().union(*(_bigrams(a) for a in labels))
            self.spoken[r.rule_id] = "｜".join(_plain(a) for a in [*labels, r.advice, r.detail, r.value or ""])
            # “还差 1家合作企业”, “需删减 1 字”: the words of the verdict itself, beyond the rule's names
            self.verdict[r.rule_id] = (_bigrams(_own_words(f"{r.advice}。{r.detail}")) - self.names[r.rule_id]) \
                if r.status in ("fail", "missing") else set()
        # a bigram that names many rules (教师, 专业) says little about which one is meant
        total = len(self.names) or 1
        df: dict[str, int] = {}
        for grams in self.names.values():
            for g in grams:
                df[g] = df.get(g, 0) + 1
        self.weight = {g: math.log((total + 1) / n) for g, n in df.items()}
        # a question names a rule when it uses a bigram that names at most a quarter of the pack's rules
        self.specific = math.log((total + 1) / max(1, total // 4))

    def answer(self, question: str) -> Optional[ReportReply]:
        """The reply, or None when the question is not about this report (it then goes to the policy corpus)."""
        text = unicodedata.normalize("NFKC", question)
        if re.search(r"\d", _RULE_ID.sub("", text)):
            return None  # a question stating its own numbers is judged by the rule engine, not read off the draft
        # the negation belongs to the verb: 没通过 is 不通过
        negated = [m for m in _NEGATED_PASS.findall(text) if m != STATUS_NAMES["fail"]]
        text = _NEGATED_PASS.sub(STATUS_NAMES["fail"], text)
        # the words naming the document itself (“这份申报书”) name no rule (申报 is also in 申报承诺)
        text, pointed = _THIS_DOCUMENT.subn(" ", text)
        statuses, rest = _spans_of(text, _STATUS_WORDS)
        acted, rest = _spans_of(rest, _ACTIONS)
        severities, rest = _spans_of(rest, {name: key for key, name in SEVERITY_NAMES.items() if key != "info"})
        severities = list(dict.fromkeys(acted + severities))
        ids = {m.upper() for m in _RULE_ID.findall(rest)}
        by_id = [r for r in self.report.results if r.rule_id in ids]
        if ids and not by_id:
            return ReportReply(f"{self._where()}是按《{self.report.pack_title or self.report.pack}》检查的，其中没有规则 "
                               f"{'、'.join(sorted(ids))}。", [], True)
        named = by_id or self._named(_RULE_ID.sub(" ", rest))
        if named:
            reply = self._about(named, statuses)
            grams = _bigrams(rest)
            reply.spoken = "｜".join(self.spoken[r.rule_id] for r in reply.cited)
            reply.direct = bool(by_id or statuses or severities or _ASKS_VERDICT.search(rest) or
                                grams & set().union(*(self.verdict[r.rule_id] for r in reply.cited)))
            return reply
        if statuses or severities:
            # a severity without a status (“硬性的有哪些”, “哪些必须改”) asks for its failures, as the headline counts them
            reply = self._by_status(statuses or ["fail"], severities)
            if negated and not severities:  # 不合格 is no word of the report: “考核不合格的企业…” may ask the corpus
                self._about_whole_draft(reply, negated, bool(pointed))
            return reply
        fixes = _ASKS_FIX.findall(rest)
        if fixes:  # what is wrong with the draft: its failures and missing values
            return self._about_whole_draft(self._by_status(["fail", "missing"], []), fixes, bool(pointed))
        return None

    def _about_whole_draft(self, reply: ReportReply, words: list[str], pointed: bool = False) -> ReportReply:
        """A listing asked for in words of everyday Chinese, not the report's: the caller keeps a question with a topic
        of its own (“产教融合存在哪些问题”) for the corpus; it is no follow-up of a rule topic either (reply.named).
        A question that points at the document itself (“这份申报书还有哪些问题”) is about the draft whatever else it says."""
        reply.direct = pointed
        reply.spoken = "｜".join(_plain(w) for w in [*words, *_DRAFT_PARTS, *STATUS_NAMES.values(), self._where(),
                                                     self.report.pack_title or ""])
        return reply

    def _named(self, question: str) -> list[RuleResult]:
        grams = _bigrams(question)
        scored = []
        for r in self.report.results:
            shared = grams & self.names[r.rule_id]
            if not any(self.weight[g] >= self.specific for g in shared):
                continue
            unit = self.units.get(r.rule_id, "")
            scored.append((sum(self.weight[g] for g in shared), bool(unit and unit in question), r))
        if not scored:
            return self._by_kind(grams, question)
        best = max(s for s, _, _ in scored)
        top = [(u, r) for s, u, r in scored if s == best]
        if any(u for u, _ in top):  # “还差几家企业”: the rule counted in 家
            top = [(u, r) for u, r in top if u]
        return sorted((r for _, r in top), key=lambda r: STATUS_ORDER.index(r.status))

    def _by_kind(self, grams: set[str], question: str) -> list[RuleResult]:
        """A question about a kind of rule that several share (“字数超了多少？”: every 字数 rule of a form): the results
        whose names use a word of the question and whose unit (字, 家, %) the question names, failures first. Without
        the unit, a word many rules share (教师, 专业) is too vague to stand for any of them."""
        kind = [r for r in self.report.results if grams & self.names[r.rule_id]
                and (unit := self.units.get(r.rule_id, "")) and unit in question]
        failing = [r for r in kind if r.status in ("fail", "missing")]
        return sorted(failing or kind, key=lambda r: STATUS_ORDER.index(r.status))

    def _about(self, results: list[RuleResult], statuses: list[str]) -> ReportReply:
        """Each named result in full: verdict, value against the bound, the gap, the clause. A status word in the
        question (“为什么不通过”) puts the results with that status first, it does not hide the others."""
        shown = sorted(results, key=lambda r: (r.status not in statuses, STATUS_ORDER.index(r.status)))[:MAX_NAMED]
        if len(shown) == 1:
            return ReportReply(f"{self._where()}中，{explain(shown[0], 1)}", shown, True)
        lines = [f"{self._where()}中："] + [f"{k}. {explain(r, k)}" for k, r in enumerate(shown, start=1)]
        return ReportReply("\n".join(lines), shown, True)

    def _by_status(self, statuses: list[str], severities: list[str]) -> ReportReply:
        chosen = [r for r in ordered_results(self.report)
                  if r.status in statuses and (not severities or r.severity in severities)]
        if not chosen:
            return ReportReply(f"{self._where()}中没有{_named_kinds(severities, statuses)}的结果。"
                               f"{verdict_line(self.report)}", [], False)
        # the heading names the statuses and severities found, not every one asked for (no “缺少数据” among 0 such)
        found = _named_kinds([s for s in severities if any(r.severity == s for r in chosen)],
                             [s for s in statuses if any(r.status == s for r in chosen)])
        lines = [f"{self._where()}中{found}的共 {len(chosen)} 条："]
        cited: list[RuleResult] = []
        for r in chosen:
            marker = ""
            if r.status in ("fail", "missing"):
                cited.append(r)
                marker = f"[{len(cited)}]"
            lines.append(f"- {brief(r)}{marker}")
        return ReportReply("\n".join(lines), cited, False, listed=tuple(chosen))

    def _where(self) -> str:
        return f"您上传的草稿《{self.report.file}》"


def _named_kinds(severities: list[str], statuses: list[str]) -> str:
    """“硬性”“不通过”、“缺少数据”: the severities and statuses a listing is about, in the report's own words."""
    return "、".join(f"“{SEVERITY_NAMES[s]}”" for s in severities) + "、".join(f"“{STATUS_NAMES[s]}”" for s in statuses)


def explain(r: RuleResult, marker: int) -> str:
    """One result in a sentence or three: what was read, against what, what to change, and the clause."""
    parts = [f"{r.rule_id}「{r.title}」（{SEVERITY_NAMES[r.severity]}）的结果是“{STATUS_NAMES[r.status]}”"]
    if r.value is not None:
        where = f"（{r.evidence.location}）" if r.evidence.location else ""
        parts.append(f"读取值 {r.value}{where}")
    if r.threshold:
        parts.append(f"要求 {r.threshold}" + (f"（{_BOUNDARY[r.operator]}）" if r.operator in _BOUNDARY else ""))
    if r.detail:
        parts.append(r.detail)
    text = "：" + join_clauses(parts[1:]) if len(parts) > 1 else ""
    advice = sentence(f"建议：{r.advice}") if r.advice else ""
    source = (f"依据《{r.source.doc_title or r.source.doc}》（{r.source.clause}）：“{r.source.quote}”[{marker}]。")
    return f"{sentence(parts[0] + text)}{advice}{source}"


def compact(r: RuleResult, marker: int) -> str:
    """A failure in one line for the summary: value against the bound, the advice, the clause it rests on (its quote
    is in the sources panel under the same marker)."""
    measured = join_clauses([f"读取值 {r.value}" if r.value is not None else "",
                             f"要求 {r.threshold}" if r.threshold else ""])
    advice = sentence(f"建议：{r.advice}") if r.advice else ""
    return (f"**{r.rule_id} {r.title}**（{SEVERITY_NAMES[r.severity]}）：{sentence(measured)}{advice}"
            f"依据：《{r.source.doc_title or r.source.doc}》{r.source.clause}[{marker}]")


def brief(r: RuleResult) -> str:
    """A result in one line for a list: id, title, severity, and the advice or value."""
    what = r.advice or (f"读取值 {r.value}，要求 {r.threshold}" if r.value and r.threshold else r.detail or r.message)
    return f"{r.rule_id} {r.title}（{SEVERITY_NAMES[r.severity]}）：{what}"


def summary_reply(report: Report) -> ReportReply:
    """What the chat says after checking an attached draft: the honest headline, the counts, then every failure (with
    value, bound, advice and clause) and every missing value; manual and passed ones are counted, not listed."""
    head = [f"已检查《{report.file}》：对照《{report.pack_title or report.pack}》，办学层次 {level_line(report)}。",
            f"**结论：{verdict_line(report)}**", f"结果：{summary_line(report)}。"]
    cited: list[RuleResult] = []
    lines: list[str] = []
    for status in ("fail", "missing"):
        chosen = [r for r in ordered_results(report) if r.status == status]
        if not chosen:
            continue
        lines.append(f"\n{STATUS_NAMES[status]}（{len(chosen)} 条）：")
        for r in chosen:
            cited.append(r)
            lines.append(f"{len(cited)}. {compact(r, len(cited))}" if status == "fail" else
                         f"- {brief(r)}[{len(cited)}]")
    rest = [f"{STATUS_NAMES[s]} {report.summary.get(s, 0)} 条" for s in ("manual", "pass", "not_applicable")
            if report.summary.get(s)]
    tail = [f"\n另有{'、'.join(rest)}，见下方“完整结果”。可以接着问，例如某条为什么不通过、还差多少、哪些缺少数据。"] if rest \
        else ["\n可以接着问，例如某条为什么不通过、还差多少、哪些缺少数据。"]
    return ReportReply("\n".join(head + lines + tail), cited, False)
