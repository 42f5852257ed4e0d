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
