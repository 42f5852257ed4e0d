"""Deterministic guards for generated answers. No model is involved here; the tests feed crafted outputs.

- Markers must point at given passages; they decide which passages the answer cites.
- Every quantity (a number with its unit) must be stated, in the same unit family, by a cited passage or by the
  rule the answer is about: 3000平方米 is not supported by a 3000元 anywhere, nor by a rule of another pack.
- The reply may not judge the user's draft (“申报书已全部通过”) unless the answer is a rule verdict, may not forge
  a source list, a document title or a quotation, and may not carry markup. A clause copied verbatim from a
  cited passage is never any of these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Optional

from ..rules.numbers import Numeral, find_numerals, normalise
from .question import normalise as simplified

_MARKER = re.compile(r"\[(\d+)\]")

# Unit families, first match wins (longer words first). The families are the units the rule packs' number kinds
# measure (area, money, percent, count, months) and the date and duration units the corpus writes; 人/名/人次
# count people and 家/个/门/项 count things alike. Other Chinese measure words (届, 倍, 所, 次…) are each their
# own family. A number followed by none of these has no unit, and only a unitless number supports it.
_FAMILIES: list[tuple[str, str]] = [
    (r"平方米|平米|平方|m2", "平方米"),
    (r"元|块钱", "元"),
    (r"人次|人|名", "人"),
    (r"个?(?:工作日|自然日)|天|日(?=内|以内|之内)", "天"),
    (r"个月", "个月"),
    (r"周岁", "岁"),
    (r"周|个?星期", "周"),
    (r"家|个|门|项", "个"),
    (r"年", "年"),
    (r"月", "月"),
    (r"[日号]", "日"),
    (r"字", "字"),
    (r"届|倍|所|次|条|款|岁|批|期|轮|类|级|篇|册|本|台|套|件|座|支|位|层|节|章|小时|学时|课时|学分|分钟|分|成"
     r"|亩|公里|千米|米|吨", ""),  # "" here: the measure word itself names the family
]
_UNIT = re.compile("|".join(f"(?P<f{k}>{pattern})" for k, (pattern, _) in enumerate(_FAMILIES)))
_RANGE_JOIN = re.compile(r"\s*[~～\-－—–至到]\s*")
# English number words are numbers a Chinese answer has no reason to spell out (the common cardinals).
_ENGLISH_NUMBER = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
    r"|million|billion|dozen)\b", re.IGNORECASE)


# Shares said in words without a numeral: 一半/半数 are exactly one half (a passage's 50% supports them); 过半 and 大半
# (“more than half”, “most”) are no one number and are never supported.
_HALF = re.compile(r"一半|半数|过半|大半")


@dataclass(frozen=True)
class Quantity:
    raw: str  # as written in the answer: 3000平方米, 八成, 2025年
    unit: str  # the unit family: 平方米, 元, %, 人, 个, 年, 月, 日, 天, 周, 个月, 字, 第 (an ordinal), "" (none)…
    value: Optional[Fraction]  # None: numerals that read as no one number (一二十人): never supported
    indefinite: bool = False  # 一个 as the indefinite article (建立一个机制): states no figure, needs no support


# List labels state no quantity: “1.”, “（2）”, “③” opening a line or an item, “第一，”. Only there: a ⑦⓪% inside a
# sentence is read as the 70% it shows.
_CIRCLED_LABEL = re.compile(r"(^|[\n；;。：:，,])(\s*)[\u2460-\u249b\u24eb-\u24ff\u2776-\u2793]")
_LIST_LABEL = re.compile(r"(?m)^(\s*(?:#+|[-*+])?\s*)(?:\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[)）])")
_ORDINAL_LABEL = re.compile(r"第[一二三四五六七八九十]{1,3}(?=[，、：:,])")


def _without_list_labels(text: str) -> str:
    """The text as the guard reads it: labels dropped (lines still apart), then `normalise`d, digits folded."""
    text = unicodedata.normalize("NFKC", _CIRCLED_LABEL.sub(r"\1\2", text))
    return _fold_digits(normalise(_ORDINAL_LABEL.sub("", _LIST_LABEL.sub(r"\1", text))))


def quantities(text: str) -> list[Quantity]:
    """Every number in the text with its unit family. A Chinese or Roman numeral counts only as a quantity (before a
    unit, after 第, or a share such as 八成): 统一 and 一体化 are words, and so is the I of “I think”; Ⅲ类 and 第Ⅱ批
    are quantities."""
    text = _without_list_labels(text)
    found: list[tuple[Numeral, Optional[str], int]] = []  # numeral, unit family (None: none), where the unit ends
    for n in find_numerals(text):
        if n.share:
            found.append((n, "%", n.end))
        elif n.start > 0 and text[n.start - 1] == "第":
            found.append((n, "第", n.end))
        else:
            unit = _UNIT.match(text, n.end + (text[n.end:n.end + 1] == " "))
            family = _FAMILIES[int(unit.lastgroup[1:])][1] or unit.group(0) if unit and unit.lastgroup else None
            found.append((n, family, unit.end() if unit else n.end))
    out: list[Quantity] = []
    for i, (n, unit, end) in enumerate(found):
        value = n.value
        if unit is None and i + 1 < len(found):  # 3～6个, 3-5万元, 七至八成: the first end shares the second's unit
            nxt, nxt_unit, _ = found[i + 1]
            if nxt_unit is not None and n.factor == 1 and n.base is not None \
                    and _RANGE_JOIN.fullmatch(text, n.end, nxt.start):
                unit, value = nxt_unit, n.base * nxt.factor
        if unit is None:
            if n.chinese or n.roman:
                continue  # a word, not a quantity
            unit = ""
        out.append(Quantity(text[n.start - (unit == "第"):end].strip(), unit, value, n.indefinite))
    out += [Quantity(m.group(0), "英文数词", None) for m in _ENGLISH_NUMBER.finditer(text)]
    out += [Quantity(m.group(0), "%", Fraction(1, 2) if m.group(0) in ("一半", "半数") else None)
            for m in _HALF.finditer(text)]
    return out


def _fold_digits(text: str) -> str:
    """Decimal digits of any script as ASCII (٣٠٠٠ is 3000 to a reader, so it is to the guard)."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def supported_quantities(sources: list[str]) -> set[tuple[str, Fraction]]:
    return {(q.unit, q.value) for text in sources for q in quantities(text) if q.value is not None}


