"""What to change so that a failing value meets its rule, in the draft's own terms (“还差 1 家”, “需删减 1 字”,
“再有 1 名双师型教师即达 70%”). Pure and exact: every gap is computed with Fraction from the same Condition the
verdict was decided on, so the advice and the verdict cannot disagree."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Optional

from .numbers import NumberKind, format_number
from .wording import Condition

if TYPE_CHECKING:  # for annotations only; nothing is imported at run time
    from .context import Outcome
    from .schema import Pack, Rule

# The unit the rule's own wording puts after its number (“与10家以上企业” -> 家): how staff count that thing.
_WORDING_UNIT = re.compile(r"[\d零〇一二两三四五六七八九十百千万]\s*(人次|平方米|万元|个月|[家个门项名人所届次元字年])")
_LABEL_UNIT = re.compile(r"(人次|[家个门项名人所届])数?$")
# Suffixes of a form's counting labels (“合作企业名单”, “双师型教师人数”) that name the count, not the thing counted.
_COUNT_SUFFIX = re.compile(r"(?:名单|总数|人数|数量|数)$")


def unit_of(wording: str, kind: NumberKind) -> str:
    """The unit to state a gap in: the wording's own, else the kind's (format_number adds %, 元, 个月, 平方米)."""
    if kind in ("percent", "money", "months", "area"):
        return ""
    m = _WORDING_UNIT.search(wording)
    return m.group(1) if m else ""


def threshold_unit(wording: str, kind: str, label: str = "") -> str:
    """The unit a count is stated in (“≥ 500” reads “≥ 500人”): the wording's own (“500人以上” -> 人), else the form
    label's (“培训人次” -> 人次). Other kinds carry their unit in the number (%, 元, 个月, 平方米) or have none."""
    if kind != "count":
        return ""
    return unit_of(wording, "count") or label_unit(label)


def label_unit(label: str) -> str:
    """The unit a counting label ends in (“培训人次” -> 人次, “毕业生届数” -> 届)."""
    m = _LABEL_UNIT.search(label)
    return m.group(1) if m else ""


def thing_counted(label: str) -> str:
    """“双师型教师人数” -> “双师型教师”; “合作企业名单” -> “合作企业”; quotes and brackets dropped."""
    return _COUNT_SUFFIX.sub("", re.sub(r"[“”\"（）()]", "", label))


def _integral(kind: NumberKind) -> bool:
    return kind == "count"


def value_gap(cond: Condition, value: Fraction, kind: NumberKind, unit: str) -> str:
    """“还差 2家”, “需减少 1个”, or for a bound on a continuous quantity “还差 2.5个百分点”. Empty when it holds."""
    if cond.holds(value):
        return ""
    low, high = (cond.value, cond.high) if cond.operator == "between" else (cond.value, cond.value)
    if cond.operator in (">=", ">") or (cond.operator == "between" and value < low):
        need = low + 1 if cond.operator == ">" and _integral(kind) and low.denominator == 1 else low
        gap = need - value
        if kind == "percent":
            return f"还差 {format_number(gap)}个百分点" + ("以上" if cond.operator == ">" else "")
        return f"还差 {format_number(gap, kind)}{unit}" + ("以上" if cond.operator == ">" and not _integral(kind) else "")
    assert high is not None
    limit = high - 1 if cond.operator == "<" and _integral(kind) and high.denominator == 1 else high
    excess = value - limit
    if kind == "percent":
        return f"需降低 {format_number(excess)}个百分点" + ("以上" if cond.operator == "<" else "")
    return f"需减少 {format_number(excess, kind)}{unit}" + ("以上" if cond.operator == "<" and not _integral(kind) else "")


def ratio_gap(cond: Condition, numerator: Fraction, denominator: Fraction, counted: str) -> str:
    """For a percentage of people (“双师型”教师 ÷ 专业课教师): how many more of the counted people reach the bound,
    the total unchanged. Empty when it holds or when the bound is an upper one (fewer people is not advice)."""
    if denominator <= 0 or cond.holds(numerator / denominator * 100) or cond.operator not in (">=", ">"):
        return ""
    need = math.ceil(cond.value * denominator / 100)
    if cond.operator == ">" and Fraction(need * 100, 1) / denominator == cond.value:
        need += 1
    extra = need - numerator
    return f"再有 {format_number(extra)} 名{counted}（共 {need} 名）即达到 {cond.describe('percent')}"


def words_to_cut(cond: Condition, words: int) -> str:
    """“需删减 1 字” for a section over its limit."""
    if cond.holds(Fraction(words)):
        return ""
    limit = cond.value - 1 if cond.operator == "<" else cond.value
    return f"需删减 {format_number(Fraction(words) - limit)} 字（上限 {format_number(limit)} 字）"


def missing_advice(labels: list[str], where: Optional[str] = None) -> str:
    """“未填写：请填写“专业群在校生数””; with the place the label was found when there is one."""
    names = "”或“".join(labels[:1])
    return f"未填写：请在{where}中填写“{names}”" if where else f"未填写：请在草稿中填写“{names}”"


def result_advice(rule: Rule, pack: Pack, outcome: Outcome) -> str:
    """Every fail and missing result says what to do: the check's own gap, else what to fill in or the rule."""
    if outcome.status not in ("fail", "missing"):
        return ""
    if outcome.advice:
        return outcome.advice
    if outcome.status == "missing":
        names = [n for n in [rule.field, *rule.any_of, *(w.field for w in rule.all_of)] if n and n in pack.fields]
        if names:
            return missing_advice([pack.fields[names[0]].labels[0]])
        if rule.rows_of:
            return missing_advice(pack.lists[rule.rows_of.list].labels[:1])
        return f"未找到：{outcome.detail or '请补充该项'}"
    return rule.message
