"""The rule engine: (pack, draft, level) -> one result per rule. Pure: no I/O, no clock, no randomness, no model.

Every verdict is decided here with exact arithmetic (Fraction); a value that cannot be read is `missing`.
A draft's text is only ever data: labels are looked up, numbers are read, nothing in it is executed or
changes which comparison is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Optional

from ..models import Draft, Evidence, Level, RuleResult, SourceRef, Status, WordCount
from .locate import Found, FoundList
from .numbers import format_number, read_number
from .schema import Pack, Rule
from .context import Context, Outcome, distinct_items, missing_outcome, name_key, same_name
from .dates import date_text, deadline_of, parse_date
from .advice import (label_unit, missing_advice, result_advice, ratio_gap, thing_counted, threshold_unit, unit_of,
                     value_gap, words_to_cut)
from .wording import Condition, parse_wording
from .wordcount import count
from ..textnorm import join_clauses
from .one_of import check_one_of

# ---- checks ------------------------------------------------------------------------------------------


def check_threshold(rule: Rule, ctx: Context) -> Outcome:
    if rule.all_of:
        return _all_of(rule, ctx)
    kind = ctx.kind(rule.field) if rule.field else ctx.kind(rule.any_of[0]) if rule.any_of else (
        "percent" if rule.ratio_of else "count")
    wording = rule.wording_for(ctx.level)
    assert wording
    cond = parse_wording(wording, kind)
    if rule.any_of:
        return _any_of(rule, ctx, cond)
    read = _value(rule, ctx)
    value, found, detail = read.number, read.found, read.detail
    if rule.times_field:
        base, base_found = ctx.number(rule.times_field)
        if base is None:
            name = ctx.pack.fields[rule.times_field].labels[0]
            return missing_outcome(f"缺少{name}，无法计算门槛", base_found, advice=missing_advice([name]))
        cond = Condition(cond.operator, cond.value * base.value, kind=kind, wording=wording)
        detail = (detail + "；" if detail else "") + \
            f"门槛 = {format_number(parse_wording(wording).value)} × {format_number(base.value)}"
    labels = _value_labels(rule, ctx)
    threshold = cond.describe(kind) + threshold_unit(wording, kind, labels[0])
    if value is None:
        advice = (f"“{found.value}”不是确切的数值：请在“{labels[0]}”中填写数字" if found is not None
                  else missing_advice(labels))
        return missing_outcome(detail or "草稿中未找到该项数据", found, threshold, advice=advice)
    if read.ratio is not None:
        counted = thing_counted(ctx.pack.fields[rule.ratio_of[0]].labels[0]) if rule.ratio_of else ""
        advice = ratio_gap(cond, *read.ratio, counted)
    else:
        label = (ctx.pack.lists[rule.rows_of.list].labels[0] if rule.rows_of else
                 ctx.pack.fields[rule.field].labels[0] if rule.field else "")
        unit = unit_of(wording, kind)
        advice = value_gap(cond, value, kind, unit or (label_unit(label) if kind == "count" else ""))
        if advice and unit and kind == "count":  # “还差 1家合作企业”: the label says what is counted
            advice += thing_counted(label).removesuffix(unit)
    return Outcome("pass" if cond.holds(value) else "fail", format_number(value, kind), threshold,
                   cond.operator, found, detail, advice)


def _value_labels(rule: Rule, ctx: Context) -> list[str]:
    """What the draft should state for a threshold rule: its value's label, else the counts it is computed from."""
    if rule.field and rule.field in ctx.pack.fields:
        return ctx.pack.fields[rule.field].labels[:1]
    if rule.ratio_of:
        return ["、".join(ctx.pack.fields[f].labels[0] for f in rule.ratio_of)]
    if rule.rows_of:
        return ctx.pack.lists[rule.rows_of.list].labels[:1]
    return [rule.title]