# ---- what a reply may not say ----------------------------------------------------------------------------------

_CLAUSE_END = r"(?=$|[，。；！？、,.;!?：:\s\[（(）)”\"]|了|啦)"
# Judging the draft: 通过/达标/合格 closing a clause or with 已/均/全部, 不通过 and 未达标 anywhere, and
# 符合/满足/达到 …要求/条件/标准 stated as a fact (not “符合条件的学校”, not “应符合…要求”), and the plain-speech
# verdicts 没有问题 and 可以提交 closing a clause (“您的申报书没有问题，可以提交”). 通过 and 不通过 are the
# engine's own verdict names (models.STATUS_NAMES); the others are the general words for the same judgement.
_VERDICT = re.compile(
    rf"(?:不|未)(?:通过|达标|合格|符合|满足|达到)"
    rf"|(?:已|均|全部|都|全都|顺利|完全)[^，。；！？\n]{{0,4}}?(?:通过|达标|合格|符合|满足)"
    rf"|(?:通过|达标|合格){_CLAUSE_END}"
    rf"|(?:符合|满足|达到)[^，。；！？\n]{{0,10}}?(?:要求|条件|标准|规定)(?![的之者])"
    rf"|(?:没有?|无|不存在)(?:任何|什么)?问题{_CLAUSE_END}|可以(?:直接|放心)?(?:提交|上报|报送|申报){_CLAUSE_END}")
