"""From a rule's source wording (“达到70%以上”, “300字以内”, “不低于5000元”) to an operator and a threshold.

Boundary words follow 《民法典》第一千二百五十九条: 以上、以下、以内、届满 include the number; 不满、超过、以外
exclude it. 不超过/不低于/不少于/达到/至少 include it as well; 低于/少于/不足 exclude it. The pack stores only the
wording; the operator is derived here, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Optional

from .numbers import NumberKind, format_number, read_number

Operator = Literal[">=", ">", "<=", "<", "between"]

# Words before the number, longest first so 不超过 is not read as 超过.
_BEFORE = [("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("最多", "<="), ("不低于", ">="), ("不少于", ">="),
           ("至少", ">="), ("达到", ">="), ("超过", ">"), ("高于", ">"), ("多于", ">"), ("低于", "<"), ("少于", "<"),
           ("不满", "<"), ("不足", "<")]
# Words after the number (and its unit).
_AFTER = [("以上", ">="), ("以下", "<="), ("以内", "<="), ("之内", "<="), ("以外", ">")]
_NUMBER = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*(?:[~～\-－—–至到]\s*(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+))?")


class WordingError(ValueError):
    """The wording names no number or no boundary word: the pack is wrong, not the draft."""


@dataclass(frozen=True)
class Condition:
    operator: Operator
    value: Fraction
    high: Optional[Fraction] = None  # for “3～6个”
    kind: NumberKind = "number"
    wording: str = ""

    def holds(self, x: Fraction) -> bool:
        if self.operator == "between":
            assert self.high is not None
            return self.value <= x <= self.high
        return {">=": x >= self.value, ">": x > self.value, "<=": x <= self.value, "<": x < self.value}[self.operator]

    def describe(self, unit_kind: Optional[NumberKind] = None) -> str:
        kind = unit_kind or self.kind
        if self.operator == "between":
            assert self.high is not None
            return f"{format_number(self.value)}～{format_number(self.high, kind)}"
        symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[self.operator]
        return f"{symbol} {format_number(self.value, kind)}"


def parse_wording(wording: str, kind: NumberKind = "number") -> Condition:
    """“达到70%以上” -> (>=, 70); “300字以内” -> (<=, 300); “原则上由3～6个专业组成” -> between 3 and 6;
    “每5年累计不少于6个月” -> (>=, 6): the number is the one the boundary word governs."""
    numbers = list(_NUMBER.finditer(wording))
    if not numbers:
        raise WordingError(f"原文措辞中没有数字：{wording}")
    for word, op in _BEFORE:
        at = wording.find(word)
        if at < 0:
            continue
        after = [m for m in numbers if m.start() >= at + len(word)]
        if after and after[0].start() - (at + len(word)) <= 2:
            return _condition(after[0], op, wording, kind)  # type: ignore[arg-type]
    for word, op in _AFTER:
        at = wording.find(word)
        if at < 0:
            continue
        before = [m for m in numbers if m.end() <= at and at - m.end() <= 4]
        if before:
            return _condition(before[-1], op, wording, kind)  # type: ignore[arg-type]
    ranged = [m for m in numbers if m.group(2)]
    if ranged:
        return _condition(ranged[0], "between", wording, kind)
    raise WordingError(f"原文措辞中没有表示界限的词（以上、以内、不低于…）：{wording}")


def _condition(match: re.Match[str], op: Operator, wording: str, kind: NumberKind) -> Condition:
    low = read_number(match.group(1), kind)
    if low is None:
        raise WordingError(f"原文措辞中的数字无法读取：{wording}")
    if match.group(2):
        high = read_number(match.group(2), kind)
        if high is None:
            raise WordingError(f"原文措辞中的数字无法读取：{wording}")
        if op == ">=":  # “至少1～2名”: the lower end is the requirement, the upper a recommendation
            return Condition(">=", low.value, kind=kind, wording=wording)
        return Condition("between", low.value, high.value, kind=kind, wording=wording)
    return Condition(op, low.value, kind=kind, wording=wording)
