"""Read a PDF of a filled form as the .docx reader reads the Word form: text lines and table grids in reading order.

pdfplumber (MIT) finds the tables from the ruling lines. Measured on the sample drafts exported to PDF by LibreOffice
7.4 (7 files): pdfplumber found 42 tables (the pieces of tables cut by page breaks counted apart) with 639 filled
cells in 1.1 s in all; PyMuPDF 2.0 found 27 tables with 612 cells (it ran tables of consecutive parts together and
lost cells) in 15.4 s, and is AGPL-licensed, which would bind the whole app. So pdfplumber.

What the grids get, so that the locator sees what it sees in a .docx:
- a cell merged across columns appears once (pdfplumber gives None for the columns it covers);
- a cell's wrapped lines are joined without a break between Chinese characters and with a space between Latin
  words (“泉州一智能装备有\\n限公司” is one name);
- a table cut by a page break is one table again, and a row cut in two (its first cell empty on the new page) is one
  row again;
- page numbers in the top or bottom margin are left out;
- a line that runs to the right edge goes on in the next line (one paragraph, as in the .docx), unless the next line
  opens a part of the form (一、, 1., ①, “标签：”);
- the text is never NFKC-normalised (that would turn （）；，…… into ASCII and change the 字数); only CJK compatibility
  and radical code points that some PDF producers emit for ordinary characters (⽉ for 月) are folded.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Optional

from ..models import DraftParagraph, DraftTable
from ..rules.wordcount import is_east_asian

# Kangxi/CJK radicals and CJK compatibility ideographs: the code points PDF fonts map ordinary characters to.
_COMPAT_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_COMPAT = {cp: unicodedata.normalize("NFKC", chr(cp)) for low, high in _COMPAT_RANGES for cp in range(low, high + 1)
           if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)}


# Page furniture: a page number in the top or bottom margin band (“第 3 页”, “- 3 -”, “3/12”, “第3页 共12页”). It is
# not the form's text: counted inside a section it would add 1 字, and it would split a table that crosses pages.
_PAGE_NUMBER = re.compile(r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}\s*页?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$")
_MARGIN_BAND = 0.1  # the top and bottom tenth of a page


def is_page_number(line: dict, page_height: float) -> bool:
    in_margin = line["bottom"] < page_height * _MARGIN_BAND or line["top"] > page_height * (1 - _MARGIN_BAND)
    return in_margin and bool(_PAGE_NUMBER.match(line["text"]))


# A line that opens a part of the form (一、 （一） 1. ① or “标签：”) never continues the line before it.
_NEW_PART = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)|[①-⑳]|"
                       r"[^：:，。；]{2,30}[：:])")


def _right_edge(lines: list[dict]) -> "float | None":
    """Where a full line ends on this page (the text block's right edge less about two characters), None without
    enough lines to tell."""
    if len(lines) < 2:
        return None
    widths = sorted((line["x1"] - line["x0"]) / max(len(line["text"]), 1) for line in lines)
    char = widths[len(widths) // 2]
    return max(line["x1"] for line in lines) - 2 * char


def fold_compat(text: str) -> str:
    """Ordinary characters for compatibility ideographs and radicals (⽉ -> 月); every other character as written."""
    return text.translate(_COMPAT)


def join_wrapped(text: Optional[str]) -> str:
    """A cell's or paragraph's wrapped lines as one text: no break between East-Asian characters, a space between
    Latin words."""
    lines = [line.strip() for line in fold_compat(text or "").split("\n") if line.strip()]
    out = ""
    for line in lines:
        if out and not (is_east_asian(out[-1]) or is_east_asian(line[0])):
            out += " "
        out += line
    return out


def read_pdf_layout(path: Path) -> tuple[list[DraftParagraph], list[DraftTable]]:
    """The PDF's lines outside tables (one paragraph per line, located by page and line) and its tables, each table
    placed among the paragraphs by its position on the page."""
    import pdfplumber

    paragraphs: list[DraftParagraph] = []
    tables: list[DraftTable] = []
    widths: list[int] = []  # each table's number of grid columns, to know a table that goes on past a page break
    last_text = ""
    with pdfplumber.open(str(path)) as pdf:
        ended_with_table = False
        for page_no, page in enumerate(pdf.pages, start=1):
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
            items: list[tuple[float, int, Any]] = [(line["top"], 0, line) for line in outside.extract_text_lines()
                                                   if not is_page_number(line, page.height)]
            items += [(t.bbox[1], 1, t) for t in found]
            items.sort(key=lambda item: (item[0], item[1]))
            line_no = 0
            right = _right_edge([item for _, kind, item in items if kind == 0])
            wraps = False  # the line before ran to the right edge: this one goes on with its paragraph
            for index, (_, kind, item) in enumerate(items):
                if kind == 0:
                    text = fold_compat(item["text"]).strip()
                    if not text:
                        continue
                    if wraps and not _NEW_PART.match(text):
                        joined = join_wrapped(paragraphs[-1].text + "\n" + text)
                        paragraphs[-1] = paragraphs[-1].model_copy(update={"text": joined})
                    else:
                        line_no += 1
                        paragraphs.append(DraftParagraph(text=text, location=f"第{page_no}页第{line_no}行"))
                    last_text = paragraphs[-1].text
                    wraps = right is not None and item["x1"] >= right
                    continue
                wraps = False
                raw = item.extract()
                width = max((len(r) for r in raw), default=0)
                if index == 0 and ended_with_table and tables and widths[-1] == width:
                    _continue_table(tables[-1], raw)  # the table goes on from the previous page
                    continue
                caption = last_text if 0 < len(last_text) <= 40 else ""
                tables.append(DraftTable(caption=caption, location=f"表格{len(tables) + 1}", rows=_grid(raw),
                                         position=len(paragraphs)))
                widths.append(width)
                last_text = ""
            ended_with_table = bool(items) and items[-1][1] == 1
    return paragraphs, tables


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _grid(raw: list[list[Optional[str]]]) -> list[list[str]]:
    """pdfplumber's rows with the columns a merged cell covers (None) left out, and wrapped lines joined."""
    return [[join_wrapped(cell) for cell in row if cell is not None] for row in raw]


def _continue_table(table: DraftTable, raw: list[list[Optional[str]]]) -> None:
    rows = _grid(raw)
    first = raw[0]
    if table.rows and first and not (first[0] or "").strip() and any((c or "").strip() for c in first[1:]) \
            and len(rows[0]) == len(table.rows[-1]):
        # a row the page break cut in two: its cells go on where they stopped
        table.rows[-1] = [join_wrapped(a + "\n" + b) if b else a for a, b in zip(table.rows[-1], rows[0])]
        rows = rows[1:]
    table.rows.extend(rows)