@dataclass
class _Value:
    number: Optional[Fraction]
    found: Optional[Found]
    detail: str
    ratio: Optional[tuple[Fraction, Fraction]] = None  # numerator and denominator, when computed from counts


def _value(rule: Rule, ctx: Context) -> _Value:
    """The number a threshold rule compares, and how it was obtained."""
    found = None
    if rule.field and rule.field in ctx.pack.fields:
        reading, found = ctx.number(rule.field)
        if reading is not None:
            return _Value(reading.value, found, reading.note)
    if rule.ratio_of:
        (num, num_found), (den, _) = ctx.number(rule.ratio_of[0]), ctx.number(rule.ratio_of[1])
        if num is not None and den is not None and den.value != 0:
            ratio = num.value / den.value * 100
            return _Value(ratio, num_found, (f"由人数计算：{format_number(num.value)} ÷ {format_number(den.value)} = "
                                             f"{format_number(ratio, 'percent')}"), (num.value, den.value))
    if rule.rows_of and rule.rows_of.list in ctx.given:
        stated = ctx.given[rule.rows_of.list]
        reading = read_number(stated.value, "count")
        return _Value(reading.value if reading else None, stated, "")
    if rule.rows_of:
        listed = ctx.rows(rule.rows_of.list)
        if listed is not None and listed.stated is not None:
            return _stated_count(rule, ctx, listed)
        if listed is not None:
            items = distinct_items([r.get(rule.rows_of.column, "") for r in listed.rows])
            note = f"名单中列出 {len(items)} 项"
            if rule.rows_of.exclude_field:
                own = ctx.text(rule.rows_of.exclude_field)
                if own is not None:
                    items = [i for i in items if not same_name(i, str(own.value))]
                    note = f"名单中除“{own.value}”外列出 {len(items)} 项"
                    if rule.rows_of.count_with_field:
                        items.insert(0, str(own.value))
                        note = f"“{own.value}”加名单中其他 {len(items) - 1} 项"
            evidence = Found("、".join(items), listed.location, "、".join(items)[:120])
            return _Value(Fraction(len(items)), evidence, note)
    if found is not None:
        return _Value(None, found, f"无法读取数值：“{found.value}”")
    return _Value(None, None, "")


def _stated_count(rule: Rule, ctx: Context, listed: FoundList) -> _Value:
    """A count written instead of the list (“合作企业数量：十一家”): the list's number of rows is that count; a list
    counted with the draft's own field (核心专业 plus 群内其他专业) adds it."""
    assert rule.rows_of and listed.stated is not None
    reading = read_number(listed.stated, "count")
    evidence = Found(listed.stated, listed.location, listed.stated)
    if reading is None:
        return _Value(None, evidence, f"无法读取数量：“{listed.stated}”")
    value, note = reading.value, f"草稿写明数量 {format_number(reading.value)}（未列出名单）"
    if rule.rows_of.count_with_field and rule.rows_of.exclude_field and ctx.text(rule.rows_of.exclude_field):
        value += 1
        note += f"，加上{ctx.pack.fields[rule.rows_of.exclude_field].labels[0]}共 {format_number(value)}"
    return _Value(value, evidence, note)


def _any_of(rule: Rule, ctx: Context, cond: Condition) -> Outcome:
    shown, readings = [], []
    for name in rule.any_of:
        reading, found = ctx.number(name)
        label = ctx.pack.fields[name].labels[0]
        shown.append(f"{label} {format_number(reading.value) if reading else '未填'}")
        if reading is not None:
            readings.append((reading, found))
    threshold = "任一项 " + cond.describe()
    if not readings:
        return missing_outcome("草稿中未找到任一项数据", threshold=threshold)
    passing = [(r, f) for r, f in readings if cond.holds(r.value)]
    reading, found = (passing or readings)[0]
    kind = ctx.kind(rule.any_of[0])
    advice = "" if passing else "任一项达到即可：" + min(
        (f"{ctx.pack.fields[n].labels[0]}{value_gap(cond, r.value, kind, unit_of(cond.wording, kind))}"
         for n in rule.any_of for r in [ctx.number(n)[0]] if r is not None), key=len)
    return Outcome("pass" if passing else "fail", "；".join(shown), threshold, cond.operator, found, advice=advice)


