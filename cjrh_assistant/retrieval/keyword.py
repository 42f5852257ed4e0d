"""BM25 over jieba tokens with a domain dictionary, as a LlamaIndex retriever."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from itertools import chain
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Container, Iterable, Iterator, Optional

from pydantic import BaseModel

from ..textnorm import fold_period_numerals, fold_width, join_spaced_cjk

if TYPE_CHECKING:
    from ..models import Passage

_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff+%]")
# Function words are jieba's own dictionary entries of the function-word classes (its POS tags: pronouns r*,
# particles u*, modal particles y, interjections e, conjunctions c, prepositions p, onomatopoeia o), plus the
# interrogatives of Chinese grammar, which jieba files under other classes. Nothing here comes from a question set.
_FUNCTION_TAGS = ("r", "u", "y", "e", "c", "p", "o", "d")  # … and adverbs d
_INTERROGATIVES = set("几 多少 什么 哪 哪些 哪个 哪里 哪儿 怎么 怎样 如何 为何 何时 吗 呢 吧 啊 么 啥 咋".split())
# The auxiliary (modal) verbs of Chinese grammar, a closed class that jieba files under ordinary verbs.
_AUXILIARIES = set("能 能够 会 可以 可能 要 想 应 应该 应当 该 得 必须 需 需要 须 愿意 肯 敢 是".split())


def _function_words() -> set[str]:
    import jieba

    words = _INTERROGATIVES | _AUXILIARIES
    with jieba.get_dict_file() as fh:  # jieba's bundled dict.txt: “word frequency tag” per line
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3 and parts[2].startswith(_FUNCTION_TAGS) and len(parts[0]) <= 3:
                words.add(parts[0])
    return words


STOPWORDS: set[str] = set()

_TERM_FREQ = 200000  # a taught word's frequency: high enough that jieba keeps it whole wherever it occurs


class Vocabulary:
    """A jieba tokenizer that knows jieba's dictionary, the school levels and exactly one corpus's terms."""

    def __init__(self, tokenizer: Any, terms: frozenset[str], longest: int) -> None:
        self.tokenizer = tokenizer  # a jieba.Tokenizer
        self.terms = terms  # the corpus terms it was taught
        self.longest = longest  # the length of its longest word
        # the answer path tokenises the same sentences, clause paths and document titles ask after ask
        self.token_set = lru_cache(maxsize=8192)(self._token_set)

    def _token_set(self, text: str) -> frozenset[str]:
        return frozenset(tokenize(text, self))


_base: Optional[Vocabulary] = None
_active: Optional[Vocabulary] = None


def _base_vocabulary() -> Vocabulary:
    """jieba's dictionary and the school levels, no corpus terms. jieba's dictionary is loaded here, once a process
    (about a second of start-up): every other vocabulary is a copy of this one."""
    global _base
    if _base is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        STOPWORDS.update(_function_words())
        # A copy of the default tokenizer's dictionary, not a second load of it: `place_names` (jieba.posseg) uses
        # the default one, and each load costs about a second of start-up. The default one is never taught words.
        jieba.dt.check_initialized()
        tk = _copy(jieba.dt)
        from ..models import LEVEL_NAMES

        for level in LEVEL_NAMES.values():  # the school levels the rule packs know: 职业本科, 高职, 中职
            tk.add_word(level, freq=_TERM_FREQ)
        _base = Vocabulary(tk, frozenset(), _longest_word(tk.FREQ))
    return _base


def _copy(source: Any) -> Any:
    import jieba

    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(source.FREQ), source.total, True  # about 15 ms and 15 MB
    return tk


@lru_cache(maxsize=2)  # the one in use, and the one a rebuild in the same process makes for the next snapshot
def _vocabulary(terms: frozenset[str]) -> Vocabulary:
    base = _base_vocabulary()
    if not terms:
        return base
    # A fresh copy for each set of terms, never words added to a tokenizer in use: jieba cannot take a word back out
    # (its del_word leaves the word's frequency in the total and forces splits in the shared HMM), so the terms of a
    # corpus indexed earlier in the process would go on deciding how everything is cut.
    tk = _copy(base.tokenizer)
    taught = sorted(t for t in terms if t not in STOPWORDS)
    for term in taught:
        tk.add_word(term, freq=_TERM_FREQ)
    return Vocabulary(tk, terms, max([base.longest, *map(len, taught)]))


def vocabulary(terms: Iterable[str]) -> Vocabulary:
    """The tokenizer whose corpus words are exactly `terms` (see `corpus_terms`)."""
    return _vocabulary(frozenset(terms))


def use_vocabulary(vocab: Vocabulary) -> None:
    """Make `vocab` the one that `tokenizer()`, `tokenize()` and `token_set()` use from now on in this process (a
    search over an index uses its corpus's terms; an Assistant sets its own at each question)."""
    global _active
    _active = vocab


def active_vocabulary() -> Vocabulary:
    """The vocabulary in use: the last one `use_vocabulary` set, else the base one (no corpus terms)."""
    return _active if _active is not None else _base_vocabulary()


def tokenizer():
    """The jieba tokenizer of the vocabulary in use."""
    return active_vocabulary().tokenizer


def corpus_terms(texts: Iterable[str]) -> set[str]:
    """The corpus's own compound terms, which jieba should keep whole (“双师型”, “留泉就业率”):
    terms the corpus puts in quotation marks, and word-like repeated strings found by accessor variety
    (Feng et al., 2004): a 3–6 character string seen at least 3 times, after and before at least 3 different
    characters, and not always part of one longer such string."""
    texts = [fold_width(t) for t in texts]
    terms = {m for t in texts for m in re.findall(r"[“\"]([\w+\u4e00-\u9fff]{2,10})[”\"]", t)}
    runs = [r for t in texts for r in re.findall(r"[\u4e00-\u9fff]{3,}", t)]
    counts: Counter[str] = Counter()
    left: dict[str, set[str]] = {}
    right: dict[str, set[str]] = {}
    for run in runs:
        for n in range(3, 7):
            for i in range(len(run) - n + 1):
                g = run[i : i + n]
                counts[g] += 1
                # a run boundary counts as a new neighbour each time (the term stands alone there)
                left.setdefault(g, set()).add(run[i - 1] if i else f"^{counts[g]}")
                right.setdefault(g, set()).add(run[i + n] if i + n < len(run) else f"${counts[g]}")
    frequent = {g for g, c in counts.items() if c >= 3 and len(left[g]) >= 3 and len(right[g]) >= 3}
    # a string always inside one longer frequent string (same count) is that string's fragment, not a term
    frequent = {g for g in frequent if not any(g in h and h != g and counts[h] == counts[g] for h in frequent)}
    return terms | frequent


def token_set(text: str) -> frozenset[str]:
    """The distinct tokens of `text` by the vocabulary in use (remembered by that vocabulary)."""
    return active_vocabulary().token_set(text)


def terms_in(text: str, terms: Iterable[str]) -> frozenset[str]:
    """The terms that are tokens of `text` (`token_set(text) & terms`). A token is a substring of the folded text,
    so a text that holds none of the terms is not tokenised at all (half the quotes an answer weighs, at 100×)."""
    folded = _fold(text)
    terms = [t for t in terms if t in folded]
    if not terms:
        return frozenset()
    tokens = token_set(text)
    return frozenset(t for t in terms if t in tokens)


def tokens_version() -> str:
    """Fingerprint of the code that turns text into tokens (this module and the text folding it uses) and of
    jieba's dictionary: tokens saved in the index snapshot are reused only while it is unchanged."""
    import hashlib
    import importlib.util

    from .. import textnorm
    from ..models import LEVEL_NAMES

    digest = hashlib.sha1(repr(sorted(LEVEL_NAMES.values())).encode())
    jieba_spec = importlib.util.find_spec("jieba")  # locating the package does not import it
    jieba_dict = Path(jieba_spec.origin).with_name("dict.txt") if jieba_spec and jieba_spec.origin else None
    for path in (Path(__file__), Path(textnorm.__file__), jieba_dict):
        if path is not None and path.exists():
            digest.update(path.read_bytes() if path.stat().st_size < 1_000_000 else str(path.stat().st_size).encode())
    return digest.hexdigest()[:16]


def place_names(text: str) -> set[str]:
    """Place names in `text` by jieba's part-of-speech dictionary (ns), without their administrative suffix
    (泉州市 -> 泉州), the form that a question and other documents also use."""
    import jieba.posseg

    tokenizer()  # jieba's log level and dictionary set up once
    return {re.sub(r"(省|市|县|区)$", "", w) for w, flag in jieba.posseg.cut(text) if flag == "ns" and len(w) >= 2}


@lru_cache(maxsize=1024)
def administrative_places(text: str) -> frozenset[str]:
    """The places of `text` that are administrative divisions (as `place_names` gives them, 厦门市 -> 厦门): jieba's
    place-name class also holds words such as 东西, so a place must be written with its suffix (广东省) or be one
    that jieba's dictionary also knows with a suffix (厦门 -> 厦门市)."""
    import jieba.posseg

    tokenizer()
    tags = jieba.posseg.dt.word_tag_tab
    out = set()
    for word, flag in jieba.posseg.cut(text):
        if flag != "ns" or len(word) < 2:
            continue
        base = re.sub(r"(省|市|县|区)$", "", word)
        if len(base) < 2:  # “目标里市…” cut as 里市: no place name is one character without its suffix
            continue
        if base != word or any(tags.get(word + suffix) == "ns" for suffix in ("省", "市", "县")):
            out.add(base)
    return frozenset(out)


def _fold(text: str) -> str:
    """The text as it is tokenised: every token is a substring of it."""
    return fold_period_numerals(join_spaced_cjk(fold_width(text).lower()))


def tokenize(text: str, vocab: Optional[Vocabulary] = None) -> list[str]:
    """Search-mode tokens (words and their sub-words), lower-cased, width-folded, stopwords dropped; by `vocab`,
    else by the vocabulary in use."""
    folded = _fold(text)
    vocab = vocab if vocab is not None else active_vocabulary()
    jieba = vocab.tokenizer
    return [t for t in _with_long_subwords(jieba.cut_for_search(folded), jieba.FREQ, vocab.longest)
            if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS]


def _longest_word(dictionary: dict[str, int]) -> int:
    return max((len(w) for w, freq in dictionary.items() if freq > 0), default=0)


def _with_long_subwords(tokens: Iterable[str], dictionary: dict[str, int], longest: int) -> Iterator[str]:
    """jieba's search mode adds only the 2- and 3-character words inside a long word: “企业兼职教师” yields 兼职 and
    教师 but not 兼职教师, which a question that writes “兼职教师” alone is tokenised to. The longer dictionary words
    inside are added too, so a term matches however its neighbours were cut. `longest`: the dictionary's longest
    word."""
    for token in tokens:
        # no dictionary word is longer than `longest`: without the bound a 5,000-digit run took minutes (cubic)
        for size in range(4, min(len(token), longest + 1)):
            for i in range(len(token) - size + 1):
                if dictionary.get(token[i:i + size], 0) > 0:
                    yield token[i:i + size]
        yield token


class SavedTokens(BaseModel):
    """What BM25 needs, computed once at index time and kept in the index snapshot."""

    version: str  # tokens_version() of the code that made them
    terms: list[str]  # the corpus terms taught to the tokenizer
    tokens: dict[str, list[str]]  # passage id -> passage_tokens(index text)


def save_tokens(passages: list["Passage"]) -> SavedTokens:
    """The corpus terms and every passage's tokens by the vocabulary of exactly those terms (they decide how
    passages are cut): the same work KeywordRetriever does without saved tokens. The vocabulary in use is left as
    it is: a rebuild in a serving process does not change how the index still being served is searched."""
    terms = corpus_terms(p.text for p in passages)
    vocab = vocabulary(terms)
    return SavedTokens(version=tokens_version(), terms=sorted(terms),
                       tokens={p.id: passage_tokens(p.index_text(), vocab) for p in passages})


# How a limit is named versus how policies state one (the antonym pairs of the language: a bound stated as
# “2000字以内” is an upper limit, 上限). Added to a passage's tokens, so that BM25 and the evidence see it.
ALIASES = {
    "上限": ("以内", "不超过", "以下", "最多", "最高"),
    "下限": ("以上", "不低于", "不少于", "至少"),
    "字数": ("字",),
}


def passage_tokens(text: str, vocab: Optional[Vocabulary] = None) -> list[str]:
    """A passage's tokens (by `vocab`, else by the vocabulary in use), plus the question words its wording implies
    (ALIASES)."""
    tokens = tokenize(text, vocab)
    present = set(tokens)
    return tokens + [alias for alias, forms in ALIASES.items() if any(f in t for t in present for f in forms)]


def known_terms(terms: set[str], known: Callable[[str], bool]) -> set[str]:
    """Drop a term the corpus never uses when it is only a compound of, or a fragment of, another term of
    the same question: jieba's “课程表” beside “课程” is a paraphrase the passages spell as “课程”, not a topic
    the corpus lacks. An unknown term standing on its own stays: it may be exactly what the corpus lacks."""
    compounds = {t for t in terms if not known(t) and any(u != t and u in t and known(u) for u in terms)}
    fragments = {t for t in terms if not known(t) and any(t != c and t in c for c in compounds)}
    return terms - compounds - fragments


def query_terms(text: str) -> set[str]:
    """The question's distinct terms for coverage scores: search mode yields 推荐 beside 推荐书, and counting
    both would let one word outweigh the others."""
    terms = set(tokenize(text))
    return {t for t in terms if not any(t != u and t in u for u in terms)}


def coverage(weights: dict[str, float], present: Container[str]) -> float:
    """Share of the weighted question terms that `present` contains (a set of tokens, or a text: substrings)."""
    # fsum: exactly rounded, so the share does not depend on the order the terms came in (a set's order changes
    # with Python's hash seed, and a last-bit difference decided ties between quotes from one run to the next)
    total = math.fsum(weights.values()) or 1.0
    return math.fsum(w for t, w in weights.items() if t in present) / total


class BM25:
    """Okapi BM25 over pre-tokenized documents, as an inverted index: a query touches only the postings of its
    own terms, so its cost follows how many passages contain them, not the corpus size (issue 15: the full scan
    was 79% of the non-embedding ask time at 100× the corpus). A posting stores its document and that term's
    whole contribution to the document's score, which does not depend on the query."""

    def __init__(self, docs: Iterable[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        import numpy as np

        tfs = [Counter(d) for d in docs]
        self.size = len(tfs)
        lengths = [sum(tf.values()) for tf in tfs]
        self.avg = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.k1, self.b = k1, b
        # Every (document, term, frequency) as flat arrays, documents in order: built and grouped by numpy, since
        # a Python loop over the 3 M postings of 100× the corpus took 2 s of start-up.
        terms = list(chain.from_iterable(tfs))
        vocabulary = {t: k for k, t in enumerate(dict.fromkeys(terms))}  # in order of first use
        term_ids = np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int64, count=len(terms))
        freqs = np.fromiter(chain.from_iterable(tf.values() for tf in tfs), dtype=np.float64, count=len(terms))
        doc_ids = np.repeat(np.arange(self.size, dtype=np.int64), [len(tf) for tf in tfs])
        df = np.bincount(term_ids, minlength=len(vocabulary)).tolist()
        n = self.size
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in zip(vocabulary, df)}
        values = sorted(self.idf.values()) or [1.0]
        self._median_idf = values[len(values) // 2]
        norm = np.array([k1 * (1 - b + b * length / self.avg) for length in lengths], dtype=np.float64)
        # each posting's term score, the float operations in the order of the formula idf·f·(k1+1) / (f + norm)
        idf = np.array(list(self.idf.values()), dtype=np.float64)
        scores = idf[term_ids] * freqs * (k1 + 1) / (freqs + norm[doc_ids])
        order = np.argsort(term_ids, kind="stable")  # by term, documents still ascending within a term
        doc_ids, scores = doc_ids[order], scores[order]
        ends = np.cumsum(df).tolist()
        # token -> (its documents in ascending order, each one's term score), views into the two arrays
        self.postings: dict[str, tuple] = {
            t: (doc_ids[end - d : end], scores[end - d : end]) for t, d, end in zip(vocabulary, df, ends)}

    def _accumulate(self, query: list[str]):
        """Every document's score: term scores added in the order of `set(query)` for every document, starting at
        0.0, as the plain formula adds them, so each score is the same float."""
        import numpy as np

        scores = np.zeros(self.size, dtype=np.float64)
        for t in set(query):
            posting = self.postings.get(t)
            if posting is not None:
                scores[posting[0]] += posting[1]  # a document appears once in a posting list
        return scores

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a positive score, best first; ties keep document order."""
        import numpy as np

        scores = self._accumulate(query)
        hits = np.flatnonzero(scores > 0)
        best = hits[np.argsort(-scores[hits], kind="stable")[:k]]
        return [(int(i), float(scores[i])) for i in best]

    def scores(self, query: list[str]) -> list[float]:
        """Every document's score (0.0 where no query term occurs)."""
        return self._accumulate(query).tolist()

    def known(self, term: str) -> bool:
        return term in self.idf

    def documents_using(self, term: str) -> int:
        posting = self.postings.get(term)
        return len(posting[0]) if posting is not None else 0

    def is_light(self, term: str) -> bool:
        """A term more passages use than the corpus's median term: it says little about what is asked."""
        return term in self.idf and self.idf[term] < self._median_idf

    def weight(self, term: str) -> float:
        """Idf of a term; an unseen term weighs as much as a typical one (it may be a paraphrase, or the very
        topic the corpus lacks: neither extreme is safe)."""
        return self.idf.get(term, self._median_idf)
