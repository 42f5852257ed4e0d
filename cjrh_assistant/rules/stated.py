"""Values a person states in a sentence (“我们双师型教师35人，专业课教师一共50人”): which field or list of a pack
each number belongs to. A number belongs to the form label written right next to it, when its unit fits the field's
kind (a % is a percentage, 平方米 an area, 字 a 字数). Pure: no I/O, no model; the numbers are read later by the
rules core's own reader, so a stated value is judged exactly like the same value in a draft."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .locate import Found
from .schema import Pack

# A form label as a sentence writes it: without quotes, brackets or numbering, and without the word that says
# it is a count (“双师型教师人数” is said “双师型教师35人”; “合作企业名单” is said “9家合作企业”).
_DROP = re.compile(r"[“”\"'‘’]|[（(][^）)]*[）)]|^\s*[\d一二三四五六七八九十]+\s*[.、．]\s*")
_COUNT_WORD = re.compile(r"(?:名单|总数|人数|数量|数|占比|比例|比率)$")
_UNIT_WORD = re.compile(r"(?:人次|届)$")
MIN_TAIL = 6  # a label's tail this long still names it (“园区主导产业情况” for “产业园区主导产业情况”)

_CN = "零〇一二两三四五六七八九十百千万"
_UNIT = r"%|‰|人次|平方米|平米|㎡|万元|元|个月|字|[人名位家个门项所届次万]"
# Chinese numerals only with a unit: “一共50人” must not read 一 as the number.
_NUMBER = re.compile(rf"百分之[{_CN}\d.点]+|\d+(?:\.\d+)?\s*(?:{_UNIT})?|[{_CN}]+(?:点[{_CN}]+)?\s*(?:{_UNIT})")
_BREAK = "，。；;,!?！？：:\n、"
# Between a label and its number: a few words, no clause break and nothing that states a requirement instead of a
# value (“特色与创新限2000字吗” asks about the limit; “特色与创新写了2100字” states a value).
MAX_GAP = 4
# Words that point at the row or the speaker and say nothing about the value (“那栏我们写了150字”).
_FILLER = re.compile(r"我们|我校|本校|那栏|这栏|一栏|那项|这项|那一项|这一项")
# …nor compare it with something (“就业率有没有过95%”, “超过30%”): those ask about a bound or a statistic.
_REQUIREMENT = re.compile(r"要|需|应|须|至少|最少|最多|不低于|不少于|不超过|不高于|限|规定|标准|门槛|上限|下限|"
                          r"超过|过|高于|低于|多于|少于|不到|不足")
_KINDS_BY_UNIT = {"%": {"percent"}, "‰": {"percent"}, "百分之": {"percent"}, "平方米": {"area"}, "平米": {"area"},
                  "㎡": {"area"}, "元": {"money"}, "万元": {"money"}, "万": {"money", "count"},
                  "个月": {"months"}, "字": {"words"}}
_BARE_KINDS = {"count", "money", "area", "months", "number"}


@dataclass(frozen=True)
class Stated:
    name: str  # a field or list of the pack
    kind: str  # the field's type, “words” for a section with a 字数 limit, “count” for a list
    value: str  # the number with its unit, as written (“35人”)
    at: tuple[int, int]  # where the number is in the sentence
    label: str  # the label form the sentence used
    label_at: tuple[int, int] = (0, 0)  # where the label is
    read_as: str = ""  # the number with the words after it, so the reader refuses “70%以上”, “10家左右”

    def found(self) -> Found:
        return Found(self.read_as or self.value, "问题中给出", f"{self.label}：{self.value}")


def label_forms(label: str) -> set[str]:
    """The ways a sentence writes a form label."""
    base = _DROP.sub("", unicodedata.normalize("NFKC", label.split("›")[-1])).strip()
    forms = {base, _COUNT_WORD.sub("", base), _UNIT_WORD.sub("", _COUNT_WORD.sub("", base))}
    forms |= {base[k:] for k in range(1, len(base) - MIN_TAIL + 1)}
    return {f for f in forms if len(f) >= 2}


def _kinds(value: str) -> set[str]:
    for unit, kinds in sorted(_KINDS_BY_UNIT.items(), key=lambda u: -len(u[0])):
        if value.startswith(unit) or value.endswith(unit):
            return kinds
    return _BARE_KINDS  # 人/家/个… or no unit: a count or an amount, never a percentage or a 字数


def pack_names(pack: Pack) -> list[tuple[str, str, set[str]]]:
    """(name, kind, label forms) for every field and list a stated number may belong to."""
    word_fields = {r.field for r in pack.rules if r.check == "word_limit" and r.field}
    out = []
    for name, spec in pack.fields.items():
        kind = "words" if name in word_fields else spec.type
        if kind in ("name", "text", "date"):
            continue  # no number states a name, a text or (here) a date
        out.append((name, kind, set().union(*(label_forms(a) for a in spec.labels))))
    for name, lst in pack.lists.items():
        out.append((name, "count", set().union(*(label_forms(a) for a in lst.labels))))
    return out


def stated_values(sentence: str, pack: Pack) -> dict[str, Stated]:
    """Each field or list of `pack` that the sentence gives a number for. A label inside a longer label that the
    sentence also uses is not a mention of its own (兼职教师 inside 新聘企业兼职教师)."""
    text = unicodedata.normalize("NFKC", sentence)
    numbers = _numbers(text)
    mentions: list[tuple[int, int, str, str]] = []
    for name, kind, forms in pack_names(pack):
        for form in forms:
            for m in re.finditer(re.escape(form), text):
                mentions.append((m.start(), m.end(), name, kind))
        mentions += [(start, end, name, kind) for start, end in _abbreviations(text, forms)]
    longest = [x for x in mentions
               if not any(o[0] <= x[0] and x[1] <= o[1] and o[1] - o[0] > x[1] - x[0] for o in mentions)]
    out: dict[str, Stated] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # a number belongs to one label (its fields may be several)
    for start, end, name, kind in sorted(longest, key=lambda x: x[0] - x[1]):
        if name in out:
            continue
        fits = [m for m in (_after(text, end, numbers), _before(text, start, numbers))
                if m is not None and kind in _kinds(m.group(0).strip())]
        if not fits:
            continue
        number = fits[0]
        if owner.setdefault(number.span(), (start, end)) != (start, end):
            continue
        out[name] = Stated(name, kind, number.group(0).strip(), number.span(), text[start:end], (start, end),
                           _clause_from(text, number.start()))
    return out


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
MIN_ABBREVIATION = 0.4  # of the label's characters an abbreviation keeps (生均设备值: 5 of 生均教学科研仪器设备值's 11)


def _abbreviations(text: str, forms: set[str]) -> list[tuple[int, int]]:
    """Where the text writes a label shortened the way Chinese shortens a long noun phrase, by leaving words out
    and keeping its order, its first two characters and its last one (双师型占比 for 双师型教师占比, 生均设备值 for
    生均教学科研仪器设备值): at least four characters and MIN_ABBREVIATION of the label's."""
    by_head: dict[str, list[str]] = {}  # a label's first two characters -> the labels: one lookup per position
    for form in forms:
        if len(form) >= 5:
            by_head.setdefault(form[:2], []).append(form)
    out = []
    for run in _CJK_RUN.finditer(text):
        for i in range(run.start(), run.end() - 3):
            for form in by_head.get(text[i:i + 2], ()):
                for j in range(i + 4, min(run.end(), i + len(form)) + 1):
                    span = text[i:j]
                    if span[-1] == form[-1] and span != form and len(span) >= MIN_ABBREVIATION * len(form) \
                            and _in_order(span, form):
                        out.append((i, j))
    return out


