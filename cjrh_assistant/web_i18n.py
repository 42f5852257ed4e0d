"""Gradio's own words on the page (button titles, aria-labels a screen reader speaks) in Simplified Chinese, whatever
language the browser asks for.

Gradio 6.31 has no server-side locale: its frontend takes the locale from `navigator.language` (falling back to
English) and ships a zh-CN catalogue that lacks some keys (“Copy message” stayed English). So:
- `translations()`: Gradio's supported `gr.I18n`, with zh-CN for the keys its own catalogue lacks;
- `PageLanguage`: the page says zh-CN (`<html lang>`, and `navigator.language` as Gradio's frontend reads it) before
  Gradio's script starts, and rewrites the labels Gradio's components write in English with no translation key
  (`HARD_CODED`; `e2e` tests list every attribute of the served page so a Gradio upgrade that adds one fails).
"""

from __future__ import annotations

import json
from typing import Any

LOCALE = "zh-CN"

# Keys Gradio's frontend looks up that its zh-CN catalogue lacks (“common.complete” is in no catalogue: the status
# announcement for screen readers read the key itself).
MISSING_KEYS = {
    "chatbot.copy_message": "复制消息", "chatbot.copied_message": "已复制消息", "chatbot.complete": "完成",
    "common.complete": "完成", "common.download_all": "全部下载", "common.progress": "进度", "common.run": "运行",
    "dataframe.filter": "筛选", "dataframe.clear_filter": "清除筛选",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
}

# aria-label / title / placeholder values written in English in the markup of the components this page uses.
HARD_CODED = {
    "chatbot conversation": "对话记录", "Copy conversation": "复制全部对话", "Copied conversation": "已复制全部对话",
    "Scroll down": "滚动到底部", "Loading response": "正在生成回答", "Multimedia input field": "问题输入框",
    "Upload a file": "附上文件", "Uploaded files": "已附上的文件", "File thumbnail": "已附上的文件", "Remove file": "移除文件",
    "Uploading": "正在上传", "Click to upload or drop files": "点击上传或拖入文件", "File upload": "选择文件",
    "Dataframe": "表格", "Table actions": "表格操作", "Copy table data": "复制表格内容", "Copied to clipboard": "已复制",
    "Open cell menu": "打开单元格菜单", "Select row": "选择整行", "Select column": "选择整列", "Static column": "只读列",
    "Filtered": "已筛选", "Sorted ascending": "已升序排列", "Sorted descending": "已降序排列", "Edit cell": "编辑单元格",
    "Fullscreen": "全屏", "Exit fullscreen mode": "退出全屏", "More tabs": "更多标签页", "Close": "关闭",
}
# Labels Gradio builds around a value: the chat's “bot's message: …” and “user's message: …”.
HARD_CODED_PREFIXES = {"bot's message: ": "回答：", "user's message: ": "提问："}

_SCRIPT = """<script>(() => {
  const LOCALE = __LOCALE__, WORDS = __WORDS__, PREFIXES = __PREFIXES__;
  for (const [name, value] of [["language", LOCALE], ["languages", [LOCALE, "zh"]]])
    Object.defineProperty(Navigator.prototype, name, {get: () => value, configurable: true});
  const ATTRS = ["aria-label", "title", "placeholder"];
  const chinese = v => WORDS[v] ?? Object.entries(PREFIXES).reduce(
    (s, [en, zh]) => s.startsWith(en) ? zh + s.slice(en.length) : s, v);
  const fix = el => { for (const a of ATTRS) {
    const v = el.getAttribute(a); if (v && chinese(v) !== v) el.setAttribute(a, chinese(v)); } };
  const fixAll = root => { if (root.nodeType !== 1) return; fix(root);
    root.querySelectorAll("[aria-label],[title],[placeholder]").forEach(fix); };
  new MutationObserver(records => { for (const r of records) {
    if (r.type === "attributes") fix(r.target); else r.addedNodes.forEach(fixAll); } })
    .observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ATTRS});
})();</script>"""


def page_script() -> str:
    """The inline script that goes first in the page's <head>."""
    values = {"__LOCALE__": LOCALE, "__WORDS__": HARD_CODED, "__PREFIXES__": HARD_CODED_PREFIXES}
    script = _SCRIPT
    for name, value in values.items():
        script = script.replace(name, json.dumps(value, ensure_ascii=False))
    return script


def translations() -> Any:
    import gradio as gr

    return gr.I18n(**{LOCALE: MISSING_KEYS})


def localize_page(html: bytes) -> bytes:
    """Gradio's page with the script first in <head> and `<html lang="zh-CN">`; anything else unchanged."""
    text = html.decode("utf-8")
    head = text.find("<head>")
    if head < 0:
        return html
    start = text.find("<html")
    end = text.find(">", start)
    if 0 <= start < end and 'lang="en"' in text[start:end]:
        text = text[:start] + text[start:end].replace('lang="en"', f'lang="{LOCALE}"') + text[end:]
        head = text.find("<head>")
    head += len("<head>")
    return (text[:head] + page_script() + text[head:]).encode("utf-8")


class PageLanguage:
    """ASGI middleware: every HTML page Gradio serves (the app and its login page) goes through `localize_page`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        started: dict[str, Any] = {}
        body: list[bytes] = []

        async def hold(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    await send(message)
                    return
                started.update(message)
            elif started:
                body.append(message.get("body", b""))
                if not message.get("more_body"):
                    await _send_localized(send, started, b"".join(body))
                return
            else:
                await send(message)

        await self.app(scope, receive, hold)


async def _send_localized(send: Any, started: dict, html: bytes) -> None:
    data = localize_page(html)
    headers = [(k, v) for k, v in started.get("headers") or [] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(data)).encode()))
    await send({**started, "headers": headers})
    await send({"type": "http.response.body", "body": data})