def _all_of(rule: Rule, ctx: Context) -> Outcome:
    """Several bounds under one id (众创空间 2个 and 2000平方米): fail if one fails, else missing if one is."""
    parts = [check_threshold(rule.model_copy(update={"all_of": [], "field": w.field, "wording": w.wording}), ctx)
             for w in rule.all_of]
    status: Status = "fail" if any(p.status == "fail" for p in parts) else \
        "missing" if any(p.status == "missing" for p in parts) else "pass"
    first = next((p for p in parts if p.status == status), parts[0])
    return Outcome(status, "；".join(p.value or "未填" for p in parts), "；".join(p.threshold or "" for p in parts),
                   first.operator, first.evidence, join_clauses([p.detail for p in parts], "；"),
                   join_clauses([p.advice for p in parts if p.status != "pass"], "；"))


def check_word_limit(rule: Rule, ctx: Context) -> Outcome:
    assert rule.field
    cond = parse_wording(rule.wording_for(ctx.level) or "")
    limit = int(cond.value)
    section_name = ctx.pack.fields[rule.field].labels[0]
    if rule.field in ctx.given:  # a 字数 stated outright, not a text to count
        stated = ctx.given[rule.field]
        reading = read_number(stated.value, "count")
        if reading is None or reading.value.denominator != 1:
            return missing_outcome(f"无法读取字数：“{stated.value}”", stated, f"{cond.describe()}字")
        words = int(reading.value)
        return Outcome("pass" if cond.holds(reading.value) else "fail", f"{words}字", f"{cond.describe()}字",
                       cond.operator, stated, "", words_to_cut(cond, words))
    found = ctx.locator.sections(ctx.pack.fields[rule.field].labels)
    if not found:
        ctx.word_counts.append(WordCount(section=section_name, limit=limit, count=None, chars_no_spaces=None,
                                         rule_id=rule.id, status="missing"))
        return missing_outcome("草稿中未找到该部分", threshold=f"≤ {limit}字",
                        advice=f"未找到：请在草稿中写明“{section_name}”部分（{cond.describe()}字）")
    worst: Optional[tuple[int, Found]] = None
    empty: list[Found] = []
    places: list[str] = []
    for f in found:
        if not str(f.value).strip():  # the label is there, the text is not: 未填写, never a pass by 0字
            empty.append(f)
            ctx.word_counts.append(WordCount(section=section_name, limit=limit, count=None, chars_no_spaces=None,
                                             rule_id=rule.id, status="missing", location=f.location))
            places.append(f"{f.location} 未填写")
            continue
        c = count(str(f.value))
        ok = cond.holds(Fraction(c.words))
        ctx.word_counts.append(WordCount(section=section_name, limit=limit, count=c.words,
                                         chars_no_spaces=c.chars_no_spaces, rule_id=rule.id,
                                         status="pass" if ok else "fail", location=f.location))
        places.append(f"{f.location} {c.words}字")
        if worst is None or c.words > worst[0]:
            worst = (c.words, f)
    detail = f"共 {len(found)} 处：" + "；".join(places) if len(found) > 1 else ""
    if worst is None or (empty and cond.holds(Fraction(worst[0]))):
        where = empty[0]
        return missing_outcome("未填写" + (f"（{detail}）" if detail else ""), Found("", where.location, where.text),
                        f"{cond.describe()}字", advice=f"未填写：请在“{section_name}”中填写内容（{cond.describe()}字）")
    words, where = worst
    evidence = Found(where.value, where.location, str(where.value)[:60] + ("…" if len(str(where.value)) > 60 else ""))
    return Outcome("pass" if cond.holds(Fraction(words)) else "fail", f"{words}字", f"{cond.describe()}字",
                   cond.operator, evidence, detail, words_to_cut(cond, words))


