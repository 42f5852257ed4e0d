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

from ..checking import SEVERITY_NAMES, STATUS_ORDER, level_line, ordered_results, summary_line, verdict_line
from ..models import STATUS_NAMES, Report, RuleResult
from ..rules.advice import unit_of
from ..rules.schema import Pack
from .own_numbers import _BOUNDARY, rule_inputs

_RULE_ID = re.compile(r"\b([A-Za-z]{2}\d{3})\b")
# What a rule's names are compared on: letters and digits only (quotes, brackets, ›, spaces dropped).
_NOT_WORD = re.compile(r"[^\w]|_")
MAX_NAMED = 3  # results one reply explains in full; more are listed


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


@dataclass
class ReportReply:
    text: str  # with [n] markers, one per entry of `cited`, in order
    cited: list[RuleResult]
    named: bool  # the question named rules (else it asked by status)


class ReportQuestions:
    """Matches questions to the results of one report. Built per report: the word weights are the pack's own."""

    def __init__(self, report: Report, pack: Optional[Pack]) -> None:
        self.report = report
        self.names: dict[str, set[str]] = {}
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
            if r.status == "fail" or r.status == "missing":
                labels.append(r.advice)  # “还差 1家”, “需删减 5 字”: the gap's own words name the result too
            self.names[r.rule_id] = set().union(*(_bigrams(a) for a in labels))
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
        statuses, rest = _spans_of(text, {name: key for key, name in STATUS_NAMES.items()})
        severities, rest = _spans_of(rest, {name: key for key, name in SEVERITY_NAMES.items()})
        ids = {m.upper() for m in _RULE_ID.findall(rest)}
        named = [r for r in self.report.results if r.rule_id in ids] or self._named(rest)
        if named:
            return self._about(named, statuses)
        if statuses or severities:
            return self._by_status(statuses or list(STATUS_ORDER), severities)
        return None

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
            return []
        best = max(s for s, _, _ in scored)
        top = [(u, r) for s, u, r in scored if s == best]
        if any(u for u, _ in top):  # “还差几家企业”: the rule counted in 家
            top = [(u, r) for u, r in top if u]
        return sorted((r for _, r in top), key=lambda r: STATUS_ORDER.index(r.status))

    def _about(self, results: list[RuleResult], statuses: list[str]) -> ReportReply:
        """Each named result in full: verdict, value against the bound, the gap, the clause. A status word in the
        question (“为什么不通过”) puts the results with that status first, it does not hide the others."""
        results = sorted(results, key=lambda r: (r.status not in statuses, STATUS_ORDER.index(r.status)))
        shown = results[:MAX_NAMED]
        lines = [f"{self._where()}中：" if len(shown) > 1 else ""]
        for k, r in enumerate(shown, start=1):
            lines.append(explain(r, k) if len(shown) == 1 else f"{k}. {explain(r, k)}")
        if len(shown) == 1:
            lines[0] = f"{self._where()}中，"
            return ReportReply("".join(lines), shown, True)
        return ReportReply("\n".join(x for x in lines if x), shown, True)

    def _by_status(self, statuses: list[str], severities: list[str]) -> ReportReply:
        chosen = [r for r in ordered_results(self.report)
                  if r.status in statuses and (not severities or r.severity in severities)]
        asked = "、".join(f"“{SEVERITY_NAMES[s]}”" for s in severities) + "、".join(f"“{STATUS_NAMES[s]}”" for s in statuses)
        if not chosen:
            return ReportReply(f"{self._where()}中没有{asked}的结果。{verdict_line(self.report)}", [], False)
        lines = [f"{self._where()}中{asked}的共 {len(chosen)} 条："]
        cited: list[RuleResult] = []
        for r in chosen:
            marker = ""
            if r.status in ("fail", "missing"):
                cited.append(r)
                marker = f"[{len(cited)}]"
            lines.append(f"- {brief(r)}{marker}")
        return ReportReply("\n".join(lines), cited, False)

    def _where(self) -> str:
        return f"您上传的草稿《{self.report.file}》"


def explain(r: RuleResult, marker: int) -> str:
    """One result in a sentence or three: what was read, against what, what to change, and the clause."""
    parts = [f"{r.rule_id}「{r.title}」（{SEVERITY_NAMES[r.severity]}）的结果是“{STATUS_NAMES[r.status]}”"]
    if r.value is not None:
        where = f"（{r.evidence.location}）" if r.evidence.location else ""
        parts.append(f"读取值 {r.value}{where}")
    if r.threshold:
        parts.append(f"要求 {r.threshold}（{_BOUNDARY.get(r.operator or '', '含本数')}）")
    if r.detail:
        parts.append(r.detail)
    text = "：" + "，".join(parts[1:]) if len(parts) > 1 else ""
    advice = f"建议：{r.advice}。" if r.advice else ""
    source = (f"依据《{r.source.doc_title or r.source.doc}》（{r.source.clause}）：“{r.source.quote}”[{marker}]。")
    return f"{parts[0]}{text}。{advice}{source}"


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
            lines.append(f"{len(cited)}. {explain(r, len(cited))}" if status == "fail" else
                         f"- {brief(r)}[{len(cited)}]")
    rest = [f"{STATUS_NAMES[s]} {report.summary.get(s, 0)} 条" for s in ("manual", "pass", "not_applicable")
            if report.summary.get(s)]
    tail = [f"\n另有{'、'.join(rest)}，见下方“完整结果”。可以接着问，例如某条为什么不通过、还差多少、哪些缺少数据。"] if rest \
        else ["\n可以接着问，例如某条为什么不通过、还差多少、哪些缺少数据。"]
    return ReportReply("\n".join(head + lines + tail), cited, False)