def _in_order(short: str, long: str) -> bool:
    rest = iter(long)
    return all(c in rest for c in short)


def unclaimed(sentence: str, stated: dict[str, Stated]) -> list[tuple[str, tuple[int, int], set[str]]]:
    """Numbers of the sentence that no label claimed, with the kinds their unit allows (1800平米: an area)."""
    text = unicodedata.normalize("NFKC", sentence)
    claimed = {s.at for s in stated.values()}
    return [(m.group(0).strip(), m.span(), _kinds(m.group(0).strip())) for m in _numbers(text)
            if m.span() not in claimed]


def _clause_from(text: str, start: int) -> str:
    end = next((k for k in range(start, len(text)) if text[k] in _BREAK), len(text))
    return text[start:end]


def _numbers(text: str) -> list[re.Match[str]]:
    """The quantities of a sentence: not parts of dates, and not a bare number whose unit the sentence writes in a
    word this module does not know (“3周”, “800多家”): such a value is not read rather than read wrong."""
    return [m for m in _NUMBER.finditer(text) if not _in_date(text, m)
            and not (m.group(0).strip()[-1:].isdigit() and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1]))]


def _in_date(text: str, m: re.Match[str]) -> bool:
    """2023年, 8月15日, 第3季度: parts of a date or period, not quantities."""
    return bool(re.match(r"\s*(?:年|月(?!份?内)|日|号|季度|期)", text[m.end():])) or text[max(0, m.start() - 1):m.start()] == "第"


def _gap_ok(gap: str) -> bool:
    if any(c in _BREAK or c.isdigit() for c in gap) or _REQUIREMENT.search(gap):
        return False
    return len(_FILLER.sub("", gap)) <= MAX_GAP and not gap.startswith(("”", "\""))  # “校企共建实训基地”一项: a name


def _after(text: str, end: int, numbers: list[re.Match[str]]):
    nxt = next((m for m in numbers if m.start() >= end), None)
    return nxt if nxt is not None and _gap_ok(text[end:nxt.start()]) else None


def _before(text: str, start: int, numbers: list[re.Match[str]]):
    """“有35名双师型教师”, “8家紧密合作企业”: a counted number right before the label (at most two words between)."""
    prev = next((m for m in reversed(numbers) if m.end() <= start), None)
    if prev is None or not re.search(rf"(?:{_UNIT})$", prev.group(0).strip()):
        return None
    gap = text[prev.end():start]
    return prev if len(gap) <= 2 and _gap_ok(gap) else None