def check_list_contains(rule: Rule, ctx: Context) -> Outcome:
    assert rule.field and rule.rows_of
    own = ctx.text(rule.field)
    listed = ctx.rows(rule.rows_of.list)
    label = ctx.pack.fields[rule.field].labels[0]
    if own is None:
        return missing_outcome(f"草稿中未找到{label}")
    threshold = f"包含{label}“{own.value}”"
    if listed is None or not listed.rows:
        return missing_outcome("草稿中未找到该名单", threshold=threshold)
    items = distinct_items([r.get(rule.rows_of.column, "") for r in listed.rows])
    ok = any(name_key(str(own.value)) in name_key(i) for i in items)
    return Outcome("pass" if ok else "fail", "、".join(items), threshold, "contains",
                   Found("、".join(items), listed.location, "、".join(items)[:120]),
                   advice="" if ok else f"请在“{ctx.pack.lists[rule.rows_of.list].labels[0]}”中列入“{own.value}”")


def check_every_row(rule: Rule, ctx: Context) -> Outcome:
    assert rule.rows_of
    listed = ctx.rows(rule.rows_of.list)
    if listed is None or not listed.rows:
        return missing_outcome("草稿中未找到该名单", threshold="每一行都填写")
    key = next(iter(ctx.pack.lists[rule.rows_of.list].columns))
    empty = [r[key] for r in listed.rows if not r.get(rule.rows_of.column, "").strip()]
    value = f"{len(listed.rows) - len(empty)}/{len(listed.rows)} 行已填写"
    detail = ("未填写：" + "、".join(empty)) if empty else ""
    column = ctx.pack.lists[rule.rows_of.list].columns[rule.rows_of.column][0]
    return Outcome("fail" if empty else "pass", value, "每一行都填写", "all", Found(value, listed.location, value),
                   detail, f"请为“{'、'.join(empty)}”填写{column}" if empty else "")


def check_equal_sum(rule: Rule, ctx: Context) -> Outcome:
    assert rule.field and rule.rows_of
    total, found = ctx.number(rule.field)
    listed = ctx.rows(rule.rows_of.list)
    if total is None or listed is None or not listed.rows:
        return missing_outcome("缺少总数或名单，无法核对", found)
    parts = [read_number(r.get(rule.rows_of.column, ""), "count") for r in listed.rows]
    if any(p is None for p in parts):
        return missing_outcome("名单中有无法读取的人数", found)
    numbers = [p.value for p in parts if p is not None]
    if rule.plus_field:
        extra, _ = ctx.number(rule.plus_field)
        if extra is None:
            return missing_outcome(f"缺少{ctx.pack.fields[rule.plus_field].labels[0]}", found)
        numbers.insert(0, extra.value)
    summed = sum(numbers, Fraction(0))
    detail = " + ".join(format_number(n) for n in numbers) + f" = {format_number(summed)}"
    return Outcome("pass" if summed == total.value else "fail", format_number(total.value),
                   f"= {sum_name(rule, ctx.pack)} {format_number(summed)}", "==", found, detail)


def sum_name(rule: Rule, pack: Pack) -> str:
    """What an equal_sum rule adds up, in the form's own labels (“核心专业在校生数与群内其他专业在校生数之和”), so that
    the sum does not read as a required number."""
    assert rule.rows_of
    spec = pack.lists[rule.rows_of.list]
    parts = [pack.fields[rule.plus_field].labels[0]] if rule.plus_field else []
    parts.append(spec.labels[0] + spec.columns[rule.rows_of.column][0])
    return "与".join(parts) + "之和"


