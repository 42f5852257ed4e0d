"""Typed records shared by every layer. Retrieval-library objects are converted to these at the boundary."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

CLAUSE_SEPARATOR = " › "

PassageKind = Literal["clause", "table_row", "form", "heading", "meta"]


class DocumentInfo(BaseModel):
    """One policy document of the corpus (a manifest entry, or what was read off an unlisted file)."""

    doc_id: str
    title: str
    issuer: Optional[str] = None
    doc_number: Optional[str] = None
    date: Optional[str] = None
    file: str
    sha256: str = ""


class Passage(BaseModel):
    """The unit of retrieval: one clause paragraph, one table record or one block of a blank form."""

    id: str
    doc_id: str
    doc_title: str
    clause_path: list[str] = Field(default_factory=list)
    context: str = ""  # e.g. the title of the 附件 the passage sits in; searchable, not shown as the clause
    kind: PassageKind = "clause"
    text: str
    start: int  # character offsets of the passage in the source text it was parsed from
    end: int

    @property
    def clause(self) -> str:
        return CLAUSE_SEPARATOR.join(self.clause_path) or "正文"

    def index_text(self) -> str:
        """What the embedder and the keyword index see: title and clause path give the passage its context."""
        context = f"｜{self.context}" if self.context else ""
        return f"{self.doc_title}{context}｜{self.clause}\n{self.text}"


class Hit(BaseModel):
    """A retrieved passage with the scores that ranked it."""

    passage: Passage
    score: float
    dense_score: Optional[float] = None
    keyword_score: Optional[float] = None


class Citation(BaseModel):
    marker: int
    doc_id: str
    doc_title: str
    clause: str
    quote: str  # the sentence(s) of the passage the answer rests on, verbatim
    passage_id: str
    passage_text: str


class RetrievedPassage(BaseModel):
    passage_id: str
    doc_id: str
    doc_title: str = ""
    clause: str
    score: float
    dense_score: Optional[float] = None
    keyword_score: Optional[float] = None
    text: str


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Answer(BaseModel):
    question: str
    resolved_question: str  # the standalone question after follow-up resolution
    text: str
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[RetrievedPassage] = Field(default_factory=list)
    abstained: bool = False
    evidence: float = 0.0  # the score the abstention decision was made on
    rule_id: Optional[str] = None  # set when the answer states a rule's own threshold
    # the rule engine's verdict on values the question itself gave (“双师型教师35人，专业课教师50人”), by level
    judged: list["RuleResult"] = Field(default_factory=list)
    llm_used: bool = False  # the text was phrased by the language model (and passed the guards)
    notice: Optional[str] = None  # why the model's answer was not used, shown to the user
    guard: Optional[dict] = None  # what the guards removed or rejected (markers, unsupported numbers)
    # answer: answered; nearest: “未找到确切答案，最相关的条文是…”; not_found: “资料中未找到…”
    outcome: Literal["answer", "nearest", "not_found"] = "answer"
    answer_type: Optional[str] = None  # what the question asks for: number, date, list, place, body, …
    features: dict[str, float] = Field(default_factory=dict)  # the evidence the decision was made on
    nearest: list[RetrievedPassage] = Field(default_factory=list)  # not_found: the clauses its text lists as [1]–[3]


# ---- Drafts and check reports (interfaces.md §3) ----

Level = Literal["benke", "gaozhi", "zhongzhi"]
Status = Literal["pass", "fail", "missing", "manual", "not_applicable"]
Severity = Literal["error", "warning", "info"]
LEVEL_NAMES: dict[str, str] = {"benke": "职业本科", "gaozhi": "高职", "zhongzhi": "中职"}
STATUS_NAMES: dict[str, str] = {"pass": "通过", "fail": "不通过", "missing": "缺少数据", "manual": "需人工核对",
                                "not_applicable": "不适用"}


class DraftParagraph(BaseModel):
    text: str
    location: str
    heading: bool = False  # a heading style (docx) or a Markdown “#” line


class DraftTable(BaseModel):
    """A table as its grid of cell texts; a cell merged across columns appears once per row."""

    caption: str = ""
    location: str
    rows: list[list[str]]
    # how many of the draft's paragraphs come before the table (reading order); None when the reader cannot say
    position: Optional[int] = None


class DraftEntry(BaseModel):
    """A “label: value” pair the reader saw as such (JSON/YAML keys, “字段：值” lines)."""

    label: str
    value: object
    location: str


class HiddenText(BaseModel):
    """Text a reader of the printed page does not see (hidden, white, or 2 pt and smaller runs of a .docx): never read
    as a value or as a sign of the pack, and reported so that someone looks at it."""

    location: str
    text: str


class RunFormat(BaseModel):
    """The effective formatting of one body paragraph of a .docx (style inheritance resolved)."""

    location: str
    text: str
    east_asia_font: Optional[str] = None
    size_half_points: Optional[int] = None
    line: Optional[int] = None  # twentieths of a point
    line_rule: Optional[str] = None


class Draft(BaseModel):
    """What a reader got out of a draft file: everything the rule engine may look at, nothing else."""

    file: str
    file_type: str
    title: str = ""
    paragraphs: list[DraftParagraph] = Field(default_factory=list)
    tables: list[DraftTable] = Field(default_factory=list)
    entries: list[DraftEntry] = Field(default_factory=list)
    formats: Optional[list[RunFormat]] = None  # None: the file type carries no formatting (not .docx)
    hidden: list[HiddenText] = Field(default_factory=list)

    def all_text(self) -> str:
        parts = [self.title] + [p.text for p in self.paragraphs]
        parts += [c for t in self.tables for row in t.rows for c in row]
        parts += [f"{e.label} {e.value}" for e in self.entries]
        return "\n".join(parts)


class Evidence(BaseModel):
    location: str = ""
    text: str = ""


class SourceRef(BaseModel):
    doc: str
    clause: str
    quote: str
    doc_title: str = ""  # the policy document's title (corpus manifest); reports show it, never the id


class RuleResult(BaseModel):
    rule_id: str
    title: str
    severity: Severity
    status: Status
    value: Optional[str] = None
    threshold: Optional[str] = None
    operator: Optional[str] = None
    evidence: Evidence = Field(default_factory=Evidence)
    source: SourceRef
    message: str = ""
    detail: str = ""  # how the value was obtained (“36 ÷ 50 = 72%”), or what a person should look at
    advice: str = ""  # fail/missing: what to change, in the draft's terms (“还差 1家合作企业”, “需删减 1 字”)


class WordCount(BaseModel):
    section: str
    limit: int
    count: Optional[int]
    chars_no_spaces: Optional[int]
    rule_id: str
    status: Status
    location: str = ""


class Report(BaseModel):
    file: str
    pack: str
    pack_source: Literal["detected", "given"] = "detected"
    level: Level
    level_source: Literal["detected", "given", "default"]
    summary: dict[str, int]
    results: list[RuleResult]
    word_counts: list[WordCount]
    hidden_text: list[HiddenText] = Field(default_factory=list)  # not read; listed for a person to look at
    pack_title: str = ""  # the form the pack checks (“泉州市产教融合特色专业群项目申报表”)
    school: str = ""  # the school's name as the draft states it, for the report's heading
    checked_on: str = ""  # ISO date of the check

    def failed_errors(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail" and r.severity == "error"]

Answer.model_rebuild()  # Answer.judged names RuleResult, defined after it
