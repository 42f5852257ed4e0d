"""Which pack a draft is for, and the school's level (办学层次), read from the draft itself."""

from __future__ import annotations

import unicodedata
from typing import Optional

from ..models import Draft, Level
from .locate import Locator
from .schema import Pack

SCHOOL_LABELS = ["学校名称", "申报学校", "申报单位", "牵头学校", "学校", "单位名称"]
LEVEL_LABELS = ["办学层次", "学校层次", "层次"]
# Order matters: 职业技术大学 before 职业技术学院 before 中专.
_LEVEL_WORDS: list[tuple[str, Level]] = [
    ("职业技术大学", "benke"), ("职业大学", "benke"), ("职业本科", "benke"),
    ("职业技术学院", "gaozhi"), ("职业学院", "gaozhi"), ("高等专科学校", "gaozhi"), ("高职", "gaozhi"),
    ("中等职业学校", "zhongzhi"), ("职业中专", "zhongzhi"), ("职业高级中学", "zhongzhi"), ("职业中学", "zhongzhi"),
    ("职教中心", "zhongzhi"), ("职业教育中心", "zhongzhi"), ("技工学校", "zhongzhi"), ("中专", "zhongzhi"),
    ("中职", "zhongzhi"), ("职业技术学校", "zhongzhi"), ("职业学校", "zhongzhi"), ("科学技术学校", "zhongzhi"),
]


def level_from_name(name: str) -> Optional[Level]:
    name = unicodedata.normalize("NFKC", name)
    for word, level in _LEVEL_WORDS:
        if word in name:
            return level
    return None


def detect_level(draft: Draft, pack: Optional[Pack] = None) -> Optional[tuple[Level, str]]:
    """The level and the text it was read from: a stated 办学层次 first, else the school's name. The pack's
    labels tell a row of labels (stacked layout) from a row of label and value."""
    labels = [a for f in pack.fields.values() for a in f.labels] if pack else []
    locator = Locator(draft, SCHOOL_LABELS + LEVEL_LABELS + labels)
    for labels in (LEVEL_LABELS, SCHOOL_LABELS):
        for found in locator.fields(labels):
            level = level_from_name(str(found.value))
            if level:
                return level, f"{found.text}（{found.location}）"
    return None


def school_name(draft: Draft, pack: Optional[Pack] = None) -> str:
    """The school's name as the draft states it under a school label; empty when it states none."""
    labels = [a for f in pack.fields.values() for a in f.labels] if pack else []
    found = next(iter(Locator(draft, SCHOOL_LABELS + LEVEL_LABELS + labels).fields(SCHOOL_LABELS)), None)
    return str(found.value).strip()[:80] if found else ""


def detect_pack(draft: Draft, packs: dict[str, Pack]) -> Optional[Pack]:
    """The pack whose detection words the draft uses most; title words count triple. None on no match."""
    text = unicodedata.normalize("NFKC", draft.all_text())
    title = unicodedata.normalize("NFKC", draft.title)
    scores = {name: sum(text.count(w) + 2 * title.count(w) for w in pack.detect) for name, pack in packs.items()}
    best = max(scores, key=lambda n: scores[n], default=None)
    if best is None or scores[best] == 0:
        return None
    return packs[best]
