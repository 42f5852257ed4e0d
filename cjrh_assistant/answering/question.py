"""What a question asks for: its normalised text, the type of answer it wants, and the unit a figure must carry.

The patterns are Chinese interrogative grammar (多少/几+量词, 什么时候/何时, 哪些, 哪里/在哪, 谁/哪个部门, 是否/能否/吗,
是什么/指什么), not words of any one question; the unit classes are the measure words and units of the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Literal, Optional

from ..textnorm import years

# Full-width digits, letters and ％ (not punctuation: “？” stays a Chinese question mark).
_FULL_ALNUM = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF05]}

AnswerType = Literal["number", "date", "list", "place", "body", "yesno", "definition", "reason", "general"]

# 几/多少 followed by a measure word: the figure the answer must hold carries that measure word. (哪几个 asks “which
# ones”, a list, not “how many”; 几月 without 个 is a month of the calendar, “which month”: see _WHEN_ASKED.)
_COUNT_UNIT = re.compile(r"(?:(?<!哪)几|多少)\s*(个月|平方米|万元|人次|课时|学时|个|家|门|名|人|项|所|次|条|年|天|周|(?<!几)月|届|元|字|倍|批|类|种|间|座|本|期|学分|分)")
_NUMBER = re.compile(r"多少|(?<!哪)几[个家门名人项所次条年天周届元字倍批类种间座本期分]|几成|百分之几|比例|占比|比率|[上下]限|"
                     r"多大|多高|多长|多久|多少钱|字数|门槛|标准是|达到多|不低于多|不少于多|至少要|最多|最少|最低|最高")
# The interrogatives of time, and (for _DATE) the nouns of a date or deadline besides them. (“上报时间是？” asks for
# the time itself; 多长时间 for a span, a number.)
_WHEN_ASKED = re.compile(r"什么时候|何时|哪天|哪一天|几号|几月|哪个月|哪一年|哪年|哪个?季度|哪一季度|几季度|啥时候|啥时|几时|多久内")
_DATE = re.compile(_WHEN_ASKED.pattern + r"|截止|截至|期限|日期|时间节点|时限|之前|以前|前要|进度|时间安排|"
                   r"(?<!多长)(?<!多少)(?<!多久)时间(?:是|为)?[？?]?$")
# (哪两家 asks which two: a list. 有什么/有啥 alone is no list: “有啥规定” asks what is required, which one sentence may state.)
_LIST = re.compile(r"哪些|哪几|哪[两二三四五六七八九十\d]+[个家所项条类种位名]|包括什么|包含什么|都有啥|都有什么|分别是|分别|哪几类|几类|几方面|哪方面|主要内容|列出")
_PLACE = re.compile(r"哪里|哪儿|在哪(?!些)|何处|什么地方|哪个园区|哪个城市|哪个地市|哪个市|哪个县|地址|邮箱|送到|交到|报送到|发到|提交到")
_BODY = re.compile(r"谁|哪个部门|哪个单位|哪家单位|什么部门|什么单位|哪个机构|什么机构|由哪|负责|牵头|主管|发布的|印发|发文")
# Whether something is late or in time (晚, 来得及, 赶得上, 逾期…): a yes/no question about a date the asker gives.
_TIMING = re.compile(r"晚|迟|早|来得及|来不及|赶得上|赶不上|超期|逾期|过期|延期|误期")
_DEADLINE_ASKED = re.compile(r"截止|截至|最晚|最迟|期限|deadline", re.I)
_LIMIT_TEXT = re.compile(r"前|截止|截至|为止|以内|之内|内完成|底|不晚于|不迟于")
_YESNO = re.compile(r"是否|能否|可否|能不能|可不可以|是不是|会不会|有没有|要不要|需不需要|吗[？?]?$|(?<=[\u4e00-\u9fff])不[？?]$|(?<![什怎这那多])么[？?]?$")
# Why, or on what basis: the answer is the clause a causal or basis connective opens (基于目前的市场需求, 针对…厌学倾向,
# 根据《职业教育法》). Both lists are the interrogatives and connectives of cause and basis in Chinese grammar.
_REASON = re.compile(r"为啥|为什么|为何|什么原因|啥原因|原因是|出于什么|针对什么|基于什么|凭什么|什么依据|啥依据"
                     r"|(?:依据|根据|依照)的?[\u4e00-\u9fff]{0,6}?(?:哪|什么|啥)")
_REASON_TEXT = re.compile(r"基于|针对|由于|因为|为了|根据|依据|鉴于|按照|本着|旨在|因此|所以")
_DEFINITION = re.compile(r"是什么意思|指什么|什么意思|指的是|是指|是什么|啥意思|含义|定义|怎么理解|怎么算")

# Money asked for without a measure word: the figure that answers is in 元 (万元 included).
_MONEY = re.compile(r"多少钱|几块钱|多少块")
# A share asked for (比例, 占比, 百分之几, 几成): the figure that answers is a percentage or a fraction (70%, 三成).
_RATIO = re.compile(r"比例|占比|比率|比重|百分之几|百分比|几成|多少成|百分之多少")
# The heads of Chinese nouns of money (…费 fee, …金 fund, …薪 pay, …酬 remuneration, …款 payment, …贴 allowance): a
# figure asked of one of them is an amount in 元.
_MONEY_HEAD = re.compile(r"[费钱金薪酬款贴]$")
_MONEY_AFTER = re.compile(r"(?:多少|几)[\u4e00-\u9fff]{0,4}[费钱金薪酬款贴](?![\u4e00-\u9fff])")

# How figures, dates, bodies and places are written in the corpus's language. (批 is no measure of a figure: 一批 is
# “a number of”, 第三批 an ordinal.)
_FIGURE = re.compile(r"[0-9０-９.．]+\s*(?:[%％‰]|[~～—\-－至到]\s*[0-9０-９.]+)?|[一二两三四五六七八九十零〇][一二两三四五六七八九十百千万零〇]{0,5}(?=[个家门名人项所次条年天周月届元字倍类种间座本期余多成])|百分之")
_DATE_TEXT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,4}\s*年|\d{1,2}\s*月(?:\d{1,2}\s*日|底|初|中旬|上旬|下旬|份)?|[一二三四1-4]\s*季度|[上下]半年|年底|月底|"
                        r"截止|截至|之前|以前|前完成|前将")
# (处, 部, 办, 局 and 委 also begin other words: 处理, 部分, 办法, 局面, 委托 name no body.)
_BODY_TEXT = re.compile(r"[\u4e00-\u9fff]{1,12}(?:局(?![面部限])|厅|处(?![理罚置于在分])|委(?!托)|部(?![分署])|办公室|办(?![理法学])|中心|政府|学校|学院|院校|企业|单位|小组|协会|理事会|秘书处|联合体)|"
                        r"牵头|负责|责任单位|主体|"
                        r"(?:人|署名)\s*[:：]\s*[\u4e00-\u9fff]{2,4}")  # a person, named after a role label (联系人：…, 领导署名：…)
_PLACE_TEXT = re.compile(r"[\u4e00-\u9fff]{1,12}(?:园区|园|区|市|县|省|镇|基地|处|室|中心)|@")  # an address itself, not the word 邮箱 or 地址 (a form label to fill in)


# A space or line break between two Chinese words: prose has none; a form's or table's cells are set apart by one.
_CELL_GAP = re.compile(r"(?<=[\u4e00-\u9fff）)”])[ \u3000\n]+(?=[\u4e00-\u9fff（(“])")
# The interrogative morphemes of Chinese grammar (怎么/如何 ask how); the words next to one name what is asked for.
_WH = re.compile(r"什么|哪|多少|几|啥|谁|何|怎|如何")
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
# The existential and copular verbs (有 “there is”, 是 “to be”) carry no topic: in “字号有什么要求” the asked word is 字号.
_EXISTENTIAL = {"有", "没有", "有没有", "是", "不是"}
_WHEN = re.compile(r"什么时候|啥时候|什么时间|哪个时间|哪一天|哪天")  # one interrogative, not 什么 + a noun


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str  # normalised question
    answer_type: AnswerType
    unit: Optional[str]  # the measure word a figure in the answer must carry (几家 -> 家)
    asked: tuple[str, ...] = ()  # the words the interrogative asks about (“用什么字体” -> 字体): see asked_words

    def is_type_cue(self, term: str) -> bool:
        """A word that only says what kind of answer is wanted (截止, 日期 in a date question): the answer-type fit
        looks for the date, so the word is not one of the asked words a quote must state."""
        return self.answer_type == "date" and bool(_DATE.search(term) or _DATE_TEXT.fullmatch(term)
                                                   or term in ("时间", "季度"))

    def is_time_expression(self, term: str) -> bool:
        """截止, 日期, 时间 and the times themselves (第四季度, 8月): in a date question they say what kind of answer
        is wanted, not what it is about."""
        return self.is_type_cue(term) or (self.answer_type == "date" and bool(_DATE_TEXT.search(term)))

    def money_heads(self) -> frozenset[str]:
        """The heads of the money nouns a money question asks about (补贴 -> 贴, 经费 -> 费): an amount in 元 answers
        it only where the quote names that kind of money (a 5000元 of equipment is no 补贴)."""
        from ..retrieval.keyword import tokenizer

        return _money_heads(self.text, tokenizer()) if self.unit == "元" else frozenset()

    def asked_years(self) -> set[int]:
        """The calendar years the question is about. In a yes/no question a year is the user's own value being
        checked (“按2023年的数填行不行”), not its scope."""
        return years(self.text) if self.answer_type != "yesno" else set()

    def fit(self, sentence: str) -> float:
        """How well a sentence has the kind of content this question asks for (0 … 1). A deadline asked for
        (截止, 最晚, 期限) is a date the sentence sets as a limit (8月15日前, 截至…), not any date (发布日期：2023年1月)."""
        fit = answer_type_fit(self.answer_type, self.unit, sentence)
        if fit == 1.0 and self.answer_type == "date" and _DEADLINE_ASKED.search(self.text) \
                and not _LIMIT_TEXT.search(sentence):
            return 0.5
        return fit


def answer_type_fit(answer_type: AnswerType, unit: Optional[str], sentence: str) -> float:
    if answer_type == "number":
        figures = [m for m in _FIGURE.finditer(sentence) if not _calendar(sentence, m)]
        if not figures:  # none, or only years and dates (a title's 2024年, a form's 12月31日): no amount
            return 0.3 if _FIGURE.search(sentence) else 0.0
        if unit is None:
            return 1.0
        return 1.0 if any(_carries(sentence, m.end(), unit) for m in figures) else 0.5
    if answer_type == "date":  # a bare year (“2024年”, as in a title) rarely says when something is due
        found = [m.group() for m in _DATE_TEXT.finditer(sentence)]
        if not found:
            return 0.0
        return 1.0 if any(not re.fullmatch(r"\d{1,4}\s*年", f) for f in found) else 0.3
    if answer_type == "list":
        items = sentence.count("、") + sentence.count("；") + len(re.findall(r"[（(][一二三四五六七八九十\d][)）]|[①-⑳]", sentence))
        items = max(items, len(_CELL_GAP.findall(sentence)))  # a form's labels are cells, set apart by spaces
        return min(1.0, items / 3)
    if answer_type == "place":
        return 1.0 if _PLACE_TEXT.search(sentence) else 0.0
    if answer_type == "body":
        return 1.0 if _BODY_TEXT.search(sentence) else 0.0
    if answer_type == "reason":
        return 1.0 if _REASON_TEXT.search(sentence) else 0.0
    return 0.5  # yes/no, definition, general: any statement may answer


# What may stand between a figure and its measure word: 多/余 (“10余家”), a magnitude (万元), a classifier (个月).
_BEFORE_UNIT = re.compile(r"\s*(?:[多余]|以上)?\s*[十百千万亿]?")


def _carries(sentence: str, end: int, unit: str) -> bool:
    """The figure ending at `end` is a count of `unit` (“10家以上” carries 家; “3年内…扣分” does not carry 分)."""
    after = sentence[_BEFORE_UNIT.match(sentence, end).end():]
    if unit == "%":  # the figure may hold its sign itself (70%) or be a share in 成 (三成)
        return (end > 0 and sentence[end - 1] in "%％‰") or (after[:1] != "" and after[:1] in "%％‰成")
    return after.startswith(unit)


def _calendar(sentence: str, match: re.Match) -> bool:
    """A year (2024年) or a day of the calendar (8月15日, 12月31日): it dates a statement, it is no amount."""
    rest = sentence[match.end():match.end() + 1]
    figure = match.group().strip()
    return (bool(re.fullmatch(r"(?:19|20)\d{2}", figure)) and rest in "年-—～~至到") \
        or (rest == "月" and bool(re.match(r"\d{1,2}\s*日", sentence[match.end() + 1:]))) \
        or (rest == "日" and sentence[:match.start()].rstrip().endswith("月"))


@lru_cache(maxsize=256)
def _money_heads(text: str, jieba) -> frozenset[str]:
    """Any money noun of the question, not only the asked words: in “补贴标准是每月多少钱” 多少 governs 钱, and 钱 itself
    (money of any kind) names no kind. (Cached per text and tokenizer in use: every candidate quote asks.)"""
    return frozenset(w[-1] for w in jieba.lcut(text) if len(w) > 1 and _MONEY_HEAD.search(w) and w[-1] != "钱")


def analyse(question: str, is_light: Optional[Callable[[str], bool]] = None) -> QuestionAnalysis:
    """`is_light` tells words the corpus uses everywhere (要求, 情况) from the ones that name a topic."""
    text = normalise(question)
    unit_match = _COUNT_UNIT.search(text)
    asked = asked_words(text, is_light)
    unit = unit_match.group(1) if unit_match else None
    if unit == "万元":  # 万 is a magnitude: the amount is in 元 (300万元 carries 元 as the unit check reads it)
        unit = "元"
    if unit is None and _RATIO.search(text):
        unit = "%"
    if unit is None and (_MONEY.search(text) or _MONEY_AFTER.search(text)
                         or (_NUMBER.search(text) and any(_MONEY_HEAD.search(w) for w in asked))):
        unit = "元"
    if unit is None and "字数" in text:  # a count of characters is in 字
        unit = "字"
    listed = re.search(r"哪些|哪几", text) and not _WHEN_ASKED.search(text)
    if _DATE.search(text) and not unit and not listed:  # (“进度安排包括哪几项” lists the steps)
        kind: AnswerType = "date"
    elif unit or _NUMBER.search(text):
        kind = "number"
    elif _REASON.search(text):
        kind = "reason"
    elif _PLACE.search(text):
        kind = "place"
    elif _BODY.search(text):
        kind = "body"
    elif _LIST.search(text):
        kind = "list"
    elif _DEFINITION.search(text):
        kind = "definition"
    elif _YESNO.search(text) and _TIMING.search(text) and _DATE_TEXT.search(text):
        kind = "date"  # “7月才报，会不会晚？” is answered by the date it is checked against
    elif _YESNO.search(text):
        kind = "yesno"
    else:
        kind = "general"
    analysis = QuestionAnalysis(text, kind, unit, asked)
    if kind == "date":  # what the date is of: the words the cue words (截止日期, 时间) stand next to
        asked = asked_words(text, is_light, analysis.is_time_expression)
    return replace(analysis, asked=tuple(w for w in asked if not analysis.is_type_cue(w)))


def analyse_turn(question: str, focus: str, is_light: Optional[Callable[[str], bool]] = None) -> QuestionAnalysis:
    """A follow-up resolved against the conversation (`question`: earlier question and follow-up together). A
    follow-up with an interrogative or a yes/no form of its own (“这个会是哪个部门负责？” after “对接会定在几月开？”;
    “要盖章吗？”) asks its own kind of answer about its own words; one without (“那中职呢？”) asks the earlier kind."""
    analysis = analyse(question, is_light)
    if not focus or not (_WH.search(normalise(focus)) or _YESNO.search(normalise(focus))):
        return analysis
    own = analyse(focus, is_light)
    return replace(own, text=analysis.text, asked=own.asked or analysis.asked)


def asked_words(text: str, is_light: Optional[Callable[[str], bool]] = None,
                is_cue: Optional[Callable[[str], bool]] = None) -> tuple[str, ...]:
    """The content words that the interrogative governs: the ones right after it (“用什么字体”, “哪些数据”, “几家企业”)
    or, when nothing follows or only a light word does (“有什么要求”: `is_light`), also the ones right before it
    (“补助资金是多少”), and so does a verb with no object of its own (“课时费怎么算”). A sentence that answers must state these; sharing the rest of the question's words only
    shows it is on the topic. Numerals and measure words (jieba's classes m and q: 一个, 两周) name no topic. Words
    that only say what kind of answer is wanted (`is_cue`: 截止, 日期 in a date question) are looked past, so that
    the deadline's own object is found (“推荐书截止日期是哪天” -> 推荐书)."""
    from ..retrieval.keyword import STOPWORDS, tokenizer

    tokens = [t for t in tokenizer().lcut(_WHEN.sub("何时", text)) if t.strip()]
    cue = [bool(is_cue and is_cue(t)) for t in tokens]
    content = [bool(_CONTENT.search(t)) and t not in STOPWORDS and t not in _EXISTENTIAL and not _WH.search(t) and not c
               and not _numeral(t) for t, c in zip(tokens, cue)]
    # the positions around each token, type cues skipped (they neither answer nor use up the window)
    plain = [j for j in range(len(tokens)) if not cue[j]]
    out: list[str] = []
    for i, token in enumerate(tokens):
        if not _WH.search(token):
            continue
        later = [j for j in plain if j > i][:2]
        after = [tokens[j] for j in later if content[j]][:1]
        if after and not _is_verb(after[0]):  # a noun phrase is head-final: 几年企业工作经历 asks about 经历 too
            at = tokens.index(after[0], i)
            for j in [j for j in plain if j > at][:2]:
                if not content[j] or _is_verb(tokens[j]) and _word_classes().get(tokens[j]) != "vn":
                    break
                after.append(tokens[j])
        bare_verb = False
        if after and _is_verb(after[0]):  # 谁负责审核: the verb's object is asked too
            verb = tokens.index(after[0], i)
            objects = [tokens[j] for j in [j for j in plain if j > verb][:2] if content[j]][:1]
            after += objects
            # 课时费怎么算: after a manner adverb (怎么, 如何) a verb with no object asks about its subject (after 什么
            # or 哪些 the word is the head noun: 什么要求)
            bare_verb = not objects and bool(_MANNER.search(token))
        earlier = [j for j in plain if j < i][-3:]
        before = [tokens[j] for j in earlier if content[j]][-2:]
        if is_cue:  # a time interrogative is adverbial: the date is of its subject and of the verb it modifies
            out.extend(before + after)
            continue
        out.extend(after)
        if after and not bare_verb and not (is_light and is_light(after[0])):
            continue
        out.extend(before)
    return tuple(dict.fromkeys(out))


# A part of a form or document named by its topic: “实训基地部分”, “建设成效那栏”, “营造良好环境那部分”, “教材这块”.
_SECTION = re.compile(r"的?[那这]?一?(?:部分|栏目|栏|板块|块)|[那这]一?项")


def section_words(text: str) -> tuple[str, ...]:
    """The content words naming the part of a form or document the question is about (“申报表的实训基地部分要填哪些
    指标” -> 实训基地): a quote from that part states them; the form-filling words (填报, 数据) hold for every part."""
    from ..retrieval.keyword import STOPWORDS, tokenizer

    out: list[str] = []
    for match in _SECTION.finditer(text):
        before = [t for t in tokenizer().lcut(text[:match.start()]) if t.strip()]
        words = [t for t in before[-2:] if _CONTENT.search(t) and t not in STOPWORDS and not _numeral(t)]
        out.extend(words[-1:])
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, str]:
    """jieba's dictionary part-of-speech tag of each word (its bundled dict.txt)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


_MANNER = re.compile(r"怎|如何")


def _is_verb(token: str) -> bool:
    return _word_classes().get(token, "")[:1] == "v"


def _numeral(token: str) -> bool:
    """A numeral or measure word by jieba's dictionary classes m (一个, 两周, 一次) and q (个, 项)."""
    return _word_classes().get(token, "")[:1] in ("m", "q")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(question: str) -> str:
    """Traditional -> simplified (OpenCC), full-width letters/digits -> half-width, whitespace trimmed."""
    return _t2s().convert(question.translate(_FULL_ALNUM)).strip()
