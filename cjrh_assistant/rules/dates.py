"""Dates as drafts write them, read exactly (no guessing): 2024年8月10日, 2024-08-10, 二〇二四年八月十日."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Optional

from .numbers import chinese_to_int

_DATE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")  # a deadline as rule wording states it


def parse_date(text: object) -> Optional[dt.date]:
    """2024年8月10日, 2024-08-10, 2024.8.10, 2024/8/10, 二〇二四年八月十日; anything else is None."""
    m = _DATE.search(unicodedata.normalize("NFKC", str(text)))
    parts = [int(g) for g in m.groups()] if m else None
    if parts is None:
        cn = _CN_DATE.search(str(text))
        values = [chinese_to_int(g) for g in cn.groups()] if cn else None
        parts = values if values and all(v is not None for v in values) else None  # type: ignore[assignment]
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def deadline_of(wording: str, year: int) -> dt.date:
    """The day a deadline rule's wording names (“8月15日前”), in the pack's selection year."""
    m = MONTH_DAY.search(wording)
    assert m, "deadline rules need “M月D日” wording"
    return dt.date(year, int(m.group(1)), int(m.group(2)))


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
