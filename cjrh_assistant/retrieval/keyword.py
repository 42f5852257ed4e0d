"""BM25 over jieba tokens with a domain dictionary, as a LlamaIndex retriever."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from typing import Callable, Iterable

from ..textnorm import fold_width, join_spaced_cjk

# Terms jieba would split that staff search for as one word.
DOMAIN_WORDS = [
    "双师型", "产教融合", "产教联合体", "市域产教联合体", "专业群", "核心专业", "1+X", "留泉就业率", "就业率",
    "专业对口就业率", "兼职教师", "带头人", "学科带头人", "实训基地", "虚拟仿真实训室", "众创空间", "产业学院",
    "现代学徒制", "学徒制", "中职", "高职", "职业本科", "职教本科", "在校生", "学籍注册", "生均", "仪器设备值",
    "教研教改", "教学成果", "技能大赛", "指导目录", "推荐书", "申报表", "汇总表", "八个一", "企业实践",
    "新入职", "专业课教师", "合格率", "培训人次", "仿宋_GB2312", "小四号", "固定值", "职成处", "理事会",
    "秘书处", "建设指标", "观测点", "产教融合型企业", "双高计划", "联席会议", "四大经济", "8+4", "字体", "字号", "行距", "文号", "邮箱",
    "学费", "补助", "补贴", "职称", "奖金", "报名费", "工资",
]

_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff+%]")
# Function words and question words that carry no topic.
STOPWORDS = set(
    "的 了 和 与 及 或 等 是 在 要 有 为 对 将 把 被 由 从 以 于 中 上 下 个 们 这 那 哪 哪些 什么 多少 几 吗 呢 吧 啊 "
    "怎么 怎样 如何 是否 需要 应该 应当 可以 能 会 请问 一下 关于 方面 情况 要求 规定 我们 我 你 他 她 它 其 该 "
    "此 之 而 并 也 都 就 还 又 则 即 所 给 让 多 少 呀 么 这个 那个 一个 有没有 是不是 问 说 做 具体 "
    "几个 几家 几门 几名 几项 几所 几月 几年 几天 几次 哪个 哪里 哪家 哪天 哪几 哪几个 哪一 时候 什么时候 多久 多长 "
    "多长时间 长时间 一般 最低 最少 至少 如果 怎么办 还要 不要 里 限 写 叫 谁 大约 打算 来 之前 每位 两个 三个 怎么 "
    "现在 拿到 多少钱 多大 多高 吗 用 指 指的是 什么样 哪方面 填 填写 填报 需 须 必须 "
    # generic nouns of a question about a form (“要填哪些栏目/内容”): they name no topic
    "栏目 内容 事项 项目 部分 东西".split()
)

_jieba = None


def tokenizer():
    """One jieba tokenizer a process, with the domain dictionary loaded (its init costs about a second)."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        for word in DOMAIN_WORDS:
            tk.add_word(word, freq=200000)
        _jieba = tk
    return _jieba


def tokenize(text: str) -> list[str]:
    """Search-mode tokens (words and their sub-words), lower-cased, width-folded, stopwords dropped."""
    folded = join_spaced_cjk(fold_width(text).lower())
    return [t for t in tokenizer().cut_for_search(folded) if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS]


# How questions name a limit versus how policies state one: a passage stating “2000字以内” answers “字数上限”.
# Added to a passage's tokens, so both BM25 and the evidence check see the question's word in it.
ALIASES = {
    "上限": ("以内", "不超过", "以下", "最多", "最高"),
    "下限": ("以上", "不低于", "不少于", "至少"),
    "字数": ("字",),
}


def passage_tokens(text: str) -> list[str]:
    """A passage's tokens, plus the question words its wording implies (ALIASES)."""
    tokens = tokenize(text)
    present = set(tokens)
    return tokens + [alias for alias, forms in ALIASES.items() if present.intersection(forms)]


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


def coverage(weights: dict[str, float], present: set[str] | frozenset[str]) -> float:
    """Share of the weighted question terms that `present` contains."""
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in present) / total


class BM25:
    """Okapi BM25 over pre-tokenized documents; tiny corpus, so plain dicts beat a sparse matrix library."""

    def __init__(self, docs: Iterable[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.tfs = [Counter(d) for d in docs]
        self.lengths = [sum(tf.values()) for tf in self.tfs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(self.tfs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        values = sorted(self.idf.values()) or [1.0]
        self._median_idf = values[len(values) // 2]
        self.k1, self.b = k1, b

    def scores(self, query: list[str]) -> list[float]:
        out = []
        terms = set(query)
        for tf, length in zip(self.tfs, self.lengths):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self.avg)
            for t in terms:
                f = tf.get(t)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + norm)
            out.append(s)
        return out

    def known(self, term: str) -> bool:
        return term in self.idf

    def weight(self, term: str) -> float:
        """Idf of a term; an unseen term weighs as much as a typical one (it may be a paraphrase, or the very
        topic the corpus lacks: neither extreme is safe)."""
        return self.idf.get(term, self._median_idf)
