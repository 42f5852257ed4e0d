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