# …unless a modal or a condition governs it (“应符合…要求”, “如均达标”): then it states a requirement.
_GOVERNED = re.compile(r"(?:应当?|须|必须|需要?|要(?!求)|能够?|可以?|方可|才能|力争|确保|争取|如|若|凡|对)\S{0,2}$")
# Forged sources: a source heading (the app prints its own “来源：” block), a marker opening a line or a listing
# entry (“[1] 《…》”), and any 《title》 or “quote” that no cited passage holds.
_SOURCE_HEADING = re.compile(r"(?:资料|信息|参考)?(?:来源|出处|参考资料|参考文献|引用|引文)\s*[:：]")
_SOURCE_ENTRY = re.compile(r"(?m)^\s*[\[【]\d+[\]】]|[\[【]\d+[\]】]\s*[《“\"]")
_TITLE = re.compile(r"《([^《》\n]{1,80})》")
_QUOTE = re.compile(r"“([^“”\n]{1,200})”")
# Markup: HTML tags and entities, Markdown links and images, addresses (none of which an answer needs).
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>|&#?\w+;|!?\[[^\]\n]*\]\([^)\n]*\)|https?://|www\.|javascript:",
                     re.IGNORECASE)
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+")


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def reply_problems(text: str, sources: list[str], verdict_allowed: bool = False) -> list[str]:
    """What makes the reply no answer to show, in Chinese (empty: nothing)."""
    body = _MARKER.sub("", text)
    cited = [_squeeze(s) for s in sources]

    def quoted(span: str) -> bool:  # copied verbatim from a cited passage
        s = _squeeze(span)
        return bool(s) and any(s in c for c in cited)

    def clause_at(pos: int) -> tuple[str, int]:
        c = next((c for c in _CLAUSE.finditer(body) if c.start() <= pos < c.end()), None)
        return (c.group(0), c.start()) if c else ("", pos)

    problems = []
    if has_markup(body):
        problems.append("大模型回答含有网页标记或链接")
    if _SOURCE_ENTRY.search(text) or any(not quoted(clause_at(m.start())[0]) for m in _SOURCE_HEADING.finditer(body)) \
            or any(not quoted(m.group(1)) for m in [*_TITLE.finditer(body), *_QUOTE.finditer(body)]):
        problems.append("大模型回答自行列出了来源、文件名或引文")
    if not verdict_allowed:
        for m in _VERDICT.finditer(body):
            clause, start = clause_at(m.start())
            if not quoted(clause) and not _GOVERNED.search(body[start:m.start()]):
                problems.append("大模型回答对申报材料下了结论（结论只由规则检查给出）")
                break
    return problems


# ---- the guard ----------------------------------------------------------------------------------------------------

@dataclass
class GuardReport:
    text: str  # the answer with invalid markers removed
    cited: list[int]  # valid markers in order of first use (1-based passage numbers)
    removed_markers: list[int] = field(default_factory=list)
    unsupported_numbers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # verdicts, forged sources, markup (Chinese reasons)

    @property
    def passed(self) -> bool:
        return bool(self.cited) and not self.unsupported_numbers and not self.problems

    def reason(self) -> str:
        """Why the reply is not shown, in Chinese (for the notice)."""
        if self.problems:
            return self.problems[0]
        if self.unsupported_numbers:
            return f"大模型回答中的数字“{'、'.join(self.unsupported_numbers)}”不见于所引条文"
        return "大模型回答没有标注依据的条文"


def check_markers(text: str, passage_count: int) -> tuple[str, list[int], list[int]]:
    """Remove markers that point at no given passage; return the text, the valid markers and the removed ones."""
    cited: list[int] = []
    removed: list[int] = []

    def keep(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if 1 <= n <= passage_count:
            if n not in cited:
                cited.append(n)
            return m.group(0)
        removed.append(n)
        return ""

    return _MARKER.sub(keep, text), cited, removed


def guard_answer(text: str, passages: list[str], rule_texts: Optional[list[str]] = None,
                 verdict_allowed: bool = False) -> GuardReport:
    """Markers first (they decide which passages are cited), then the reply's claims, then every quantity against
    the cited passages and `rule_texts` — the wording and quote of the rule the answer is about, if it is about
    one; never every rule of every pack."""
    clean, cited, removed = check_markers(text, len(passages))
    sources = [passages[n - 1] for n in cited] + list(rule_texts or [])
    # Read as simplified Chinese (通過 is 通过, 三萬 is 三万), spaces between characters closed (已 全 部 通 过).
    read = _CJK_GAP.sub("", simplified(clean))
    body = _MARKER.sub("", read)
    problems = reply_problems(read, sources, verdict_allowed)
    allowed = supported_quantities(sources)
    # an indefinite article states no figure; in a source it still supports one (建设一个基地 supports 1个基地)
    unsupported = [q.raw for q in quantities(body)
                   if not q.indefinite and (q.value is None or (q.unit, q.value) not in allowed)]
    return GuardReport(clean, cited, removed, list(dict.fromkeys(unsupported)), problems)


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")
_PROMPT_ECHO = re.compile(r"资料[:：]\s*\n?\s*\[1\]|问题[:：]")


def answer_problem(text: str, max_chars: int = 600) -> str | None:
    """Why a generated text is not an answer at all, before the guards look at it: nothing came back (a reply
    the client could not parse streams nothing), the model repeated the prompt, or it ran on far too long."""
    if not text.strip():
        return "大模型服务的回复无法使用（为空或格式不对）"
    if _PROMPT_ECHO.search(text):
        return "大模型回答重复了提示内容"
    if len(text) > max_chars:
        return f"大模型回答过长（{len(text)} 字）"
    return None
