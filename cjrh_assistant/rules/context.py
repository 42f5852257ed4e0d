"""What the rule checks read from and return: the draft seen through the pack's labels (`Context`), one check's
`Outcome`, and the name comparison the checks share. Pure, like the rest of the rules core."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional

from ..models import Draft, Level, Status, WordCount
from .detect import SCHOOL_LABELS
from .locate import NONE_WORDS, Found, FoundList, Locator
from .numbers import NumberKind, Reading, read_number
from .schema import Pack

_SPLIT_ITEMS = re.compile(r"[、，,；;/／\n]+")
_CODE = re.compile(r"[(（]\s*[0-9A-Za-z]+\s*[)）]")


@dataclass
class Outcome:
    status: Status
    value: Optional[str] = None
    threshold: Optional[str] = None
    operator: Optional[str] = None
    evidence: Optional[Found] = None
    detail: str = ""
    advice: str = ""  # what to change in the draft, in its own terms (“还差 1 家”, “需删减 1 字”)


class Context:
    """What the checks read from. `given` holds values a person stated outright (“双师型教师35人”, “合作企业9家”,
    “特色与创新写了2100字”), by field or list name: they stand for the field's value, a list's number of rows or a
    section's 字数, and are judged by the same checks as a draft's."""

    def __init__(self, pack: Pack, draft: Draft, level: Level, given: Optional[dict[str, Found]] = None) -> None:
        self.pack, self.draft, self.level = pack, draft, level
        self.given = given or {}
        labels = [a for f in pack.fields.values() for a in f.labels]
        labels += [a for spec in pack.lists.values() for a in spec.labels]
        columns = [a for spec in pack.lists.values() for col in spec.columns.values() for a in col]
        self.locator = Locator(draft, labels + SCHOOL_LABELS, columns)
        self.word_counts: list[WordCount] = []

    def kind(self, field: str) -> NumberKind:
        t = self.pack.fields[field].type
        return t if t in ("count", "percent", "money", "months", "area") else "number"  # type: ignore[return-value]

    def found(self, field: str) -> Optional[Found]:
        if field in self.given:
            return self.given[field]
        return self.locator.field(self.pack.fields[field].labels)

    def number(self, field: str) -> tuple[Optional[Reading], Optional[Found]]:
        found = self.found(field)
        if found is not None and unicodedata.normalize("NFKC", str(found.value)).strip() in NONE_WORDS:
            return Reading(Fraction(0), f"“{found.value}”按 0 计"), found  # “无”, “没有”: zero, not missing
        return (read_number(found.value, self.kind(field)) if found else None), found

    def text(self, field: str) -> Optional[Found]:
        found = self.found(field)
        return found if found and str(found.value).strip() else None

    def rows(self, list_name: str) -> Optional[FoundList]:
        return self.locator.list_rows(self.pack.lists[list_name])


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def name_key(text: str) -> str:
    """Names as compared: NFKC, no spaces, quotes or brackets, no bracketed codes (“机电一体化技术（460301）”)."""
    text = _CODE.sub("", unicodedata.normalize("NFKC", str(text)))
    return re.sub(r"[\s（）()\[\]【】“”\"'‘’《》]", "", text).lower()


def distinct_items(values: list[str]) -> list[str]:
    """Distinct items of list cells (“电子商务、市场营销” is two), in order."""
    out: list[str] = []
    for v in values:
        for item in _SPLIT_ITEMS.split(v):
            if item.strip() and not any(same_name(item, o) for o in out):
                out.append(item.strip())
    return out


def missing_outcome(detail: str, found: Optional[Found] = None, threshold: Optional[str] = None,
             advice: str = "") -> Outcome:
    return Outcome("missing", value=str(found.value) if found else None, evidence=found, detail=detail,
                   threshold=threshold, advice=advice)
