"""The web page (`cjrh serve`): 政策问答, 申报书检查, 规则库, 资料库 in one Gradio Blocks app.

Thin: every answer comes from `Assistant.ask`, every verdict from `checking.check_bytes`; this module only turns
them into components. Handlers are plain methods of `WebApp`, so tests call them directly. Per-browser-session
state (the conversation, the last report) lives in `gr.State`, never in the shared object.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any, Iterator, Optional

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from .checking import SEVERITY_NAMES, check_bytes, document_titles, hidden_text_lines, level_line
from .config import Settings
from .drafts.readers import DEFAULT_MAX_BYTES, DRAFT_SUFFIXES, accepted_types
from .answering.joining import join_answers
from .errors import CjrhError, InputError
from .models import LEVEL_NAMES, STATUS_NAMES, Answer, Report, Turn
from .report_export import RESULT_HEADERS, WORD_HEADERS, to_markdown, word_rows, write_docx
from .rules.loader import DEFAULT_RULES_DIR, load_packs
from .rules.describe import threshold_text
from . import web_i18n, webguard
from .web_render import (ATTACHED_NAME_JS, CHAT_RESULT_WIDTHS, CSS, RESULT_WIDTHS, abstention_markdown, duration_text,
                         legend_html, message_parts, results_rows, sources_html, summary_html)

log = logging.getLogger("cjrh.web")
# How long a session keeps its uploaded draft (in memory, for re-checks) after the last upload or check.
DRAFT_STATE_SECONDS = 1800

AUTO = "auto"
EXAMPLES = ["“双师型”教师占专业课教师的比例要达到多少？", "我们是中职，专业群在校生280人够吗？", "推荐书什么时候之前报送？",
            "特色与创新部分限多少字？", "南平茶产业产教联合体依托哪个园区？", "广东省市域产教联合体推荐书几号截止？"]
STATUS_FILTERS = [("全部", "all")] + [(name, key) for key, name in STATUS_NAMES.items()]


class WebApp:
    """Shared, read-mostly services (the index, the rule packs) and the handlers that use them."""

    def __init__(self, settings: Settings, rules_dir: Path = DEFAULT_RULES_DIR,
                 max_upload_bytes: int = DEFAULT_MAX_BYTES, admins: Optional[set[str]] = None) -> None:
        self.settings = settings
        self.rules_dir = rules_dir
        self.max_upload_bytes = max_upload_bytes
        self.admins = admins  # None: no login, served on this machine only: the local user may re-index
        self._assistant: Any = None
        self._lock = threading.Lock()
        self.packs = load_packs(rules_dir)
        self._pool: Any = None  # worker processes that read drafts, started on the first check

    def pool(self) -> Any:
        """Reading and checking run in worker processes (time and memory capped), shared by all sessions."""
        from .isolation import WorkerPool

        with self._lock:
            if self._pool is None:
                limits = self.settings.draft_limits
                self._pool = WorkerPool(self.settings.check_workers, limits.seconds, limits.memory_mb)
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def assistant(self) -> Any:
        with self._lock:
            if self._assistant is None:
                from .assistant import Assistant

                self._assistant = Assistant(self.settings, progress=False)
            return self._assistant

    # ---- 政策问答 ---------------------------------------------------------------------------------------------
    def respond(self, message: Any, chat: list[dict], turns: list[dict], session: Optional[dict] = None
                ) -> Iterator[tuple[list[dict], list[dict], str, Any, Optional[dict]]]:
        """One chat turn. `message` is the chat box's value: text, or {"text", "files"} with an attached draft.
        A draft is checked and the reply is its summary (kept in `session` for later questions); a question about
        that draft is answered from its report; any other question from the corpus. A model's text is never shown before
        the numbers guard has judged it: progress while it is written, then the guarded answer (or the extractive
        fallback, with the reason)."""
        text, files = message_parts(message)
        session = session or {}
        if not text and not files:
            yield chat, turns, "", None, session
            return
        if files:
            yield from self._chat_draft(files[0], text, chat, turns, session)
            return
        chat = chat + [{"role": "user", "content": text}, {"role": "assistant", "content": "…"}]
        report = Report.model_validate(session["report"]) if session.get("report") else None
        history = [Turn(**t) for t in turns]
        answer = self.assistant().about_report(text, report, history) if report else None
        if answer is not None:
            yield from self._chat_reply(answer, chat, turns, text, session)
            return
        written = 0
        for event in self.assistant().ask_stream(text, history):
            if isinstance(event, Answer):
                answer = event
            else:  # the model's words are shown only once the numbers guard has passed them: progress until then
                written += len(event)
                chat = chat[:-1] + [{"role": "assistant", "content": f"正在组织回答（已生成 {written} 字，核对数字和出处后显示）…"}]
                yield chat, turns, "", None, session
        assert answer is not None
        yield from self._chat_reply(answer, chat, turns, text, session)

    def _chat_reply(self, answer: Answer, chat: list[dict], turns: list[dict], asked: str, session: dict
                    ) -> Iterator[tuple[list[dict], list[dict], str, Any, Optional[dict]]]:
        shown = abstention_markdown(answer.text) if answer.abstained else answer.text
        if answer.notice:
            shown = f"> {answer.notice}\n\n{shown}"
        chat = chat[:-1] + [{"role": "assistant", "content": shown}]
        turns = turns + [{"role": "user", "content": asked}, {"role": "assistant", "content": answer.text}]
        yield chat, turns, sources_html(answer, self._document_view), None, session

    def _chat_draft(self, upload: str, text: str, chat: list[dict], turns: list[dict], session: dict
                    ) -> Iterator[tuple[list[dict], list[dict], str, Any, Optional[dict]]]:
        """An attached draft: checked like an upload on the check tab, its summary as the reply; a question sent
        with it is answered from the new report. The annotated copy is made from the bytes read before the check."""
        draft = self.take_upload(upload)  # read into memory; Gradio's copy is deleted at once
        name, data = draft["name"], draft["data"]
        asked = f"【附上草稿】{name}" + (f"\n\n{text}" if text else "")
        chat = chat + [{"role": "user", "content": asked}, {"role": "assistant", "content": "正在检查草稿…"}]
        yield chat, turns, "", None, session
        try:
            report = self._check_bytes(data, name, AUTO, AUTO)
        except CjrhError as exc:
            chat = chat[:-1] + [{"role": "assistant", "content": f"草稿未能检查：{exc}"}]
            yield chat, turns, "", None, session
            return
        session = {"report": report.model_dump(), "annotated": self._annotated(data, name, report),
                   "report_docx": self._report_files(report)[2]}
        answer = self.assistant().report_summary(report)
        if text:
            follow = self.assistant().about_report(text, report, after_summary=True)
            if follow is not None:
                answer = join_answers(answer, follow)  # one [n] per clause across both parts
        yield from self._chat_reply(answer, chat, turns, asked, session)

    def _annotated(self, data: bytes, name: str, report: Report) -> Optional[str]:
        """The draft with a comment at each failing or missing field, for the download; None for a non-Word draft."""
        from .annotate import annotate_file

        if not data or Path(name).suffix.lower() not in (".docx", ".doc", ".wps", ".odt", ".rtf"):
            return None
        out = webguard.report_dir(self.settings.report_ttl_seconds)  # private, deleted after its time to live
        source = out / f"upload{Path(name).suffix.lower()}"
        source.write_bytes(data)
        try:
            path, _ = annotate_file(source, report, out / f"{Path(name).stem}-批注.docx", self.packs.get(report.pack),
                                    name=name)
            return str(path)
        except CjrhError:
            return None
        finally:  # the copy of the draft is only the annotation's input
            source.unlink(missing_ok=True)

    def chat_report_panel(self, session: Optional[dict]) -> tuple:
        """The full results of the draft checked in the chat, one click away under the conversation."""
        if not session or not session.get("report"):
            return gr.update(visible=False), "", [], None, None
        report = Report.model_validate(session["report"])
        return (gr.update(visible=True, label=f"完整结果：{report.file}（不通过在前）"), summary_html(report),
                results_rows(report), session.get("annotated"), session.get("report_docx"))

    def _document_view(self, doc_id: str) -> Optional[str]:
        return self.assistant().full_text(doc_id)

    @staticmethod
    def clear() -> tuple[list, list, str, None, dict]:
        return [], [], "", None, {}

    def api_chat(self, message: Optional[str], draft: Optional[str] = None, history: Optional[list[dict]] = None
                 ) -> dict:
        """`/chat` for scripts: (message, draft file or None, history or None) -> the Answer record; with a draft, the
        reply about it (its summary, or the answer to the message from its report) and the report as “report”."""
        message = (message or "").strip()
        try:
            if draft:
                upload = self.take_upload(draft)
                report = self._check_bytes(upload["data"], upload["name"], AUTO, AUTO)
                turns = [Turn(**t) for t in history or []]
                answer = (self.assistant().about_report(message, report, turns) if message else None) or \
                    self.assistant().report_summary(report)
                return {**answer.model_dump(), "report": report.model_dump()}
            if not message:
                raise InputError("请输入问题或附上草稿文件。")
            return self.assistant().ask(message, [Turn(**t) for t in history or []]).model_dump()
        except CjrhError as exc:
            raise gr.Error(str(exc)) from exc

    def api_ask(self, question: str, history: Optional[list[dict]] = None) -> dict:
        """`/ask` for scripts: the whole Answer record (text, citations, retrieved passages, abstained)."""
        try:
            return self.assistant().ask(question, [Turn(**t) for t in history or []]).model_dump()
        except CjrhError as exc:
            raise gr.Error(str(exc)) from exc
        except Exception as exc:  # a bug must not show its exception text (English) to the user
            log.exception("ask failed")
            raise gr.Error("回答时出错，请换个说法再问，或稍后再试。") from exc

    # ---- 申报书检查 -------------------------------------------------------------------------------------------
    @staticmethod
    def take_upload(upload: Optional[str]) -> Optional[dict]:
        """An upload, read once into this browser session's state (memory only); Gradio's copy and its directory
        are deleted at once, so pack/level changes re-check from the session's bytes."""
        if not upload:
            return None
        return {"name": Path(upload).name, "data": webguard.read_upload(upload)}  # Gradio keeps the upload's name

    def check(self, draft: Optional[dict], pack: str, level: str, status_filter: str = "all",
              progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008 - Gradio finds its tracker by this default
        """Check this session's draft and render the report. A draft that cannot be checked is explained in the
        page's status line (which the next run overwrites) instead of piling up error pop-ups."""
        empty = (None, "", "", [], [], None, None, None)
        if not draft:
            return (None, "**无法检查：** 请先上传草稿文件。", *empty[2:])
        progress(0.1, desc="读取草稿")
        try:
            report = self._check_bytes(draft["data"], draft["name"], pack, level)
        except CjrhError as exc:
            return (None, f"**无法检查：** {exc}", *empty[2:])
        progress(0.7, desc="生成报告")
        files = self._report_files(report)
        progress(1.0, desc="完成")
        chosen = (f"规则包：**{self.packs[report.pack].title}**（"
                  f"{'从草稿识别' if report.pack_source == 'detected' else '由用户指定'}）　"
                  f"办学层次：**{level_line(report)}**　可在上方更改后重新检查。")
        if report.hidden_text:
            chosen += "\n\n" + "\n".join(f"- {line.strip()}" for line in hidden_text_lines(report))
        return (report.model_dump(), chosen, summary_html(report), results_rows(report, status_filter),
                word_rows(report), *files)

    def api_check(self, upload: Optional[str], pack: str = AUTO, level: str = AUTO) -> dict:
        """`/check` for scripts: the report JSON of interfaces.md §3. The upload is deleted after reading."""
        if not upload:
            raise gr.Error("请上传草稿文件。")
        draft = self.take_upload(upload)
        try:
            return self._check_bytes(draft["data"], draft["name"], pack or AUTO, level or AUTO).model_dump()
        except CjrhError as exc:
            raise gr.Error(str(exc)) from exc

    def _check_bytes(self, data: bytes, name: str, pack: str, level: str) -> Report:
        try:
            return check_bytes(data, name, pack_name=None if pack == AUTO else pack,
                               level=None if level == AUTO else level,  # type: ignore[arg-type]
                               rules_dir=self.rules_dir, max_bytes=self.max_upload_bytes,
                               limits=self.settings.draft_limits, pool=self.pool())
        except CjrhError:
            raise
        except Exception as exc:  # a bug must not show its exception text (English) to the user
            log.exception("check failed: %s", name)
            raise CjrhError(f"检查时出错，请稍后再试：{name}") from exc

    def _report_files(self, report: Report) -> tuple[str, str, str]:
        """JSON, Markdown and Word reports in a private directory that is deleted after report_ttl_seconds."""
        out = webguard.report_dir(self.settings.report_ttl_seconds)
        stem = Path(report.file).stem or "report"
        json_path = out / f"{stem}-检查报告.json"
        json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
        md_path = out / f"{stem}-检查报告.md"
        md_path.write_text(to_markdown(report), encoding="utf-8")
        docx_path = write_docx(report, out / f"{stem}-检查报告.docx")
        return str(json_path), str(md_path), str(docx_path)

    @staticmethod
    def filter_results(report: Optional[dict], status_filter: str) -> list[list[str]]:
        if not report:
            return []
        return results_rows(Report.model_validate(report), status_filter)

    # ---- 规则库 / 资料库 -------------------------------------------------------------------------------------
    def rules_rows(self, query: str = "") -> list[list[str]]:
        query = (query or "").strip().lower()
        titles = document_titles()
        rows = []
        for pack in self.packs.values():
            for r in pack.rules:
                wording = r.wording if isinstance(r.wording, str) or r.wording is None else "；".join(
                    f"{LEVEL_NAMES[k]}：{v}" for k, v in r.wording.items())
                row = [r.id, pack.title, r.title, SEVERITY_NAMES[r.severity], threshold_text(pack, r, False),
                       wording or "—", f"《{titles.get(r.source.doc_id, r.source.doc_id)}》{r.source.clause}", r.source.quote]
                if not query or any(query in cell.lower() for cell in row + [threshold_text(pack, r)]):
                    rows.append(row)
        return rows

    def documents_rows(self) -> list[list[str]]:
        snapshot = self.assistant().snapshot
        counts: dict[str, int] = {}
        for p in snapshot.passages:
            counts[p.doc_id] = counts.get(p.doc_id, 0) + 1
        return [[d.title, d.issuer or "—", d.doc_number or "—", d.date or "—", str(counts.get(d.doc_id, 0))]
                for d in snapshot.documents]

    def reindex(self, request: gr.Request, progress=gr.Progress()) -> tuple[str, list[list[str]]]:  # noqa: B008
        if self.admins is not None and (request is None or request.username not in self.admins):
            raise gr.Error("只有管理员可以重建索引。" if self.admins else webguard.NO_REMOTE_REINDEX)
        from .retrieval.index import PassageIndex

        def on_progress(done: int, total: int) -> None:
            progress(done / total if total else 1.0, desc=f"向量化 {done}/{total} 段")

        progress(0.0, desc="读取资料")
        report = PassageIndex(self.settings).build(progress=False, on_progress=on_progress)
        with self._lock:
            self._assistant = None  # the next question loads the new snapshot
        status = ("索引已是最新，无需更新。" if report.up_to_date else
                  f"索引已更新：{report.documents} 个文件，{report.total} 段条文；新增 {report.added}，删除 {report.removed}"
                  f"（{report.seconds:.1f} 秒）。")
        return status, self.documents_rows()


def build_app(web: WebApp) -> gr.Blocks:
    DraftFile = webguard.draft_file_component()  # a component class, named like one
    pack_choices = [("自动识别", AUTO)] + [(f"{p.title}（{p.pack}）", p.pack) for p in web.packs.values()]
    level_choices = [("自动识别", AUTO)] + [(name, key) for key, name in LEVEL_NAMES.items()]
    with gr.Blocks(title="产教融合政策助手", delete_cache=(3600, 3600)) as app:
        gr.Markdown("# 产教融合政策助手\n政策问答带条文引用；申报书逐条规则检查。全部在本机运行。")
        with gr.Tab("政策问答", id="ask"):
            turns = gr.State([])
            session = gr.State({})  # this browser session's checked draft: its report and annotated copy
            with gr.Row(elem_id="ask-row"):  # on a phone the side column comes under the chat (web_render.CSS)
                with gr.Column(scale=3, min_width=300, elem_id="ask-main"):
                    chat = gr.Chatbot(label="对话", height=460, elem_id="chat")
                    with gr.Row(elem_id="ask-input"):
                        box = gr.MultimodalTextbox(
                            placeholder="输入问题，或点左侧回形针附上申报书草稿", label="问题",
                            show_label=False, scale=5, elem_id="question", file_count="single", sources=["upload"],
                            submit_btn=False)  # no file_types: Gradio's check is an English toast; the reader's is Chinese
                        send = gr.Button("发送", variant="primary", scale=1, elem_id="send", min_width=80)
                    box.change(None, box, None, js=ATTACHED_NAME_JS)  # a draft's name by its icon (web_render)
                    clear = gr.Button("清空对话", elem_id="clear")
                    with gr.Accordion("完整结果", open=False, visible=False, elem_id="chat-report") as chat_report:
                        gr.HTML(legend_html())
                        chat_summary = gr.HTML(elem_id="chat-summary")
                        chat_results = gr.Dataframe(headers=RESULT_HEADERS, label="完整结果", show_label=False, wrap=True,
                                                    interactive=False, elem_id="chat-results", max_height=520,
                                                    column_widths=CHAT_RESULT_WIDTHS)
                        with gr.Row():
                            dl_annotated = gr.DownloadButton("下载批注版草稿（Word）", elem_id="dl-annotated")
                            dl_chat_docx = gr.DownloadButton("下载检查报告（Word）", elem_id="dl-chat-docx")
                    gr.Examples(EXAMPLES, inputs=box, label="示例问题")
                with gr.Column(scale=2, min_width=300, elem_id="ask-side"):
                    gr.Markdown("### 依据条文")
                    sources = gr.HTML(elem_id="sources")
            panel = [chat_report, chat_summary, chat_results, dl_annotated, dl_chat_docx]
            for trigger in (send.click, box.submit):
                trigger(web.respond, [box, chat, turns, session], [chat, turns, sources, box, session], api_name="ui_ask",
                        api_visibility="private").then(web.chat_report_panel, session, panel, api_visibility="private")
            for trigger in (clear.click, chat.clear):
                # the chat's own trash icon must forget the conversation too, or a later “那中职呢？” follows the old topic
                trigger(web.clear, None, [chat, turns, sources, box, session], api_visibility="private").then(
                    web.chat_report_panel, session, panel, api_visibility="private")

        with gr.Tab("申报书检查", id="check"):
            report_state = gr.State(None)
            draft_state = gr.State(None, time_to_live=DRAFT_STATE_SECONDS)  # this session's upload, in memory only
            gr.Markdown(f"上传申报书草稿（{accepted_types()}，不超过 {web.max_upload_bytes // 1048576} MB）。"
                        "文件一上传即读入本页会话的内存并从磁盘删除，可更改规则包或办学层次后重新检查；"
                        f"下载的报告文件 {duration_text(web.settings.report_ttl_seconds)}后删除。")
            with gr.Row():
                upload = DraftFile(label="草稿文件", file_types=list(DRAFT_SUFFIXES), type="filepath", elem_id="upload")
                with gr.Column():
                    pack = gr.Dropdown(pack_choices, value=AUTO, label="规则包")
                    level = gr.Dropdown(level_choices, value=AUTO, label="办学层次")
                    run = gr.Button("开始检查", variant="primary", elem_id="run-check")
            chosen = gr.Markdown(elem_id="chosen")
            summary = gr.HTML(elem_id="summary")
            status_filter = gr.Dropdown(STATUS_FILTERS, value="all", label="按结果筛选")
            gr.HTML(legend_html())
            results = gr.Dataframe(headers=RESULT_HEADERS, label="逐条结果（不通过在前）", wrap=True,
                                   interactive=False, elem_id="results", max_height=520, column_widths=RESULT_WIDTHS)
            words = gr.Dataframe(headers=WORD_HEADERS, label="限字数部分", interactive=False, elem_id="words",
                                 wrap=True)
            with gr.Row():
                dl_json = gr.DownloadButton("下载 JSON", elem_id="dl-json")
                dl_md = gr.DownloadButton("下载 Markdown", elem_id="dl-md")
                dl_docx = gr.DownloadButton("下载 Word", elem_id="dl-docx")
            upload.upload(web.take_upload, upload, draft_state, api_visibility="private")
            upload.clear(lambda: None, None, draft_state, api_visibility="private")
            run.click(web.check, [draft_state, pack, level, status_filter],
                      [report_state, chosen, summary, results, words, dl_json, dl_md, dl_docx],
                      api_name="ui_check", api_visibility="private")
            status_filter.change(web.filter_results, [report_state, status_filter], results, api_visibility="private")

        with gr.Tab("规则库", id="rules"):
            query = gr.Textbox(label="搜索规则（编号、名称、原文）", elem_id="rule-query")
            gr.HTML(legend_html())
            rules = gr.Dataframe(value=web.rules_rows(), headers=["编号", "对照表单", "名称", "级别", "门槛", "原文措辞",
                                                                   "出处", "依据原文"], wrap=True, interactive=False,
                                 column_widths=["6%", "11%", "15%", "6%", "12%", "12%", "14%", "24%"], max_height=640,
                                 elem_id="rules-table", label="规则列表", show_label=False)
            query.change(web.rules_rows, query, rules, api_visibility="private")

        with gr.Tab("资料库", id="library"):
            docs = gr.Dataframe(headers=["标题", "发文单位", "文号", "日期", "条文段数"], interactive=False, label="资料列表",
                                show_label=False)
            reindex_status = gr.Markdown()
            reindex = gr.Button("重建索引（管理员）")
            reindex.click(web.reindex, None, [reindex_status, docs], api_visibility="private")
            app.load(web.documents_rows, None, docs, api_visibility="private")

        # Endpoints for scripts (gradio_client): /ask, /chat and /check, documented in the README.
        gr.api(web.api_ask, api_name="ask")
        with gr.Row(visible=False):
            chat_message = gr.Textbox()
            chat_draft = DraftFile(type="filepath")
            chat_history = gr.JSON()
            chat_out = gr.JSON()
            chat_button = gr.Button()
        chat_button.click(web.api_chat, [chat_message, chat_draft, chat_history], chat_out, api_name="chat")
        with gr.Row(visible=False):
            api_file = DraftFile(type="filepath")
            api_pack = gr.Textbox(value=AUTO)
            api_level = gr.Textbox(value=AUTO)
            api_out = gr.JSON()
            api_button = gr.Button()
        api_button.click(web.api_check, [api_file, api_pack, api_level], api_out, api_name="check")
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: Optional[tuple[str, str]] = None,
          max_upload_mb: int = 20, block: bool = True) -> tuple[gr.Blocks, WebApp]:
    from starlette.middleware import Middleware

    web = WebApp(settings, max_upload_bytes=max_upload_mb * 1048576, admins=webguard.reindex_admins(host, auth))
    web.assistant()  # load the index before the first visitor, not during their first question
    web.pool().warm()  # the worker processes too
    webguard.install_upload_isolation(web.max_upload_bytes)
    webguard.start_sweeper(settings.report_ttl_seconds)
    if block:  # `kill` (SIGTERM) exits like Ctrl-C, so that report directories and worker processes are cleaned up
        import signal
        import sys

        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = build_app(web)
    app.queue(default_concurrency_limit=2)
    app.launch(server_name=host, server_port=port, auth=auth, max_file_size=f"{max_upload_mb}mb",
               auth_message=webguard.LOGIN_MESSAGE if auth else None,
               prevent_thread_lock=not block, show_error=True, quiet=True, css=CSS, footer_links=[],
               i18n=web_i18n.translations(),
               app_kwargs={"middleware": [Middleware(webguard.LoginGuard), Middleware(web_i18n.PageLanguage)]})
    return app, web
