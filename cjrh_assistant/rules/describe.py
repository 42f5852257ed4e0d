"""Rules in words: the threshold a rule's wording yields, as the rule library and `cjrh rules` show it."""

from __future__ import annotations

from ..models import LEVEL_NAMES
from .advice import threshold_unit
from .schema import Pack, Rule
from .wording import parse_wording

_NUMERIC_KINDS = ("percent", "money", "months", "area")


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


def threshold_text(pack: Pack, rule: Rule) -> str:
    """The threshold the engine derives from the rule's wording, per level where it differs (“高职 ≥ 500人；中职 ≥
    300人”), in the unit the engine's results use."""
    if rule.check not in ("threshold", "word_limit", "per_row") or not (rule.wording or rule.all_of):
        return {"one_of": "属于规定名单", "list_contains": "名单包含", "every_row": "每行都填写", "deadline": "不晚于期限",
                "equal_sum": "总数与分项之和相等", "not_greater": "分项不大于总数", "docx_format": "格式一致",
                "manual": "人工核对"}.get(rule.check, "—")
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
