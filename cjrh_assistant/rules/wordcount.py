"""Character counts as Microsoft Word's 字数 shows them, and 字符数(不计空格) beside it.

Word's rule for Chinese text: every East-Asian character counts 1 — CJK ideographs, full-width
punctuation (，。、；：？！（）《》【】 …), full-width letters and digits; a run of half-width letters,
digits and half-width punctuation between spaces (or between East-Asian characters) counts 1 as a whole
(“2023年” is 2, “1+X证书” is 3); whitespace and line breaks count 0.

Chosen and tested here for the marks that look alike in both widths: the curly quotes “”‘’, the dash
—— (two U+2014) and the ellipsis …… (two U+2026) are East-Asian punctuation in Chinese text, so each
character counts 1 (“——” is 2, “……” is 2), as Word counts them when they come from a Chinese IME.
"""

from __future__ import annotations

from dataclasses import dataclass

_EAST_ASIAN_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2010, 0x206F),  # General Punctuation: “ ” ‘ ’ — … · as typed in Chinese text
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000, the ideographic space, is whitespace)
    (0x3040, 0x31FF),  # kana, bopomofo, CJK strokes
    (0x3200, 0x4DBF),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F), (0xAC00, 0xD7FF),  # Hangul
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F), (0xFE30, 0xFE6F),  # vertical and small forms
    (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),  # full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def is_east_asian(ch: str) -> bool:
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _EAST_ASIAN_RANGES)


@dataclass(frozen=True)
class Count:
    words: int  # 字数
    chars_no_spaces: int  # 字符数(不计空格)


def count_words(text: str) -> int:
    """Word's 字数 of `text` (see the module docstring for the rule)."""
    total = 0
    in_run = False
    for ch in text:
        if ch.isspace():
            in_run = False
        elif is_east_asian(ch):
            total += 1
            in_run = False
        elif not in_run:
            total += 1
            in_run = True
    return total


def count(text: str) -> Count:
    return Count(words=count_words(text), chars_no_spaces=sum(1 for ch in text if not ch.isspace()))
