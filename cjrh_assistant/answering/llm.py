"""The optional language model: any OpenAI-compatible chat endpoint through LlamaIndex `OpenAILike`.

It only phrases answers from numbered passages and rewrites follow-up questions; every failure (unreachable,
timeout, 4xx/5xx, malformed reply) becomes an `LLMError` with a Chinese reason, and the caller falls back to the
extractive answer. Nothing here decides a verdict or a number.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any, Callable, Iterator, Optional, TypeVar

from ..config import Settings
from ..errors import CjrhError
from ..models import Hit, Turn
from .grounding import has_markup
from .sanitize import StreamCleaner, strip_controls

T = TypeVar("T")

SYSTEM_PROMPT = (
    "你是职业院校产教融合政策助手。只能依据用户给出的编号资料回答，用简体中文，简短准确。"
    "每句话末尾用 [编号] 标注所依据的资料，例如 [1]。资料中没有的内容不要回答；不要写资料中没有的数字、比例、日期。")
REWRITE_PROMPT = "把用户最后的追问改写成一个意思完整、可以单独理解的中文问题。只输出改写后的问题本身。"


class LLMError(CjrhError):
    """The model could not be used for this answer; the message says why, in Chinese."""


def passages_block(hits: list[Hit]) -> str:
    return "\n".join(f"[{k}] 《{h.passage.doc_title}》{h.passage.clause}：{h.passage.text}"
                     for k, h in enumerate(hits, start=1))


class LLMClient:
    def __init__(self, settings: Settings) -> None:
        from llama_index.llms.openai_like import OpenAILike
        from openai import DefaultHttpxClient

        if not settings.llm_model:
            raise LLMError("已设置 CJRH_LLM_BASE_URL，但没有设置模型名 CJRH_LLM_MODEL。")
        self.settings = settings
        # The HTTP response each thread has open: a stream given up on is closed through it (closing LlamaIndex's
        # generator leaves the connection open, and the server keeps sending into it).
        self._open = threading.local()
        http_client = DefaultHttpxClient(event_hooks={"response": [self._remember]})
        self.llm = OpenAILike(model=settings.llm_model, api_base=settings.llm_base_url,
                              api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout,
                              max_retries=settings.llm_max_retries, max_tokens=settings.llm_max_tokens,
                              temperature=0.1, is_chat_model=True, context_window=8192, http_client=http_client)
        # The HTTP client and its lazily imported parts are built on first use (over a second on a busy machine):
        # build them now, so that the time limit of a reply measures the model, not this process's start-up.
        try:
            self.llm._get_client().chat.completions  # noqa: B018 (the attribute access is the warm-up)
        except Exception:  # another llama-index version: the first reply just starts slower
            pass

    def _remember(self, response: Any) -> None:
        self._open.response = response

    def _close_open_response(self) -> None:
        response = getattr(self._open, "response", None)
        if response is not None:
            response.close()  # an unread body: the connection is dropped, nothing more is read

    def _messages(self, system: str, user: str, history: Optional[list[Turn]] = None) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        msgs = [ChatMessage(role="system", content=system)]
        msgs += [ChatMessage(role=t.role, content=t.content) for t in history or []]
        msgs.append(ChatMessage(role="user", content=user))
        return msgs

    def stream_answer(self, question: str, hits: list[Hit]) -> Iterator[str]:
        """The answer text as it is generated (chunks), without control characters or escape codes. The whole
        reply is bounded: `llm_timeout` seconds in all (not per read: a model sending a token a second would
        never time out) and `llm_max_reply_chars` characters, past which the stream is not read any further."""
        messages = self._messages(SYSTEM_PROMPT, f"资料：\n{passages_block(hits)}\n\n问题：{question}")
        limit = self.settings.llm_max_reply_chars
        cleaner = StreamCleaner()
        received = 0
        for delta in _bounded_stream(lambda: self.llm.stream_chat(messages), self.settings.llm_timeout,
                                     self._close_open_response):
            received += len(delta)
            if received > limit:
                raise LLMError(f"大模型回答过长（超过 {limit} 字）")
            text = cleaner.feed(delta)
            if text:
                yield text
        cleaner.finish()

    def rewrite(self, question: str, history: list[Turn]) -> str:
        reply = _within(lambda: self.llm.chat(self._messages(REWRITE_PROMPT, question, history[-6:])),
                        self.settings.llm_timeout)
        text = strip_controls(reply.message.content or "").strip().strip("“”\"")
        if not text or len(text) > 200:
            raise LLMError("大模型改写的问题为空或过长")
        if has_markup(text):  # the rewrite is shown (resolved_question): no model markup reaches a page or --json
            raise LLMError("大模型改写的问题含有网页标记或链接")
        return text.splitlines()[0]

    def ping(self) -> str:
        """A one-word round trip, for `cjrh doctor`."""
        reply = _within(lambda: self.llm.chat(self._messages("只回答“好”。", "你好")), self.settings.llm_timeout)
        return strip_controls(reply.message.content or "").strip()


def _timed_out(timeout: float) -> LLMError:
    return LLMError(f"大模型服务响应超时（超过 {timeout:g} 秒）")


def _within(call: Callable[[], T], timeout: float) -> T:
    """`call()` in a worker thread, given `timeout` seconds in all (the client's own timeout is per read)."""
    result: queue.Queue = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            result.put((True, call()))
        except Exception as exc:  # the client library raises many kinds; the user needs one reason
            result.put((False, exc))

    threading.Thread(target=work, daemon=True, name="cjrh-llm-call").start()
    try:
        ok, value = result.get(timeout=timeout)
    except queue.Empty:
        raise _timed_out(timeout) from None
    if not ok:
        raise LLMError(_reason(value)) from value
    return value


def _bounded_stream(open_stream: Callable[[], Iterator[Any]], timeout: float,
                    close: Callable[[], None]) -> Iterator[str]:
    """The text deltas of a streamed chat reply, read by a worker thread so that the consumer waits `timeout`
    seconds in all. When the consumer stops (deadline, length cap, or it just stops iterating) the worker stops
    reading and calls `close` (in the worker thread); it reads at most a few chunks ahead (the queue is small)."""
    chunks: queue.Queue = queue.Queue(maxsize=4)
    stop = threading.Event()

    def offer(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        stream = None
        try:
            stream = open_stream()
            for chunk in stream:
                if not offer(("delta", chunk.delta or "")):
                    break
            else:
                offer(("end", None))
        except Exception as exc:
            offer(("error", exc))
        finally:
            try:
                getattr(stream, "close", lambda: None)()
                close()
            except Exception:  # closing a broken stream can fail too; there is nothing left to read from it
                pass

    threading.Thread(target=work, daemon=True, name="cjrh-llm-stream").start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                kind, item = chunks.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise _timed_out(timeout) from None
            if kind == "end":
                return
            if kind == "error":
                raise LLMError(_reason(item)) from item
            if item:
                yield item
    finally:
        stop.set()


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc)
    if "Timeout" in name or "timed out" in text:
        return "大模型服务响应超时"
    if "Connection" in name or "connect" in text.lower():
        return "无法连接大模型服务"
    status = getattr(exc, "status_code", None)
    if status:
        return f"大模型服务返回错误（HTTP {status}）"
    return f"大模型服务的回复无法使用（{name}）"
