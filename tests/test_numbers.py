"""The number reader and the character counter: examples from the catalogue, and properties (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cjrh_assistant.rules.numbers import chinese_to_int, read_number
from cjrh_assistant.rules.wordcount import count, count_words

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A reference spelling of 0 < n < 10^8 (一万零二十, 十二, 三千零五), written independently of the reader."""
    def below_10000(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d:
                out += ("零" if zero and out else "") + DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out
    high, low = divmod(n, 10000)
    if not high:
        text = below_10000(low)
    else:
        text = below_10000(high) + "万" + (("零" if low < 1000 and low else "") + below_10000(low) if low else "")
    return text[1:] if text.startswith("一十") else text


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_catalogue_examples():
    cases = {("72%", "percent"): 72, ("７２％", "percent"): 72, ("72 %", "percent"): 72, ("0.72", "percent"): 72,
             ("百分之七十二", "percent"): 72, ("5,000元", "money"): 5000, ("0.5万元", "money"): 5000,
             ("十二家", "count"): 12, ("36/50", "percent"): 72, ("1～2名", "count"): 1, ("三千零五", "count"): 3005}
    for (text, kind), want in cases.items():
        reading = read_number(text, kind)
        assert reading is not None and reading.value == want, text


def test_unreadable_or_ambiguous_values_are_none():
    for text in ["", "待统计", "若干", "约为总数的一半", "见附件", "其中女教师20人，共50人", "3/0"]:
        assert read_number(text, "count") is None, text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_read_back(n):
    assert chinese_to_int(to_chinese(n)) == n
    assert read_number(to_chinese(n) + "人", "count").value == n


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_percent_spellings_agree_exactly(d):
    text = f"{d}%"
    want = Fraction(str(d))
    assert read_number(text, "percent").value == want
    assert read_number(full_width(text), "percent").value == want
    assert read_number(f"{d} %", "percent").value == want


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_and_full_width_digits(n):
    assert read_number(f"{n:,}元", "money").value == n
    assert read_number(full_width(f"{n}") + "元", "money").value == n


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999"), places=2))
def test_wan_scales_exactly(d):
    assert read_number(f"{d}万元", "money").value == Fraction(str(d)) * 10000


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_a_ratio_of_counts_is_exact(a, b):
    assert read_number(f"{a}/{b}", "percent").value == Fraction(a, b) * 100


# ---- character count (Word 字数) ----------------------------------------------------------------------

CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=300)
ASCII_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,+-", min_size=1,
                     max_size=12)


def test_documented_counts():
    assert count_words("2023年") == 2
    assert count_words("1+X证书") == 3
    assert count_words("“双师型”") == 5
    assert count_words("——") == 2 and count_words("……") == 2
    assert count_words("Hello world，你好。") == 6
    c = count("专业群 建设\n成效 ABC")
    assert (c.words, c.chars_no_spaces) == (8, 10)


@given(CJK)
def test_each_ideograph_counts_one(text):
    assert count_words(text) == len(text)


@given(CJK, st.lists(st.sampled_from([" ", "\n", "\t", "\u3000"]), max_size=20), st.randoms())
def test_whitespace_never_counts(text, spaces, rnd):
    chars = list(text)
    for s in spaces:
        chars.insert(rnd.randint(0, len(chars)), s)
    assert count_words("".join(chars)) == len(text)
    assert count("".join(chars)).chars_no_spaces == len(text)


@given(st.lists(ASCII_WORD, max_size=30))
def test_each_half_width_run_counts_one(words):
    assert count_words(" ".join(words)) == len(words)


@given(st.text(max_size=200), st.text(max_size=200))
def test_counts_add_across_a_space(a, b):
    assert count_words(a + " " + b) == count_words(a) + count_words(b)


QUALIFIERS = ["以下", "以上", "以内", "左右", "上下", "多", "余", "不到", "不足"]


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(QUALIFIERS), st.sampled_from(["%", "人", "元", "家", ""]))
def test_a_bound_or_estimate_after_the_number_is_not_read_as_the_value(n, qualifier, unit):
    # “70%以下” passed a ≥ 70% rule when read as 70: a qualified value is no value
    assert read_number(f"{n}{unit}{qualifier}", "count") is None
    assert read_number(f"{to_chinese(n)}{unit}{qualifier}", "count") is None


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=99))
def test_the_chinese_decimal_point_is_read_exactly(whole, frac):
    digits = "".join(DIGITS[int(c)] for c in str(frac))
    assert read_number(f"{to_chinese(whole)}点{digits}%", "percent").value == Fraction(f"{whole}.{frac}")
    assert read_number(f"百分之{to_chinese(whole)}点{digits}", "percent").value == Fraction(f"{whole}.{frac}")


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]))
def test_an_invisible_character_inside_a_number_is_not_read_past(n, invisible):
    text = f"{n}"
    assert read_number(f"{text[:1]}{invisible}{text[1:]}0%", "percent") is None


