"""The closed-list check (a name must be one of a directory's entries), and what to suggest when it is not.

Pure, as the rest of the engine: the draft's own values only choose which allowed names are shown.
"""

from __future__ import annotations

from .context import Context, Outcome, missing_outcome, name_key, same_name
from .schema import Rule

SHOWN_NAMES = 6  # names of a closed list shown in a requirement or a suggestion; the rest is “等”


def _some_of(names: list[str]) -> str:
    return "、".join(names[:SHOWN_NAMES]) + ("等" if len(names) > SHOWN_NAMES else "")


def check_one_of(rule: Rule, ctx: Context) -> Outcome:
    assert rule.field
    found = ctx.text(rule.field)
    threshold = "属于：" + _some_of(rule.allowed)
    if found is None:
        return missing_outcome("草稿中未找到该项", threshold=threshold)
    value = str(found.value)
    if rule.match == "contains":
        ok = any(name_key(a) in name_key(value) for a in rule.allowed)
    else:
        ok = any(same_name(a, value) for a in rule.allowed)
    if ok:
        return Outcome("pass", value, threshold, "in", found)
    # the names are offered once, in the advice; the requirement only says how many there are
    return Outcome("fail", value, f"属于所列 {len(rule.allowed)} 项之一", "in", found, advice=_nearest_allowed(rule, ctx))


def _nearest_allowed(rule: Rule, ctx: Context) -> str:
    """What to change a name to: the directory entries that share the draft's own values (the same 依托园区, then the
    same 推荐地市), else the first names of the list. The draft's values only choose which names are shown."""
    picked: list[str] = []
    groups: list[str] = []
    if rule.directory is not None:
        for k, name in enumerate(rule.directory.fields):
            own = ctx.text(name)
            if own is None:
                continue
            key = name_key(str(own.value))
            names = [n for n, row in rule.directory.rows.items() if n not in picked and key
                     and (key in name_key(row[k]) or name_key(row[k]) in key)]
            if names:
                more = "还有" if picked else ""
                groups.append(f"{ctx.pack.fields[name].labels[0]}为“{own.value}”的{more}：{'、'.join(names)}")
                picked += names
    if not groups:
        return f"请改为其中之一：{_some_of(rule.allowed)}"
    return f"请改为目录中的名称。{'；'.join(groups)}"