def check_not_greater(rule: Rule, ctx: Context) -> Outcome:
    checked, broken = [], []
    evidence = None
    for small, big in rule.pairs:
        (a, fa), (b, _) = ctx.number(small), ctx.number(big)
        if a is None or b is None:
            continue
        la, lb = ctx.pack.fields[small].labels[0], ctx.pack.fields[big].labels[0]
        text = f"{la} {format_number(a.value)} ≤ {lb} {format_number(b.value)}"
        checked.append(text)
        if a.value > b.value:
            broken.append(text.replace("≤", ">"))
            evidence = evidence or fa
        evidence = evidence or fa
    if not checked:
        return missing_outcome("缺少可以相互核对的数据")
    return Outcome("fail" if broken else "pass", "；".join(broken or checked), "前者不大于后者", "<=", evidence)


def check_deadline(rule: Rule, ctx: Context) -> Outcome:
    assert rule.field and ctx.pack.year, "deadline rules need the pack's year"
    limit = deadline_of(rule.wording_for(ctx.level) or "", ctx.pack.year)
    threshold = f"≤ {date_text(limit)}"
    found = ctx.text(rule.field)
    if found is None:
        return missing_outcome("草稿中未找到日期", threshold=threshold)
    date = parse_date(found.value)
    if date is None:
        return missing_outcome(f"无法读取日期：“{found.value}”", found, threshold)
    return Outcome("pass" if date <= limit else "fail", date_text(date), threshold, "<=",
                   found, advice="" if date <= limit else
                   f"晚于截止日期 {(date - limit).days} 天：须在 {date_text(limit)}前（含当日）报送")


def check_docx_format(rule: Rule, ctx: Context) -> Outcome:
    formats = ctx.draft.formats
    prop, wanted, shown = expected_format(rule)
    threshold = " / ".join(shown)
    if formats is None and ctx.draft.file_type == "pdf":
        return Outcome("manual", threshold=threshold,
                       detail="PDF 不能证明文字的字体、字号和行距：请打开原 Word 文件核对，或上传 .docx 以自动检查")
    if formats is None:
        return Outcome("not_applicable", threshold=threshold, detail="仅对 .docx 草稿检查格式")
    if not formats:
        return missing_outcome("草稿中没有正文段落", threshold=threshold)
    bad = []
    for f in formats:
        got = getattr(f, prop)
        ok = any(same_name(str(got), str(w)) for w in wanted) if got is not None else False
        if prop == "line" and ok:
            ok = (f.line_rule or "") == "exact"
        if not ok:
            bad.append((f, got))
    first = formats[0] if not bad else bad[0][0]
    value = _format_value(prop, getattr(first, prop), first.line_rule)
    detail = f"{len(formats) - len(bad)}/{len(formats)} 个正文段落符合"
    return Outcome("fail" if bad else "pass", value, threshold, "==", Found(value, first.location, first.text[:40]),
                   detail)


def expected_format(rule: Rule) -> tuple[str, list, list[str]]:
    """A docx_format rule's property, the values it accepts, and each as a result states it (“固定值16磅”)."""
    prop, expected = next(iter(rule.expect.items()))  # the first expectation; line_rule goes with line
    wanted = expected if isinstance(expected, list) else [expected]
    return prop, wanted, [_format_value(prop, w, "exact") for w in wanted]


def _format_value(prop: str, value: object, line_rule: Optional[str]) -> str:
    """Word's own terms: 12磅 for w:sz 24, 固定值16磅 for w:line 320 exact."""
    if value is None:
        return "未设置"
    if prop == "size_half_points":
        return f"{int(value) / 2:g}磅"
    if prop == "line":
        if line_rule == "exact":
            return f"固定值{int(value) / 20:g}磅"
        if line_rule == "atLeast":
            return f"最小值{int(value) / 20:g}磅"
        return f"{int(value) / 240:g}倍行距"
    return str(value)


