"""What the web page shows, as HTML and table rows: citations, the full document at a clause, the status legend, a
report's summary. Pure functions of the project's records (no Gradio), so the page stays thin and they are tested alone.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Optional

from .checking import SEVERITY_MEANINGS, SEVERITY_NAMES, STATUS_COLOURS, STATUS_MEANINGS, ordered_results, verdict_line
from .models import STATUS_NAMES, Answer, Report
from .report_export import result_row

# The result tables' columns: 规则, 名称, 级别, 结果, 读取值, 要求, 修改建议, 位置, 依据原文. The chat's table sits in the
# chat column (about 690 px on a 1280 px screen): there 6% left the rule id 41 px and broke it as “QZ0 / 08”, so the
# id, severity and status columns take a larger share; CSS below adds a floor in px and keeps them on one line.
RESULT_WIDTHS = ["6%", "12%", "5%", "8%", "10%", "9%", "15%", "12%", "23%"]
CHAT_RESULT_WIDTHS = ["9%", "10%", "7%", "13%", "8%", "8%", "14%", "8%", "23%"]

CSS = """
.cite {border-left: 3px solid #1565c0; padding: 4px 10px; margin: 8px 0; background: #f7f9fc;}
.cite mark {background: #fff3b0;}
.badge {display: inline-block; padding: 4px 12px; margin: 2px 6px 2px 0; border-radius: 12px; color: #fff;}
.abstain {color: #ef6c00; font-weight: bold;}
.legend {font-size: 0.9em; line-height: 2;}
.legend .badge, .legend .sev {padding: 1px 8px;}
.sev {display: inline-block; margin: 2px 6px 2px 0; border: 1px solid #999; border-radius: 4px; padding: 1px 8px;}
.fulltext summary {cursor: pointer; color: #1565c0;}
.fulltext .doc {max-height: 420px; overflow-y: auto; white-space: pre-wrap; font-size: 0.9em; border: 1px solid #ddd;
                padding: 6px; margin-top: 4px;}
.fulltext .here {background: #fff3b0; display: block; border-left: 3px solid #ef6c00; padding-left: 4px;}
.fulltext .before summary {color: #757575;}
/* The chat's label and its share/clear/copy buttons float over the top of the message area: a scrolled conversation
   (at once on a phone, where an answer is taller than the box) slid under them and hid the question. The messages
   scroll in a band that starts below them. */
/* Gradio's footer (通过 API 使用 · 使用 Gradio 构建 · 设置) is for developers, in half English: launch shows none
   (footer_links=[]), and this keeps it hidden should a version bring it back. */
footer {display: none !important;}
#chat .bubble-wrap {margin-top: 28px; height: calc(100% - 28px) !important;}
/* A rule id, a severity and a status are one word each: they never wrap (the long text columns do). On a wide
   screen their columns are at least as wide as the word; on a phone the rule further down makes every column wider. */
:is(#results, #chat-results) :is([data-heading="0"], [data-col="0"], [data-heading="2"], [data-col="2"],
                                 [data-heading="3"], [data-col="3"]) span {white-space: nowrap;}
@media (min-width: 641px) {
  :is(#results, #chat-results) :is(th[data-heading="0"], .body-cell[data-col="0"]) {min-width: 62px !important;}
  :is(#results, #chat-results) :is(th[data-heading="2"], .body-cell[data-col="2"]) {min-width: 46px !important;}
  :is(#results, #chat-results) :is(th[data-heading="3"], .body-cell[data-col="3"]) {min-width: 90px !important;}
}
/* Gradio 6.31 shows a file attached in the question box as a bare file icon: staff could not tell which draft they
   were about to send. ATTACHED_NAME_JS writes its name beside the icon. The whole name, wrapped: it never widens the
   box (200 px wide on a phone), and the end of a long name (“…修改稿3.docx”) is often what tells two drafts apart. */
#question .thumbnail-wrapper:has(.attached-name) {display: flex; align-items: center; gap: 8px; flex-shrink: 1;
                                                  min-width: 0; max-width: 100%;}
#question .thumbnail-wrapper .thumbnail-item {flex: 0 0 auto;}
#question .attached-name {min-width: 0; overflow-wrap: anywhere; line-height: 1.35; font-size: var(--text-md);
                          color: var(--body-text-color);}
/* Phone width: Gradio moves tabs that do not fit into a “…” menu, measured on the buttons themselves; tighter
   buttons keep all four in the bar. Result tables keep readable columns by scrolling sideways instead of shrinking
   each column to one character. */
@media (max-width: 640px) {
  .tab-container button {padding: 4px 7px !important; font-size: 14px !important; min-width: 0 !important;}
  #results table, #chat-results table, #rules-table table {width: auto !important;}
  :is(#results, #chat-results, #rules-table) :is(th, td, .body-cell) {
    width: 96px !important; min-width: 96px !important; max-width: 96px !important; flex: 0 0 96px !important;}
  :is(#results, #chat-results, #rules-table) :is(th, td, .body-cell):last-child {
    width: 200px !important; min-width: 200px !important; max-width: 200px !important; flex: 0 0 200px !important;}
  .gradio-container {padding-left: 6px !important; padding-right: 6px !important;}
  /* The 依据条文 column stacked under the whole chat column (input, buttons, examples), more than a screen below
     the answer, and a phone user never saw the cited clause. The chat column's parts become the row's own items:
     the conversation (no taller than half the screen), the question box, a checked draft's 完整结果 (one folded line,
     which the answer points to), then the clauses, then the rest. Before the first answer there are no clauses, and
     the examples stay in their place. */
  #ask-row {flex-direction: column; flex-wrap: nowrap; align-items: stretch;}
  #ask-main {display: contents;}
  #ask-main > * {order: 5;}
  #ask-main > #chat {order: 1; height: min(460px, 50vh) !important;}
  #ask-main > #ask-input {order: 2;}
  #ask-main > #chat-report {order: 3;}
  #ask-side {order: 4;}
  #ask-side:has(#sources .prose:empty) {display: none;}
}
"""


# The question box's `change` listener, in the browser only (no server call): each attached file's name (Gradio's own
# `orig_name` of the box's value) in a <span class="attached-name"> beside its icon. Gradio draws the icon after the
# value changes and may draw it again, so an observer of the box puts the names back whenever its markup changes.
ATTACHED_NAME_JS = r"""(value) => {
  const box = document.getElementById("question");
  if (!box) return [];
  box.attachedNames = (value && value.files || []).map(f => f.orig_name || String(f.path || "").split(/[\\/]/).pop());
  const show = () => box.querySelectorAll(".thumbnail-wrapper").forEach((chip, i) => {
    const name = box.attachedNames[i] || "";
    let label = chip.querySelector(".attached-name");
    if (!label && name) {
      label = document.createElement("span");
      label.className = "attached-name";
      chip.append(label);
    }
    if (label && label.textContent !== name) label.textContent = name;
  });
  if (!box.attachedNamesObserver) {
    box.attachedNamesObserver = new MutationObserver(show);
    box.attachedNamesObserver.observe(box, {childList: true, subtree: true});
  }
  show();
  return [];
}"""


def abstention_markdown(text: str) -> str:
    """An abstention's first sentence in bold (what happened), the nearest clauses after it in plain text, one a line."""
    first, _, rest = text.partition("\n")
    if not rest:  # the nearest-clause reply is one line: its lead-in up to the colon is the headline
        head, colon, rest = text.partition("：")
        first = head + colon
    lines = [f"- {line}" if line.startswith("[") else line for line in rest.split("\n") if line.strip()]
    return f"**{first}**\n\n" + "\n".join(lines) if lines else f"**{first}**"


def message_parts(message: Any) -> tuple[str, list[str]]:
    """The chat box's value as (text, attached file paths): a plain string, or a MultimodalTextbox dict."""
    if isinstance(message, dict):
        files = [f if isinstance(f, str) else f.get("path", "") for f in message.get("files") or []]
        return (message.get("text") or "").strip(), [f for f in files if f]
    return (message or "").strip(), []


def full_text_html(text: str, passage: str) -> str:
    """A document's whole text opened at the cited passage: what comes before it folded away, the passage marked, the
    rest after it. Nothing but HTML, so it works without scripts."""
    at = text.find(passage) if passage else -1
    if at < 0:  # the passage was rebuilt from a table row: show the text from its first line on
        first = passage.split("\n", 1)[0][:30]
        at = text.find(first) if first else -1
    if at < 0:
        return f"<div class='doc'>{html.escape(text)}</div>"
    end = at + len(passage) if text.startswith(passage, at) else at + len(passage.split("\n", 1)[0][:30])
    before = (f"<details class='before'><summary>前文（{at} 字）</summary>{html.escape(text[:at])}</details>"
              if at else "")
    return (f"<div class='doc'>{before}<span class='here'>{html.escape(text[at:end])}</span>"
            f"{html.escape(text[end:])}</div>")


def sources_html(answer: Answer, document: Optional[Callable[[str], Optional[str]]] = None) -> str:
    """Each citation with its document, clause path and passage, the quoted sentence highlighted, and — given
    `document` (doc_id -> full text) — the whole document one click away, opened at that clause; for an abstention,
    the nearest clauses, marked as not used."""
    if answer.outcome == "nearest" and answer.citations:  # the clause the chat quotes, as the chat numbers it
        head = "未找到确切答案。最相关的条文（请核对是否回答了您的问题）："
        return f"<p class='abstain'>{head}</p>" + _citation_cards(answer, document)
    if answer.abstained:  # the clauses the chat lists, with its numbers
        items = [f"<div class='cite'><b>[{k}] 《{html.escape(r.doc_title or r.doc_id)}》</b><br><small>"
                 f"{html.escape(r.clause)}</small><div>{html.escape(r.text[:160])}{'…' if len(r.text) > 160 else ''}"
                 f"</div></div>" for k, r in enumerate(answer.nearest or answer.retrieved[:3], start=1)]
        return "<p class='abstain'>资料中未找到能回答该问题的条文。最接近的条文（未作为依据）：</p>" + "".join(items)
    return _citation_cards(answer, document)


def _citation_cards(answer: Answer, document: Optional[Callable[[str], Optional[str]]]) -> str:
    parts = []
    for c in answer.citations:
        passage = html.escape(c.passage_text)
        quote = html.escape(c.quote)
        body = passage.replace(quote, f"<mark>{quote}</mark>", 1) if quote in passage else f"<mark>{quote}</mark>"
        text = document(c.doc_id) if document else None
        full = (f"<details class='fulltext'><summary>查看全文（定位到本条）</summary>"
                f"{full_text_html(text, c.passage_text)}</details>") if text else ""
        parts.append(f"<div class='cite'><b>[{c.marker}] 《{html.escape(c.doc_title)}》</b><br>"
                     f"<small>{html.escape(c.clause)}</small><div>{body}</div>{full}</div>")
    return "".join(parts)


def legend_html() -> str:
    """What the status and severity words mean: the same words, colours and order in every tab."""
    statuses = "".join(f"<span class='badge' style='background:{STATUS_COLOURS[k]}' title='{html.escape(v)}'>"
                       f"{STATUS_NAMES[k]}</span>{html.escape(v)}　" for k, v in STATUS_MEANINGS.items())
    severities = "".join(f"<span class='sev'>{SEVERITY_NAMES[k]}</span>{html.escape(v)}　"
                         for k, v in SEVERITY_MEANINGS.items())
    return f"<div class='legend'><b>结果：</b>{statuses}<br><b>级别：</b>{severities}</div>"


def summary_html(report: Report) -> str:
    badges = "".join(f"<span class='badge' style='background:{STATUS_COLOURS[s]}'>{STATUS_NAMES[s]} "
                     f"{report.summary.get(s, 0)}</span>" for s in ["fail", "missing", "manual", "pass",
                                                                     "not_applicable"])
    colour = STATUS_COLOURS["fail" if report.failed_errors() else
                            "missing" if report.summary.get("missing") or report.summary.get("fail") else "pass"]
    return f"<div>{badges}</div><p style='color:{colour}'><b>{html.escape(verdict_line(report))}</b></p>"


def results_rows(report: Report, status_filter: str = "all") -> list[list[str]]:
    return [result_row(r) for r in ordered_results(report) if status_filter in ("all", r.status)]


def duration_text(seconds: int) -> str:
    """A time to live in words: “30 分钟”, or seconds when it is no whole number of minutes."""
    return f"{seconds // 60} 分钟" if seconds % 60 == 0 else f"{seconds} 秒"
