"""Read the numbers staff write in a draft, exactly (Fraction), or not at all.

72%, ７２％, 72 %, 0.72, 百分之七十二, 三分之二 (exactly 2/3), 八成, 36/50 (a ratio), 5,000元, 0.5万元, 零点五万字,
十二家, 三千五 (3500), 1～2名 (a range). A value that cannot be read unambiguously (70%以下, 八成以上, 七至八成) is None: the
engine reports it as `missing`, never a guess. `find_numerals` reads the same forms in running text (the answer guard).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Optional

NumberKind = Literal["count", "percent", "money", "months", "area", "number"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)

_ARABIC = r"\d+(?:\.\d+)?"
_CN = f"[{_CN_CHARS}]+"
_NUM = f"(?:{_ARABIC}|{_CN})"
_RANGE = re.compile(rf"({_NUM})\s*[~～\-－—–至到]\s*({_NUM})")
_RATIO = re.compile(rf"^({_ARABIC})\s*/\s*({_ARABIC})$")
_PERCENT_WORDS = re.compile(rf"百分之({_NUM})")
_TOKEN = re.compile(rf"{_ARABIC}|{_CN}")
_PREFIX = re.compile(r"^(?:共计|合计|总计|共|计)\s*")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
# Longer digit runs are no count, ratio or amount a form asks for (and Python refuses int() past 4,300 digits).
MAX_DIGITS = 30
# A bound or an estimate right after the number (70%以下, 50多人, 5000元左右) states no exact value: not read.
_QUALIFIED = re.compile(r"^\s*[%‰]?\s*[万亿]?\s*(?:[\u4e00-\u9fff]{1,3}?\s*)?"
                        r"(?:以下|以上|以内|以外|左右|上下|开外|不到|不足|多|余)")
# 七十二点五: the Chinese decimal point.
_CN_DIGIT = f"[{''.join(_DIGITS)}]"
_CN_DECIMAL = re.compile(rf"^({_CN})点({_CN_DIGIT}+)")
# 三分之二, 百分之七十二点五, 千分之五, 3分之2: a part of a whole, kept exact (2/3, never 0.667).
_PART = rf"({_CN}|\d+)分之({_CN}(?:点{_CN_DIGIT}+)?|{_ARABIC})"
_PART_OF = re.compile(rf"^{_PART}")
# 八成: eight tenths; only where no word goes on from 成 (八成员, 一成不变 are words).
_TENTHS = re.compile(rf"^({_CN})成(?![\u4e00-\u9fff])")


@dataclass(frozen=True)
class Reading:
    """A number read from text: its exact value, and how it was read (shown in the report)."""

    value: Fraction
    note: str = ""


def chinese_to_int(text: str) -> Optional[int]:
    """十二 -> 12, 一百二十 -> 120, 三千零五 -> 3005, 二〇二四 -> 2024 (digit by digit), 两万 -> 20000. None for an
    approximate range (一两, 三四, 三四十, 十二三: “one or two”, not a number)."""
    if not text or any(ch not in _CN_CHARS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # digit-by-digit: 二〇二四
        values = [_DIGITS[ch] for ch in text]
        # 两 (alone: 2) is a quantity word, never a digit of a year or code; two neighbouring digits side by side (一两, 三四,
        # 七八) is how Chinese says “one or two”, “three or four”: a range, which no single number may stand for
        if len(values) > 1 and ("两" in text or (len(values) == 2 and values[1] == values[0] + 1)):
            return None
        return int("".join(str(v) for v in values))
    total, section, digit = 0, 0, None
    last_unit, zero = 1, False  # the unit just written, and whether a 零 came after it
    for ch in text:
        if ch in "零〇":  # a placeholder inside a number (三千零五)
            zero = True
            continue
        if ch in _DIGITS:
            if digit is not None:  # two digits in a row without a unit (“一二十”) is not a number
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit, last_unit, zero = None, _UNITS[ch], False
        else:  # 万 / 亿
            section += digit or 0
            if section == 0:
                return None
            total += section * _BIG[ch]
            section, digit, last_unit, zero = 0, None, _BIG[ch], False
    if digit is not None and last_unit > 10 and not zero:
        # 三千五 is 3500 and 一万五 15000: a last digit right after a unit counts in the next lower unit
        # (三千零五, with the 零, is 3005)
        digit *= last_unit // 10
    return total + section + (digit or 0)


def _to_fraction(token: str) -> Optional[Fraction]:
    if re.fullmatch(_ARABIC, token):
        return Fraction(token)
    value = chinese_to_int(token)
    return None if value is None else Fraction(value)


def normalise(text: str) -> str:
    """NFKC (full-width digits and ％ become ASCII), thousands separators dropped, spaces squeezed."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _THOUSANDS.sub("", text)
    return re.sub(r"\s+", " ", text)


