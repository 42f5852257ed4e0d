"""Deterministic guards for generated answers: markers must point at given passages, and every number must come
from a cited passage or a rule's threshold. No model is involved here; the tests feed crafted outputs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from ..rules.numbers import chinese_to_int

_MARKER = re.compile(r"\[(\d+)\]")
_CN = "零〇一二两三四五六七八九十百千万"
# A number as an answer states it: 70%, 5,000元, 0.5万元, 2024年, 3～6个, 十二家, 百分之七十.
_ARABIC = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万|亿)?%?")
# Chinese numerals only count where they are quantities (before a unit or after 第/百分之); 统一 or 一体化 are words.
_CN_NUMBER = re.compile(rf"(?:百分之|第)?([{_CN}]+)(?=[个家门名人项届年月日倍所次条岁%％元万])|百分之([{_CN}]+)")


@dataclass
class GuardReport:
    text: str  # the answer with invalid markers removed
    cited: list[int]  # valid markers in order of first use (1-based passage numbers)
    removed_markers: list[int] = field(default_factory=list)
    unsupported_numbers: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.cited) and not self.unsupported_numbers


def numbers_in(text: str) -> list[tuple[str, set[Fraction]]]:
    """Each number in the text as written, with the values it may stand for (0.5万 is 0.5 and 5000)."""
    text = unicodedata.normalize("NFKC", text)
    out: list[tuple[str, set[Fraction]]] = []
    for m in _ARABIC.finditer(text):
        raw = m.group(1)
        digits = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", raw) else raw
        try:
            value = Fraction(digits)
        except ValueError:
            continue
        values = {value}
        if m.group(2):
            values.add(value * (10_000 if m.group(2) == "万" else 100_000_000))
        out.append((m.group(0).strip(), values))
    for m in _CN_NUMBER.finditer(text):
        word = m.group(1) or m.group(2)
        value = chinese_to_int(word)
        if value is not None:
            out.append((m.group(0), {Fraction(value)}))
    return out


def allowed_values(sources: list[str]) -> set[Fraction]:
    return {v for text in sources for _, values in numbers_in(text) for v in values}


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


def guard_answer(text: str, passages: list[str], rule_thresholds: list[str]) -> GuardReport:
    """Markers first (they decide which passages are cited), then every number against the cited passages and
    the rules' thresholds."""
    clean, cited, removed = check_markers(text, len(passages))
    allowed = allowed_values([passages[n - 1] for n in cited] + rule_thresholds)
    body = _MARKER.sub("", clean)
    unsupported = [raw for raw, values in numbers_in(body) if not values & allowed]
    return GuardReport(clean, cited, removed, list(dict.fromkeys(unsupported)))


MAX_ANSWER_CHARS = 600
_PROMPT_ECHO = re.compile(r"资料[:：]\s*\n?\s*\[1\]|问题[:：]")


def answer_problem(text: str) -> str | None:
    """Why a generated text is not an answer at all, before the guards look at it: nothing came back (a reply
    the client could not parse streams nothing), the model repeated the prompt, or it ran on far too long."""
    if not text.strip():
        return "大模型服务的回复无法使用（为空或格式不对）"
    if _PROMPT_ECHO.search(text):
        return "大模型回答重复了提示内容"
    if len(text) > MAX_ANSWER_CHARS:
        return f"大模型回答过长（{len(text)} 字）"
    return None
