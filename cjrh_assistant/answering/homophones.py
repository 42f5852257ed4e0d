"""Homophone typos (合做 → 合作, 字树 → 字数, 流泉 → 留泉), corrected against the corpus's own wording.

A 2–4 character run of the question that is neither a word (jieba's dictionary) nor written in the corpus, but that
reads (pypinyin, tones dropped) like exactly one word the corpus writes at least twice and differs from it in one
character, is read as that word. Pinyin and the dictionary are general resources; the words come from the corpus;
nothing here comes from a question set.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable

from ..retrieval.keyword import STOPWORDS

_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
SIZES = (4, 3, 2)


@lru_cache(maxsize=None)
def _sound(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]


def _key(text: str) -> tuple[str, ...]:
    return tuple(_sound(c) for c in text)


class HomophoneFixer:
    def __init__(self, texts: Iterable[str], is_word: Callable[[str], bool], cut: Callable[[str], list[str]]) -> None:
        self.text = "\n".join(texts)
        self.is_word = is_word  # a word of the general dictionary (or a corpus term)
        self.cut = cut  # the tokenizer's segmentation
        # Only “seen at least twice” matters, so each distinct run is counted once, and once more when it recurs
        # (a gram of a recurring run is seen twice): policies repeat their phrases, and counting every occurrence
        # took 3.2 s of start-up at 100× the corpus.
        runs = Counter(_RUN.findall(self.text))
        counts: Counter[str] = Counter()
        for run in [*runs, *(r for r, times in runs.items() if times > 1)]:
            for n in SIZES:
                counts.update(run[i : i + n] for i in range(len(run) - n + 1))
        self._by_sound: dict[tuple[str, ...], list[str]] = {}
        for gram, count in counts.items():
            if count >= 2 and is_word(gram):
                self._by_sound.setdefault(_key(gram), []).append(gram)

    def correct(self, question: str) -> str:
        """The question with its homophone typos replaced (unchanged when it has none)."""
        return _RUN.sub(lambda m: self._correct_run(m.group()), question)

    def _correct_run(self, run: str) -> str:
        # Only spans that start and end where jieba cuts the question: “方案里” must not become “方案例”.
        cuts = [0]
        for token in self.cut(run):
            cuts.append(cuts[-1] + len(token))
        bounds = set(cuts)
        out, i = [], 0
        while i < len(run):
            for n in SIZES:
                gram = run[i : i + n]
                if (len(gram) == n and i + n in bounds and not self.is_word(gram)
                        and not self._function_word_at_edge(run, i, n, cuts)):
                    fix = self._only_homophone(gram)
                    # the search of the whole corpus text last: at 100× the corpus it cost 10 ms an ask
                    if fix is not None and gram not in self.text:
                        out.append(fix)
                        i += n
                        break
            else:
                nxt = min(c for c in cuts if c > i)
                out.append(run[i:nxt])
                i = nxt
        return "".join(out)

    @staticmethod
    def _function_word_at_edge(run: str, start: int, n: int, cuts: list[int]) -> bool:
        first = run[start : min(c for c in cuts if c > start)]
        last = run[max(c for c in cuts if c < start + n) : start + n]
        return first in STOPWORDS or last in STOPWORDS

    def _only_homophone(self, gram: str) -> str | None:
        near = [c for c in self._by_sound.get(_key(gram), ()) if sum(a != b for a, b in zip(c, gram)) == 1]
        return near[0] if len(near) == 1 else None
