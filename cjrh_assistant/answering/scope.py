"""Which documents a question can be answered from: the places and years it names, and the documents it asks about
that the corpus does not hold."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Optional, Sequence

from ..models import Passage
from ..retrieval.keyword import administrative_places, place_names
from ..textnorm import years
from .question import QuestionAnalysis

# A title in 《》 followed by the words that ask what the document itself says (里, 中, 规定, 要求…), not about the
# document (谁印发, 何时制定).
_CONTENT_OF = re.compile(r"《([^《》]{2,80})》(?:里|中|内|规定|要求|提出|明确|指出|写)")


def bare_title(title: str) -> str:
    """A title without its bracketed notes and spaces (“（试行）”), as questions abbreviate it."""
    return re.sub(r"[（(][^）)]*[）)]|\s", "", title)


class DocumentScope:
    def __init__(self, doc_passages: Mapping[str, list[Passage]], doc_scope: Mapping[str, str],
                 titles: Sequence[str]) -> None:
        self.doc_scope = doc_scope
        # one search a document's text, not one a passage (3.9 -> 2.1 s of start-up at 100× the corpus)
        self._doc_texts = {doc: "\x00".join(x.text for x in passages) for doc, passages in doc_passages.items()}
        # The places that documents' titles and issuers name (泉州, 沙河…): a question naming one asks about the
        # documents that mention that place at all (泉州 is also a 推荐地市 in the Fujian list).
        places = {p for scope in doc_scope.values() for p in place_names(scope)}
        self.place_documents = {p: set(self.mentioning(p)) for p in places}
        self.doc_years = {doc: years(text) | years(doc_scope[doc]) for doc, text in self._doc_texts.items()}
        self._held_titles = [bare_title(t) for t in titles]

    def named(self, question: str) -> set[str]:
        """The documents that mention the places the question names (empty: it names none, or none the corpus
        mentions). Besides the documents' own places (泉州, 沙河), any city or province the corpus mentions counts:
        “厦门的专业群…” is answered from the document that lists 厦门, not from 泉州's standard."""
        named = {doc for place, docs in self.place_documents.items() if place in question for doc in docs}
        for place in administrative_places(question) - set(self.place_documents):
            named |= self.mentioning(place)
        return named

    def of_years(self, analysis: QuestionAnalysis) -> Optional[frozenset[str]]:
        """The documents that can speak for the calendar years the question asks about: those that name one of
        them, and those that name no year at all (nothing rules them out). None when that is every document, or the
        question names no year. (“沙河2021年新增几个专业”: the 沙河 plan names only 2020, so it cannot answer.)"""
        asked = analysis.asked_years()
        if not asked:
            return None
        fitting = frozenset(doc for doc, named in self.doc_years.items() if not named or named & asked)
        return None if len(fitting) == len(self.doc_years) else fitting

    def not_held(self, question: str) -> list[str]:
        """The documents a question asks the content of (“《X》里…”, “《X》要求…”) that are not in the corpus: another
        document may cite X, but what X itself says is not here."""
        def held(title: str) -> bool:
            bare = bare_title(title)
            return any(bare in h or h in bare for h in self._held_titles)

        return [m.group(1) for m in _CONTENT_OF.finditer(question) if not held(m.group(1))]

    def places_not_covered(self, question: str) -> list[str]:
        """The cities and provinces the question names when the corpus mentions none of them (广东省): no document
        can answer for them."""
        places = administrative_places(question)
        if any(p in question for p in self.place_documents) or any(self.mentioning(p) for p in places):
            return []
        return sorted(places)

    @lru_cache(maxsize=1024)
    def mentioning(self, place: str) -> frozenset[str]:
        return frozenset(doc for doc, text in self._doc_texts.items() if place in text or place in self.doc_scope[doc])