def test_what_is_not_one_plain_number_is_none():
    for text in ["1e309", "1.2.3", "百分之百分之七十", "9" * 5000, "7" * 31 + "人", "3x5"]:
        assert read_number(text, "count") is None, text[:20]
    assert read_number("9" * 30, "count").value == int("9" * 30)  # up to MAX_DIGITS digits


# ---- shares in words (三分之二, 八成), abbreviated numerals (三千五), and numbers in running text ------------------

from cjrh_assistant.rules.numbers import _CN_CHARS, find_numerals, normalise  # noqa: E402


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_a_part_of_a_whole_is_read_exactly(den, num):
    text = f"{to_chinese(den)}分之{to_chinese(num)}"
    assert read_number(text, "percent").value == Fraction(num, den) * 100  # 三分之二 is 200/3 %, never 66.67
    assert read_number(text, "count").value == Fraction(num, den)
    assert read_number(f"{den}分之{num}", "percent").value == Fraction(num, den) * 100


@given(st.integers(min_value=1, max_value=10))
def test_tenths_are_read_as_a_share(n):
    word = "十" if n == 10 else DIGITS[n]
    assert read_number(f"{word}成", "percent").value == n * 10
    assert read_number(f"{word}成", "count").value == Fraction(n, 10)


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=2, max_value=9), st.sampled_from(QUALIFIERS))
def test_a_qualified_or_ranged_share_is_no_value(n, den, qualifier):
    # “八成以上” and “三分之二以上” state a bound, “七至八成” a range of shares: none is one value
    assert read_number(f"{DIGITS[n]}成{qualifier}", "percent") is None
    assert read_number(f"{to_chinese(den)}分之{DIGITS[min(n, den - 1) or 1]}{qualifier}", "percent") is None
    assert read_number(f"{DIGITS[n]}至{DIGITS[n]}成", "percent") is None
    assert read_number(f"{DIGITS[n]}成学生", "count") is None  # not 8 students


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9),
       st.sampled_from([("十", 10), ("百", 100), ("千", 1000), ("万", 10000)]))
def test_an_abbreviated_last_digit_counts_in_the_next_lower_unit(a, b, unit):
    word, value = unit
    head = "" if word == "十" and a == 1 else DIGITS[a]
    want = a * value + b * (value // 10)  # 三千五 is 3500, 一万五 15000, 十五 15
    assert chinese_to_int(f"{head}{word}{DIGITS[b]}") == want
    assert chinese_to_int(f"{DIGITS[a]}{word}零{DIGITS[b]}") == a * value + b  # with 零: 三千零五 is 3005


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=99))
def test_a_chinese_decimal_before_wan_scales_exactly(whole, frac):
    digits = "".join(DIGITS[int(c)] for c in str(frac))
    head = "零" if whole == 0 else to_chinese(whole)
    want = Fraction(f"{whole}.{frac}") * 10000
    assert read_number(f"{head}点{digits}万字", "count").value == want  # 零点五万字 is 5000, not 0.5
    assert [n.value for n in find_numerals(normalise(f"不超过{head}点{digits}万字"))] == [want]