def check_per_row(rule: Rule, ctx: Context) -> Outcome:
    assert rule.rows_of
    cond = parse_wording(rule.wording_for(ctx.level) or "", "months")
    threshold = cond.describe("months")
    listed = ctx.rows(rule.rows_of.list)
    if listed is None or not listed.rows:
        return missing_outcome("草稿中未找到名单", threshold=threshold)
    key = next(iter(ctx.pack.lists[rule.rows_of.list].columns))
    grace = parse_wording(rule.grace.wording) if rule.grace else None
    failed, waiting, unread, checked = [], [], [], 0
    for row in listed.rows:
        raw = row.get(rule.rows_of.column, "")
        if not raw.strip():
            continue
        reading = read_number(raw, "months")
        if reading is None:
            unread.append(row[key])
            continue
        checked += 1
        if cond.holds(reading.value):
            continue
        years = read_number(row.get(rule.grace.column, ""), "number") if rule.grace else None
        if grace is not None and years is not None and grace.holds(years.value):
            waiting.append(f"{row[key]}（{raw}）")
        else:
            failed.append(f"{row[key]}（{raw}）")
    evidence = Found(f"{checked} 人", listed.location, f"核对 {checked} 人")
    if failed:
        return Outcome("fail", "；".join(failed), threshold, cond.operator, evidence, f"未达到：{len(failed)} 人",
                       f"以下 {len(failed)} 人须达到 {threshold}：{'、'.join(failed)}")
    if unread:
        return missing_outcome("无法读取：" + "、".join(unread), evidence, threshold)
    if waiting:
        return Outcome("manual", "；".join(waiting), threshold, cond.operator, evidence,
                       "仍在入职前3年内，尚可完成，请人工跟踪")
    if not checked:
        return missing_outcome("名单中没有填写该项", evidence, threshold)
    return Outcome("pass", f"{checked} 人均达到", threshold, cond.operator, evidence)


def check_manual(rule: Rule, ctx: Context) -> Outcome:
    if rule.field:
        found = ctx.text(rule.field)
        if found is None:
            return missing_outcome("草稿中未找到该项")
        return Outcome("manual", str(found.value)[:80], evidence=found, detail=rule.hint)
    return Outcome("manual", detail=rule.hint)


CHECKS: dict[str, Callable[[Rule, Context], Outcome]] = {
    "threshold": check_threshold, "word_limit": check_word_limit, "one_of": check_one_of,
    "list_contains": check_list_contains, "every_row": check_every_row, "equal_sum": check_equal_sum,
    "not_greater": check_not_greater, "deadline": check_deadline, "docx_format": check_docx_format,
    "per_row": check_per_row, "manual": check_manual,
}


def evaluate(pack: Pack, draft: Draft, level: Level) -> tuple[list[RuleResult], list[WordCount]]:
    """One result per rule of the pack, in the pack's order, and the counted sections."""
    ctx = Context(pack, draft, level)
    return [_result(rule, ctx) for rule in pack.rules], ctx.word_counts


def evaluate_given(pack: Pack, rule: Rule, level: Level, given: dict[str, Found]) -> RuleResult:
    """One rule judged on values a person stated (a question's own numbers), by the same check as a draft."""
    return _result(rule, Context(pack, Draft(file="", file_type="question"), level, given))


def _result(rule: Rule, ctx: Context) -> RuleResult:
    if ctx.level not in rule.levels:
        outcome = Outcome("not_applicable", detail="该规则不适用于本办学层次")
    else:
        outcome = CHECKS[rule.check](rule, ctx)
    ev = outcome.evidence
    return RuleResult(
        rule_id=rule.id, title=rule.title, severity=rule.severity, status=outcome.status,
        value=outcome.value, threshold=outcome.threshold, operator=outcome.operator,
        evidence=Evidence(location=ev.location, text=ev.text) if ev else Evidence(),
        source=SourceRef(doc=rule.source.doc_id, clause=rule.source.clause, quote=rule.source.quote),
        message=rule.message if outcome.status in ("fail", "missing", "manual") else "",
        detail=outcome.detail, advice=result_advice(rule, ctx.pack, outcome))
