"""Text from a model is shown on terminals and web pages: terminal escape codes and control characters never are.

An OSC 52 sequence writes the user's clipboard, a CSI sequence rewrites what is on the screen, a bidi override
shows digits in another order than the guard reads them. Whole sequences are removed (not only their ESC byte),
also when a stream splits one across chunks.
"""

from __future__ import annotations

import re
import unicodedata

# ESC- and 8-bit-introduced sequences (ECMA-48): CSI, OSC / DCS / SOS / PM / APC strings, two-byte escapes.
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
_STRING = r"(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
_SHORT = r"\x1b(?:[ -/]+[0-~]|[0-OQ-WYZ\\`-~])"  # not [ ] P X ^ _, which open the sequences above
_ESCAPE = re.compile(f"{_CSI}|{_STRING}|{_SHORT}")
_INTRODUCER = re.compile("[\x1b\x9b\x9d\x90\x98\x9e\x9f]")
# The start of such a sequence that the text ends in the middle of (the next chunk may complete it).
_PARTIAL = re.compile(r"(?:\x1b[ -/]*|(?:\x1b\[|\x9b)[0-?]*[ -/]*"
                      r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*\x1b?)\Z")
# what a sequence can hold before it is not worth waiting for: an unfinished one is dropped, never shown
_MAX_PENDING = 4096


def _unsafe(ch: str) -> bool:
    """C0 except the newline, DEL, C1, and format characters (bidi overrides, zero-width characters)."""
    if ch == "\n":
        return False
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or unicodedata.category(ch) == "Cf"


def strip_controls(text: str) -> str:
    """The text without escape sequences and control characters; printable text (and newlines) untouched."""
    text = _ESCAPE.sub("", text)
    return "".join(ch for ch in text if not _unsafe(ch))


class StreamCleaner:
    """`strip_controls` over a stream: an escape sequence cut by a chunk boundary is held until it completes."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        self._pending = ""
        pos = 0
        while (m := _INTRODUCER.search(text, pos)) is not None:
            whole = _ESCAPE.match(text, m.start())
            if whole:
                pos = whole.end()
                continue
            if _PARTIAL.match(text, m.start()) and len(text) - m.start() < _MAX_PENDING:
                text, self._pending = text[:m.start()], text[m.start():]
                break
            pos = m.start() + 1  # a lone introducer: strip_controls drops it
        return strip_controls(text)

    def finish(self) -> str:
        """The end of the stream: a sequence never completed is dropped."""
        self._pending = ""
        return ""
