"""Walk a .docx body as Word shows it: paragraphs and tables in reading order, the text of each paragraph as printed.

Shared by the corpus reader and the draft reader, so a policy file and a draft are read by the same rules:
- blocks inside content controls (w:sdt) and custom XML are walked; python-docx's `iter_inner_content()` (≥ 1.2)
  lists only the body's direct w:p/w:tbl children and would skip a table wrapped in a content control;
- a paragraph's text includes runs in content controls, tracked insertions (w:ins), hyperlinks, simple and complex
  field results, w:smartTag and custom XML; deleted (w:del) and moved-away (w:moveFrom) runs, and field codes
  (w:instrText), are not text;
- a text box's paragraphs come right after the paragraph that anchors it (the DrawingML copy only: the VML
  fallback of the same box is skipped, else its text would count twice);
- hidden (vanish), white and 2-pt-or-smaller runs are kept apart: nobody reading the page sees them.
"""

from __future__ import annotations

from typing import Any, Iterator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OFF = {"0", "false", "off"}
# At or below 2 pt (4 half-points) a run prints as a dot: nobody reading the page can see what it says.
_TINY_HALF_POINTS = 4
_NOT_TEXT = (f"{W}del", f"{W}moveFrom", f"{W}txbxContent")


def iter_blocks(parent: Any) -> Iterator[Any]:
    """w:p and w:tbl elements under `parent` (a body, cell or text box) in reading order, content controls and custom
    XML opened, each paragraph followed by the paragraphs of the text boxes it anchors."""
    for child in parent.iterchildren():
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from iter_blocks(content)
        elif child.tag == f"{W}customXml":
            yield from iter_blocks(child)
        elif child.tag == f"{W}p":
            yield child
            for box in text_boxes(child):
                yield from iter_blocks(box)
        elif child.tag == f"{W}tbl":
            yield child


def text_boxes(p: Any) -> list[Any]:
    """The outermost w:txbxContent elements a paragraph anchors, without the VML fallback copies."""
    out = []
    for box in p.iter(f"{W}txbxContent"):
        ancestors = list(box.iterancestors())
        inside = ancestors[:ancestors.index(p)] if p in ancestors else ancestors
        if any(a.tag == _MC_FALLBACK or a.tag == f"{W}txbxContent" for a in inside):
            continue
        out.append(box)
    return out


def paragraph_texts(p: Any) -> tuple[str, str]:
    """The paragraph's visible text and its hidden text (see the module docstring for what counts)."""
    visible: list[str] = []
    hidden: list[str] = []
    for run in p.iter(f"{W}r"):
        if any(a.tag in _NOT_TEXT for a in _ancestors_below(run, p)):
            continue
        out = hidden if is_hidden(run) else visible
        for node in run:
            if node.tag == f"{W}t":
                out.append(node.text or "")
            elif node.tag == f"{W}tab":
                out.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif node.tag == f"{W}noBreakHyphen":
                out.append("\u2011")
    return "".join(visible), "".join(hidden)


def _ancestors_below(node: Any, top: Any) -> Iterator[Any]:
    for a in node.iterancestors():
        if a is top:
            return
        yield a


def is_hidden(run: Any) -> bool:
    props = run.find(f"{W}rPr")
    if props is None:
        return False
    for tag in ("vanish", "specVanish", "webHidden"):
        flag = props.find(f"{W}{tag}")
        if flag is not None and flag.get(f"{W}val", "true").lower() not in _OFF:
            return True
    color = props.find(f"{W}color")
    if color is not None and color.get(f"{W}val", "").upper() in ("FFFFFF", "WHITE"):
        return True
    size = props.find(f"{W}sz")
    value = size.get(f"{W}val", "") if size is not None else ""
    return value.isdigit() and int(value) <= _TINY_HALF_POINTS


def table_rows(table: Any) -> Iterator[list[Any]]:
    """Each row's cells (python-docx _Cell), a cell merged across columns once; a cell merged down rows repeats."""
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell)
        yield cells


def cell_paragraphs(cell: Any) -> list[Any]:
    """The w:p elements of a cell in reading order (content controls, text boxes and nested tables' cells opened)."""
    out = []
    for block in iter_blocks(cell._tc):
        if block.tag == f"{W}p":
            out.append(block)
        else:
            out.extend(p for p in block.iter(f"{W}p") if not any(a.tag == f"{W}txbxContent" for a in
                                                                   _ancestors_below(p, block)))
    return out
