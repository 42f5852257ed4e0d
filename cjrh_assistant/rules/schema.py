"""The rule-pack format (`rules/<pack>.yaml`), validated by pydantic when a pack is loaded."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, Field, model_validator

from ..models import Level, Severity
from .wording import WordingError, parse_wording

ALL_LEVELS: list[Level] = ["benke", "gaozhi", "zhongzhi"]

FieldType = Literal["count", "percent", "money", "months", "area", "text", "date", "name"]
CheckKind = Literal[
    "threshold",      # a number against the wording's bound (field, ratio of two fields, rows of a list)
    "word_limit",     # a section's 字数 against “N字以内/不超过N字”; every cell of it when it has several
    "one_of",         # a value from a closed list (the “8+4” industries, the 指导目录)
    "list_contains",  # a list column names the value of a field (1+X 试点 covers the 核心专业)
    "every_row",      # every row of a list fills a column (every course names its company)
    "equal_sum",      # a field equals the sum of a list column (consistency)
    "not_greater",    # each pair: the first field is at most the second (consistency)
    "deadline",       # a date on or before a day of the selection year
    "docx_format",    # body text formatting of a .docx
    "per_row",        # every row of a roster meets the bound (teacher enterprise practice)
    "manual",         # only a person can decide: the report says what to look at
]


class Source(BaseModel):
    doc_id: str
    clause: str
    quote: str


class FieldSpec(BaseModel):
    type: FieldType
    labels: list[str] = Field(min_length=1)


class ListSpec(BaseModel):
    """A header-row table of the form (合作企业名单, 群内其他专业 …): its captions and its columns' labels."""

    labels: list[str] = Field(min_length=1)
    columns: dict[str, list[str]]  # column name -> header labels; the first column is the row's key


class ListColumn(BaseModel):
    list: str
    column: str
    exclude_field: Optional[str] = None  # rows naming this field's value do not count (群内 *其他* 专业)
    count_with_field: bool = False  # the field's own value counts as one more row (核心专业 + 群内其他专业)


class FieldWording(BaseModel):
    field: str
    wording: str


class Grace(BaseModel):
    column: str
    wording: str  # e.g. “不满3年”: rows whose column meets it may still comply later


class Directory(BaseModel):
    """one_of: the table the allowed names come from, when it has other columns (附件1 指导目录: 推荐地市, 依托园区). Each
    column is read from a draft by a field of the pack, most specific first; a failing name is then offered the
    entries that share the draft's own values. It orders the suggestions only, never the verdict."""

    fields: list[str] = Field(min_length=1)
    rows: dict[str, list[str]]  # allowed name -> its values in those columns, in `fields` order


class Rule(BaseModel):
    id: str = Field(pattern=r"^[A-Z]{2}\d{3}$")
    title: str
    severity: Severity
    levels: list[Level] = Field(default_factory=lambda: list(ALL_LEVELS))
    check: CheckKind
    field: Optional[str] = None
    any_of: list[str] = Field(default_factory=list)  # threshold met by any one of these fields
    all_of: list[FieldWording] = Field(default_factory=list)  # several bounds under one id, all must hold
    ratio_of: Optional[tuple[str, str]] = None  # numerator, denominator fields when `field` is absent
    times_field: Optional[str] = None  # threshold = wording's number × this field (“在校生总数的2倍以上”)
    rows_of: Optional[ListColumn] = None  # the value is the number of rows of a list
    pairs: list[tuple[str, str]] = Field(default_factory=list)
    # wording per level when the bound differs by level (“职业本科和高职应达500人以上、中职应达300人以上”)
    wording: Union[str, dict[Level, str], None] = None
    allowed: list[str] = Field(default_factory=list)
    match: Literal["exact", "contains"] = "exact"  # one_of: the value is an item, or names one
    directory: Optional[Directory] = None  # one_of: the allowed names' other columns, to suggest the nearest ones
    plus_field: Optional[str] = None  # equal_sum: this field's value is part of the sum
    grace: Optional[Grace] = None  # per_row: rows still inside a grace period are `manual`, not `fail`
    expect: dict[str, Union[str, int, list[str]]] = Field(default_factory=dict)  # docx_format expectations
    source: Source
    message: str
    hint: str = ""  # for manual rules: what a person should look at

    def wording_for(self, level: Level) -> Optional[str]:
        if isinstance(self.wording, dict):
            return self.wording.get(level)
        return self.wording

    @model_validator(mode="after")
    def _check_shape(self) -> "Rule":
        needs_wording = self.check in ("threshold", "word_limit", "per_row")
        if needs_wording:
            wordings = (list(self.wording.values()) if isinstance(self.wording, dict)
                        else [w.wording for w in self.all_of] if self.all_of else [self.wording])
            for w in wordings:
                if not w:
                    raise ValueError("缺少 wording（原文措辞，如“达到70%以上”）")
                try:
                    parse_wording(w)
                except WordingError as exc:
                    raise ValueError(str(exc)) from exc
        if self.check in ("threshold", "word_limit", "one_of", "deadline", "per_row") and not (
                self.field or self.any_of or self.all_of or self.ratio_of or self.rows_of):
            raise ValueError("缺少 field（要读取的字段）")
        if self.check == "one_of" and not self.allowed:
            raise ValueError("one_of 规则缺少 allowed 列表")
        if self.directory is not None:
            strays = [n for n, row in self.directory.rows.items()
                      if n not in self.allowed or len(row) != len(self.directory.fields)]
            if strays:
                raise ValueError(f"directory 中的名称不在 allowed 中或列数不符：{'、'.join(strays)}")
        return self


class Pack(BaseModel):
    pack: str
    title: str
    doc_id: str
    year: Optional[int] = None  # the selection year, for deadlines stated without one (“8月15日前”)
    detect: list[str] = Field(min_length=1)  # words in a draft's title or text that point to this pack
    fields: dict[str, FieldSpec]
    lists: dict[str, ListSpec] = Field(default_factory=dict)
    rules: list[Rule]

    @model_validator(mode="after")
    def _check_references(self) -> "Pack":
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"规则 {rule.id} 重复")
            seen.add(rule.id)
            names = [rule.field, *rule.any_of, *(w.field for w in rule.all_of), *(rule.ratio_of or ()), rule.times_field, rule.plus_field,
                     *(n for pair in rule.pairs for n in pair), *(rule.directory.fields if rule.directory else ()),
                     rule.rows_of.exclude_field if rule.rows_of else None]
            for name in filter(None, names):
                if name not in self.fields and name not in self.lists:
                    raise ValueError(f"规则 {rule.id} 引用了未声明的字段：{name}")
            if rule.rows_of:
                spec = self.lists.get(rule.rows_of.list)
                if spec is None or rule.rows_of.column not in spec.columns:
                    raise ValueError(f"规则 {rule.id} 引用了未声明的列表或列：{rule.rows_of.list}.{rule.rows_of.column}")
        return self

    def rule(self, rule_id: str) -> Optional[Rule]:
        return next((r for r in self.rules if r.id == rule_id), None)
