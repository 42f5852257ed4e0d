"""Character counts as Microsoft Word's 字数 shows them, and 字符数(不计空格) beside it.

Word's rule for Chinese text: every East-Asian character counts 1 — CJK ideographs, full-width
punctuation (，。、；：？！（）《》【】 …), full-width letters and digits; a run of half-width letters,
digits and half-width punctuation between spaces (or between East-Asian characters) counts 1 as a whole
(“2023年” is 2, “1+X证书” is 3); whitespace and line breaks count 0.

Also decided here (tests/test_wordcount_oracle.py holds LibreOffice 7.4's counts for the cases where both agree):
- Enclosed numerals and letters (①–⑳, ⑴, ⒈, ❶, ㈠, 🄰) count 1 each: a list written “①…②…” is not one word.
- Dashes, hyphens and primes (‐‑‒–—―, −, ′″‴) between two characters of a half-width run join the run
  (“2023–2024” is 1, “用时5′30″” is 3, “COVID‐19” is 1), as Word breaks Latin words only at spaces.
- Zero-width and other format characters (U+200B ZWSP, ZWJ/ZWNJ, U+FEFF, soft hyphen, bidi marks: Unicode category
  Cf) count 0 and neither start nor end a run: pasted text is often full of them and nobody sees them.
- Where Word and LibreOffice differ, Word is followed (the 字数 the form means is the one Word shows):
  the curly quotes “”‘’ count 1 each (both agree); the Chinese dash —— (two U+2014) counts 2 and the ellipsis
  …… (two U+2026) counts 2, as Word counts them when typed with a Chinese IME — LibreOffice counts a dash 0 and
  an ellipsis run 1 (“产教融合——校企合作” is 10 here, 8 there). LibreOffice also splits 2023–2024 at the en dash
  (2, not 1) and counts a lone zero-width space 1; neither is followed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_EAST_ASIAN_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2010, 0x206F),  # General Punctuation: “ ” ‘ ’ — … · as typed in Chinese text (format characters excepted)
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴ ⒈ Ⓐ
    (0x2776, 0x2793),  # dingbat circled digits: ❶ ➀
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000, the ideographic space, is whitespace)
    (0x3040, 0x31FF),  # kana, bopomofo, CJK strokes
    (0x3200, 0x4DBF),  # enclosed CJK (㈠ ㉑), compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F), (0xAC00, 0xD7FF),  # Hangul
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F), (0xFE30, 0xFE6F),  # vertical and small forms
    (0xFF01, 0xFF60), (0xFFE0, 0xFFE6),  # full-width forms
    (0x1F100, 0x1F1FF),  # enclosed alphanumeric supplement: 🄰 🄌
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# Joiners inside a half-width run: hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus, primes.
_RUN_JOINERS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2032\u2033\u2034\u2035\u2036\u2037")


def is_east_asian(ch: str) -> bool:
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _EAST_ASIAN_RANGES) and not _is_invisible(ch)


def _is_invisible(ch: str) -> bool:
    """Zero-width and format characters (ZWSP, ZWJ, BOM, soft hyphen, bidi marks): nobody sees them."""
    return unicodedata.category(ch) == "Cf"


@dataclass(frozen=True)
class Count:
    words: int  # 字数
    chars_no_spaces: int  # 字符数(不计空格)


def count_words(text: str) -> int:
    """Word's 字数 of `text` (see the module docstring for the rule)."""
    visible = [ch for ch in text if not _is_invisible(ch)]
    total = 0
    in_run = False
    for i, ch in enumerate(visible):
        if ch.isspace():
            in_run = False
        elif ch in _RUN_JOINERS and in_run and i + 1 < len(visible) and _in_half_width_run(visible[i + 1]):
            continue  # “2023–2024”, “5′30″”: the dash or prime belongs to the run it sits in
        elif ch in _RUN_JOINERS and in_run and 0 < i and visible[i - 1].isalnum() and ch in "\u2032\u2033\u2034":
            continue  # a closing prime after a number (“30″”, “x′”) ends the run without counting apart
        elif is_east_asian(ch):
            total += 1
            in_run = False
        elif not in_run:
            total += 1
            in_run = True
    return total


def _in_half_width_run(ch: str) -> bool:
    return not ch.isspace() and not is_east_asian(ch)


def count(text: str) -> Count:
    return Count(words=count_words(text),
                 chars_no_spaces=sum(1 for ch in text if not ch.isspace() and not _is_invisible(ch)))
