"""Small text helpers shared by parsing, retrieval and evaluation."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Full-width ASCII block (！..～) maps to ASCII by a fixed offset; the ideographic space is whitespace.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def strip_ws(text: str) -> str:
    """Delete every whitespace character (the comparison rule of the question-set contract)."""
    return _WS.sub("", text)


def fold_width(text: str) -> str:
    """Full-width digits, letters and ％ become half-width; Chinese punctuation is left alone."""
    return text.translate(_FULLWIDTH)


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def join_spaced_cjk(text: str) -> str:
    """“项 目 申 报 表” -> “项目申报表”: spaced-out titles must read like the words they spell."""
    return _CJK_GAP.sub("", text)


def nfkc(text: str) -> str:
    """NFKC-normalise (pypdf returns compatibility code points such as ⽉ for 月)."""
    return unicodedata.normalize("NFKC", text)


def contains_loose(haystack: str, needle: str) -> bool:
    """Substring test after deleting whitespace and folding width on both sides."""
    return fold_width(strip_ws(needle)) in fold_width(strip_ws(haystack))


_ORDINAL_PERIOD = re.compile(r"第?([一二三四五六七八九十]{1,3})(季度|月份|月)")


def fold_period_numerals(text: str) -> str:
    """“第三季度”, “三季度” -> “3季度”, “十二月” -> “12月”: the corpus writes a period both ways (prose and tables)."""
    from .rules.numbers import chinese_to_int

    def arabic(m: re.Match) -> str:
        value = chinese_to_int(m.group(1))
        return f"{value}{m.group(2)}" if value else m.group(0)

    return _ORDINAL_PERIOD.sub(arabic, text)


_PERIOD = re.compile(r"(\d{1,2})\s*(季度|月)")


def periods(text: str) -> set[tuple[int, str]]:
    """The quarters and months a text names ((3, "季度"), (12, "月")), Chinese numerals included."""
    return {(int(n), unit) for n, unit in _PERIOD.findall(fold_period_numerals(text))}


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# The levels of vocational schooling as the corpus names them (the rule packs' levels: models.LEVEL_NAMES).
_LEVEL_NAMES = (("职业本科", "benke"), ("本科", "benke"), ("高职", "gaozhi"), ("高等职业", "gaozhi"),
                ("中职", "zhongzhi"), ("中等职业", "zhongzhi"), ("中专", "zhongzhi"))


def years(text: str) -> set[int]:
    """The calendar years a text names (“2024年” -> 2024)."""
    return {int(y) for y in _YEAR.findall(text)}


def levels(text: str) -> set[str]:
    """The school levels a text names (中职/中等职业 -> "zhongzhi"; 职业本科 -> "benke")."""
    return {level for word, level in _LEVEL_NAMES if word in text}


# Joining generated sentences. Rule messages and advice come from the packs with or without their own 。, so whatever
# joins them must not add a second stop (“应为小四号（12磅）。。依据”) or put a separator after one (“。；”).
_CLAUSE_END = "。，、；;, \t\n"
_OWN_STOP = "。！？!?"


def clause(text: str) -> str:
    """`text` ready to go inside a longer sentence: without the stop or separator it may end with."""
    return text.rstrip(_CLAUSE_END)


def join_clauses(parts, sep: str = "，") -> str:
    """The non-empty parts joined by `sep`, none keeping a stop of its own before the separator."""
    return sep.join(c for c in (clause(p) for p in parts if p) if c)


def sentence(text: str) -> str:
    """`text` ended by exactly one full stop (a text ending in ！ or ？ keeps it); empty stays empty."""
    text = text.rstrip(" \t\n")
    if not text or text[-1] in _OWN_STOP[1:]:
        return text
    return clause(text) + "。"
