"""Rules in words: the threshold a rule's wording yields, as the rule library and `cjrh rules` show it."""

from __future__ import annotations

from ..models import LEVEL_NAMES
from .advice import threshold_unit
from .dates import date_text, deadline_of
from .engine import expected_format, sum_name
from .schema import Pack, Rule
from .wording import parse_wording

_NUMERIC_KINDS = ("percent", "money", "months", "area")
# Allowed names longer than this (in characters, joined) are shortened in a table cell to the first SHOWN_NAMES: 20
# 联合体 names made the rule library's first row ~600 px tall. The full list stays in the rule's source and the advice.
LONG_NAMES = 100
SHOWN_NAMES = 3


def _kind(pack: Pack, field: str | None, fallback: str) -> str:
    kind = pack.fields[field].type if field else fallback
    return kind if kind in _NUMERIC_KINDS else "number"


def _unit(pack: Pack, rule: Rule, wording: str) -> str:
    """A count's unit, as the engine adds it to a result's threshold (“≥ 500人”): from the compared field, or the
    listed rows a count is taken from; none for “任一项” rules and computed ratios."""
    if rule.field and rule.field in pack.fields:
        spec = pack.fields[rule.field]
        return threshold_unit(wording, spec.type, spec.labels[0])
    if rule.rows_of and not rule.any_of:
        return threshold_unit(wording, "count", pack.lists[rule.rows_of.list].labels[0])
    return ""


def threshold_text(pack: Pack, rule: Rule, full: bool = True) -> str:
    """The threshold the engine derives from the rule's wording, per level where it differs (“高职 ≥ 500人；中职 ≥
    300人”), in the unit the engine's results use. Not `full`: a long list of allowed names is shortened."""
    if rule.check not in ("threshold", "word_limit", "per_row") or not (rule.wording or rule.all_of):
        return _requirement(pack, rule, full)
    field = rule.field if rule.field in pack.fields else (rule.any_of[0] if rule.any_of else None)
    kind = _kind(pack, field, "months" if rule.check == "per_row" else "count")
    unit = "字" if rule.check == "word_limit" else ""
    if rule.times_field:
        unit = f" × {pack.fields[rule.times_field].labels[0]}"
    if rule.all_of:
        return "；".join(parse_wording(w.wording, _kind(pack, w.field, "count")).describe()  # type: ignore[arg-type]
                        + _unit(pack, rule.model_copy(update={"field": w.field}), w.wording) for w in rule.all_of)
    by_level: dict[str, list[str]] = {}
    for level in rule.levels:
        wording = rule.wording_for(level)
        if wording:
            shown = unit or (_unit(pack, rule, wording) if rule.check == "threshold" else "")
            by_level.setdefault(parse_wording(wording, kind).describe(kind) + shown, []).append(LEVEL_NAMES[level])
    if len(by_level) == 1:
        return next(iter(by_level))
    return "；".join(f"{'、'.join(levels)} {text}" for text, levels in by_level.items())


def _requirement(pack: Pack, rule: Rule, full: bool = True) -> str:
    """What a check without a numeric threshold requires, in the pack's own labels, names and dates (“专业群在校生数 =
    核心专业在校生数与群内其他专业在校生数之和”), as the engine's results state it."""
    label = pack.fields[rule.field].labels[0] if rule.field in pack.fields else ""
    listed = pack.lists[rule.rows_of.list] if rule.rows_of else None
    column = listed.columns[rule.rows_of.column][0] if listed and rule.rows_of else ""
    if rule.check == "one_of":
        names = "、".join(rule.allowed)
        if not full and len(names) > LONG_NAMES:
            names = f"{'、'.join(rule.allowed[:SHOWN_NAMES])}等 {len(rule.allowed)} 项（全部名称见依据文件）"
        return f"{label}属于以下 {len(rule.allowed)} 项之一：{names}"
    if rule.check == "list_contains" and listed:
        return f"{listed.labels[0]}的“{column}”包含{label}"
    if rule.check == "every_row" and listed:
        return f"{listed.labels[0]}每一行都填写“{column}”"
    if rule.check == "equal_sum" and listed:
        return f"{label} = {sum_name(rule, pack)}"
    if rule.check == "not_greater":
        return "；".join(f"{pack.fields[a].labels[0]} ≤ {pack.fields[b].labels[0]}" for a, b in rule.pairs)
    if rule.check == "deadline" and pack.year:
        return f"{label} ≤ {date_text(deadline_of(rule.wording_for(rule.levels[0]) or '', pack.year))}"
    if rule.check == "docx_format" and rule.expect:
        prop, _, accepted = expected_format(rule)  # the form's own value; the others are its aliases in Word
        return f"{_FORMAT_NAMES.get(prop, '正文格式')}：{accepted[0]}"
    return "人工核对" if rule.check == "manual" else "—"


_FORMAT_NAMES = {"east_asia_font": "正文字体", "size_half_points": "正文字号", "line": "正文行距"}
