"""Answers that state a rule's own threshold (“双师型比例要求多少” -> QZ008, ≥ 70%), level-aware, with the rule id
and its source quote. The number comes from the rule pack through the rules core, never from a model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..models import LEVEL_NAMES, Level
from ..retrieval.keyword import tokenize
from ..rules.describe import threshold_text
from ..rules.schema import Pack, Rule

# A requirement is asked with 要/需/应/至少/限…; “泉州有多少所高职院校” asks for a statistic, not a rule.
_ASKS_LIMIT = re.compile(r"要|需|应|须|至少|最少|最多|不低于|不少于|不超过|门槛|标准|限|上限|下限|达到|以上|以内|规定")
_LEVEL_WORDS: list[tuple[str, Level]] = [("职业本科", "benke"), ("职教本科", "benke"), ("高职", "gaozhi"),
                                         ("中职", "zhongzhi")]
# …and asks for a figure: “推荐汇总表要填哪些栏目” asks for the form's fields, not its 300-character limit.
_ASKS_FIGURE = re.compile(r"多少|几|比例|占比|百分|字数|多长|多久|多大|上限|下限|门槛")
# Words of a threshold question that name no topic: units, levels and the asking itself.
_NOT_TOPIC = set("字 字数 人 名 家 个 门 项 所 元 万元 届 次 人次 月 个月 年 要求 标准 门槛 上限 下限 达到 以上 以内 不低于 "
                 "原则 原则上 中职 高职 职业本科 职教本科 本科".split())
_CHECKS = ("threshold", "word_limit", "per_row")


@dataclass
class RuleAnswer:
    rule: Rule
    pack: Pack
    level: Optional[Level]
    threshold: str

    def sentence(self) -> str:
        who = f"（{LEVEL_NAMES[self.level]}）" if self.level else ""
        # The requirement first, with its unit; the id last and named as such (staff do not know rule ids; whoever
        # looks the rule up in the rule library or `cjrh rules show` does).
        return f"{self.rule.title}{who}：要求 {self.threshold}（规则编号 {self.rule.id}）。"


class RuleMatcher:
    """Finds the rule a threshold question is squarely about: every topic word of the question must occur in the
    rule's title, field labels, source quote or form title. A question that adds anything the rule does not
    speak of (“泉州职业院校的就业率”, a statistic, not a requirement) is left to the passages."""

    def __init__(self, packs: dict[str, Pack]) -> None:
        self.entries: list[tuple[Rule, Pack, frozenset[str], frozenset[str], frozenset[str]]] = []
        for pack in packs.values():
            for rule in pack.rules:
                if rule.check not in _CHECKS:
                    continue
                fields = [f for f in [rule.field, *rule.any_of, *(w.field for w in rule.all_of)] if f in pack.fields]
                labels = " ".join([rule.title] + [a.split("›")[-1] for f in fields for a in pack.fields[f].labels])
                words = frozenset(tokenize(f"{labels} {rule.source.quote} {pack.title}"))
                scope = frozenset(tokenize(pack.title)) - frozenset(tokenize(f"{labels} {rule.source.quote}"))
                self.entries.append((rule, pack, words, frozenset(tokenize(labels)), scope))

    def match(self, question: str) -> Optional[RuleAnswer]:
        if not (_ASKS_LIMIT.search(question) and _ASKS_FIGURE.search(question)):
            return None
        topic = {t for t in tokenize(question) if t not in _NOT_TOPIC and not t.isdigit()}
        if not topic:
            return None
        candidates = [(len(topic & labels) / len(labels) if labels else 0.0, -k, rule, pack)
                      for k, (rule, pack, words, labels, scope) in enumerate(self.entries)
                      if topic <= words and topic - scope]  # a topic beyond the form's own title words
        if not candidates:
            return None
        _, _, rule, pack = max(candidates, key=lambda c: (c[0], c[1]))
        level = next((lv for word, lv in _LEVEL_WORDS if word in question), None)
        if level and level not in rule.levels:
            return None  # the rule does not apply to the level asked about: let the passages answer
        if level:  # the level asked about is named, whether or not its bound differs from the others'
            return RuleAnswer(rule, pack, level, threshold_text(pack, rule.model_copy(update={"levels": [level]})))
        return RuleAnswer(rule, pack, None, threshold_text(pack, rule))
