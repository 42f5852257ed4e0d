"""Property tests of the 字数 counter's own rules (rules/wordcount.py): zero-width characters, enclosed numerals,
dashes inside a half-width run."""

from hypothesis import given
from hypothesis import strategies as st

from cjrh_assistant.rules.wordcount import count, count_words

INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202a"])
ENCLOSED = st.sampled_from([chr(c) for c in range(0x2460, 0x2474)] + ["⑴", "⒈", "❶", "㈠", "㉑"])
ALNUM_RUN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
JOINER = st.sampled_from(["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"])
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@given(ANY_TEXT, st.lists(INVISIBLE, max_size=10), st.randoms())
def test_zero_width_characters_never_change_the_count(text, invisible, rnd):
    chars = list(text)
    for ch in invisible:
        chars.insert(rnd.randint(0, len(chars)), ch)
    assert count_words("".join(chars)) == count_words(text)
    assert count("".join(chars)).chars_no_spaces == count(text).chars_no_spaces


@given(st.lists(ENCLOSED, min_size=1, max_size=20))
def test_each_enclosed_numeral_counts_one(marks):
    assert count_words("".join(marks)) == len(marks)
    assert count_words("专业".join(marks)) == len(marks) + 2 * (len(marks) - 1)


@given(ALNUM_RUN, JOINER, ALNUM_RUN)
def test_a_dash_inside_a_half_width_run_joins_it(a, dash, b):
    assert count_words(a + dash + b) == 1
    assert count_words("共" + a + dash + b + "年") == 3


@given(ANY_TEXT)
def test_never_more_words_than_visible_characters(text):
    c = count(text)
    assert 0 <= c.words <= c.chars_no_spaces