def read_number(text: object, kind: NumberKind = "number") -> Optional[Reading]:
    """The one number `text` states, in the unit of `kind` (percent: 72 for 72%; money: 元)."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, Fraction)):
        return Reading(Fraction(text))
    if isinstance(text, float):  # from JSON/YAML: its decimal spelling is what the user wrote
        text = repr(text)
    s = normalise(str(text))
    if not s or _suspicious(s):
        return None
    ratio = _RATIO.match(s)
    if ratio:
        num, den = Fraction(ratio.group(1)), Fraction(ratio.group(2))
        if den == 0:
            return None
        value = num / den * (100 if kind == "percent" else 1)
        return Reading(value, f"{ratio.group(1)}/{ratio.group(2)}")
    start = _PREFIX.sub("", s)
    part = _PART_OF.match(start) or _TENTHS.match(start)
    if part:  # 三分之二, 八成: a share, exact
        value = _part_value(part)
        if value is None or s.count("分之") > 1 or _QUALIFIED.match(start[part.end():]):  # 三分之二以上
            return None
        return Reading(value * 100 if kind == "percent" else value, part.group(0))
    words = _PERCENT_WORDS.search(s)
    if words:
        if s.count("百分之") > 1:  # 百分之百分之七十: not one number
            return None
        decimal = _CN_DECIMAL.match(s[words.start(1):])
        value = _cn_decimal(decimal) if decimal else _to_fraction(words.group(1))
        if value is None or _QUALIFIED.match(s[words.end():]):
            return None
        return Reading(value if kind == "percent" else value / 100)
    rng = _RANGE.search(s)
    if rng and s.startswith(rng.group(0)):
        low, high = _to_fraction(rng.group(1)), _to_fraction(rng.group(2))
        if low is None or high is None or re.match(r"(?:点|成|分之)", s[rng.end():]):  # 七至八成: not read as 7
            return None
        return Reading(_scale(low, s, kind), f"取区间 {rng.group(1)}～{rng.group(2)} 的下限")
    tokens = _TOKEN.findall(s)
    if not tokens:
        return None
    first = tokens[0]
    # The value is the number the text opens with (“50人，其中女教师20人” is 50); a number further in
    # (“其中女教师20人…”, “约为总数的一半”) is not the value asked for.
    if not start.startswith(first):
        return None
    decimal = _CN_DECIMAL.match(start)
    value = _cn_decimal(decimal) if decimal else _to_fraction(first)
    rest = start[decimal.end() if decimal else len(first):]
    if value is None or _QUALIFIED.match(rest) or re.match(r"[A-Za-z.．]", rest):  # 1e309, 1.2.3: not a number
        return None
    if re.match(r"成|分之", rest):  # 八成学生, 八成以上: a share the forms above could not read as one value
        return None
    if decimal and rest[:1] in _BIG:  # 零点五万字: the 万 after a Chinese decimal scales it (5000)
        return Reading(value * _BIG[rest[0]] if kind != "percent" else value)
    return Reading(_scale(value, s, kind))


def _suspicious(text: str) -> bool:
    """Text no reader should guess at: an invisible character inside (7\u200b0%: what shows is not what is read), or
    a digit run longer than MAX_DIGITS."""
    return any(unicodedata.category(ch) == "Cf" for ch in text) or any(
        len(run) > MAX_DIGITS for run in re.findall(r"\d+", text))


def _part_value(m: re.Match[str]) -> Optional[Fraction]:
    """三分之二 -> 2/3, 百分之七十二点五 -> 29/40, 八成 -> 4/5 (a share of one, exact)."""
    if m.re is _TENTHS or m.group(0).endswith("成"):
        whole = chinese_to_int(m.group(1))
        return None if whole is None else Fraction(whole, 10)
    whole, part = _to_fraction(m.group(1)), _read_plain(m.group(2))
    if whole is None or part is None or whole == 0:
        return None
    return part / whole


def _read_plain(token: str) -> Optional[Fraction]:
    """One numeral on its own: 72, 72.5, 七十二, 七十二点五."""
    decimal = _CN_DECIMAL.fullmatch(token)
    return _cn_decimal(decimal) if decimal else _to_fraction(token)


def _cn_decimal(m: re.Match[str]) -> Optional[Fraction]:
    """七十二点五 -> 72.5 (the Chinese number before 点, its digits one by one after)."""
    whole = chinese_to_int(m.group(1))
    if whole is None:
        return None
    return Fraction(f"{whole}.{''.join(str(_DIGITS[ch]) for ch in m.group(2))}")


def _scale(value: Fraction, text: str, kind: NumberKind) -> Fraction:
    has_percent = "%" in text
    if kind == "percent":
        # 0.72 without a % sign is a share; 72 without one is already in percent
        return value * 100 if not has_percent and value <= 1 and "." in text else value
    if has_percent:
        return value / 100
    for unit, factor in _BIG.items():
        if re.search(rf"\d\s*{unit}", text):  # 0.5万元, 2万: the unit follows the digits
            return value * factor
    return value


def format_number(value: Fraction, kind: NumberKind = "number") -> str:
    """72 -> “72%”, 5000 -> “5000元”, 2/3 -> “0.6667” (rounded for display only, never for a verdict)."""
    if value.denominator == 1:
        text = str(value.numerator)
    else:
        text = f"{float(value):.4f}".rstrip("0").rstrip(".")
        if Fraction(text) != value:
            text = "≈" + text
    return text + {"percent": "%", "money": "元", "months": "个月", "area": "平方米"}.get(kind, "")


# ---- numbers in running text (the answer guard reads a whole reply, not one form value) ----

# Roman numerals label headings and categories (Ⅲ类, 第Ⅱ批, III级); NFKC has made Ⅲ the letters III. They are read from
# I, V and X only (1–39, in standard form, one case), standing apart from other Latin letters and digits, so that no
# English word is read (MIX, VIVID, ICU; “I think” is read as I, which no measure word follows: no quantity). C, D, L
# and M are left as letters: alone they are the grade letters of Chinese text (A类、B类、C类) and sizes (M号).
_ROMAN = r"(?:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def roman_to_int(text: str) -> int:
    """XIV -> 14 (a numeral `_ROMAN` matched: a letter before a larger one is subtracted)."""
    values = [_ROMAN_VALUES[ch] for ch in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


# 一 + an individual classifier + a noun is, by Chinese grammar, the indefinite article (这是一个重要指标, 建立一套机制,
# 形成一批成果): it states no figure. It is the count one when the text counts: a bound or a total before it in its
# clause (至少一项, 仅有一个, 共一家, 共计一所), a distributive 每 or 各 earlier in the clause (每个专业群对接一个产业),
# a bound, range or alternative after it (一个以上, 一个或两个), a unit of time or a percentage point as its noun
# (一个月, 一个百分点), or no noun at all (只需一个。). 每一个 (“every one”) states no figure either.
_CLASSIFIERS = "个种项家所位支套批条件座门份张"
_CLAUSE_ENDS = set("，。；！？、\n,;!?：:")
_COUNTING_BEFORE = re.compile(r"(?:至少|最少|至多|最多|不少于|不低于|不超过|不多于|不到|不足|超过|多于|少于|仅|只|唯一"
                              r"|共计|合计|总计)[\u4e00-\u9fff]{0,2}$|共$|[每各]")
_COUNTING_AFTER = re.compile(r"以上|以下|以内|之内|及|或|至|到|左右|上下|多|余|[、～~\-—]"
                             r"|月|工作日|自然日|星期|小时|钟头|季度|学期|学年|年度|百分点")
_NOUN_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _indefinite(text: str, start: int, end: int) -> bool:
    """The 一 at text[start:end] is the indefinite article (see `_CLASSIFIERS`), not the figure one."""
    if end >= len(text) or text[end] not in _CLASSIFIERS or (start and text[start - 1] == "第"):
        return False
    begin = start
    while begin and text[begin - 1] not in _CLAUSE_ENDS:
        begin -= 1
    clause = text[begin:start]
    if clause.endswith("每"):
        return True
    after = text[end + 1:]
    return not _COUNTING_BEFORE.search(clause) and bool(_NOUN_START.match(after)) and not _COUNTING_AFTER.match(after)


_MULTIPLIERS = {"万": Fraction(10_000), "亿": Fraction(100_000_000), "千万": Fraction(10_000_000),
                "百万": Fraction(1_000_000), "千": Fraction(1000)}
_SIGNS = {"%": Fraction(1, 100), "‰": Fraction(1, 1000), "成": Fraction(1, 10)}
_MUL = r"(?:千万|百万|[万亿千])"
_IN_TEXT = re.compile(
    rf"{_PART}"
    rf"|(?P<a>{_ARABIC})(?P<amul>\s*{_MUL})?(?P<asign>\s*[%‰])?"
    # 八成 is a share where 成 ends the word (八成以上, 八成的); 八成员 and 一成不变 are other words
    rf"|(?P<c>{_CN})(?:点(?P<cdec>{_CN_DIGIT}+))?(?P<cmul>{_MUL})?"
    rf"(?P<csign>\s*[%‰]|成(?:(?![\u4e00-\u9fff])|(?=以|左右|多|的)))?"
    rf"|(?<![A-Za-z0-9])(?P<r>{_ROMAN})(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Numeral:
    """A numeral found in running text: where it is and what it states, exactly."""

    start: int
    end: int
    value: Optional[Fraction]  # None: numeral characters that read as no one number (一二十)
    base: Optional[Fraction]  # the numeral before its multiplier or share sign (3 in 3万, 70 in 70%)
    factor: Fraction  # value = base × factor: 10000 for 万, 1/100 for %, 1/10 for 成
    share: bool  # a part of one: 70%, 百分之七十, 八成, 三分之二 (value 7/10, 7/10, 4/5, 2/3)
    chinese: bool  # written in Chinese numerals, which are also parts of words (统一, 一体化)
    roman: bool = False  # written in Roman numerals, which are also letters (I, VI设计)
    indefinite: bool = False  # 一 as the indefinite article (建立一个机制): no figure stated


def find_numerals(text: str) -> list[Numeral]:
    """Every numeral in `text` (already `normalise`d), left to right, with its exact value. Units are the
    caller's business; this reads 3000, 0.5万, 70%, 百分之七十二点五, 三分之二, 八成, 捌月叁拾日's 捌 and 叁拾,
    二〇二四, 零点五万 the same way `read_number` reads a form value, and Roman numerals (Ⅲ, as NFKC leaves it: III).
    An 一 that is the indefinite article (建立一个机制) is marked `indefinite`."""
    out: list[Numeral] = []
    for m in _IN_TEXT.finditer(text):
        if m.group("r") is not None:
            if len(m.group("r")) > 1 and set(m.group("r")) <= set("Xx"):
                continue  # XX, xxx: the placeholder forms write (XX学校), not 20
            value = Fraction(roman_to_int(m.group("r")))
            out.append(Numeral(m.start(), m.end(), value, value, Fraction(1), False, False, roman=True))
            continue
        if m.group(1) is not None:  # 三分之二, 百分之七十
            value = _part_value(m)
            out.append(Numeral(m.start(), m.end(), value, value, Fraction(1), True, not m.group(1).isdigit()))
            continue
        chinese = m.group("c") is not None
        if chinese and not m.group("cdec") and set(m.group("c")) <= set(_BIG):
            continue  # （万元）, 亿元以上: a unit word, no number
        if chinese:
            word, dec = m.group("c"), m.group("cdec")
            base = _cn_decimal(_CN_DECIMAL.match(f"{word}点{dec}")) if dec else _to_fraction(word)
            mul, sign = m.group("cmul"), (m.group("csign") or "").strip()
        else:
            base = Fraction(m.group("a"))
            mul, sign = (m.group("amul") or "").strip(), (m.group("asign") or "").strip()
        factor = (_MULTIPLIERS[mul] if mul else Fraction(1)) * (_SIGNS[sign] if sign else Fraction(1))
        value = None if base is None else base * factor
        indefinite = m.group(0) == "一" and _indefinite(text, m.start(), m.end())
        out.append(Numeral(m.start(), m.end(), value, base, factor, bool(sign), chinese, indefinite=indefinite))
    return out