@given(st.integers(min_value=1, max_value=99_999_999), st.decimals(min_value=0, max_value=100, places=2),
       st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_numbers_in_running_text_are_read_as_the_form_reader_reads_them(n, d, month, day):
    text = normalise(f"共{to_chinese(n)}家企业、{n}人，比例{d}%，{to_chinese(month)}月{to_chinese(day)}日前")
    values = [x.value for x in find_numerals(text)]
    assert values == [n, n, Fraction(str(d)) / 100, month, day]
    assert read_number(f"{to_chinese(n)}家", "count").value == values[0]


def test_words_made_of_numeral_characters_read_as_no_number_or_are_left_to_the_caller():
    assert [n.value for n in find_numerals("（万元）亿元以上")] == []  # a unit heading, no number
    assert [n.value for n in find_numerals("一二十人")] == [None]  # numeral characters, no one number
    assert [(n.value, n.share) for n in find_numerals("八成以上、八成员")] == [(Fraction(4, 5), True), (8, False)]


# ---- Roman numerals and the indefinite article 一个 in running text (the answer guard) ------------------------------


def _roman(n: int) -> str:
    """A reference spelling of 1 ≤ n ≤ 39, written independently of the reader."""
    return "X" * (n // 10) + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n % 10]


@given(st.integers(min_value=1, max_value=39), st.booleans(), st.sampled_from(["类", "批", "级", "期", ""]))
def test_roman_numerals_read_as_the_number_they_label(n, lower, word):
    label = _roman(n).lower() if lower else _roman(n)
    found = [(x.value, x.roman) for x in find_numerals(normalise(f"属于{label}{word}，第{label}{word}"))]
    # XX and XXX are the placeholder forms write (XX学校), not 20 and 30
    assert found == ([] if n in (20, 30) else [(n, True), (n, True)])


@given(st.integers(min_value=1, max_value=12))
def test_the_roman_numeral_characters_read_as_their_letters(n):
    upper, lower = chr(0x2160 + n - 1), chr(0x2170 + n - 1)  # Ⅰ…Ⅻ, ⅰ…ⅻ
    assert [x.value for x in find_numerals(normalise(f"{upper}类、第{lower}批"))] == [n, n]


@given(st.from_regex(r"[A-Za-z]*[A-HJ-UWYZa-hj-uwyz][A-Za-z]*", fullmatch=True), st.sampled_from(["类", "批", " 级", ""]))
def test_a_latin_word_with_a_letter_outside_i_v_x_holds_no_numeral(word, after):
    assert find_numerals(normalise(f"属于{word}{after}")) == []


ARTICLE_CLASSIFIERS = "个种项家所位支套批条件座门份张"
NOUNS = ["重要指标", "工作机制", "实训基地", "产业学院", "人才培养方案", "APP"]


@given(st.sampled_from(ARTICLE_CLASSIFIERS), st.sampled_from(NOUNS), st.sampled_from(["建立", "这是", "形成", "依托", ""]))
def test_yi_before_a_classifier_and_a_noun_is_the_indefinite_article(classifier, noun, verb):
    assert [(x.value, x.indefinite) for x in find_numerals(f"{verb}一{classifier}{noun}")] == [(1, True)]
    assert [x.indefinite for x in find_numerals(f"每一{classifier}{noun}")] == [True]  # every one: no figure


# any Chinese text but numeral characters (they would join the 一) and 每 (每一个 is “every one”)
CJK_TEXT = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF, exclude_characters=_CN_CHARS + "每"),
                   max_size=6)


@given(st.sampled_from(ARTICLE_CLASSIFIERS), CJK_TEXT, CJK_TEXT,
       st.sampled_from(["至少", "不少于", "仅有", "只需", "最多", "共计", "超过", "共"]))
def test_yi_that_the_text_counts_is_the_figure_one(classifier, before, noun, bound):
    # a bound or total before it, 每/各 earlier in the clause, 第, a bound after it, digits, or no noun: a count
    for text, at in [(f"{before}，{bound}一{classifier}{noun}", f"{before}，{bound}"),
                     (f"每年{before}一{classifier}{noun}", f"每年{before}"), (f"各{before}一{classifier}{noun}", f"各{before}"),
                     (f"{before}，第一{classifier}{noun}", f"{before}，第"), (f"一{classifier}以上{noun}", ""),
                     (f"一{classifier}月", ""), (f"{before}，一{classifier}。", f"{before}，")]:
        numeral = next(x for x in find_numerals(text) if x.start == len(at))
        assert numeral.value == 1 and not numeral.indefinite, text
    assert not any(x.indefinite for x in find_numerals(f"建立1{classifier}{noun}"))  # digits always count


NEIGHBOURS = [(a, a + 1) for a in range(1, 9)]


@given(st.sampled_from(NEIGHBOURS), st.booleans(), st.sampled_from(["", "十", "百", "千", "万"]))
def test_neighbouring_digits_are_an_approximate_range_not_a_number(pair, liang, unit):
    """一两 (“one or two”) read as 12; 三四家, 两三百, 七八十 are ranges too: no single number may stand for them."""
    a, b = pair
    first = "两" if liang and a == 2 else DIGITS[a]
    second = "两" if liang and b == 2 else DIGITS[b]
    assert chinese_to_int(f"{first}{second}{unit}") is None
    assert read_number(f"{first}{second}{unit}家", "count") is None


def test_digit_by_digit_numbers_still_read():
    assert chinese_to_int("一两") is None and chinese_to_int("两三") is None
    assert chinese_to_int("两") == 2 and read_number("两个", "count").value == 2
    assert chinese_to_int("二〇二四") == 2024 and chinese_to_int("一九九八") == 1998 and chinese_to_int("二二") == 22
