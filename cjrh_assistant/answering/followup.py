"""Resolve a follow-up question (“那中职呢？”, “建设规划呢？”) against the earlier turns, without a language model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from ..models import Turn

_LEAD = re.compile(r"^(那么|那|那如果是|如果是|还有|另外|换成|对于|至于|再问一下|再问)")
# (吗 stays: a follow-up that asks yes or no (“要盖章吗？”) asks its own kind of answer, see question.analyse_turn.)
_TAIL = re.compile(r"(呢|的呢|又如何|怎么样|如何|怎样)?[？?。！!\s]*$")
# Words that switch the school level or type; a follow-up naming one replaces the earlier one.
_SWAPS = [
    ("中职", "高职", "职业本科", "本科", "职教本科"),
    ("第一季度", "第二季度", "第三季度", "第四季度", "1季度", "2季度", "3季度", "4季度"),
]
_SHORT = 10
# The rest of an organisation's or a place's name after its place word: the shortest run up to a name's head noun.
_NAME_REST = r"[\u4e00-\u9fff]{0,6}?(?:学校|学院|大学|教育局|教育厅|政府|中心|[省市县区])"
# A question that points back with a pronoun (“它依托哪个园区？”, “这个要什么时候交？”) needs the earlier topic.
_POINTS_BACK = re.compile(r"^(它|它们|其|这个|那个|这些|那些|该|此|这|上述|上面|前面|刚才|同样|也)|[它其]的")
# A demonstrative inside the question (“中职有这个要求吗？”) points back too, but the question may still name a new
# topic of its own, so it is not exempt from that test.
_POINTS_BACK_INSIDE = re.compile(r"(这个|那个|这些|那些|这项|这一|该项|上述|同样的)")

# A short question opening with a modal verb (能愿动词: 要, 需要, 能, 可以, 必须…), an A-not-A 是否 or the agent of a
# passive (由谁, 由哪个部门) has no subject of its own: in a conversation Chinese leaves out the topic already under
# discussion (“要盖章吗？” after a 推荐书 question).
_SUBJECTLESS = re.compile(r"^(需要|需|要|要不要|用不用|能否|能不能|能|能够|可以|可不可以|可否|必须|应该|应当|得|是否|是不是|有没有|由谁|由哪)")


_QUOTED = re.compile(r"(?<=[“「『\"])[^”」』\"]{2,40}(?=[”」』\"])")
# An interrogative or a yes/no form: a follow-up with one asks something of its own, it does not only name an item.
_ASKS = re.compile(r"什么|哪|多少|几|啥|谁|何|怎|如何|吗|么|是否|能否")


@dataclass
class Resolved:
    question: str  # standalone question used for retrieval
    focus: str  # the words the user added in this turn (empty for a standalone question)


def core(text: str) -> str:
    """The question without its leading 那/还有 and its trailing 呢 and punctuation."""
    return _core(text)


def _core(text: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", text.strip())).strip(" ，,")


def is_followup(question: str) -> bool:
    q = question.strip()
    return (bool(_LEAD.match(q)) or bool(_POINTS_BACK.search(q)) or bool(_POINTS_BACK_INSIDE.search(q))
            or (len(_core(q)) <= _SHORT and (bool(re.search(r"呢[？?]?\s*$", q)) or bool(_SUBJECTLESS.match(q)))))


def _merge(previous: str, addition: str, groups: Sequence[Sequence[str]]) -> str:
    for group in groups:
        new = next((w for w in group if w in addition), None)
        old = next((w for w in group if w in previous and w != new), None)
        if new and old:
            # the whole name the earlier place begins (淄博科学技术学校, 泉州市): 沙河科学技术学校 names nothing
            name = re.search(re.escape(old) + _NAME_REST, previous)
            return previous.replace(name.group(0) if name else old, new)
    quoted = _QUOTED.findall(previous)
    if len(quoted) == 1 and not _ASKS.search(addition) and len(addition) <= _SHORT:
        # the earlier question named its item in quotation marks (推荐书里“…政策及落实情况”限多少字): “特色与创新呢？”
        # asks the same of the item it names
        return previous.replace(quoted[0], addition, 1)
    return f"{previous.rstrip('？?。')} {addition}"


TopicWords = Callable[[str], set[str]]
# A follow-up naming this many topic words of its own asks about a new topic (“那众创空间的面积呢？”).
_NEW_TOPIC_WORDS = 2


def resolve(question: str, history: list[Turn] | None, swaps: Sequence[Sequence[str]] = (),
            topic_words: Optional[TopicWords] = None, names_anything: Optional[Callable[[str], bool]] = None,
            as_followup: bool = False) -> Resolved:
    """The standalone form of `question`, given the conversation so far (oldest turn first). `swaps`: more groups
    of words that replace each other, such as the places the documents are about (“那沙河呢？” after a 泉州 question).
    `topic_words`: the words of a text that name a topic in the corpus; with it, a follow-up that names a topic of
    its own keeps only the earlier level and place, not the earlier topic. `names_anything`: whether a text has any
    word the corpus uses; a question with none (“每人要多长时间？”) can only be about the earlier topic.
    `as_followup`: read the question as a follow-up even when nothing in it says so (the caller compares readings)."""
    previous = ""
    for turn in history or []:
        if turn.role == "user":
            previous = resolve_one(turn.content, previous, swaps, topic_words, names_anything).question
    return resolve_one(question, previous, swaps, topic_words, names_anything, as_followup)


def resolve_one(question: str, previous: str, swaps: Sequence[Sequence[str]] = (),
                topic_words: Optional[TopicWords] = None,
                names_anything: Optional[Callable[[str], bool]] = None, as_followup: bool = False) -> Resolved:
    if previous and (as_followup or is_followup(question)
                     or (names_anything is not None and not names_anything(_core(question)))):
        core = _core(question)
        groups = [*_SWAPS, *swaps]
        if (topic_words is not None and not _POINTS_BACK.search(question.strip())
                and len(topic_words(core) - {w for g in groups for w in g}) >= _NEW_TOPIC_WORDS):
            scope = [w for g in groups if not any(x in core for x in g)
                     for w in [next((x for x in g if x in previous), None)] if w]
            return Resolved(" ".join([*scope, core]), core)
        return Resolved(_merge(previous, core, groups), core)
    return Resolved(question.strip(), "")
