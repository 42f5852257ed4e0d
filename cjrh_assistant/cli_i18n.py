"""argparse's own words in Chinese (usage, option titles, error messages): its English ones sat between the Chinese
help texts of every command. argparse looks up each message through its module-level gettext function at the time
it builds a parser or prints, so installing a translation before the parsers are built covers them all."""

from __future__ import annotations

import argparse
import unicodedata

# The messages a user of `cjrh` can meet (argparse, Python 3.11–3.13); any other passes through in English.
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项值 %(value)r（可选：%(choices)s）",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "ignored explicit argument %r": "多余的参数值 %r",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return singular if n == 1 else plural


def _wide(text: str) -> int:
    return sum(unicodedata.east_asian_width(c) in "WF" for c in text)


_format_action = argparse.HelpFormatter._format_action


def _format_action_aligned(self: argparse.HelpFormatter, action: argparse.Action) -> str:
    """argparse pads an option's name by its length in characters; a Chinese metavar (--data-dir 目录) is two columns a
    character wide, so its help text started further right than the others'. The padding is shortened by the extra
    columns."""
    text = _format_action(self, action)
    invocation = self._format_action_invocation(action)
    extra = _wide(invocation)
    at = text.find(invocation)
    if not extra or at < 0:
        return text
    end = at + len(invocation)
    gap = len(text[end:]) - len(text[end:].lstrip(" "))
    if gap - extra < 2 or text[end + gap:end + gap + 1] == "\n":
        return text
    return text[:end] + " " * (gap - extra) + text[end + gap:]


def install() -> None:
    """Put the Chinese messages in use for every parser built after this call."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    argparse.HelpFormatter._format_action = _format_action_aligned  # type: ignore[method-assign]
