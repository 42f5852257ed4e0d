"""Questions that state the asker's own values (“我们双师型教师35人，专业课教师一共50人，达标吗？”, “专业群在校生600人，
培训人次至少要多少？”), decided by the rule engine: the values are judged by the rule they belong to exactly as the same
values in a draft would be. Never a model; the sentence only says which numbers were given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..models import LEVEL_NAMES, Level, RuleResult
from ..rules.detect import level_from_name
from ..rules.engine import evaluate_given
from ..rules.schema import Pack, Rule
from ..rules.stated import Stated, label_forms, stated_values, unclaimed
from ..textnorm import clause, join_clauses, sentence

_CHECKS = ("threshold", "word_limit")
# “泉州全市的就业率是多少？”: the question asks the corpus for a figure; “还差多少” asks how far the asker's own is.
_ASKS_FIGURE = re.compile(r"(?<![差缺少])(?:多少|几[个家名人所门项年月天]?)")
# Quotation marks, except a closing one right before a numeral: “校企共建实训基地”一项 names an item, it states no value
# (rules/stated.py reads a number after a closing quote as no value of the label).
_QUOTE_MARKS = re.compile(r"[“\"'‘「『]|[”’」』](?![一二两三四五六七八九十\d])")
_BOUNDARY = {">=": "含本数", "<=": "含本数", ">": "不含本数", "<": "不含本数", "between": "含两端"}


def rule_inputs(rule: Rule) -> list[str]:
    """The fields and lists a rule reads, the compared value first."""
    names = [rule.field, *rule.any_of, *(w.field for w in rule.all_of), *(rule.ratio_of or ()), rule.times_field,
             rule.rows_of.list if rule.rows_of else None]
    return list(dict.fromkeys(n for n in names if n))


@dataclass
class OwnNumbersAnswer:
    pack: Pack
    rule: Rule
    stated: list[Stated]
    results: dict[Level, RuleResult]  # by level; one entry when the level is known or does not matter
    level_known: bool
    asks_bound: bool = False  # the question names the compared value without giving it: it asks for the bound

    def depends_on_level(self) -> bool:
        return not self.level_known and len({r.status for r in self.results.values()}) > 1

    def status(self) -> str:
        """pass, fail, or “level” when the unknown school level decides it (any other status: “other”)."""
        if self.depends_on_level():
            return "level"
        status = next(iter(self.results.values())).status
        return status if status in ("pass", "fail") else "other"

    def sentence(self) -> str:
        """The verdict, the arithmetic and the bound, per level when the unknown level decides it."""
        given = "、".join(f"{s.label} {s.value}" for s in self.stated)
        head = f"{self.rule.title}，您给出的 {given}"
        ref = f"（规则编号 {self.rule.id}）"  # last, after the plain-language verdict: for whoever looks the rule up
        if not self.depends_on_level():
            level, result = next(iter(self.results.items()))
            who = f"（{LEVEL_NAMES[level]}）" if self.level_known else "" if len(self.rule.levels) == 3 else \
                f"（此条适用于{'、'.join(LEVEL_NAMES[lv] for lv in self.rule.levels)}）"
            bounds = {r.threshold for r in self.results.values()}
            if len(bounds) > 1:  # the same verdict at every level, under bounds that differ by level
                by_level = "、".join(f"{LEVEL_NAMES[lv]} {r.threshold}" for lv, r in self.results.items())
                result = result.model_copy(update={"threshold": by_level})
            return sentence(f"{head}{who}：{clause(_verdict(result, self.rule))}{ref}")
        by_verdict: dict[str, list[str]] = {}
        for level, result in self.results.items():
            by_verdict.setdefault(_verdict(result, self.rule), []).append(LEVEL_NAMES[level])
        parts = [f"{'、'.join(names)}：{verdict}" for verdict, names in by_verdict.items()]
        return (f"{head}：该要求因办学层次而不同——{join_clauses(parts, '；')}{ref}。请告诉我贵校的办学层次"
                "（如“我们是中职”），以便给出确切结论。")


def _verdict(result: RuleResult, rule: Rule) -> str:
    bound = f"要求 {result.threshold}（{_BOUNDARY.get(result.operator or '', '含本数')}）" if result.threshold else ""
    how = f"{clause(result.detail)}，" if result.detail else ""
    if result.status == "pass":
        return f"{how}{bound}，达到要求"
    if result.status == "fail":
        return f"{how}{bound}，未达到要求：{clause(result.advice or result.message)}"
    if result.status == "not_applicable":
        return "该规则不适用于这一办学层次"
    if result.threshold:  # a bound computed from the values given, for a value not given
        return f"{how}{rule.title}须 {result.threshold}（{_BOUNDARY.get(result.operator or '', '含本数')}）"
    return result.advice


class OwnNumbers:
    def __init__(self, packs: dict[str, Pack]) -> None:
        self.packs = packs

    def answer(self, question: str, documents: Optional[set[str]] = None) -> Optional[OwnNumbersAnswer]:
        """The rule the question's own values are for, judged; None when it states no value a rule reads.
        `documents`: the documents the question names (a place), to look only at their packs."""
        found = self.answers(question, documents)
        return found[0] if found else None

    def answers(self, question: str, documents: Optional[set[str]] = None) -> list[OwnNumbersAnswer]:
        """Every rule the question's own values are for, judged, the best first (see `answer`), then the rules of
        the same pack that read other values of the question (“就业率96%，对口就业率65%，达标吗？” is two verdicts:
        judging only the first would tell a school it qualifies when it does not)."""
        question = _QUOTE_MARKS.sub("", question)  # labels are matched as written without quotes ('双师型'教师…)
        level = level_from_name(question)
        judged: list[tuple[tuple[int, int, int], OwnNumbersAnswer]] = []
        for pack in self.packs.values():
            if documents and pack.doc_id not in documents:
                continue
            stated = stated_values(question, pack)
            if not stated:
                continue
            loose = unclaimed(question, stated)
            for rule in pack.rules:
                found = self._judge(question, pack, rule, stated, loose, level)
                if found is None:
                    continue
                # more of the given values used; then the rule whose compared value the question names without
                # giving it (“培训人次至少要多少” asks for QZ019's bound, not QZ014's verdict on 在校生); then longer labels
                judged.append(((len(found.stated), int(found.asks_bound), sum(len(s.label) for s in found.stated)),
                               found))
        if not judged:
            return []
        ranked = [found for _, found in sorted(judged, key=lambda j: j[0], reverse=True)]  # stable: pack order on ties
        chosen = [ranked[0]]
        for found in ranked[1:]:
            if found.pack is chosen[0].pack and not any(s.at == t.at for c in chosen for s in found.stated
                                                        for t in c.stated):
                chosen.append(found)
        return chosen

    def _judge(self, question: str, pack: Pack, rule: Rule, stated: dict[str, Stated],
               loose: list[tuple[str, tuple[int, int], set[str]]], level: Optional[Level]) -> Optional[OwnNumbersAnswer]:
        if rule.check not in _CHECKS:
            return None
        inputs = rule_inputs(rule)
        used = {n: stated[n] for n in inputs if n in stated}
        if not used:
            return None
        # A number whose unit names what it measures (1800平米 beside “两个众创空间”) is the rule's one field of that
        # kind, once the question has named the rule by one of its labels.
        for name in inputs:
            kind = pack.fields[name].type if name in pack.fields else "count"
            fitting = [(v, at) for v, at, kinds in loose if kind in kinds and kind not in ("count", "number")]
            if name not in used and len(fitting) == 1:
                used[name] = Stated(name, kind, fitting[0][0], fitting[0][1], pack.fields[name].labels[0])
        given = {n: s.found() for n, s in used.items()}
        levels: list[Level] = [level] if level else list(rule.levels)
        if level and level not in rule.levels:
            return None  # the rule does not bind this level: let the passages answer
        results = {lv: evaluate_given(pack, rule, lv, given) for lv in levels}
        # “在校生600人，培训人次至少要多少”: the bound is computed from the value given, for the value named
        computed_bound = rule.times_field in used and rule.field is not None and rule.field not in used and any(
            form in question for label in pack.fields[rule.field].labels for form in label_forms(label))
        if not any(r.status in ("pass", "fail") or (computed_bound and r.threshold) for r in results.values()):
            return None
        if _ASKS_FIGURE.search(question) and not computed_bound:
            return None  # it asks for a figure the verdict does not give
        if level is None and len({(r.status, r.threshold) for r in results.values()}) == 1:
            results = {levels[0]: results[levels[0]]}
        ordered = sorted(used.values(), key=lambda s: s.at)
        return OwnNumbersAnswer(pack, rule, ordered, results, level is not None, computed_bound)


def verdict_count(statuses: list[str]) -> str:
    """“您给出的数值涉及 2 项要求：1 项达到，1 项未达到。”"""
    said = [f"{statuses.count(k)} 项{word}" for k, word in
            (("pass", "达到"), ("fail", "未达到"), ("level", "因办学层次而不同")) if statuses.count(k)]
    return f"您给出的数值涉及 {len(statuses)} 项要求：{'，'.join(said)}。"
